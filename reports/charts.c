#include "charts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/stats.h"
#include "../core/db.h"
#include "../core/month.h"
#include "i18n.h"
#include "reports.h"

#define MAXM 400

/* A monthly series: months as yyyymm, counts (NaN: not delivered). */
typedef struct series {
	int n, month[MAXM];
	double y[MAXM], expected[MAXM], upper[MAXM], alarm[MAXM];
} series;

/* The month after yyyymm, as yyyymm. */
static int
next_month(int ym)
{
	return month_to_yyyymm(month_from_yyyymm(ym) + 1);
}

/* The phenomena of set, as SQL over ?1: a code or "measure:Mx.y". */
static const char *
set_sql(const char *set)
{
	return strncmp(set, "measure:", 8) == 0 ?
	    "phenomenon IN (SELECT phenomenon FROM phenomenon_measure WHERE "
	    "measure = substr(?1, 9))" : "phenomenon = ?1";
}

/* The range of months to draw: o's, within the coverage table's. */
static int
month_range(sqlite3 *db, const chart_opts *o, int *from, int *to)
{
	long long lo = db_scalar(db, "SELECT min(month) FROM coverage");
	long long hi = db_scalar(db, "SELECT max(month) FROM coverage");

	if (lo <= 0)
		return -1;
	*from = o->from && o->from > lo ? o->from : (int)lo;
	*to = o->to && o->to < hi ? o->to : (int)hi;
	return *from <= *to ? 0 : -1;
}

/* Monthly totals by zone and phenomenon, in a temporary table made once
 * per connection: every series chart reads it instead of the cube. */
static int
totals(sqlite3 *db, sv_err *e)
{
	return db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS month_totals AS "
	    "SELECT month, zone, phenomenon, sum(count) AS n FROM cube WHERE "
	    "basis = 'fact' GROUP BY 1, 2, 3", e);
}

int
chart_small_counts(sqlite3 *db, const char *set, int zone, int below,
    sv_err *e)
{
	char sql[1024];
	sqlite3_stmt *st;
	int n = 0;

	if (totals(db, e))
		return -1;
	snprintf(sql, sizeof sql, "SELECT count(*) FROM (SELECT month, zone, "
	    "sum(n) AS n FROM month_totals WHERE %s AND (?2 = 0 OR zone = ?2) "
	    "GROUP BY month%s) WHERE n BETWEEN 1 AND ?3 - 1", set_sql(set),
	    zone < 0 ? ", zone" : "");
	if (db_prepare(db, &st, sql, e))
		return -1;
	sqlite3_bind_text(st, 1, set, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, zone < 0 ? 0 : zone);
	sqlite3_bind_int(st, 3, below);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

static int
load_series(sqlite3 *db, const char *set, int zone, int from, int to,
    series *s, sv_err *e)
{
	char sql[1024];
	sqlite3_stmt *st;
	int rc;

	s->n = 0;
	for (int m = from; m <= to && s->n < MAXM; m = next_month(m)) {
		s->month[s->n] = m;
		s->y[s->n] = 0;
		s->expected[s->n] = s->upper[s->n] = s->alarm[s->n] = NAN;
		s->n++;
	}
	snprintf(sql, sizeof sql, "SELECT month, sum(n) FROM month_totals WHERE "
	    "%s AND (?2 = 0 OR zone = ?2) AND month BETWEEN ?3 AND ?4 GROUP BY "
	    "month", set_sql(set));
	if ((rc = totals(db, e)) || (rc = db_prepare(db, &st, sql, e)))
		return rc;
	sqlite3_bind_text(st, 1, set, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, zone);
	sqlite3_bind_int(st, 3, from);
	sqlite3_bind_int(st, 4, to);
	while (sqlite3_step(st) == SQLITE_ROW)
		for (int i = 0; i < s->n; i++)
			if (s->month[i] == sqlite3_column_int(st, 0))
				s->y[i] = sqlite3_column_double(st, 1);
	sqlite3_finalize(st);
	/* Months not delivered (by the zone, or by any zone for the region). */
	if ((rc = db_prepare(db, &st, "SELECT month FROM coverage WHERE NOT "
	    "delivered AND (?1 = 0 OR zone = ?1)", e)))
		return rc;
	sqlite3_bind_int(st, 1, zone);
	while (sqlite3_step(st) == SQLITE_ROW)
		for (int i = 0; i < s->n; i++)
			if (s->month[i] == sqlite3_column_int(st, 0))
				s->y[i] = NAN;
	sqlite3_finalize(st);
	if ((rc = db_prepare(db, &st, "SELECT month, expected, upper, alarm FROM "
	    "alarm WHERE phenomenon = ?1 AND coalesce(zone, 0) = ?2 AND method "
	    "LIKE 'farrington%'", e)))
		return rc;
	sqlite3_bind_text(st, 1, set, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, zone);
	while (sqlite3_step(st) == SQLITE_ROW)
		for (int i = 0; i < s->n; i++)
			if (s->month[i] == sqlite3_column_int(st, 0)) {
				if (sqlite3_column_type(st, 1) != SQLITE_NULL)
					s->expected[i] = sqlite3_column_double(st, 1);
				if (sqlite3_column_type(st, 2) != SQLITE_NULL)
					s->upper[i] = sqlite3_column_double(st, 2);
				if (sqlite3_column_int(st, 3))
					s->alarm[i] = s->y[i];
			}
	sqlite3_finalize(st);
	return SV_OK;
}

/* exp(a + b t) fitted by Poisson regression over the delivered months. */
static void
trend_line(const series *s, double *line)
{
	double X[2 * MAXM], y[MAXM];
	int n = 0;
	glm_fit g;

	for (int i = 0; i < s->n; i++) {
		line[i] = NAN;
		if (isnan(s->y[i]))
			continue;
		X[2 * n] = 1;
		X[2 * n + 1] = i;
		y[n++] = s->y[i];
	}
	if (n < 12 || stats_glm_poisson(X, y, n, 2, &g) || !g.converged)
		return;
	for (int i = 0; i < s->n; i++)
		line[i] = exp(g.coef[0] + g.coef[1] * i);
}

static void
moving_average(const series *s, double *ma)
{
	for (int i = 0; i < s->n; i++) {
		double sum = 0;
		int ok = i >= 11;
		for (int k = i - 11; ok && k <= i; k++)
			ok = !isnan(s->y[k]), sum += ok ? s->y[k] : 0;
		ma[i] = ok ? sum / 12 : NAN;
	}
}

static void
num(FILE *fp, double v)
{
	if (isnan(v))
		fputs(" NaN", fp);
	else
		fprintf(fp, " %.6g", v);
}

static void
time_axis(plot_script *p)
{
	fputs("set xdata time\nset timefmt '%Y-%m'\nset format x '%Y'\n"
	    "set xtics 31557600 out\nset mxtics 12\nset yrange [0:*]\n", p->fp);
}

/* The title: the set's label in the language, and the place. */
static void
title(sqlite3 *db, plot_script *p, const char *set, int zone, const char *lang)
{
	sqlite3_stmt *st;
	char text[512];
	const char *label = set;

	if (sqlite3_prepare_v2(db, !strcmp(lang, "nl") ? "SELECT label_nl FROM "
	    "phenomenon WHERE code = ?1" : "SELECT label_fr FROM phenomenon WHERE "
	    "code = ?1", -1, &st, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_text(st, 1, set, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		label = (const char *)sqlite3_column_text(st, 0);
	if (!strncmp(set, "measure:", 8))
		snprintf(text, sizeof text, "%s %s", i18n(lang, "measure"), set + 8);
	else
		snprintf(text, sizeof text, "%s", label);
	if (zone)
		snprintf(text + strlen(text), sizeof text - strlen(text), " — %s %d",
		    i18n(lang, "zone"), zone);
	else
		snprintf(text + strlen(text), sizeof text - strlen(text), " — %s",
		    i18n(lang, "region"));
	fputs("set title ", p->fp);
	plot_string(p, text);
	putc('\n', p->fp);
	sqlite3_finalize(st);
}

static void
legend_entry(plot_script *p, const char *lang, const char *key)
{
	fputs(" title ", p->fp);
	plot_string(p, i18n(lang, key));
}

int
chart_series(sqlite3 *db, const char *set, int zone, const chart_opts *o,
    const char *path, sv_err *e)
{
	static series s;
	double ma[MAXM], tl[MAXM];
	plot_script p;
	int from, to, rc;

	if (month_range(db, o, &from, &to))
		return sv_errf(e, SV_DATAERR, "chart: no data: run suivi aggregate "
		    "first");
	if ((rc = load_series(db, set, zone, from, to, &s, e)))
		return rc;
	moving_average(&s, ma);
	trend_line(&s, tl);
	if (plot_begin(&p, path, o->fmt, 900, 420))
		return sv_errf(e, SV_SOFTWARE, "out of memory");
	fputs("$D << EOD\n", p.fp);
	for (int i = 0; i < s.n; i++) {
		fprintf(p.fp, "%04d-%02d", s.month[i] / 100, s.month[i] % 100);
		num(p.fp, s.y[i]);
		num(p.fp, ma[i]);
		num(p.fp, tl[i]);
		num(p.fp, s.expected[i]);
		num(p.fp, s.upper[i]);
		num(p.fp, s.alarm[i]);
		putc('\n', p.fp);
	}
	fputs("EOD\n", p.fp);
	time_axis(&p);
	fprintf(p.fp, "set xrange ['%04d-%02d':'%04d-%02d']\n", from / 100,
	    from % 100, to / 100, to % 100);
	title(db, &p, set, zone, o->lang);
	fputs("plot $D using 1:5:6 with filledcurves fc rgb '#fde3c8' fs solid 0.8",
	    p.fp);
	legend_entry(&p, o->lang, "band");
	fputs(", $D using 1:2 with lines lw 1.2 lc rgb '#4477aa'", p.fp);
	legend_entry(&p, o->lang, "monthly");
	fputs(", $D using 1:3 with lines lw 2.5 lc rgb '#ee7733'", p.fp);
	legend_entry(&p, o->lang, "average");
	fputs(", $D using 1:4 with lines dt 2 lw 1.5 lc rgb '#228833'", p.fp);
	legend_entry(&p, o->lang, "trend");
	fputs(", $D using 1:7 with points pt 7 ps 1.3 lc rgb '#cc3311'", p.fp);
	legend_entry(&p, o->lang, "alarm");
	putc('\n', p.fp);
	return plot_render(&p, e);
}

int
chart_zones(sqlite3 *db, const char *set, const chart_opts *o,
    const char *path, sv_err *e)
{
	static series s;
	double ma[MAXM];
	plot_script p;
	int from, to, rc;

	if (month_range(db, o, &from, &to))
		return sv_errf(e, SV_DATAERR, "chart: no data: run suivi aggregate "
		    "first");
	if (plot_begin(&p, path, o->fmt, 900, 560))
		return sv_errf(e, SV_SOFTWARE, "out of memory");
	for (int z = 0; z < 6; z++) {
		if ((rc = load_series(db, set, 5339 + z, from, to, &s, e))) {
			fclose(p.fp);
			free(p.buf);
			return rc;
		}
		moving_average(&s, ma);
		fprintf(p.fp, "$Z%d << EOD\n", z);
		for (int i = 0; i < s.n; i++) {
			fprintf(p.fp, "%04d-%02d", s.month[i] / 100, s.month[i] % 100);
			num(p.fp, s.y[i]);
			num(p.fp, ma[i]);
			putc('\n', p.fp);
		}
		fputs("EOD\n", p.fp);
	}
	time_axis(&p);
	fputs("set xtics 63115200\nunset key\nset multiplot layout 2,3 title ", p.fp);
	plot_string(&p, !strncmp(set, "measure:", 8) ? set + 8 : set);
	putc('\n', p.fp);
	for (int z = 0; z < 6; z++) {
		char t[64];
		snprintf(t, sizeof t, "%s %d", i18n(o->lang, "zone"), 5339 + z);
		fputs("set title ", p.fp);
		plot_string(&p, t);
		fprintf(p.fp, "\nplot $Z%d using 1:2 with lines lc rgb '#4477aa', "
		    "$Z%d using 1:3 with lines lw 2 lc rgb '#ee7733'\n", z, z);
	}
	fputs("unset multiplot\n", p.fp);
	return plot_render(&p, e);
}

/* Counts of the M1.10 partner-violence phenomena by month and sex. */
static int
load_sex(sqlite3 *db, const char *column, int from, int to, series s[4],
    sv_err *e)
{
	char sql[512];
	sqlite3_stmt *st;
	int rc;

	for (int k = 0; k < 4; k++) {
		s[k].n = 0;
		for (int m = from; m <= to && s[k].n < MAXM; m = next_month(m)) {
			s[k].month[s[k].n] = m;
			s[k].y[s[k].n++] = 0;
		}
	}
	snprintf(sql, sizeof sql, "SELECT month, coalesce(%s, 0), sum(count) FROM "
	    "cube WHERE basis = 'fact' AND phenomenon LIKE 'ipv\\_%%' ESCAPE '\\' "
	    "AND month BETWEEN ?1 AND ?2 GROUP BY 1, 2", column);
	if ((rc = db_prepare(db, &st, sql, e)))
		return rc;
	sqlite3_bind_int(st, 1, from);
	sqlite3_bind_int(st, 2, to);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int k = sqlite3_column_int(st, 1) & 3;
		for (int i = 0; i < s[k].n; i++)
			if (s[k].month[i] == sqlite3_column_int(st, 0))
				s[k].y[i] = sqlite3_column_double(st, 2);
	}
	sqlite3_finalize(st);
	return SV_OK;
}

int
chart_sex(sqlite3 *db, const chart_opts *o, const char *path, sv_err *e)
{
	static series v[4], a[4];
	static const char *const keys[4] = { "unknown", "women", "men", "x" };
	static const char *const colors[4] = { "#bbbbbb", "#aa3377", "#4477aa",
	    "#228833" };
	plot_script p;
	int from, to, rc;

	if (month_range(db, o, &from, &to))
		return sv_errf(e, SV_DATAERR, "chart: no data: run suivi aggregate "
		    "first");
	if ((rc = load_sex(db, "victim_sex", from, to, v, e)) ||
	    (rc = load_sex(db, "author_sex", from, to, a, e)))
		return rc;
	if (plot_begin(&p, path, o->fmt, 900, 640))
		return sv_errf(e, SV_SOFTWARE, "out of memory");
	for (int w = 0; w < 2; w++) {
		series *s = w ? a : v;
		fprintf(p.fp, "$S%d << EOD\n", w);
		for (int i = 0; i < s[0].n; i++) {
			fprintf(p.fp, "%04d-%02d", s[0].month[i] / 100, s[0].month[i] % 100);
			for (int k = 0; k < 4; k++)
				num(p.fp, s[k].y[i]);
			putc('\n', p.fp);
		}
		fputs("EOD\n", p.fp);
	}
	time_axis(&p);
	fputs("set multiplot layout 2,1\n", p.fp);
	for (int w = 0; w < 2; w++) {
		fputs("set title ", p.fp);
		plot_string(&p, i18n(o->lang, w ? "by_author_sex" : "by_victim_sex"));
		fputs("\nplot ", p.fp);
		for (int k = 1; k <= 4; k++) {
			int c = k % 4;
			fprintf(p.fp, "%s$S%d using 1:%d with lines lw 1.5 lc rgb '%s'",
			    k > 1 ? ", " : "", w, c + 2, colors[c]);
			legend_entry(&p, o->lang, keys[c]);
		}
		putc('\n', p.fp);
	}
	fputs("unset multiplot\n", p.fp);
	return plot_render(&p, e);
}

int
chart_coverage(sqlite3 *db, const chart_opts *o, const char *path, sv_err *e)
{
	sqlite3_stmt *st;
	plot_script p;
	int from, to, rc, n = 0;

	if (month_range(db, o, &from, &to))
		return sv_errf(e, SV_DATAERR, "chart: no data: run suivi aggregate "
		    "first");
	if ((rc = db_prepare(db, &st, "SELECT zone, month, delivered FROM coverage "
	    "WHERE month BETWEEN ?1 AND ?2 ORDER BY zone, month", e)))
		return rc;
	sqlite3_bind_int(st, 1, from);
	sqlite3_bind_int(st, 2, to);
	if (plot_begin(&p, path, o->fmt, 900, 260)) {
		sqlite3_finalize(st);
		return sv_errf(e, SV_SOFTWARE, "out of memory");
	}
	fputs("$C << EOD\n", p.fp);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int m = sqlite3_column_int(st, 1);
		int x = month_from_yyyymm(m) - month_from_yyyymm(from);
		fprintf(p.fp, "%d %d %d\n", x, sqlite3_column_int(st, 0) - 5339,
		    sqlite3_column_int(st, 2));
		n = x > n ? x : n;
	}
	sqlite3_finalize(st);
	fputs("EOD\nset xtics out (", p.fp);
	for (int x = 0, first = 1; x <= n; x++)
		if (((from % 100) - 1 + x) % 12 == 0) {
			fprintf(p.fp, "%s'%d' %d", first ? "" : ", ",
			    from / 100 + ((from % 100) - 1 + x) / 12, x);
			first = 0;
		}
	fputs(")\nset ytics ('5339' 0, '5340' 1, '5341' 2, '5342' 3, '5343' 4, "
	    "'5344' 5)\nset yrange [-0.5:5.5]\nunset grid\nunset colorbox\n"
	    "set palette defined (0 '#cc3311', 1 '#88ccaa')\nset cbrange [0:1]\n"
	    "unset key\nset title ", p.fp);
	plot_string(&p, i18n(o->lang, "coverage"));
	fprintf(p.fp, "\nset xrange [-0.5:%d.5]\nplot $C using 1:2:3 with image\n", n);
	return plot_render(&p, e);
}

static int
phenomenon_exists(sqlite3 *db, const char *code)
{
	sqlite3_stmt *st;
	int found;

	if (sqlite3_prepare_v2(db, "SELECT 1 FROM phenomenon WHERE code = ?1", -1,
	    &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

int
reports_chart(sqlite3 *db, const chart_args *a, sv_err *e)
{
	chart_opts o = { a->lang, a->from, a->to, a->png ? PLOT_PNG : PLOT_SVG };
	int rc;

	if ((rc = plot_available(e)))
		return rc;
	if (db_scalar(db, "SELECT count(*) FROM coverage") <= 0)
		return sv_errf(e, SV_DATAERR, "chart: nothing aggregated yet: run "
		    "'suivi aggregate' first");
	if (strncmp(a->set, "measure:", 8) != 0 && !phenomenon_exists(db, a->set))
		return sv_errf(e, SV_USAGE, "chart: '%s' is neither a phenomenon code "
		    "(suivi export --what phenomena) nor measure:Mx.y", a->set);
	return chart_series(db, a->set, a->zone, &o, a->out, e);
}
