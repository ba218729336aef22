/*
 * modchart — a modus-operandi signal's chart (charts.h: chart_modus()):
 * the phenomenon's facts with the code, month by month, and their share
 * of its facts with any code, dashed, on the right axis,
 * over the last CHART_MODUS_MONTHS months, the signal's three shaded; the
 * months as aggregate counted them (modus_month).
 *
 * Disclosure: the signal's sentence gives the sums of its 3 and 24
 * months, so a month masked would be recomputed from them.  A chart with
 * any small figure (1 to min_cell - 1) is withheld whole: facts with the
 * code; the phenomenon's others with a code, or at all, in a month with
 * some with it (its share is drawn only then); and, in a zone,
 * the rest of the region (the region's facts with the code less this
 * zone's, and less every zone's that has a signal of the code).
 */
#include "charts.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../aggregate/aggregate.h"
#include "../core/db.h"
#include "../core/month.h"
#include "../core/msg.h"
#include "../core/refdata.h"

/* One month of the chart. */
typedef struct mo_month {
	double n, coded, facts;         /* at the chart's level */
	double region, zones;           /* a zone's chart: the region's n, and
	                                   every signalled zone's together */
} mo_month;

/* "phenomenon\x1fcode" (changes.c) into its two parts. */
static int
split_set(const char *set, char *phen, size_t n, const char **code)
{
	const char *sep = strchr(set, CHART_MODUS_SEP);

	if (!sep || (size_t)(sep - set) >= n)
		return -1;
	memcpy(phen, set, (size_t)(sep - set));
	phen[sep - set] = '\0';
	*code = sep + 1;
	return 0;
}

/* Column col of the rows of sql (?1 phenomenon, ?2 code, ?3 zone, ?4 and
 * ?5 the months) into the months of r, at the offset off in mo_month. */
static int
read_months(sqlite3 *db, const char *sql, const char *phen, const char *code,
    int zone, const chart_range *r, mo_month *m, size_t off, int cols,
    sv_err *e)
{
	sqlite3_stmt *st;
	int rc, step;

	if ((rc = db_prepare(db, &st, sql, e)))
		return rc;
	sqlite3_bind_text(st, 1, phen, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, zone);
	sqlite3_bind_int(st, 4, r->from);
	sqlite3_bind_int(st, 5, r->to);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int i = chart_index_of(r, sqlite3_column_int(st, 0));
		for (int c = 0; i >= 0 && c < cols; c++)
			((double *)((char *)&m[i] + off))[c] =
			    sqlite3_column_double(st, 1 + c);
	}
	return db_finish(db, st, step, e);
}

static int
load(sqlite3 *db, const char *phen, const char *code, int zone,
    const chart_range *r, mo_month *m, int *found, sv_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_prepare(db, &st, "SELECT count(*) FROM modus_month WHERE "
	    "phenomenon = ?1 AND modus_operandi = ?2 AND zone = ?3", e)))
		return rc;
	sqlite3_bind_text(st, 1, phen, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, zone);
	rc = db_lookup(db, st, found, e);
	*found = *found && sqlite3_column_int(st, 0) > 0;
	sqlite3_finalize(st);
	if (rc || !*found)
		return rc;
	if ((rc = read_months(db, "SELECT month, n, coded, facts FROM modus_month "
	    "WHERE phenomenon = ?1 AND modus_operandi = ?2 AND zone = ?3 AND "
	    "month BETWEEN ?4 AND ?5", phen, code, zone, r, m, 0, 3, e)) || !zone)
		return rc;
	return read_months(db, "SELECT month, sum(n) FILTER (WHERE zone = 0), "
	    "sum(n) FILTER (WHERE zone <> 0 AND (phenomenon, zone, "
	    "modus_operandi) IN (SELECT phenomenon, coalesce(zone, 0), "
	    "modus_operandi FROM modus_signal)) FROM modus_month WHERE "
	    "phenomenon = ?1 AND modus_operandi = ?2 AND ?3 <> 0 AND month "
	    "BETWEEN ?4 AND ?5 GROUP BY month", phen, code, zone, r, m,
	    offsetof(mo_month, region), 2, e);
}

/* The code's name in the language (the reference's), or the code. */
static int
modus_label(sqlite3 *db, const char *code, const char *lang, char *buf,
    size_t n, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, found;

	if ((rc = db_prepare(db, &st, strcmp(lang, "nl") ? "SELECT label_fr FROM "
	    "modus_operandi WHERE code = ?1" : "SELECT label_nl FROM "
	    "modus_operandi WHERE code = ?1", e)))
		return rc;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	if (!(rc = db_lookup(db, st, &found, e)))
		snprintf(buf, n, "%s", found ? (const char *)
		    sqlite3_column_text(st, 0) : code);
	sqlite3_finalize(st);
	return rc;
}

/* Whether some figure of the months could give a small count away. */
static int
leaks(const mo_month *m, int n, int zone, int min_cell)
{
	for (int i = 0; i < n; i++) {
		const mo_month *x = &m[i];
		/* no facts with the code: no share drawn, nothing told of the
		 * others */
		if (x->n > 0 && (chart_small(x->n, x->coded, min_cell) ||
		    chart_small(x->n, x->facts, min_cell)))
			return 1;
		if (zone && (chart_small(x->region - x->n, x->region, min_cell) ||
		    chart_small(x->region - x->zones, x->region, min_cell)))
			return 1;
	}
	return 0;
}

/* The datablock: month, provisional shade, the signal's shade, facts
 * with the code, their share; and the chart's data. */
static double
block(plot_script *p, const chart_opts *o, const mo_month *m,
    const char *gap, const chart_range *r, int zone, const char *code)
{
	double ymax = 1;

	for (int i = 0; i < r->n; i++)
		if (!gap[i] && m[i].n > ymax)
			ymax = m[i].n;
	ymax *= 1.15;
	fputs("$D << EOD\n", p->fp);
	for (int i = 0; i < r->n; i++) {
		int month = chart_month_at(r, i);
		double share = !gap[i] && m[i].n > 0 ? 100 * m[i].n / m[i].coded :
		    NAN;
		enum chart_status s = gap[i] ? CHART_NOT_DELIVERED :
		    i >= r->provisional ? CHART_PROVISIONAL : CHART_SHOWN;
		chart_month(p->fp, month);
		chart_num(p->fp, i >= r->provisional ? ymax : NAN);
		chart_num(p->fp, i >= r->n - MODUS_RECENT ? ymax : NAN);
		chart_num(p->fp, gap[i] ? NAN : m[i].n);
		chart_num(p->fp, share);
		putc('\n', p->fp);
		chart_data(o, month, zone, "modus", code, gap[i] ? NAN : m[i].n, s);
		chart_data(o, month, zone, "modus_share", code, share, s);
	}
	fputs("EOD\n", p->fp);
	return ymax;
}

static int
draw(sqlite3 *db, const char *phen, const char *code, int zone,
    const chart_opts *o, const chart_range *r, const mo_month *m,
    const char *path, chart_text *t, sv_err *e)
{
	char name[300], place[200], label[300], full[900], *gap;
	plot_script p;
	double ymax;
	int rc;

	if (!(gap = malloc((size_t)r->n)))
		return sv_errf(e, SV_NOMEM, "out of memory");
	if ((rc = chart_gaps(db, r, zone, gap, e)) ||
	    (rc = chart_set_title(db, phen, o->lang, name, sizeof name, e)) ||
	    (rc = chart_place(db, zone, o->lang, place, sizeof place, e)) ||
	    (rc = modus_label(db, code, o->lang, label, sizeof label, e)) ||
	    (rc = plot_begin(&p, o->session, path, o->fmt, 900, 420, e))) {
		free(gap);
		return rc;
	}
	snprintf(full, sizeof full, "%s — %s — %s", label, name, place);
	chart_text_set(t, o->lang, full, "desc_modus", r, "");
	ymax = block(&p, o, m, gap, r, zone, code);
	free(gap);
	chart_time_axis(&p, r, o->lang);
	chart_count_axis(&p, "y", ymax, o->lang);
	fprintf(p.fp, "set yrange [0:%g]\nset y2range [0:*]\nset y2tics\n"
	    "set format y2 '%%g %%%%'\nset ylabel ", ymax);
	plot_string(&p, msg(o->lang, "ylabel_facts"));
	fputs("\nset title ", p.fp);
	plot_string(&p, full);
	fputs("\nplot ", p.fp);
	chart_shade_then(&p, r, "$D", o->lang);
	fputs("$D using 1:3:(2629800) with boxes fs transparent solid 0.5 noborder fc rgb "
	    "'#fde3c8'", p.fp);
	chart_legend(&p, o->lang, "legend_modus_recent");
	fputs(", $D using 1:4 with linespoints pt 7 ps 0.6 lw 2 lc rgb '#2f5f98'",
	    p.fp);
	chart_legend(&p, o->lang, "legend_modus_facts");
	fputs(", $D using 1:5 axes x1y2 with lines dt 2 lw 1.6 lc rgb '#228833'",
	    p.fp);
	chart_legend(&p, o->lang, "legend_modus_share");
	putc('\n', p.fp);
	return plot_render(&p, e);
}

int
chart_modus(sqlite3 *db, const char *set, int zone, const chart_opts *o,
    const chart_range *all, const char *path, chart_text *t, sv_err *e)
{
	char phen[REF_CODE_MAX + 1];
	const char *code;
	chart_range r = *all;
	mo_month *m;
	int rc, found;

	if (split_set(set, phen, sizeof phen, &code))
		return sv_errf(e, CHART_NODATA, "chart: '%s' names no modus "
		    "operandi signal", set);
	if (r.n > CHART_MODUS_MONTHS) {
		r.from = month_to_yyyymm(month_from_yyyymm(r.to) -
		    CHART_MODUS_MONTHS + 1);
		r.n = CHART_MODUS_MONTHS;
	}
	if ((rc = chart_provisional(db, phen, &r, e)))
		return rc;
	if (!(m = calloc((size_t)r.n, sizeof *m)))
		return sv_errf(e, SV_NOMEM, "out of memory");
	rc = load(db, phen, code, zone, &r, m, &found, e);
	if (!rc && !found)
		rc = sv_errf(e, CHART_NODATA, "chart: no months of %s's modus "
		    "operandi %s (run suivi aggregate again)", phen, code);
	if (!rc && leaks(m, r.n, zone, o->min_cell))
		rc = CHART_WITHHELD;
	if (!rc)
		rc = draw(db, phen, code, zone, o, &r, m, path, t, e);
	free(m);
	return rc;
}
