/*
 * indcharts — each share, rate and repeat indicator charted as what it is
 * (charts.h): a share as a percentage month by month with its base beside
 * it; a mix of modus operandi as each one's share of three months
 * (mixchart.c); a rate
 * per 1,000 inhabitants for the region and each zone; the share of
 * authors involved more than once in the 12 months to each month.
 *
 * The indicator's definition (reference/indicators.csv) says which: its
 * kind and its breakdown.  The series themselves are aggregate's, month
 * by month in indicator_month: a chart reads a few hundred rows, never
 * the cube or the incidents.
 */
#include "charts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/db.h"
#include "../core/month.h"
#include "../core/msg.h"
#include "audit.h"
#include "numfmt.h"


typedef struct idef {
	char name[128], kind[16], breakdown[64], label[512];
} idef;

static int
read_def(sqlite3 *db, const char *indicator, const char *lang, idef *d,
    sv_err *e)
{
	sqlite3_stmt *st;
	int rc, found = 0;

	if ((rc = db_prepare(db, &st, strcmp(lang, "nl") ? "SELECT kind, "
	    "breakdown, label_fr FROM indicator_def WHERE indicator = ?1" :
	    "SELECT kind, breakdown, label_nl FROM indicator_def WHERE "
	    "indicator = ?1", e)))
		return rc;
	sqlite3_bind_text(st, 1, indicator, -1, SQLITE_STATIC);
	if (!(rc = db_lookup(db, st, &found, e)) && found) {
		snprintf(d->name, sizeof d->name, "%s", indicator);
		snprintf(d->kind, sizeof d->kind, "%s", sqlite3_column_text(st, 0));
		snprintf(d->breakdown, sizeof d->breakdown, "%s",
		    sqlite3_column_text(st, 1));
		snprintf(d->label, sizeof d->label, "%s", sqlite3_column_text(st, 2));
	}
	sqlite3_finalize(st);
	if (!rc && !found)
		rc = sv_errf(e, CHART_NODATA, "chart: no indicator '%s'", indicator);
	return rc;
}

/* Whether some month in [from, n) has a share to draw. */
static int
drawable(const double *base, const char *gap, int from, int n)
{
	for (int i = from; i < n; i++)
		if (base[i] > 0 && !gap[i])
			return 1;
	return 0;
}



/* The indicator's own series (part '') from month index `first` of r on:
 * numerator and base by month, and whether any would let a small count
 * be read. */
static int
load_ratio(sqlite3 *db, const idef *d, const chart_range *r, int first,
    int min_cell, double *num, double *base, int *withheld, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, step;

	if ((rc = db_prepare(db, &st, "SELECT month, n, base FROM indicator_month "
	    "WHERE indicator = ?3 AND part = '' AND month BETWEEN ?1 AND ?2", e)))
		return rc;
	sqlite3_bind_int(st, 1, chart_month_at(r, first));
	sqlite3_bind_int(st, 2, r->to);
	sqlite3_bind_text(st, 3, d->name, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int i = chart_index_of(r, sqlite3_column_int(st, 0));
		if (i < first)
			continue;
		num[i] = sqlite3_column_double(st, 1);
		base[i] = sqlite3_column_double(st, 2);
		*withheld |= chart_small(num[i], base[i], min_cell);
	}
	return db_finish(db, st, step, e);
}

/* The months of a share the publication's audit hides (audit.h): no base
 * where the base is hidden, no share where either term is.  Returns how
 * many months delivered (not gap[i]) lost something. */
static int
audit_hide(const chart_opts *o, const idef *d, const chart_range *r,
    double *num, double *base, const char *gap)
{
	char key[256];
	int n = 0;

	for (int i = 0; i < r->n && o->audit; i++) {
		int m = chart_month_at(r, i), lost = 0;
		snprintf(key, sizeof key, "s/%s/base/%d", d->name, m);
		if (audit_state(o->audit, key) != AUDIT_SHOWN)
			base[i] = NAN, lost = 1;
		snprintf(key, sizeof key, "s/%s/num/%d", d->name, m);
		if (audit_state(o->audit, key) != AUDIT_SHOWN)
			num[i] = NAN, lost = 1;
		n += lost && !gap[i];
	}
	return n;
}

/* The top of a y2 axis of bars: the highest bar drawn (months from
 * `from` on, not gaps) and some room; 1 when none. */
static double
bars_top(const double *base, const char *gap, int from, int n)
{
	double m = 0;

	for (int i = from; i < n; i++)
		if (!gap[i] && base[i] > m)
			m = base[i];
	return m > 0 ? m * 1.08 : 1;
}

/* Month i of a share as drawn (charts.h: chart_data()): the share and
 * its base, either left out where the audit hid a term (NaN). */
static void
ratio_data(const chart_opts *o, const chart_range *r, int i,
    const char *share, const char *of, double num, double base, int gap)
{
	int m = chart_month_at(r, i);
	enum chart_status s = gap ? CHART_NOT_DELIVERED : chart_shown(r, i);

	chart_data(o, m, 0, share, NULL, base > 0 ? 100 * num / base : NAN,
	    s == CHART_NOT_DELIVERED ? s : isnan(num) || isnan(base) ?
	    CHART_SUPPRESSED : s);
	chart_data(o, m, 0, of, NULL, base, s == CHART_NOT_DELIVERED ? s :
	    isnan(base) ? CHART_SUPPRESSED : s);
}

/* A share by month: the line in percent, its base as bars on the right
 * axis. */
static int
share_chart(sqlite3 *db, const idef *d, const chart_opts *o,
    const chart_range *r, const char *path, chart_text *t, sv_err *e)
{
	double *num = calloc((size_t)r->n, sizeof *num);
	double *base = calloc((size_t)r->n, sizeof *base);
	char *gap = malloc((size_t)r->n);
	plot_script p;
	int rc = SV_OK, withheld = 0, hidden;

	if (!num || !base || !gap)
		rc = sv_errf(e, SV_NOMEM, "out of memory");
	else
		rc = chart_gaps(db, r, 0, gap, e);
	if (rc || (rc = load_ratio(db, d, r, 0, o->min_cell, num, base,
	    &withheld, e)))
		goto out;
	if (withheld) {
		rc = CHART_WITHHELD;
		goto out;
	}
	hidden = audit_hide(o, d, r, num, base, gap);
	if (!drawable(base, gap, 0, r->n)) {
		rc = sv_errf(e, CHART_NODATA, "chart: %s: no month to draw", d->name);
		goto out;
	}
	chart_text_hidden(t, o->lang, d->label, "desc_share", r, (double *[]){
	    num, base }, 2, gap, "");
	if ((rc = plot_begin(&p, o->session, path, o->fmt, 900, 420, e)))
		goto out;
	fputs("$D << EOD\n", p.fp);
	for (int i = 0; i < r->n; i++) {
		chart_month(p.fp, chart_month_at(r, i));
		chart_num(p.fp, i >= r->provisional ? 100 : NAN);
		chart_num(p.fp, chart_published("share", base[i] > 0 && !gap[i] ?
		    100 * num[i] / base[i] : NAN));
		chart_num(p.fp, gap[i] ? NAN : base[i]);
		putc('\n', p.fp);
		ratio_data(o, r, i, "share", "base", num[i], base[i], gap[i]);
	}
	fputs("EOD\n", p.fp);
	chart_time_axis(&p, r, o->lang);
	fprintf(p.fp, "set yrange [0:100]\nset y2range [0:%g]\nset y2tics\nset "
	    "ytics nomirror\nset boxwidth 2000000\n", bars_top(base, gap, 0,
	    r->n));
	chart_percent_axis(&p, "y", o->lang);
	chart_count_axis(&p, "y2", bars_top(base, gap, 0, r->n), o->lang);
	fputs("set ylabel ", p.fp);
	plot_string(&p, msg(o->lang, "ylabel_share"));
	fputs("\nset y2label ", p.fp);
	plot_string(&p, msg(o->lang, "ylabel_base"));
	fputs("\nset title ", p.fp);
	plot_string(&p, d->label);
	fputs("\nplot ", p.fp);
	chart_shade_then(&p, r, "$D", o->lang);
	fputs("$D using 1:4 axes x1y2 with boxes fs solid 0.5 border lc rgb "
	    CHART_BASE_BORDER " lc rgb '#c8d3e0'", p.fp);
	chart_legend(&p, o->lang, hidden ? "legend_base_gaps" : "legend_base");
	/* points as well: a month between two hidden ones is still seen */
	fputs(", $D using 1:3 with linespoints lw 2 pt 7 ps 0.35 lc rgb "
	    "'#2f5f98'", p.fp);
	chart_legend(&p, o->lang, "legend_share");
	putc('\n', p.fp);
	rc = plot_render(&p, e);
out:
	free(num);
	free(base);
	free(gap);
	return rc;
}


/* Facts per 1,000 inhabitants, month by month: the region and each zone. */
static int
rate_chart(sqlite3 *db, const idef *d, const chart_opts *o,
    const chart_range *r, const char *path, chart_text *t, sv_err *e)
{
	sqlite3_stmt *st;
	plot_script p;
	int rc, nz = 0, zones[64], step = SQLITE_DONE;
	char names[65][256], title[sizeof d->label + 64];
	double pop[65] = { 0 }, (*v)[65] = calloc((size_t)r->n, sizeof *v);
	int withheld = 0;

	if (!v)
		return sv_errf(e, SV_NOMEM, "out of memory");
	if ((rc = db_prepare(db, &st, strcmp(o->lang, "nl") ? "SELECT z.zone, z.name_fr, "
	    "(SELECT sum(population) FROM population p JOIN commune c ON c.nis = "
	    "p.nis WHERE c.zone = z.zone AND p.sex = 'T' AND p.year = (SELECT "
	    "max(year) FROM population)) FROM zone z ORDER BY z.zone" :
	    "SELECT z.zone, z.name_nl, (SELECT sum(population) FROM population p "
	    "JOIN commune c ON c.nis = p.nis WHERE c.zone = z.zone AND p.sex = 'T' "
	    "AND p.year = (SELECT max(year) FROM population)) FROM zone z ORDER "
	    "BY z.zone", e))) {
		free(v);
		return rc;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW && !rc) {
		if (nz == 64) {
			rc = sv_errf(e, CHART_NODATA, "chart: more than 64 zones: too many "
			    "lines to draw");
			break;
		}
		zones[nz] = sqlite3_column_int(st, 0);
		snprintf(names[nz + 1], sizeof names[0], "%s", sqlite3_column_text(st, 1));
		pop[nz + 1] = sqlite3_column_double(st, 2);
		pop[0] += pop[nz + 1];
		nz++;
	}
	if (rc)
		sqlite3_finalize(st);
	else
		rc = db_finish(db, st, step, e);
	if (rc || (rc = chart_place(db, 0, o->lang, names[0], sizeof names[0],
	    e)) || (rc = chart_totals(db, e)) || (rc = db_prepare(db, &st,
	    "SELECT month, zone, sum(n) FROM month_total WHERE phenomenon IN "
	    "(SELECT phenomenon FROM series_set) AND month BETWEEN ?1 AND ?2 GROUP "
	    "BY 1, 2", e))) {
		free(v);
		return rc;
	}
	sqlite3_bind_int(st, 1, r->from);
	sqlite3_bind_int(st, 2, r->to);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int i = chart_index_of(r, sqlite3_column_int(st, 0));
		double n = sqlite3_column_double(st, 2);
		withheld |= chart_small(n, NAN, o->min_cell);
		for (int z = 0; i >= 0 && z < nz; z++)
			if (zones[z] == sqlite3_column_int(st, 1)) {
				v[i][z + 1] += n;
				v[i][0] += n;
			}
	}
	if ((rc = db_finish(db, st, step, e))) {
		free(v);
		return rc;
	}
	if (withheld) {
		free(v);
		return CHART_WITHHELD;
	}
	char (*gaps)[r->n] = malloc((size_t)(nz + 1) * (size_t)r->n);
	for (int z = 0; gaps && !rc && z <= nz; z++)
		rc = chart_gaps(db, r, z ? zones[z - 1] : 0, gaps[z], e);
	if (!gaps || rc) {
		free(v);
		free(gaps);
		return rc ? rc : sv_errf(e, SV_NOMEM, "out of memory");
	}
	/* the table beside it is by commune; the chart draws the region
	 * and its zones, and its title says so */
	snprintf(title, sizeof title, msg(o->lang, "rate_chart_title"), d->label);
	chart_text_set(t, o->lang, title, "desc_rate", r, "");
	if ((rc = plot_begin(&p, o->session, path, o->fmt, 900, 460, e))) {
		free(v);
		free(gaps);
		return rc;
	}
	fputs("$D << EOD\n", p.fp);
	double ymax = 0;
	for (int i = 0; i < r->n; i++)
		for (int z = 0; z <= nz; z++)
			if (pop[z] > 0 && 1000 * v[i][z] / pop[z] > ymax)
				ymax = 1000 * v[i][z] / pop[z];
	ymax = ymax > 0 ? ymax * 1.08 : 1;
	for (int i = 0; i < r->n; i++) {
		chart_month(p.fp, chart_month_at(r, i));
		chart_num(p.fp, i >= r->provisional ? ymax : NAN);
		for (int z = 0; z <= nz; z++) {
			double x = chart_published("rate", pop[z] > 0 &&
			    !gaps[z][i] ? 1000 * v[i][z] / pop[z] : NAN);
			chart_num(p.fp, x);
			chart_data(o, chart_month_at(r, i), z ? zones[z - 1] : 0, "rate",
			    NULL, x, gaps[z][i] ? CHART_NOT_DELIVERED : chart_shown(r, i));
		}
		putc('\n', p.fp);
	}
	fputs("EOD\n", p.fp);
	chart_time_axis(&p, r, o->lang);
	fprintf(p.fp, "set yrange [0:%g]\nset key outside right vertical\n"
	    "set ylabel ", ymax);
	plot_string(&p, msg(o->lang, "ylabel_rate"));
	fputs("\nset title ", p.fp);
	plot_string(&p, title);
	fputs("\nplot ", p.fp);
	chart_shade_then(&p, r, "$D", o->lang);
	for (int z = 0; z <= nz; z++) {
		fprintf(p.fp, "%s$D using 1:%d with lines lw %s", z ? ", " : "", z + 3,
		    z ? "1.1" : "2.6 lc rgb '#1d232b'");
		if (z)
			fprintf(p.fp, " lc rgb '%s'", chart_palette[(z - 1) % 8]);
		plot_title(&p, names[z]);
	}
	putc('\n', p.fp);
	free(v);
	free(gaps);
	return plot_render(&p, e);
}

/* The share of authors involved more than once in the 12 months to each
 * month (an author is a pseudonymous reference within a zone), for the
 * last three years. */
static int
repeat_chart(sqlite3 *db, const idef *d, const chart_opts *o,
    const chart_range *r, const char *path, chart_text *t, sv_err *e)
{
	plot_script p;
	int rc = SV_OK, first = r->n > 36 ? r->n - 36 : 0, withheld = 0;
	double *num = calloc((size_t)r->n, sizeof *num);
	double *base = calloc((size_t)r->n, sizeof *base);
	char *gap = malloc((size_t)r->n);

	if (!num || !base || !gap || (rc = chart_gaps(db, r, 0, gap, e))) {
		free(num), free(base), free(gap);
		return rc ? rc : sv_errf(e, SV_NOMEM, "out of memory");
	}
	/* a window with a month not delivered has no share */
	for (int i = r->n - 1; i >= 0; i--)
		for (int k = i - 1; k >= 0 && k > i - 12; k--)
			gap[i] |= gap[k];
	if ((rc = load_ratio(db, d, r, first, o->min_cell, num, base, &withheld,
	    e))) {
		free(num), free(base), free(gap);
		return rc;
	}
	if (withheld || !drawable(base, gap, first, r->n)) {
		free(num), free(base), free(gap);
		return withheld ? CHART_WITHHELD : sv_errf(e, CHART_NODATA, "chart: "
		    "%s: no complete 12 months to draw", d->name);
	}
	chart_range shown = chart_range_from(r, first);
	int gaps = 0;
	for (int i = first; i < r->n; i++)
		gaps |= gap[i];
	chart_text_set(t, o->lang, d->label, "desc_repeat", &shown, gaps ?
	    msg(o->lang, "desc_repeat_gaps") : "");
	if ((rc = plot_begin(&p, o->session, path, o->fmt, 900, 420, e))) {
		free(num), free(base), free(gap);
		return rc;
	}
	fputs("$D << EOD\n", p.fp);
	double ymax = 0;
	for (int i = first; i < r->n; i++)
		if (base[i] > 0 && 100 * num[i] / base[i] > ymax)
			ymax = 100 * num[i] / base[i];
	ymax = ymax > 0 ? ymax * 1.3 : 1;
	for (int i = first; i < r->n; i++) {
		chart_month(p.fp, chart_month_at(r, i));
		chart_num(p.fp, i >= r->provisional ? ymax : NAN);
		chart_num(p.fp, chart_published("repeat_share", base[i] > 0 &&
		    !gap[i] ? 100 * num[i] / base[i] : NAN));
		chart_num(p.fp, gap[i] ? NAN : base[i]);
		putc('\n', p.fp);
		ratio_data(o, r, i, "repeat_share", "authors", num[i], base[i],
		    gap[i]);
	}
	fputs("EOD\n", p.fp);
	chart_time_axis(&p, &shown, o->lang);
	fprintf(p.fp, "set yrange [0:%g]\nset y2range [0:%g]\nset y2tics\nset "
	    "ytics nomirror\nset boxwidth 2000000\n", ymax, bars_top(base, gap,
	    first, r->n));
	chart_percent_axis(&p, "y", o->lang);
	chart_count_axis(&p, "y2", bars_top(base, gap, first, r->n), o->lang);
	fputs("set ylabel ", p.fp);
	plot_string(&p, msg(o->lang, "ylabel_repeat"));
	fputs("\nset y2label ", p.fp);
	plot_string(&p, msg(o->lang, "ylabel_authors"));
	fputs("\nset title ", p.fp);
	plot_string(&p, d->label);
	fputs("\nplot ", p.fp);
	chart_shade_then(&p, &shown, "$D", o->lang);
	fputs("$D using 1:4 axes x1y2 with boxes fs solid 0.5 border lc rgb "
	    CHART_BASE_BORDER " lc rgb '#c8d3e0'", p.fp);
	chart_legend(&p, o->lang, "legend_authors");
	fputs(", $D using 1:3 with lines lw 2 lc rgb '#aa3377'", p.fp);
	chart_legend(&p, o->lang, "legend_repeat");
	putc('\n', p.fp);
	free(num), free(base), free(gap);
	return plot_render(&p, e);
}

int
chart_indicator(sqlite3 *db, const char *indicator, const chart_opts *o,
    const char *path, chart_text *t, sv_err *e)
{
	char set[160];
	chart_range r;
	idef d;
	int rc;

	if ((rc = read_def(db, indicator, o->lang, &d, e)))
		return rc;
	snprintf(set, sizeof set, "indicator:%s", indicator);
	if (!strcmp(d.kind, "partner"))
		return (rc = chart_months(db, o, &r, e)) ? rc : chart_partner(db,
		    indicator, d.label, o, r.through, path, t, e);
	if ((rc = chart_months(db, o, &r, e)) ||
	    (rc = chart_provisional(db, set, &r, e)))
		return rc;
	if (!strcmp(d.kind, "rate"))
		return rate_chart(db, &d, o, &r, path, t, e);
	if (!strcmp(d.kind, "repeat"))
		return repeat_chart(db, &d, o, &r, path, t, e);
	if (!strcmp(d.kind, "share") && !strcmp(d.breakdown, "modus_operandi"))
		return chart_mix(db, d.name, d.label, o, &r, path, t, e);
	if (!strcmp(d.kind, "share"))
		return share_chart(db, &d, o, &r, path, t, e);
	return sv_errf(e, CHART_NODATA, "chart: indicator %s is of kind '%s', "
	    "charted with its measure", indicator, d.kind);
}
