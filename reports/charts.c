/*
 * charts — monthly series (with the expected band), zones, sex and
 * coverage charts, and chart_draw() (charts.h); the share, rate and repeat
 * charts are in indcharts.c, what they share in chartlib.c.
 */
#include "charts.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../aggregate/aggregate.h"
#include "../core/db.h"
#include "../core/month.h"
#include "../core/msg.h"
#include "numfmt.h"
#include "reports.h"

/* A monthly series over a chart_range, as aggregate computed it. */
typedef struct series {
	int n;
	series_point *pt;       /* [n] */
	int masked;             /* months of 1 to min_cell - 1 facts are not
	                           drawn, only marked as below min_cell; nor
	                           are the average, the trend and the nowcast,
	                           which would let them be recomputed */
	int min_cell;
} series;

static int
series_load(sqlite3 *db, const char *set, int zone, int banded,
    const chart_range *r, series *s, sv_err *e)
{
	memset(s, 0, sizeof *s);
	s->n = r->n;
	s->min_cell = 5;
	return chart_series(db, set, zone, banded, r, &s->pt, e);
}

/* Whether month i is a small count that a masked series does not show. */
static int
hidden(const series *s, int i)
{
	return s->masked && s->pt[i].observed >= 1 &&
	    s->pt[i].observed < s->min_cell;
}

/* Hide what a masked series must not show: the average, trend and
 * nowcast everywhere, and a small month's band (its threshold, with the
 * alarm mark or its absence, would bound the count). */
static void
series_mask(series *s, int min_cell)
{
	s->masked = 1;
	s->min_cell = min_cell;
	for (int i = 0; i < s->n; i++) {
		s->pt[i].average = s->pt[i].trend = s->pt[i].nowcast =
		    s->pt[i].lower = s->pt[i].higher = NAN;
		if (hidden(s, i))
			s->pt[i].expected = s->pt[i].upper = NAN;
	}
}

/* The highest value drawn, for a y range with room for the shading. */
static double
top(const series *s)
{
	/* a masked series reaches at least its mark of a small month
	 * (min_cell - 0.5), whatever its hidden months hold: a height taken
	 * from them would give them away (1.08 at the top: every one is 1) */
	double m = s->masked ? s->min_cell : 0;

	for (int i = 0; i < s->n; i++) {
		const series_point *pt = &s->pt[i];
		if (pt->observed > m && !hidden(s, i))
			m = pt->observed;
		if (pt->upper > m)
			m = pt->upper;
		if (pt->higher > m)
			m = pt->higher;
	}
	return m > 0 ? m * 1.08 : 1;
}

/* Whether the series has a number in the field at offset off of its
 * points (offsetof(series_point, ...)). */
static int
any_finite(const series *s, size_t off)
{
	for (int i = 0; i < s->n; i++)
		if (!isnan(*(const double *)((const char *)&s->pt[i] + off)))
			return 1;
	return 0;
}

/* Whether month i has the values at off and off2 and a month beside it
 * too: part of a piece of line or band that is drawn (a month alone
 * draws nothing: neither its data nor the legend may name it). */
static int
in_piece(const series *s, int i, size_t off, size_t off2)
{
	int both[3] = { 0, 0, 0 };

	for (int k = i - 1; k <= i + 1; k++) {
		const char *pt = (const char *)&s->pt[k];
		both[k - i + 1] = k >= 0 && k < s->n &&
		    !isnan(*(const double *)(pt + off)) &&
		    !isnan(*(const double *)(pt + off2));
	}
	return both[1] && (both[0] || both[2]);
}

static int
drawn_piece(const series *s, size_t off, size_t off2)
{
	for (int i = 0; i < s->n; i++)
		if (in_piece(s, i, off, off2))
			return 1;
	return 0;
}

/* A month with 1 to min_cell - 1 facts: the chart would disclose it. */
static int
small(const series *s, int min_cell)
{
	for (int i = 0; i < s->n; i++)
		if (s->pt[i].observed >= 1 && s->pt[i].observed < min_cell)
			return 1;
	return 0;
}

int
chart_set_title(sqlite3 *db, const char *set, const char *lang, char *buf,
    size_t n, sv_err *e)
{
	sqlite3_stmt *st;
	int nl = !strcmp(lang, "nl"), rc, found;
	int measure = !strncmp(set, "measure:", 8);
	const char *sql = measure ? (nl ? "SELECT measure || ' — ' || short_nl "
	    "FROM measure WHERE measure = substr(?1, 9)" : "SELECT measure || "
	    "' — ' || short_fr FROM measure WHERE measure = substr(?1, 9)") :
	    nl ? "SELECT coalesce((SELECT label_nl FROM phenomenon WHERE code = "
	    "?1), (SELECT measure || ' — ' || short_nl FROM measure WHERE "
	    "measure = ?1))" : "SELECT coalesce((SELECT label_fr FROM phenomenon "
	    "WHERE code = ?1), (SELECT measure || ' — ' || short_fr FROM measure "
	    "WHERE measure = ?1))";

	snprintf(buf, n, "%s", set);
	if ((rc = db_prepare(db, &st, sql, e)))
		return rc;
	sqlite3_bind_text(st, 1, set, -1, SQLITE_STATIC);
	if (!(rc = db_lookup(db, st, &found, e)) && found &&
	    sqlite3_column_type(st, 0) != SQLITE_NULL)
		snprintf(buf, n, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc;
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
		const series_point *pt = &s->pt[i];
		double y = h ? NAN : pt->observed;
		chart_month(p->fp, chart_month_at(r, i));
		chart_num(p->fp, prov ? ymax : NAN);
		chart_num(p->fp, prov ? NAN : y);
		chart_num(p->fp, prov || i == r->provisional - 1 ? y : NAN);
		/* as the chart's data publish them (chart_published()) */
		chart_num(p->fp, chart_published("average", pt->average));
		chart_num(p->fp, chart_published("trend", pt->trend));
		chart_num(p->fp, chart_published("expected", pt->expected));
		chart_num(p->fp, chart_published("upper", pt->upper));
		chart_num(p->fp, !pt->alarm ? NAN : h ? s->min_cell / 2.0 : y);
		chart_num(p->fp, h ? s->min_cell - 0.5 : NAN);
		chart_num(p->fp, chart_published("nowcast", pt->nowcast));
		chart_num(p->fp, chart_published("nowcast_low", pt->lower));
		chart_num(p->fp, chart_published("nowcast_high", pt->higher));
		putc('\n', p->fp);
	}
	fputs("EOD\n", p->fp);
}

/* The series' data as drawn (chart_data()): the facts, and with full the
 * band, average, trend, nowcast and alarms series_plot() draws. */
static void
series_data(const chart_opts *o, const series *s, const chart_range *r,
    int zone, int full)
{
	/* each value, and what it is drawn with: a line or the band is
	 * drawn in pieces (in_piece()), a nowcast month by month */
	static const struct { const char *code; size_t off, with; } lines[] = {
		{ "average", offsetof(series_point, average),
		  offsetof(series_point, average) },
		{ "trend", offsetof(series_point, trend),
		  offsetof(series_point, trend) },
		{ "expected", offsetof(series_point, expected),
		  offsetof(series_point, upper) },
		{ "upper", offsetof(series_point, upper),
		  offsetof(series_point, expected) },
		{ "nowcast", offsetof(series_point, nowcast), 0 },
		{ "nowcast_low", offsetof(series_point, lower), 0 },
		{ "nowcast_high", offsetof(series_point, higher), 0 },
	};

	for (int i = 0; i < s->n && o->data; i++) {
		const series_point *pt = &s->pt[i];
		int m = chart_month_at(r, i);
		chart_data(o, m, zone, "facts", NULL, pt->observed, hidden(s, i) ?
		    CHART_SUPPRESSED : isnan(pt->observed) ? CHART_NOT_DELIVERED :
		    chart_shown(r, i));
		for (size_t k = 0; full && k < sizeof lines / sizeof *lines; k++)
			if (!lines[k].with || in_piece(s, i, lines[k].off,
			    lines[k].with))
				chart_data(o, m, zone, lines[k].code, NULL,
				    *(const double *)((const char *)pt + lines[k].off),
				    chart_shown(r, i));
		if (full && pt->alarm)
			chart_data(o, m, zone, "alarm", NULL, 1, chart_shown(r, i));
	}
}

/* plot items, each only when it has something to draw. */
static void
series_plot(plot_script *p, const char *b, const series *s,
    const chart_range *r, const char *lang, int full)
{
	const char *sep = "plot ";
	int alarms = 0;

	for (int i = 0; i < s->n; i++)
		alarms |= s->pt[i].alarm;
	if (r->provisional < r->n) {
		fputs(sep, p->fp);
		chart_shade(p, b, lang, full);
		sep = ", ";
	}
	if (full && drawn_piece(s, offsetof(series_point, expected),
	    offsetof(series_point, upper))) {
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
		    "noborder fc rgb '#b9b9b9'", sep, b);
		plot_title(p, text);
		sep = ", ";
	}
	fprintf(p->fp, "%s%s using 1:3 with %s lw 1.3 lc rgb '#2f5f98'", sep, b,
	    s->masked ? "linespoints pt 7 ps 0.35" : "lines");
	chart_legend(p, lang, full ? "legend_monthly" : "legend_none");
	if (r->provisional < r->n)
		fprintf(p->fp, ", %s using 1:4 with lines lw 1.3 dt 2 lc rgb "
		    "'#6a86ab' notitle", b);
	if (full && drawn_piece(s, offsetof(series_point, average),
	    offsetof(series_point, average))) {
		fprintf(p->fp, ", %s using 1:5 with lines lw 2.5 lc rgb '#d26a1e'", b);
		chart_legend(p, lang, "legend_average");
	}
	if (full && drawn_piece(s, offsetof(series_point, trend),
	    offsetof(series_point, trend))) {
		fprintf(p->fp, ", %s using 1:6 with lines dt 3 lw 1.5 lc rgb "
		    "'#228833'", b);
		chart_legend(p, lang, "legend_trend");
	}
	if (full && any_finite(s, offsetof(series_point, nowcast))) {
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

/* What a series chart's description says after its months: the last
 * month's count, provisional or not, and the band and the alarms where
 * it draws them (series_plot()). */
static void
series_said(const series *s, const chart_range *r, const char *lang,
    const char *count, char *buf, size_t n)
{
	int alarms = 0, len;

	for (int i = 0; i < s->n; i++)
		alarms |= s->pt[i].alarm;
	len = snprintf(buf, n, msg(lang, r->provisional < s->n ?
	    "desc_last_provisional" : "desc_last"), count);
	if (len >= 0 && (size_t)len < n && drawn_piece(s, offsetof(series_point,
	    expected), offsetof(series_point, upper)))
		len += snprintf(buf + len, n - (size_t)len, "%s", msg(lang,
		    "desc_band"));
	if (len >= 0 && (size_t)len < n && alarms)
		snprintf(buf + len, n - (size_t)len, "%s", msg(lang, "desc_alarms"));
}

static int
series_chart(sqlite3 *db, const char *set, int zone, int mask,
    const chart_opts *o, const chart_range *r, const char *path,
    chart_text *t, sv_err *e)
{
	series s;
	plot_script p;
	char title[512], place[256], full[800], count[32], last[512];
	int rc;

	if ((rc = series_load(db, set, zone, 1, r, &s, e)))
		goto out;
	/* the alarms are the phenomena's, screened and listed (alarms.c);
	 * a measure's series draws its band for context, and a month above
	 * it is no alarm the page lists, so it is not marked as one */
	if (!strncmp(set, "measure:", 8))
		for (int i = 0; i < s.n; i++)
			s.pt[i].alarm = 0;
	if (o->min_cell && small(&s, o->min_cell)) {
		if (!mask) {
			rc = CHART_WITHHELD;
			goto out;
		}
		series_mask(&s, o->min_cell);
	}
	if ((rc = chart_set_title(db, set, o->lang, title, sizeof title, e)) ||
	    (rc = chart_place(db, zone, o->lang, place, sizeof place, e)))
		goto out;
	snprintf(full, sizeof full, "%s — %s", title, place);
	if (hidden(&s, s.n - 1))
		snprintf(count, sizeof count, "<%d", s.min_cell);
	else
		numfmt_count(o->lang, s.pt[s.n - 1].observed, count, sizeof count);
	series_said(&s, r, o->lang, count, last, sizeof last);
	chart_text_set(t, o->lang, full, "desc_series", r, last);
	if ((rc = plot_begin(&p, o->session, path, o->fmt, 900, 420, e)))
		goto out;
	series_block(&p, "$D", &s, r, top(&s));
	series_data(o, &s, r, zone, 1);
	chart_time_axis(&p, r, o->lang);
	chart_count_axis(&p, "y", top(&s), o->lang);
	fprintf(p.fp, "set yrange [0:%g]\nset ylabel ", top(&s));
	plot_string(&p, msg(o->lang, "ylabel_facts"));
	fputs("\nset title ", p.fp);
	plot_string(&p, full);
	putc('\n', p.fp);
	series_plot(&p, "$D", &s, r, o->lang, 1);
	rc = plot_render(&p, e);
out:
	free(s.pt);
	return rc;
}

/* Each zone's plot of a multiplot, titled with its name, then its end;
 * the script discarded on an error. */
static int
zone_plots(sqlite3 *db, plot_script *p, const series *s, const int *zones,
    int nz, const chart_opts *o, const chart_range *r, sv_err *e)
{
	char name[256], block[16];
	int rc;

	for (int z = 0; z < nz; z++) {
		if ((rc = chart_place(db, zones[z], o->lang, name, sizeof name, e))) {
			plot_discard(p);
			return rc;
		}
		fputs("set title ", p->fp);
		plot_string(p, name);
		snprintf(block, sizeof block, "$Z%d", z);
		fputs("\n", p->fp);
		series_plot(p, block, &s[z], r, o->lang, 0);
	}
	fputs("unset multiplot\n", p->fp);
	return SV_OK;
}

/* Small multiples, one per zone, on one shared y scale (said in the
 * title). */
static int
zones_chart(sqlite3 *db, const char *set, const chart_opts *o,
    const chart_range *r, const char *path, chart_text *t, sv_err *e)
{
	series *s = NULL;
	plot_script p;
	char title[512], full[800], block[16];
	int *zones, nz, rc, cols, rows;
	double ymax = 1;

	if ((rc = chart_zone_list(db, &zones, &nz, e)))
		return rc;
	if (!nz || !(s = calloc((size_t)nz, sizeof *s))) {
		free(zones);
		return nz ? sv_errf(e, SV_NOMEM, "out of memory") :
		    sv_errf(e, CHART_NODATA, "chart: the reference has no zone");
	}
	for (int z = 0; z < nz && !rc; z++)
		if (!(rc = series_load(db, set, zones[z], 0, r, &s[z], e))) {
			if (o->min_cell && small(&s[z], o->min_cell))
				rc = CHART_WITHHELD;
			for (int i = 0; i < r->n; i++)    /* not drawn here */
				s[z].pt[i].nowcast = s[z].pt[i].higher = NAN;
			ymax = top(&s[z]) > ymax ? top(&s[z]) : ymax;
		}
	if (rc)
		goto out;
	cols = nz < 3 ? nz : 3;
	rows = (nz + cols - 1) / cols;
	if ((rc = chart_set_title(db, set, o->lang, title, sizeof title, e)))
		goto out;
	snprintf(full, sizeof full, "%s — %s", title, msg(o->lang, "by_zone_shared"));
	chart_text_set(t, o->lang, full, "desc_zones", r, "");
	if ((rc = plot_begin(&p, o->session, path, o->fmt, 900, 200 + 190 * rows, e)))
		goto out;
	for (int z = 0; z < nz; z++) {
		snprintf(block, sizeof block, "$Z%d", z);
		series_block(&p, block, &s[z], r, ymax);
		series_data(o, &s[z], r, zones[z], 0);
	}
	chart_time_axis(&p, r, o->lang);
	chart_count_axis(&p, "y", ymax, o->lang);
	fprintf(p.fp, "set xtics 63115200\nunset key\nset yrange [0:%g]\n"
	    "set multiplot layout %d,%d title ", ymax, rows, cols);
	plot_string(&p, full);
	putc('\n', p.fp);
	if ((rc = zone_plots(db, &p, s, zones, nz, o, r, e)))
		goto out;
	/* on a phone: a zone a row, its last months (a multiplot cannot be
	 * drawn again: it draws its own) */
	if (plot_phone_own(&p, 40 + 170 * nz)) {
		fprintf(p.fp, "set multiplot layout %d,1\n", nz);
		if ((rc = zone_plots(db, &p, s, zones, nz, o, r, e)))
			goto out;
	}
	rc = plot_render(&p, e);
out:
	for (int z = 0; z < nz; z++)
		free(s[z].pt);
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
	if (kind == CHART_REVISION)
		return chart_revision(db, set, o, path, t, e);
	if ((rc = chart_months(db, o, &r, e)))
		return rc;
	if (kind == CHART_MODUS)
		return chart_modus(db, set, zone, o, &r, path, t, e);
	if (kind == CHART_SEX)
		snprintf(full, sizeof full, "indicator:%s", set);
	if (kind != CHART_COVERAGE && (rc = chart_provisional(db, kind ==
	    CHART_SEX ? full : set, &r, e)))
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
	case CHART_REVISION:
	case CHART_MODUS:
		break;
	}
	return SV_SOFTWARE;
}

int
reports_chart(sqlite3 *db, const chart_args *a, sv_err *e)
{
	chart_opts o = { a->lang, a->from, a->to, a->png ? PLOT_PNG : PLOT_SVG, 0,
	    NULL, NULL, NULL };
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
