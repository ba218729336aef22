/*
 * chartlib — what the charts share (charts.h): the set of phenomena and
 * the months drawn, the completeness of recent months from the reporting
 * triangle, months not delivered, names and texts, and the common look
 * of a time axis, a legend entry and the provisional shading.
 */
#include "charts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/db.h"
#include "../core/month.h"
#include "msg.h"
#include "numfmt.h"

int
chart_month_at(const chart_range *r, int i)
{
	return month_to_yyyymm(month_from_yyyymm(r->from) + i);
}

int
chart_index_of(const chart_range *r, int yyyymm)
{
	int i = month_from_yyyymm(yyyymm) - month_from_yyyymm(r->from);

	return i >= 0 && i < r->n ? i : -1;
}

int
chart_set_fill(sqlite3 *db, const char *set, sv_err *e)
{
	sqlite3_stmt *st;
	long long n;
	int rc;
	const char *sql = !strncmp(set, "measure:", 8) ?
	    "INSERT OR IGNORE INTO chart_set SELECT phenomenon FROM "
	    "phenomenon_measure WHERE measure = substr(?1, 9)" :
	    "INSERT OR IGNORE INTO chart_set SELECT code FROM phenomenon WHERE "
	    "code = ?1";

	if ((rc = db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS chart_set("
	    "phenomenon TEXT PRIMARY KEY); DELETE FROM chart_set", e)))
		return rc;
	if (!strncmp(set, "indicator:", 10))
		sql = "INSERT OR IGNORE INTO chart_set SELECT p.code FROM "
		    "indicator_def d, phenomenon p WHERE d.indicator = substr(?1, 11) "
		    "AND (' ' || d.phenomena || ' ' LIKE '% ' || p.code || ' %' OR "
		    "' ' || d.phenomena || ' ' LIKE '% all %' OR (' ' || d.phenomena "
		    "|| ' ' LIKE '% pow %' AND p.police_on_web) OR (' ' || d.phenomena "
		    "|| ' ' LIKE '% measure %' AND p.code IN (SELECT phenomenon FROM "
		    "phenomenon_measure WHERE measure = d.measure)))";
	if ((rc = db_prepare(db, &st, sql, e)))
		return rc;
	sqlite3_bind_text(st, 1, set, -1, SQLITE_STATIC);
	rc = db_step_done(st, e);
	sqlite3_finalize(st);
	if (!rc && !(rc = db_integer(db, "SELECT count(*) FROM chart_set", &n,
	    e)) && n == 0)
		rc = sv_errf(e, CHART_NODATA, "chart: '%s' names no phenomenon", set);
	return rc;
}

int
chart_totals(sqlite3 *db, sv_err *e)
{
	long long ok;
	int rc;

	if ((rc = db_integer(db, "SELECT EXISTS (SELECT 1 FROM month_total) OR "
	    "NOT EXISTS (SELECT 1 FROM cube)", &ok, e)))
		return rc;
	return ok ? SV_OK : sv_errf(e, SV_DATAERR, "this database was "
	    "aggregated by an earlier suivi, without the monthly totals the "
	    "charts read: run 'suivi aggregate' again");
}

/* The share of a month's facts registered within 0, 1, ... months, for
 * the phenomena of chart_set, estimated on the months of facts two to
 * four years before `through` (their registrations are all in).  f[a]
 * for a < CHART_DELAYS; 1 everywhere without data. */
#define CHART_DELAYS 25
static int
completeness(sqlite3 *db, int through, double f[CHART_DELAYS], sv_err *e)
{
	sqlite3_stmt *st;
	double n[CHART_DELAYS] = { 0 }, total = 0, sum = 0;
	int t = month_from_yyyymm(through), rc;

	if ((rc = db_prepare(db, &st, "SELECT delay, sum(count) FROM delay WHERE "
	    "phenomenon IN (SELECT phenomenon FROM chart_set) AND month BETWEEN "
	    "?1 AND ?2 GROUP BY delay", e)))
		return rc;
	sqlite3_bind_int(st, 1, month_to_yyyymm(t - 47));
	sqlite3_bind_int(st, 2, month_to_yyyymm(t - 24));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int d = sqlite3_column_int(st, 0);
		if (d >= 0 && d < CHART_DELAYS) {
			n[d] = sqlite3_column_double(st, 1);
			total += n[d];
		}
	}
	if (rc != SQLITE_DONE)
		rc = db_fail(db, rc, e);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rc;
	for (int d = 0; d < CHART_DELAYS; d++) {
		sum += n[d];
		f[d] = total > 0 ? sum / total : 1;
	}
	return SV_OK;
}

int
chart_delays(sqlite3 *db, const chart_range *r, const nowcast_delays **out,
    nowcast_delays *fit, int *age_last, sv_err *e)
{
	double rows[NOWCAST_WINDOW][NOWCAST_DELAYS] = { { 0 } };
	long long adjusted, as_of;
	sqlite3_stmt *st;
	int rc, step, w0;

	*out = NULL;
	if ((rc = db_integer(db, "SELECT EXISTS (SELECT 1 FROM alarm WHERE "
	    "completeness IS NOT NULL)", &adjusted, e)) ||
	    (rc = db_integer(db, "SELECT coalesce((SELECT as_of FROM "
	    "aggregate_run ORDER BY id DESC LIMIT 1), 0)", &as_of, e)))
		return rc;
	if (as_of <= 0)
		as_of = r->through;
	*age_last = month_from_yyyymm((int)as_of) - month_from_yyyymm(r->to);
	if (!adjusted)
		return SV_OK;
	w0 = month_from_yyyymm((int)as_of) - NOWCAST_DELAYS - NOWCAST_WINDOW + 1;
	if ((rc = db_prepare(db, &st, "SELECT month, delay, sum(count) FROM "
	    "delay WHERE phenomenon IN (SELECT phenomenon FROM chart_set) AND "
	    "month BETWEEN ?1 AND ?2 GROUP BY 1, 2", e)))
		return rc;
	sqlite3_bind_int(st, 1, month_to_yyyymm(w0));
	sqlite3_bind_int(st, 2, month_to_yyyymm(w0 + NOWCAST_WINDOW - 1));
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int i = month_from_yyyymm(sqlite3_column_int(st, 0)) - w0;
		int d = sqlite3_column_int(st, 1);
		if (i >= 0 && i < NOWCAST_WINDOW && d >= 0 && d < NOWCAST_DELAYS)
			rows[i][d] = sqlite3_column_double(st, 2);
	}
	if ((rc = db_finish(db, st, step, e)))
		return rc;
	if (nowcast_fit((const double (*)[NOWCAST_DELAYS])rows, NOWCAST_WINDOW,
	    fit) == 0)
		*out = fit;
	return SV_OK;
}

int
chart_months(sqlite3 *db, const chart_opts *o, chart_range *r, sv_err *e)
{
	long long lo, hi;
	int rc;

	if ((rc = db_integer(db, "SELECT min(month) FROM coverage", &lo, e)) ||
	    (rc = db_integer(db, "SELECT max(month) FROM coverage", &hi, e)))
		return rc;
	if (lo <= 0)
		return sv_errf(e, CHART_NODATA, "chart: nothing aggregated yet: run "
		    "'suivi aggregate' first");
	r->from = o->from && o->from > lo ? o->from : (int)lo;
	r->to = o->to && o->to < hi ? o->to : (int)hi;
	r->through = (int)hi;
	if (r->from > r->to)
		return sv_errf(e, CHART_NODATA, "chart: no month between %d and %d",
		    r->from, r->to);
	r->n = month_from_yyyymm(r->to) - month_from_yyyymm(r->from) + 1;
	r->provisional = r->n;
	return SV_OK;
}

int
chart_window_complete(sqlite3 *db, const char *set, int through, int months,
    double *share, sv_err *e)
{
	double f[CHART_DELAYS], sum = 0;
	int rc;

	if ((rc = chart_set_fill(db, set, e)) || (rc = completeness(db, through, f,
	    e)))
		return rc;
	for (int a = 0; a < months; a++)
		sum += f[a < CHART_DELAYS ? a : CHART_DELAYS - 1];
	*share = months > 0 ? sum / months : 1;
	return SV_OK;
}

int
chart_provisional(sqlite3 *db, chart_range *r, sv_err *e)
{
	double f[CHART_DELAYS];
	int rc;

	if ((rc = completeness(db, r->through, f, e)))
		return rc;
	r->provisional = r->n;
	for (int i = r->n - 1; i >= 0; i--) {
		int age = month_from_yyyymm(r->through) -
		    month_from_yyyymm(chart_month_at(r, i));
		if (age >= CHART_DELAYS || f[age] >= CHART_COMPLETE)
			break;
		r->provisional = i;
	}
	return SV_OK;
}

int
chart_gaps(sqlite3 *db, const chart_range *r, int zone, char *gap, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, step = SQLITE_DONE;

	memset(gap, 0, (size_t)r->n);
	if ((rc = db_prepare(db, &st, "SELECT month FROM coverage WHERE NOT "
	    "delivered AND (?1 = 0 OR zone = ?1)", e)))
		return rc;
	sqlite3_bind_int(st, 1, zone);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int i = chart_index_of(r, sqlite3_column_int(st, 0));
		if (i >= 0)
			gap[i] = 1;
	}
	return db_finish(db, st, step, e);
}

void
chart_num(FILE *fp, double v)
{
	if (isnan(v) || isinf(v))
		fputs(" NaN", fp);
	else
		fprintf(fp, " %.6g", v);
}

void
chart_month(FILE *fp, int yyyymm)
{
	fprintf(fp, "%04d-%02d", yyyymm / 100, yyyymm % 100);
}

void
chart_legend(plot_script *p, const char *lang, const char *key)
{
	fputs(" title ", p->fp);
	plot_string(p, msg(lang, key));
}

void
chart_shade(plot_script *p, const char *block, const char *lang,
    int titled)
{
	/* a month wide box on every provisional month */
	fprintf(p->fp, "%s using 1:2:(2629800) with boxes fs solid 1.0 noborder "
	    "fc rgb '#e4e4e4'", block);
	chart_legend(p, lang, titled ? "legend_provisional" : "legend_none");
}

void
chart_time_axis(plot_script *p, const chart_range *r, const char *lang)
{
	int from = month_from_yyyymm(r->from), to = month_from_yyyymm(r->to);
	char a[16], b[16];

	(void)lang;
	fputs("set xdata time\nset timefmt '%Y-%m'\nset format x '%Y'\n"
	    "set xtics 31557600 out nomirror\nset mxtics 12\n", p->fp);
	if (from == to)         /* the first month of use: a range around it */
		from--, to++;
	month_format(from, a, sizeof a);
	month_format(to, b, sizeof b);
	fprintf(p->fp, "set xrange ['%s':'%s']\n", a, b);
}

/* A zone's name in the language, or the region. */
int
chart_place(sqlite3 *db, int zone, const char *lang, char *buf, size_t n,
    sv_err *e)
{
	sqlite3_stmt *st;
	int rc, found;

	snprintf(buf, n, "%s", zone ? "" : msg(lang, "region_plain"));
	if (!zone)
		return SV_OK;
	snprintf(buf, n, "%d", zone);   /* a zone the reference lacks */
	if ((rc = db_prepare(db, &st, strcmp(lang, "nl") ? "SELECT name_fr FROM "
	    "zone WHERE zone = ?1" : "SELECT name_nl FROM zone WHERE zone = ?1",
	    e)))
		return rc;
	sqlite3_bind_int(st, 1, zone);
	if (!(rc = db_lookup(db, st, &found, e)) && found)
		snprintf(buf, n, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc;
}

void
chart_text_set(chart_text *t, const char *lang, const char *title,
    const char *desc_key, const chart_range *r, const char *extra)
{
	char a[64], b[64];

	snprintf(t->title, sizeof t->title, "%s", title);
	snprintf(t->desc, sizeof t->desc, msg(lang, desc_key),
	    numfmt_month(lang, r->from, a, sizeof a),
	    numfmt_month(lang, r->to, b, sizeof b), extra);
}

/* The zones of the reference, in order. */
int
chart_zone_list(sqlite3 *db, int **zones, int *n, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, cap = 0, step = SQLITE_DONE;

	*zones = NULL;
	*n = 0;
	if ((rc = db_prepare(db, &st, "SELECT zone FROM zone ORDER BY zone", e)))
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			int *z = realloc(*zones, (size_t)(cap = cap ? 2 * cap : 8) *
			    sizeof *z);
			if (!z) {
				sqlite3_finalize(st);
				return sv_errf(e, SV_SOFTWARE, "out of memory");
			}
			*zones = z;
		}
		(*zones)[(*n)++] = sqlite3_column_int(st, 0);
	}
	return db_finish(db, st, step, e);
}
