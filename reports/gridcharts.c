/*
 * gridcharts — a count indicator by sex, month by month, and the zone x
 * month grid of deliveries (charts.h).
 */
#include "charts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/db.h"
#include "../core/msg.h"
#include "../core/text.h"
#include "numfmt.h"
#include "audit.h"

static const char *const sexes[4] = { "unknown", "F", "M", "X" };

/* With the publication's audit (audit.h), the lines are its: a line with
 * a month it withholds or finds small is left out whole (small_of), a
 * month it hides beside one is a gap, counted in gaps[sex]. */
static void
audit_gaps(const chart_opts *o, const char *indicator, const chart_range *r,
    double *y[4], int small_of[4], int gaps[4])
{
	char key[256];

	for (int k = 0; k < 4 && o->audit; k++) {
		small_of[k] = 0;
		for (int i = 0; i < r->n; i++) {
			enum audit_state s;
			snprintf(key, sizeof key, "m/%s/%s/%d", indicator, sexes[k],
			    chart_month_at(r, i));
			s = audit_state(o->audit, key);
			small_of[k] |= s == AUDIT_WITHHELD || s == AUDIT_SMALL;
			if (s == AUDIT_COMPLEMENT) {
				y[k][i] = NAN;
				gaps[k]++;
			}
		}
	}
}

/* The indicator's counts by month and sex (0 unknown, 1 F, 2 M, 3 X, as
 * aggregate names them in indicator_month) into y[sex][month]; without
 * an audit, small_of[sex] says whether the line has a small month. */
static int
load_sex(sqlite3 *db, const char *indicator, const chart_range *r,
    double *y[4], int min_cell, int small_of[4], sv_err *e)
{
	sqlite3_stmt *st;
	int rc, step = SQLITE_DONE;

	if ((rc = db_prepare(db, &st, "SELECT month, part, n FROM indicator_month "
	    "WHERE indicator = ?3 AND month BETWEEN ?1 AND ?2", e)))
		return rc;
	sqlite3_bind_int(st, 1, r->from);
	sqlite3_bind_int(st, 2, r->to);
	sqlite3_bind_text(st, 3, indicator, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int i = chart_index_of(r, sqlite3_column_int(st, 0)), k = 0;
		double v = sqlite3_column_double(st, 2);
		while (k < 4 && strcmp(sexes[k], (const char *)
		    sqlite3_column_text(st, 1)))
			k++;
		if (k == 4)
			continue;       /* not a sex: no line of this chart */
		if (i >= 0)
			y[k][i] = v;
		small_of[k] |= min_cell && v >= 1 && v < min_cell;
	}
	return db_finish(db, st, step, e);
}

/* A count indicator broken down by the victim's or the author's sex, one
 * line per sex, month by month. */
int
chart_sex(sqlite3 *db, const char *indicator, const chart_opts *o,
    const chart_range *r, const char *path, chart_text *t, sv_err *e)
{
	static const char *const keys[4] = { "legend_unknown", "legend_women",
	    "legend_men", "legend_x" };
	static const char *const colors[4] = { "#888888", "#aa3377", "#2f5f98",
	    "#228833" };
	double *y[4] = { NULL }, ymax = 1;
	int small_of[4] = { 0 }, gaps[4] = { 0 }, empty[4], rc = SV_OK, found;
	int lines = 0;
	char label[512] = "", breakdown[32] = "", more[512] = "", text[256];
	sqlite3_stmt *st;
	plot_script p;

	if ((rc = db_prepare(db, &st, strcmp(o->lang, "nl") ? "SELECT breakdown, "
	    "label_fr FROM indicator_def WHERE indicator = ?1" : "SELECT "
	    "breakdown, label_nl FROM indicator_def WHERE indicator = ?1", e)))
		return rc;
	sqlite3_bind_text(st, 1, indicator, -1, SQLITE_STATIC);
	if (!(rc = db_lookup(db, st, &found, e)) && found) {
		snprintf(breakdown, sizeof breakdown, "%s", sqlite3_column_text(st, 0));
		snprintf(label, sizeof label, "%s", sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	if (rc)
		return rc;
	if (strcmp(breakdown, "victim_sex") && strcmp(breakdown, "author_sex"))
		return sv_errf(e, CHART_NODATA, "chart: indicator %s is not broken "
		    "down by sex", indicator);
	for (int k = 0; k < 4 && !rc; k++)
		if (!(y[k] = calloc((size_t)r->n, sizeof *y[k])))
			rc = sv_errf(e, SV_NOMEM, "out of memory");
	if (rc || (rc = load_sex(db, indicator, r, y, o->min_cell, small_of, e)))
		goto out;
	audit_gaps(o, indicator, r, y, small_of, gaps);
	if (small_of[1] && small_of[2]) {
		rc = CHART_WITHHELD;    /* women and men both left out */
		goto out;
	}
	for (int k = 0; k < 4; k++)
		for (int i = 0; i < r->n; i++)
			if (!small_of[k] && y[k][i] * 1.08 > ymax)
				ymax = y[k][i] * 1.08;
	/* a line at 0 in every month it would show is not drawn: nothing of
	 * it could be seen on the axis; a line left out is said */
	for (int k = 0; k < 4; k++) {
		empty[k] = !small_of[k];
		for (int i = 0; i < r->n && empty[k]; i++)
			empty[k] = !(y[k][i] > 0);
		lines += !small_of[k] && !empty[k];
		if (small_of[k]) {
			size_t len = strlen(more);
			snprintf(text, sizeof text, msg(o->lang, "legend_not_shown"),
			    msg(o->lang, keys[k]));
			snprintf(more + len, sizeof more - len, " %s.", text);
		}
	}
	if (!lines) {
		rc = sv_errf(e, CHART_NODATA, "chart: %s: no line to draw",
		    indicator);
		goto out;
	}
	chart_text_hidden(t, o->lang, label, strcmp(breakdown, "victim_sex") ?
	    "desc_author_sex" : "desc_victim_sex", r, y, 4, NULL, more);
	if ((rc = plot_begin(&p, o->session, path, o->fmt, 900, 420, e)))
		goto out;
	fputs("$S << EOD\n", p.fp);
	for (int i = 0; i < r->n; i++) {
		chart_month(p.fp, chart_month_at(r, i));
		chart_num(p.fp, i >= r->provisional ? ymax : NAN);
		for (int k = 0; k < 4; k++) {
			chart_num(p.fp, y[k][i]);
			/* a line left out, or a month hidden in it: suppressed */
			chart_data(o, chart_month_at(r, i), 0, "by_sex", sexes[k],
			    y[k][i], small_of[k] || isnan(y[k][i]) ? CHART_SUPPRESSED :
			    chart_shown(r, i));
		}
		putc('\n', p.fp);
	}
	fputs("EOD\n", p.fp);
	chart_count_axis(&p, "y", ymax, o->lang);
	fprintf(p.fp, "set yrange [0:%g]\nset title ", ymax);
	plot_string(&p, label);
	fputs("\nset ylabel ", p.fp);
	plot_string(&p, msg(o->lang, "ylabel_facts"));
	putc('\n', p.fp);
	chart_time_axis(&p, r, o->lang);
	fputs("plot ", p.fp);
	if (r->provisional < r->n) {
		chart_shade(&p, "$S", o->lang, 1);
		fputs(", ", p.fp);
	}
	for (int k = 1, n = 0; k <= 4; k++) {
		int c = k % 4;
		if (empty[c])
			continue;
		fputs(n++ ? ", " : "", p.fp);
		if (small_of[c]) {
			/* its 12-month sums are published: masking a month would not
			 * hide it, so the line is left out */
			snprintf(text, sizeof text, msg(o->lang, "legend_not_shown"),
			    msg(o->lang, keys[c]));
			fputs("NaN with lines lc rgb '#ffffff'", p.fp);
			plot_title(&p, text);
			continue;
		}
		fprintf(p.fp, "$S using 1:%d with lines lw 1.5 lc rgb '%s'", c + 3,
		    colors[c]);
		if (gaps[c]) {
			/* months hidden so that another line's small months stay
			 * hidden: gaps, said */
			snprintf(text, sizeof text, msg(o->lang, "legend_gaps"),
			    msg(o->lang, keys[c]));
			plot_title(&p, text);
			continue;
		}
		chart_legend(&p, o->lang, keys[c]);
	}
	putc('\n', p.fp);
	rc = plot_render(&p, e);
out:
	for (int k = 0; k < 4; k++)
		free(y[k]);
	return rc;
}

/* A month not delivered is marked, not only coloured: a white × on its
 * red (5.4:1), for readers who do not tell red from green; the green of
 * a month delivered is 3.4:1 against the page. */
#define COVERAGE_MARK "$C using 1:2:($3 > 0 ? \"\" : \"\xc3\x97\") with labels " \
	"tc rgb '#ffffff' font ',9'"
#define COVERAGE_MARK_PHONE "$C using 1:(2 * $2):($3 > 0 ? \"\" : " \
	"\"\xc3\x97\") with labels tc rgb '#ffffff' font ',9'"

/* The grid on a phone: its last CHART_PHONE_MONTHS, each zone's name on
 * a line of its own above its row (names as wide as a phone leave no room
 * beside it), a tick a half year. */
static int
coverage_phone(sqlite3 *db, plot_script *p, const chart_range *r,
    const int *zones, int nz, const char *lang, sv_err *e)
{
	char name[256];
	int from = r->n > CHART_PHONE_MONTHS ? r->n - CHART_PHONE_MONTHS : 0, rc;

	plot_phone(p, "unset title");
	if (!plot_phone_own(p, 70 + 36 * nz))
		return SV_OK;
	fputs("set xtics out (", p->fp);
	for (int i = from, first = 1; i < r->n; i++) {
		int m = chart_month_at(r, i) % 100;
		if (m != 1 && m != 7)
			continue;
		/* a year or the catalogue's month name: no data, no quote */
		if (m == 1)
			fprintf(p->fp, "%s'%d' %d", first ? "" : ", ",
			    chart_month_at(r, i) / 100, i);
		else
			fprintf(p->fp, "%s'%s' %d", first ? "" : ", ",
			    numfmt_month_abbr(lang, 7), i);
		first = 0;
	}
	fprintf(p->fp, ")\nunset ytics\nset lmargin 1\nset rmargin 2\n"
	    "set tmargin 1\nset xrange [%g:%g]\nset yrange [%g:-1.6]\n",
	    from - 0.5, r->n - 0.5, 2 * nz - 1.5);
	for (int z = 0; z < nz; z++) {
		if ((rc = chart_place(db, zones[z], lang, name, sizeof name, e)))
			return rc;
		fprintf(p->fp, "set label %d ", z + 1);
		plot_string(p, name);
		fprintf(p->fp, " at first %g, first %d left front\n", from - 0.5,
		    2 * z - 1);
	}
	fputs("plot $C using 1:(2 * $2):(0.5):(0.5):3 with boxxyerror "
	    "lc palette, " COVERAGE_MARK_PHONE "\n", p->fp);
	return SV_OK;
}

int
chart_coverage(sqlite3 *db, const chart_opts *o, const chart_range *r,
    const char *path, chart_text *t, sv_err *e)
{
	sqlite3_stmt *st;
	plot_script p;
	char name[256];
	int rc, *zones, nz, step = SQLITE_DONE;
	double widest = 0;

	if ((rc = chart_zone_list(db, &zones, &nz, e)))
		return rc;
	if ((rc = db_prepare(db, &st, "SELECT zone, month, delivered FROM coverage "
	    "WHERE month BETWEEN ?1 AND ?2 ORDER BY zone, month", e))) {
		free(zones);
		return rc;
	}
	sqlite3_bind_int(st, 1, r->from);
	sqlite3_bind_int(st, 2, r->to);
	chart_text_set(t, o->lang, msg(o->lang, "coverage_title"), "desc_coverage", r, "");
	if ((rc = plot_begin(&p, o->session, path, o->fmt, 900, 120 + 26 * nz, e))) {
		sqlite3_finalize(st);
		free(zones);
		return rc;
	}
	fputs("$C << EOD\n", p.fp);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int zi = -1;
		for (int z = 0; z < nz; z++)
			if (zones[z] == sqlite3_column_int(st, 0))
				zi = z;
		if (zi < 0)
			continue;
		fprintf(p.fp, "%d %d %d\n", chart_index_of(r, sqlite3_column_int(st, 1)),
		    zi, sqlite3_column_int(st, 2));
		chart_data(o, sqlite3_column_int(st, 1), zones[zi], "delivered", NULL,
		    sqlite3_column_int(st, 2), CHART_SHOWN);
	}
	if ((rc = db_finish(db, st, step, e))) {
		plot_discard(&p);
		free(zones);
		return rc;
	}
	fputs("EOD\nset xtics out (", p.fp);
	for (int i = 0, first = 1; i < r->n; i++)
		if (chart_month_at(r, i) % 100 == 1) {
			fprintf(p.fp, "%s'%d' %d", first ? "" : ", ", chart_month_at(r, i) / 100, i);
			first = 0;
		}
	fputs(")\nset ytics (", p.fp);
	for (int z = 0; z < nz; z++) {
		if ((rc = chart_place(db, zones[z], o->lang, name, sizeof name, e))) {
			plot_discard(&p);
			free(zones);
			return rc;
		}
		fputs(z ? ", " : "", p.fp);
		plot_string(&p, name);
		fprintf(p.fp, " %d", z);
		widest = fmax(widest, (double)text_chars(name));
	}
	/* the margin as wide as the longest zone's name, in characters */
	/* the first zone on top; each month a rectangle of its own, crisp
	 * at any size (an image's pixels are smoothed when scaled) */
	fprintf(p.fp, ")\nset yrange [%d.5:-0.5]\nunset grid\nunset colorbox\n"
	    "set palette defined (0 '#c0392b', 1 '#4a9a76')\nset cbrange [0:1]\n"
	    "set style fill solid 1.0 noborder\n"
	    "unset key\nset lmargin %d\nset title ", nz - 1, (int)widest + 3);
	plot_string(&p, msg(o->lang, "coverage_title"));
	fprintf(p.fp, "\nset xrange [-0.5:%d.5]\nplot $C using 1:2:(0.5):(0.5):3 "
	    "with boxxyerror lc palette, " COVERAGE_MARK "\n", r->n - 1);
	rc = coverage_phone(db, &p, r, zones, nz, o->lang, e);
	free(zones);
	if (rc) {
		plot_discard(&p);
		return rc;
	}
	return plot_render(&p, e);
}
