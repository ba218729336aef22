/*
 * partnerchart — a partner figure over its periods (charts.h), once there
 * are CHART_PARTNER_MIN of them: the current figures of every source
 * summed by period, each at its period's last month.
 */
#include "charts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/db.h"
#include "../core/grow.h"
#include "../core/month.h"
#include "../core/msg.h"
#include "numfmt.h"

typedef struct point {
	int end;                /* yyyymm */
	double value;
} point;

static int
read_points(sqlite3 *db, const char *indicator, int through, point **v,
    size_t *n, sv_err *e)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc, step;

	*v = NULL;
	*n = 0;
	if ((rc = db_prepare(db, &st, "SELECT period_end, sum(value) FROM "
	    "partner_figure WHERE indicator = ?1 AND superseded_by IS NULL AND "
	    "period_end <= ?2 GROUP BY 1 ORDER BY 1", e)))
		return rc;
	sqlite3_bind_text(st, 1, indicator, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, through);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (grow((void **)v, &cap, *n + 1, sizeof **v)) {
			sqlite3_finalize(st);
			return sv_errf(e, SV_NOMEM, "out of memory");
		}
		(*v)[*n].end = sqlite3_column_int(st, 0);
		(*v)[(*n)++].value = sqlite3_column_double(st, 1);
	}
	return db_finish(db, st, step, e);
}

/* The year and quarter (1 to 4) of a period ending in yyyymm end, as
 * text for the catalogue's sentences. */
static void
year_quarter(int end, char y[16], char q[16])
{
	snprintf(y, 16, "%d", end / 100);
	snprintf(q, 16, "%d", (end % 100 + 2) / 3);
}

/* The x axis at the periods the figures are of, each named as a period
 * of the indicator's frequency (a month, a quarter "T3 2026", a year),
 * not at months the figures are not of; and the y axis says per what. */
static void
period_axis(plot_script *p, const point *v, size_t n, const char *freq,
    const char *lang)
{
	int yearly = !strcmp(freq, "year"), monthly = !strcmp(freq, "month");
	char name[64], at[16];

	fputs("set xtics () out nomirror\n", p->fp);
	for (size_t i = 0; i < n; i++) {
		char y[16], q[16];
		year_quarter(v[i].end, y, q);
		if (monthly)
			numfmt_month_short(lang, v[i].end, name, sizeof name);
		else
			snprintf(name, sizeof name, yearly ? "%s" : msg(lang,
			    "tick_quarter"), yearly ? y : q, y);
		month_format(month_from_yyyymm(v[i].end), at, sizeof at);
		fputs("set xtics add (", p->fp);
		plot_string(p, name);
		fprintf(p->fp, " '%s')\n", at);
	}
	fputs("set ylabel ", p->fp);
	plot_string(p, msg(lang, yearly ? "ylabel_per_year" : monthly ?
	    "ylabel_per_month" : "ylabel_per_quarter"));
	putc('\n', p->fp);
}

/* The indicator's frequency (month, quarter or year) into freq. */
static int
read_frequency(sqlite3 *db, const char *indicator, char *freq, size_t n,
    sv_err *e)
{
	sqlite3_stmt *st;
	int rc, found = 0;

	snprintf(freq, n, "quarter");
	if ((rc = db_prepare(db, &st, "SELECT frequency FROM indicator_def "
	    "WHERE indicator = ?1", e)))
		return rc;
	sqlite3_bind_text(st, 1, indicator, -1, SQLITE_STATIC);
	if (!(rc = db_lookup(db, st, &found, e)) && found &&
	    sqlite3_column_text(st, 0))
		snprintf(freq, n, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc;
}

/* A period named as a reader says it: "octobre 2026", "3e trimestre
 * 2026", "2026". */
static char *
period_words(const char *lang, const char *freq, int end, char *buf,
    size_t n)
{
	char q[16], y[16];

	if (!strcmp(freq, "month"))
		return numfmt_month(lang, end, buf, n);
	year_quarter(end, y, q);
	if (!strcmp(freq, "year"))
		snprintf(buf, n, "%s", y);
	else if (q[0] == '1')           /* "1er trimestre", "2e trimestre" */
		snprintf(buf, n, msg(lang, "quarter_words_1"), y);
	else
		snprintf(buf, n, msg(lang, "quarter_words"), q, y);
	return buf;
}

/* The chart's title and descriptions: from its first period to its last,
 * named as periods of its frequency (its phone version: from the first
 * that ends in the months it shows), not as the months they end in. */
static void
partner_text(chart_text *t, const char *lang, const char *label,
    const char *freq, const point *v, size_t n, const chart_range *r)
{
	const char *key = !strcmp(freq, "month") ? "desc_partner" :
	    !strcmp(freq, "year") ? "desc_partner_year" : "desc_partner_quarter";
	int phone = chart_month_at(r, chart_phone_from(r));
	char a[64], b[64], c[64];
	size_t first = 0;

	while (first + 1 < n && v[first].end < phone)
		first++;
	chart_text_periods(t, lang, label, key, period_words(lang, freq,
	    v[0].end, a, sizeof a), period_words(lang, freq, v[first].end, b,
	    sizeof b), period_words(lang, freq, v[n - 1].end, c, sizeof c));
}

int
chart_partner(sqlite3 *db, const char *indicator, const char *label,
    const chart_opts *o, int through, const char *path, chart_text *t,
    sv_err *e)
{
	chart_range r = { 0, 0, through, 0, 0 };
	double ymax = 0;
	char freq[16];
	plot_script p;
	point *v;
	size_t n;
	int rc;

	if ((rc = read_frequency(db, indicator, freq, sizeof freq, e)) ||
	    (rc = read_points(db, indicator, through, &v, &n, e)))
		return rc;
	if (n < CHART_PARTNER_MIN) {
		free(v);
		return sv_errf(e, CHART_NODATA, "chart: %s: fewer than %d periods",
		    indicator, CHART_PARTNER_MIN);
	}
	r.from = v[0].end;
	r.to = v[n - 1].end;
	r.n = month_from_yyyymm(r.to) - month_from_yyyymm(r.from) + 1;
	r.provisional = r.n;
	partner_text(t, o->lang, label, freq, v, n, &r);
	if ((rc = plot_begin(&p, o->session, path, o->fmt, 900, 360, e))) {
		free(v);
		return rc;
	}
	fputs("$D << EOD\n", p.fp);
	for (size_t i = 0; i < n; i++) {
		chart_month(p.fp, v[i].end);
		chart_num(p.fp, v[i].value);
		chart_data(o, v[i].end, 0, "partner", NULL, v[i].value, CHART_SHOWN);
		putc('\n', p.fp);
		ymax = v[i].value > ymax ? v[i].value : ymax;
	}
	fputs("EOD\n", p.fp);
	chart_time_axis(&p, &r, o->lang);
	period_axis(&p, v, n, freq, o->lang);
	free(v);
	fprintf(p.fp, "set yrange [0:%g]\nunset key\nset title ", ymax > 0 ?
	    ymax * 1.15 : 1);
	plot_string(&p, label);
	fputs("\nplot $D using 1:2 with linespoints pt 7 ps 0.8 lw 1.6 lc rgb "
	    "'#2f5f98'\n", p.fp);
	return plot_render(&p, e);
}
