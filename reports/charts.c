/*
 * charts — monthly series (with the expected band), zones, sex and
 * coverage charts, and chart_draw() (charts.h); the share, rate and repeat
 * charts are in indcharts.c, what they share in chartlib.c.
 */
#include "charts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../aggregate/aggregate.h"
#include "../core/db.h"
#include "../core/month.h"
#include "../core/stats.h"
#include "msg.h"
#include "numfmt.h"
#include "reports.h"

/* A monthly series over a chart_range: counts (NaN: not delivered). */
typedef struct series {
	int n;
	double *y, *ma, *trend, *expected, *upper;
	double *nowcast, *lower, *higher;      /* its interval; NaN: none */
	int *alarm;
	int masked;             /* months of 1 to min_cell - 1 facts are not
	                           drawn, only marked as below min_cell */
	int min_cell;
} series;

static int
series_alloc(series *s, int n, sv_err *e)
{
	memset(s, 0, sizeof *s);
	s->n = n;
	s->min_cell = 5;
	s->y = calloc((size_t)n, sizeof *s->y);
	s->ma = calloc((size_t)n, sizeof *s->ma);
	s->trend = calloc((size_t)n, sizeof *s->trend);
	s->expected = calloc((size_t)n, sizeof *s->expected);
	s->upper = calloc((size_t)n, sizeof *s->upper);
	s->alarm = calloc((size_t)n, sizeof *s->alarm);
	s->nowcast = malloc((size_t)n * sizeof *s->nowcast);
	s->lower = malloc((size_t)n * sizeof *s->lower);
	s->higher = malloc((size_t)n * sizeof *s->higher);
	for (int i = 0; s->nowcast && s->lower && s->higher && i < n; i++)
		s->nowcast[i] = s->lower[i] = s->higher[i] = NAN;
	if (s->y && s->ma && s->trend && s->expected && s->upper && s->alarm &&
	    s->nowcast && s->lower && s->higher)
		return SV_OK;
	return sv_errf(e, SV_SOFTWARE, "out of memory");
}

static void
series_free(series *s)
{
	free(s->y), free(s->ma), free(s->trend);
	free(s->expected), free(s->upper), free(s->alarm);
	free(s->nowcast), free(s->lower), free(s->higher);
}

/* The nowcast of set in zone (0: the region) over the range's months,
 * where aggregate made one. */
static int
load_nowcast(sqlite3 *db, const char *set, int zone, const chart_range *r,
    series *s, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, step;

	if ((rc = db_prepare(db, &st, "SELECT month, nowcast, lower, upper FROM "
	    "nowcast WHERE phenomenon = ?1 AND coalesce(zone, 0) = ?4 AND month "
	    "BETWEEN ?2 AND ?3 AND nowcast IS NOT NULL", e)))
		return rc;
	sqlite3_bind_text(st, 1, set, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, zone);
	sqlite3_bind_int(st, 2, r->from);
	sqlite3_bind_int(st, 3, r->to);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int i = chart_index_of(r, sqlite3_column_int(st, 0));
		if (i < 0 || isnan(s->y[i]))
			continue;
		s->nowcast[i] = sqlite3_column_double(st, 1);
		s->lower[i] = sqlite3_column_double(st, 2);
		s->higher[i] = sqlite3_column_double(st, 3);
	}
	return db_finish(db, st, step, e);
}


/* The counts of chart_set for zone (0: region) month by month. */
static int
load_series(sqlite3 *db, int zone, const chart_range *r, series *s,
    sv_err *e)
{
	sqlite3_stmt *st;
	int rc, step = SQLITE_DONE;

	if ((rc = chart_totals(db, e)) || (rc = db_prepare(db, &st, "SELECT month, "
	    "sum(n) FROM month_total WHERE phenomenon IN (SELECT phenomenon FROM "
	    "chart_set) AND (?1 = 0 OR zone = ?1) AND month BETWEEN ?2 AND ?3 "
	    "GROUP BY month", e)))
		return rc;
	sqlite3_bind_int(st, 1, zone);
	sqlite3_bind_int(st, 2, r->from);
	sqlite3_bind_int(st, 3, r->to);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int i = chart_index_of(r, sqlite3_column_int(st, 0));
		if (i >= 0)
			s->y[i] = sqlite3_column_double(st, 1);
	}
	if ((rc = db_finish(db, st, step, e)))
		return rc;
	/* Months not delivered (by the zone, or by any zone for the region). */
	char *gap = malloc((size_t)r->n);
	if (!gap)
		return sv_errf(e, SV_SOFTWARE, "out of memory");
	if ((rc = chart_gaps(db, r, zone, gap, e)) == SV_OK)
		for (int i = 0; i < r->n; i++)
			if (gap[i])
				s->y[i] = NAN;
	free(gap);
	if (rc)
		return rc;
	return SV_OK;
}

/* exp(a + b t) fitted by Poisson regression over the complete months. */
static void
trend_line(series *s, int upto)
{
	double *X = malloc(2 * (size_t)s->n * sizeof *X);
	double *y = malloc((size_t)s->n * sizeof *y);
	int n = 0;
	glm_fit g;

	for (int i = 0; i < s->n; i++)
		s->trend[i] = NAN;
	for (int i = 0; X && y && i < upto; i++) {
		if (isnan(s->y[i]))
			continue;
		X[2 * n] = 1;
		X[2 * n + 1] = i;
		y[n++] = s->y[i];
	}
	if (X && y && n >= 12 && !stats_glm_poisson(X, y, n, 2, &g) &&
	    g.converged)
		for (int i = 0; i < s->n; i++)
			s->trend[i] = exp(g.coef[0] + g.coef[1] * i);
	free(X);
	free(y);
}

/* The 12-month moving average, over complete months only. */
static void
moving_average(series *s, int upto)
{
	for (int i = 0; i < s->n; i++) {
		double sum = 0;
		int ok = i >= 11 && i < upto;
		for (int k = i - 11; ok && k <= i; k++)
			ok = !isnan(s->y[k]), sum += ok ? s->y[k] : 0;
		s->ma[i] = ok ? sum / 12 : NAN;
	}
}

/* The highest value drawn, for a y range with room for the shading. */
static double
top(const series *s)
{
	double m = 0;

	for (int i = 0; i < s->n; i++) {
		if (s->y[i] > m)
			m = s->y[i];
		if (s->upper[i] > m)
			m = s->upper[i];
		if (s->higher[i] > m)
			m = s->higher[i];
	}
	return m > 0 ? m * 1.08 : 1;
}

static int
any_finite(const double *v, int n)
{
	for (int i = 0; i < n; i++)
		if (!isnan(v[i]))
			return 1;
	return 0;
}

/* A month with 1 to min_cell - 1 facts: the chart would disclose it. */
static int
small(const series *s, int min_cell)
{
	for (int i = 0; i < s->n; i++)
		if (s->y[i] >= 1 && s->y[i] < min_cell)
			return 1;
	return 0;
}

/* The title of a set: a phenomenon's name, or a measure's id and short
 * title, in the language. */
/* The title of a series: the phenomenon's label or the measure's short
 * title, or the set's own name if the reference has neither. */
static int
set_title(sqlite3 *db, const char *set, const char *lang, char *buf,
    size_t n, sv_err *e)
{
	sqlite3_stmt *st;
	int nl = !strcmp(lang, "nl"), rc, found;
	const char *sql = !strncmp(set, "measure:", 8) ? (nl ?
	    "SELECT measure || ' — ' || short_nl FROM measure WHERE measure = "
	    "substr(?1, 9)" : "SELECT measure || ' — ' || short_fr FROM measure "
	    "WHERE measure = substr(?1, 9)") : nl ? "SELECT label_nl FROM "
	    "phenomenon WHERE code = ?1" : "SELECT label_fr FROM phenomenon "
	    "WHERE code = ?1";

	snprintf(buf, n, "%s", set);
	if ((rc = db_prepare(db, &st, sql, e)))
		return rc;
	sqlite3_bind_text(st, 1, set, -1, SQLITE_STATIC);
	if (!(rc = db_lookup(db, st, &found, e)) && found)
		snprintf(buf, n, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc;
}

/* Whether month i is a small count that a masked series does not show. */
static int
hidden(const series *s, int i)
{
	return s->masked && s->y[i] >= 1 && s->y[i] < s->min_cell;
}

/* The series' datablock: month, shade, complete, provisional, average,
 * trend, expected, upper, alarm, below min_cell, nowcast, its interval. */
static void
series_block(plot_script *p, const char *name, const series *s,
    const chart_range *r, double ymax)
{
	fprintf(p->fp, "%s << EOD\n", name);
	for (int i = 0; i < s->n; i++) {
		int prov = i >= r->provisional, h = hidden(s, i);
		double y = h ? NAN : s->y[i];
		chart_month(p->fp, chart_month_at(r, i));
		chart_num(p->fp, prov ? ymax : NAN);
		chart_num(p->fp, prov ? NAN : y);
		chart_num(p->fp, prov || i == r->provisional - 1 ? y : NAN);
		chart_num(p->fp, s->ma[i]);
		chart_num(p->fp, s->trend[i]);
		chart_num(p->fp, s->expected[i]);
		chart_num(p->fp, s->upper[i]);
		chart_num(p->fp, !s->alarm[i] ? NAN : h ? s->min_cell / 2.0 : y);
		chart_num(p->fp, h ? s->min_cell - 0.5 : NAN);
		chart_num(p->fp, s->nowcast[i]);
		chart_num(p->fp, s->lower[i]);
		chart_num(p->fp, s->higher[i]);
		putc('\n', p->fp);
	}
	fputs("EOD\n", p->fp);
}

/* plot items, each only when it has something to draw. */
static void
series_plot(plot_script *p, const char *b, const series *s,
    const chart_range *r, const char *lang, int full)
{
	const char *sep = "plot ";
	int alarms = 0;

	for (int i = 0; i < s->n; i++)
		alarms |= s->alarm[i];
	if (r->provisional < r->n) {
		fputs(sep, p->fp);
		chart_shade(p, b, lang, full);
		sep = ", ";
	}
	if (full && any_finite(s->upper, s->n)) {
		fprintf(p->fp, "%s%s using 1:7:8 with filledcurves fc rgb '#fde3c8' "
		    "fs solid 0.9 noborder", sep, b);
		chart_legend(p, lang, "legend_band");
		sep = ", ";
	}
	if (s->masked) {
		char text[128], min[16];
		snprintf(min, sizeof min, "%d", s->min_cell);
		snprintf(text, sizeof text, msg(lang, "legend_masked"), min);
		fprintf(p->fp, "%s%s using 1:10:(2629800) with boxes fs solid 0.45 "
		    "noborder fc rgb '#b9b9b9' title ", sep, b);
		plot_string(p, text);
		sep = ", ";
	}
	fprintf(p->fp, "%s%s using 1:3 with %s lw 1.3 lc rgb '#2f5f98'", sep, b,
	    s->masked ? "linespoints pt 7 ps 0.35" : "lines");
	chart_legend(p, lang, full ? "legend_monthly" : "legend_none");
	if (r->provisional < r->n)
		fprintf(p->fp, ", %s using 1:4 with lines lw 1.3 dt 2 lc rgb "
		    "'#7f9cc0' notitle", b);
	if (full && any_finite(s->ma, s->n)) {
		fprintf(p->fp, ", %s using 1:5 with lines lw 2.5 lc rgb '#ee7733'", b);
		chart_legend(p, lang, "legend_average");
	}
	if (full && any_finite(s->trend, s->n)) {
		fprintf(p->fp, ", %s using 1:6 with lines dt 3 lw 1.5 lc rgb "
		    "'#228833'", b);
		chart_legend(p, lang, "legend_trend");
	}
	if (full && any_finite(s->nowcast, s->n)) {
		fprintf(p->fp, ", %s using 1:11:12:13 with yerrorbars pt 6 ps 0.8 "
		    "lw 1.2 lc rgb '#2f5f98'", b);
		chart_legend(p, lang, "legend_nowcast");
	}
	if (full && alarms) {
		fprintf(p->fp, ", %s using 1:9 with points pt 7 ps 1.2 lc rgb "
		    "'#c0392b'", b);
		chart_legend(p, lang, "legend_alarm");
	}
	putc('\n', p->fp);
}

static int
series_chart(sqlite3 *db, const char *set, int zone, int mask,
    const chart_opts *o, const chart_range *r, const char *path,
    chart_text *t, sv_err *e)
{
	series s;
	plot_script p;
	char title[512], place[256], full[800], last[64];
	const nowcast_delays *delays;
	nowcast_delays fit;
	long long nbplugin;
	int rc, age_last;

	if ((rc = series_alloc(&s, r->n, e)) || (rc = load_series(db, zone, r, &s,
	    e)))
		goto out;
	if (o->min_cell && small(&s, o->min_cell)) {
		if (!mask) {
			rc = CHART_WITHHELD;
			goto out;
		}
		s.masked = 1;
		s.min_cell = o->min_cell;
	}
	if ((rc = db_integer(db, "SELECT count(*) FROM alarm WHERE method = "
	    "'farrington_nbplugin'", &nbplugin, e)) ||
	    (rc = set_title(db, set, o->lang, title, sizeof title, e)) ||
	    (rc = chart_place(db, zone, o->lang, place, sizeof place, e)))
		goto out;
	if ((rc = chart_delays(db, r, &delays, &fit, &age_last, e)))
		goto out;
	aggregate_band(s.y, s.n, nbplugin > 0, delays, age_last, s.expected,
	    s.upper, s.alarm);
	/* a masked series' nowcast would let its small months be recomputed */
	if (!s.masked && (rc = load_nowcast(db, set, zone, r, &s, e)))
		goto out;
	/* an average or a fitted line would let a masked month be recomputed */
	moving_average(&s, s.masked ? 0 : r->provisional);
	trend_line(&s, s.masked ? 0 : r->provisional);
	snprintf(full, sizeof full, "%s — %s", title, place);
	if (hidden(&s, s.n - 1))
		snprintf(last, sizeof last, "<%d", s.min_cell);
	else
		numfmt_count(o->lang, s.y[s.n - 1], last, sizeof last);
	chart_text_set(t, o->lang, full, "desc_series", r, last);
	if ((rc = plot_begin(&p, o->session, path, o->fmt, 900, 420, e)))
		goto out;
	series_block(&p, "$D", &s, r, top(&s));
	chart_time_axis(&p, r, o->lang);
	fprintf(p.fp, "set yrange [0:%g]\nset ylabel ", top(&s));
	plot_string(&p, msg(o->lang, "ylabel_facts"));
	fputs("\nset title ", p.fp);
	plot_string(&p, full);
	putc('\n', p.fp);
	series_plot(&p, "$D", &s, r, o->lang, 1);
	rc = plot_render(&p, e);
out:
	series_free(&s);
	return rc;
}

/* Small multiples, one per zone, on one shared y scale (said in the
 * title). */
static int
zones_chart(sqlite3 *db, const char *set, const chart_opts *o,
    const chart_range *r, const char *path, chart_text *t, sv_err *e)
{
	series *s = NULL;
	plot_script p;
	char title[512], full[800], name[256], block[16];
	int *zones, nz, rc, cols, rows;
	double ymax = 1;

	if ((rc = chart_zone_list(db, &zones, &nz, e)))
		return rc;
	if (!nz || !(s = calloc((size_t)nz, sizeof *s))) {
		free(zones);
		return nz ? sv_errf(e, SV_SOFTWARE, "out of memory") :
		    sv_errf(e, CHART_NODATA, "chart: the reference has no zone");
	}
	for (int z = 0; z < nz && !rc; z++)
		if (!(rc = series_alloc(&s[z], r->n, e)) &&
		    !(rc = load_series(db, zones[z], r, &s[z], e))) {
			if (o->min_cell && small(&s[z], o->min_cell))
				rc = CHART_WITHHELD;
			moving_average(&s[z], r->provisional);
			for (int i = 0; i < r->n; i++)
				s[z].upper[i] = NAN;
			ymax = top(&s[z]) > ymax ? top(&s[z]) : ymax;
		}
	if (rc)
		goto out;
	cols = nz < 3 ? nz : 3;
	rows = (nz + cols - 1) / cols;
	if ((rc = set_title(db, set, o->lang, title, sizeof title, e)))
		goto out;
	snprintf(full, sizeof full, "%s — %s", title, msg(o->lang, "by_zone_shared"));
	chart_text_set(t, o->lang, full, "desc_zones", r, "");
	if ((rc = plot_begin(&p, o->session, path, o->fmt, 900, 200 + 190 * rows, e)))
		goto out;
	for (int z = 0; z < nz; z++) {
		snprintf(block, sizeof block, "$Z%d", z);
		series_block(&p, block, &s[z], r, ymax);
	}
	chart_time_axis(&p, r, o->lang);
	fprintf(p.fp, "set xtics 63115200\nunset key\nset yrange [0:%g]\n"
	    "set multiplot layout %d,%d title ", ymax, rows, cols);
	plot_string(&p, full);
	putc('\n', p.fp);
	for (int z = 0; z < nz; z++) {
		if ((rc = chart_place(db, zones[z], o->lang, name, sizeof name, e))) {
			plot_discard(&p);
			goto out;
		}
		fputs("set title ", p.fp);
		plot_string(&p, name);
		snprintf(block, sizeof block, "$Z%d", z);
		fputs("\n", p.fp);
		series_plot(&p, block, &s[z], r, o->lang, 0);
	}
	fputs("unset multiplot\n", p.fp);
	rc = plot_render(&p, e);
out:
	for (int z = 0; z < nz; z++)
		series_free(&s[z]);
	free(s);
	free(zones);
	return rc;
}

int
chart_draw(sqlite3 *db, enum chart_kind kind, const char *set, int zone,
    const chart_opts *o, const char *path, chart_text *t, sv_err *e)
{
	chart_range r;
	char full[160];
	int rc;

	if (kind == CHART_INDICATOR)
		return chart_indicator(db, set, o, path, t, e);
	if ((rc = chart_months(db, o, &r, e)))
		return rc;
	if (kind == CHART_SEX)
		snprintf(full, sizeof full, "indicator:%s", set);
	if (kind != CHART_COVERAGE && ((rc = chart_set_fill(db, kind == CHART_SEX ?
	    full : set, e)) || (rc = chart_provisional(db, &r, e))))
		return rc;
	switch (kind) {
	case CHART_SERIES:
	case CHART_ALARM:
		/* a zone's series of one phenomenon is published nowhere else
		 * (no 12-month sum of it), so its small months can be masked */
		return series_chart(db, set, zone, kind == CHART_ALARM && zone,
		    o, &r, path, t, e);
	case CHART_ZONES:
		return zones_chart(db, set, o, &r, path, t, e);
	case CHART_SEX:
		return chart_sex(db, set, o, &r, path, t, e);
	case CHART_COVERAGE:
		return chart_coverage(db, o, &r, path, t, e);
	case CHART_INDICATOR:
		break;
	}
	return SV_SOFTWARE;
}

int
reports_chart(sqlite3 *db, const chart_args *a, sv_err *e)
{
	chart_opts o = { a->lang, a->from, a->to, a->png ? PLOT_PNG : PLOT_SVG, 0,
	    NULL };
	chart_text t;
	int rc;

	if (!msg_lang_known(a->lang))
		return sv_errf(e, SV_USAGE, "chart: language '%s': fr, nl or en",
		    a->lang);
	long long zones = 0;
	if (a->zone && (rc = db_integer(db, "SELECT count(*) FROM zone", &zones,
	    e)))
		return rc;
	if (a->zone && zones > 0) {
		sqlite3_stmt *st;
		int found = 0;
		if ((rc = db_prepare(db, &st, "SELECT 1 FROM zone WHERE zone = ?1", e)))
			return rc;
		sqlite3_bind_int(st, 1, a->zone);
		rc = db_lookup(db, st, &found, e);
		sqlite3_finalize(st);
		if (rc)
			return rc;
		if (!found)
			return sv_errf(e, SV_USAGE, "chart: there is no zone %d in the "
			    "reference (suivi export --what communes lists them)",
			    a->zone);
	}
	if ((rc = plot_available(e)))
		return rc;
	rc = chart_draw(db, CHART_SERIES, a->set, a->zone, &o, a->out, &t, e);
	if (rc == CHART_NODATA) {
		char why[sizeof e->msg];
		snprintf(why, sizeof why, "%s", e->msg);   /* e->msg is rewritten */
		return sv_errf(e, SV_USAGE, "%s (a phenomenon code, see suivi export "
		    "--what phenomena, or measure:Mx.y)", why);
	}
	return rc;
}
