/*
 * revchart — a measure's series as the reports published it (charts.h:
 * CHART_REVISION): each month of the last CHART_REVISION_MONTHS before
 * the one under review that a report reviewed, or a later one, as first
 * published and as the last report before this one published it (a gap
 * where it hid it; a month older than the first report was never
 * published new), from the figures kept with each
 * publication (published_value, shown ones only: nothing a page hid).
 * The gap between the lines is what late registrations and corrections
 * added since a month was first published.
 */
#include "charts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "../core/db.h"
#include "../core/grow.h"
#include "../core/month.h"
#include "../core/msg.h"
#include "numfmt.h"

typedef struct vintage {
	int month;              /* yyyymm of the facts */
	double first, last;
} vintage;

/* The series' months before through as first and last published, into
 * *v (*n of them); *last_pub the month (yyyymm) the last report
 * reviewed. */
static int
read_vintages(sqlite3 *db, const char *measure, int through, vintage **v,
    size_t *n, int *last_pub, sv_err *e)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc, step;

	*v = NULL;
	*n = 0;
	*last_pub = 0;
	if ((rc = db_prepare(db, &st, "WITH s AS (SELECT CAST(substr(v.period, "
	    "1, 4) AS INTEGER) * 100 + CAST(substr(v.period, 6, 2) AS INTEGER) AS "
	    "m, v.value, p.month AS pm, p.id FROM published_value v JOIN "
	    "publication p ON p.id = v.publication WHERE v.kind = 'series' AND "
	    "v.subject = ?1 AND v.part = '' AND v.shown AND p.month < ?2) "
	    "SELECT m, (SELECT value FROM s a WHERE a.m = s.m ORDER BY pm, id "
	    "LIMIT 1), (SELECT value FROM s a WHERE a.m = s.m AND a.id = (SELECT "
	    "max(id) FROM publication WHERE month < ?2)), (SELECT month FROM "
	    "publication WHERE id = (SELECT max(id) FROM publication WHERE month "
	    "< ?2)) FROM s WHERE m >= max(?3, (SELECT min(pm) FROM s)) GROUP BY m "
	    "ORDER BY m", e)))
		return rc;
	sqlite3_bind_text(st, 1, measure, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, through);
	sqlite3_bind_int(st, 3, month_to_yyyymm(month_from_yyyymm(through) -
	    CHART_REVISION_MONTHS));
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (grow((void **)v, &cap, *n + 1, sizeof **v)) {
			sqlite3_finalize(st);
			return sv_errf(e, SV_NOMEM, "out of memory");
		}
		(*v)[*n].month = sqlite3_column_int(st, 0);
		(*v)[*n].first = sqlite3_column_double(st, 1);
		/* a month the last report hid (or did not reach): a gap */
		(*v)[(*n)++].last = db_column_real(st, 2);
		*last_pub = sqlite3_column_int(st, 3);
	}
	return db_finish(db, st, step, e);
}

/* The datablock: month, first, last; each value a row of the chart's
 * data; *ymax the largest. */
static void
datablock(plot_script *p, const chart_opts *o, const vintage *v, size_t n,
    double *ymax)
{
	*ymax = 0;
	fputs("$R << EOD\n", p->fp);
	for (size_t i = 0; i < n; i++) {
		chart_month(p->fp, v[i].month);
		chart_num(p->fp, v[i].first);
		chart_num(p->fp, v[i].last);
		putc('\n', p->fp);
		chart_data(o, v[i].month, 0, "first_published", NULL, v[i].first,
		    CHART_SHOWN);
		chart_data(o, v[i].month, 0, "last_published", NULL, v[i].last,
		    CHART_SHOWN);
		if (v[i].first > *ymax)
			*ymax = v[i].first;
		if (!isnan(v[i].last) && v[i].last > *ymax)
			*ymax = v[i].last;
	}
	fputs("EOD\n", p->fp);
}

int
chart_revision(sqlite3 *db, const char *measure, const chart_opts *o,
    const char *path, chart_text *t, sv_err *e)
{
	char name[300], title[512], when[64];
	chart_range r;
	plot_script p;
	vintage *v;
	size_t n;
	double ymax;
	int rc, last_pub;

	if ((rc = chart_months(db, o, &r, e)) ||
	    (rc = read_vintages(db, measure, r.through, &v, &n, &last_pub, e)))
		return rc;
	if (n < 2) {
		free(v);
		return sv_errf(e, CHART_NODATA, "chart: %s: fewer than two months "
		    "published before", measure);
	}
	r.from = v[0].month;
	r.to = v[n - 1].month;
	r.n = r.provisional = month_from_yyyymm(r.to) -
	    month_from_yyyymm(r.from) + 1;
	if ((rc = chart_set_title(db, measure, o->lang, name, sizeof name, e))) {
		free(v);
		return rc;
	}
	numfmt_month(o->lang, last_pub, when, sizeof when);
	snprintf(title, sizeof title, msg(o->lang, "title_revision"), name, when);
	numfmt_elide(o->lang, title);
	chart_text_set(t, o->lang, title, "desc_revision", &r, "");
	if ((rc = plot_begin(&p, o->session, path, o->fmt, 900, 360, e))) {
		free(v);
		return rc;
	}
	datablock(&p, o, v, n, &ymax);
	free(v);
	chart_time_axis(&p, &r, o->lang);
	chart_count_axis(&p, "y", ymax, o->lang);
	fprintf(p.fp, "set yrange [0:%g]\nset key top left\nplot $R using 1:2 "
	    "with linespoints pt 6 ps 0.7 lw 1.4 dt 2 lc rgb '#6b6b6b'",
	    ymax > 0 ? ymax * 1.2 : 1);
	chart_legend(&p, o->lang, "legend_first_published");
	fputs(", $R using 1:3 with linespoints pt 7 ps 0.7 lw 1.8 lc rgb "
	    "'#2f5f98'", p.fp);
	chart_legend(&p, o->lang, "legend_last_published");
	putc('\n', p.fp);
	return plot_render(&p, e);
}
