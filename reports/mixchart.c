/*
 * mixchart — the mix of modus operandi of a set of phenomena: each code's
 * share of the facts with one, over the three months to each month
 * (charts.h: chart_mix()).
 */
#include "charts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/db.h"
#include "../core/msg.h"

#define MIX_CODES 64            /* the modus operandi a mix draws, at most */

/* Whether some month of a mix (three months summed into c[i], i from
 * first + 2) has a share to draw: facts, and its three months
 * delivered. */
static int
mix_drawable(double (*c)[MIX_CODES], int ncodes, const char *gap, int first,
    int n)
{
	for (int i = first + 2; i < n; i++) {
		double base = 0;
		for (int k = 0; k < ncodes; k++)
			base += c[i][k];
		if (base > 0 && !gap[i] && !gap[i - 1] && !gap[i - 2])
			return 1;
	}
	return 0;
}


static void
free_names(char *names[64])
{
	for (int k = 0; k < 64; k++)
		free(names[k]);
}

/* Whether every code of the space-separated list sub is in set. */
static int
within(const char *sub, const char *set)
{
	size_t n;

	for (const char *p = sub; *p; p += n + strspn(p + n, " ")) {
		const char *q = set;
		int found = 0;
		n = strcspn(p, " ");
		while (*q && !found) {
			size_t m = strcspn(q, " ");
			found = m == n && !strncmp(p, q, n);
			q += m + strspn(q + m, " ");
		}
		if (!found)
			return 0;
	}
	return 1;
}

/* Whether the facts of indicator `name` less those of `part`, by modus
 * operandi over three months from first, have a count of 1 to
 * min_cell - 1 (*small set). */
static int
rest_small(sqlite3 *db, const char *name, const char *part,
    const chart_range *r, int first, int min_cell, int *small, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, step;

	/* the rest of each month and code, and of the two months before */
	if ((rc = db_prepare(db, &st, "WITH d AS (SELECT a.month, a.part, a.n - "
	    "coalesce(b.n, 0) AS n FROM indicator_month a LEFT JOIN "
	    "indicator_month b ON b.indicator = ?2 AND b.month = a.month AND "
	    "b.part = a.part WHERE a.indicator = ?1 AND a.month BETWEEN ?3 AND "
	    "?4) SELECT 1 FROM d d0 LEFT JOIN d d1 ON d1.part = d0.part AND "
	    "d1.month = CASE WHEN d0.month % 100 = 1 THEN d0.month - 89 ELSE "
	    "d0.month - 1 END LEFT JOIN d d2 ON d2.part = d0.part AND d2.month = "
	    "CASE WHEN d0.month % 100 <= 2 THEN d0.month - 90 ELSE d0.month - 2 "
	    "END WHERE d0.month >= ?5 AND d0.n + coalesce(d1.n, 0) + "
	    "coalesce(d2.n, 0) BETWEEN 1 AND ?6 LIMIT 1", e)))
		return rc;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, part, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, chart_month_at(r, first));
	sqlite3_bind_int(st, 4, r->to);
	sqlite3_bind_int(st, 5, chart_month_at(r, first + 2 < r->n ? first + 2 :
	    first));
	sqlite3_bind_int(st, 6, min_cell - 1);
	if ((step = sqlite3_step(st)) == SQLITE_ROW)
		*small = 1;
	return db_finish(db, st, step, e);
}

int
chart_mix_parts(sqlite3 *db, const char *name, char (*out)[128], int max,
    int *n, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, step;

	*n = 0;
	if ((rc = db_prepare(db, &st, "SELECT o.indicator, o.phenomena, "
	    "m.phenomena FROM indicator_def o JOIN indicator_def m ON "
	    "m.indicator = ?1 WHERE o.kind = 'share' AND o.breakdown = "
	    "'modus_operandi' AND o.indicator <> m.indicator AND o.phenomena "
	    "<> '' AND length(o.phenomena) < length(m.phenomena) ORDER BY "
	    "o.seq", e)))
		return rc;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (!within((const char *)sqlite3_column_text(st, 1),
		    (const char *)sqlite3_column_text(st, 2)))
			continue;
		if (*n == max) {
			sqlite3_finalize(st);
			return sv_errf(e, SV_DATAERR, "indicators.csv: more than %d "
			    "mixes of modus operandi within %s", max, name);
		}
		snprintf(out[(*n)++], sizeof *out, "%s", (const char *)
		    sqlite3_column_text(st, 0));
	}
	return db_finish(db, st, step, e);
}

/*
 * Whether another mix of the publication draws a part of this one's
 * phenomena (the burglaries without home-jacking, beside all of them)
 * and the rest, the one less the other, has a modus operandi of 1 to
 * min_cell - 1 facts in three months from first: the two charts' shares
 * would give those counts back, as their difference.  *small is set.
 */
static int
nested_small(sqlite3 *db, const char *name, const chart_range *r, int first,
    int min_cell, int *small, sv_err *e)
{
	char parts[CHART_MIX_PARTS][128];
	int rc, n;

	if ((rc = chart_mix_parts(db, name, parts, CHART_MIX_PARTS, &n, e)))
		return rc;
	for (int i = 0; i < n && !rc && !*small; i++)
		rc = rest_small(db, name, parts[i], r, first, min_cell, small, e);
	return rc;
}

/* Each modus operandi's share of the set's facts with one, over the three
 * months to each month (single months are too few). */
int
chart_mix(sqlite3 *db, const char *name, const char *label,
    const chart_opts *o, const chart_range *r, const char *path,
    chart_text *t, sv_err *e)
{
	sqlite3_stmt *st;
	plot_script p;
	int rc, step = SQLITE_DONE, ncodes = 0, withheld = 0;
	int first = r->n > 63 ? r->n - 63 : 0, lo = r->n;
	char *names[MIX_CODES] = { NULL }, *codes[MIX_CODES] = { NULL };
	char *gap = NULL;
	double (*c)[MIX_CODES] = calloc((size_t)r->n, sizeof *c);

	if (!c)
		return sv_errf(e, SV_NOMEM, "out of memory");
	if ((rc = db_prepare(db, &st, strcmp(o->lang, "nl") ? "SELECT s.month, "
	    "s.part, s.n, coalesce(m.label_fr, s.part), dense_rank() OVER (ORDER "
	    "BY s.part) - 1 FROM indicator_month s LEFT JOIN modus_operandi m ON "
	    "m.code = s.part WHERE s.indicator = ?3 AND s.n > 0 AND s.month "
	    "BETWEEN ?1 AND ?2 ORDER BY 2" : "SELECT s.month, s.part, s.n, "
	    "coalesce(m.label_nl, s.part), dense_rank() OVER (ORDER BY s.part) - 1 "
	    "FROM indicator_month s LEFT JOIN modus_operandi m ON m.code = s.part "
	    "WHERE s.indicator = ?3 AND s.n > 0 AND s.month BETWEEN ?1 AND ?2 "
	    "ORDER BY 2", e))) {
		free(c);
		return rc;
	}
	sqlite3_bind_int(st, 1, chart_month_at(r, first));
	sqlite3_bind_int(st, 2, r->to);
	sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
	/* each code's dense rank is its column: no code is copied or compared */
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		int i = chart_index_of(r, sqlite3_column_int(st, 0)),
		    k = sqlite3_column_int(st, 4);
		if (k >= MIX_CODES)
			rc = sv_errf(e, CHART_NODATA, "chart: %s has more than %d modus "
			    "operandi: too many to draw", name, MIX_CODES);
		else if ((!names[k] && !(names[k] = strdup((const char *)
		    sqlite3_column_text(st, 3)))) || (!codes[k] && !(codes[k] =
		    strdup((const char *)sqlite3_column_text(st, 1)))))
			rc = sv_errf(e, SV_NOMEM, "out of memory");
		else if (i >= 0)
			c[i][k] = sqlite3_column_double(st, 2);
		if (i >= 0 && i < lo)
			lo = i;
		if (k + 1 > ncodes && k < 64)
			ncodes = k + 1;
	}
	sqlite3_finalize(st);
	if (!rc && step != SQLITE_DONE)
		rc = db_fail(db, step, e);
	if (!rc && !ncodes)
		rc = sv_errf(e, CHART_NODATA, "chart: no modus operandi recorded for %s",
		    name);
	if (lo > first)
		first = lo;     /* aggregate keeps the codes of recent years only */
	if (!rc && r->n - first < 3)
		rc = sv_errf(e, CHART_NODATA, "chart: %s: fewer than three months "
		    "of modus operandi", name);
	/* three-month sums, and the disclosure of each */
	for (int i = r->n - 1; !rc && i >= first + 2; i--) {
		double base = 0;
		for (int k = 0; k < ncodes; k++) {
			c[i][k] += c[i - 1][k] + c[i - 2][k];
			base += c[i][k];
		}
		for (int k = 0; k < ncodes; k++)
			withheld |= chart_small(c[i][k], base, o->min_cell);
	}
	if (!rc && !withheld && o->min_cell)
		rc = nested_small(db, name, r, first, o->min_cell, &withheld, e);
	if (!rc && withheld)
		rc = CHART_WITHHELD;
	if (rc) {
		free(c);
		free_names(names);
		free_names(codes);
		return rc;
	}
	if (!(gap = malloc((size_t)r->n)))
		rc = sv_errf(e, SV_NOMEM, "out of memory");
	else
		rc = chart_gaps(db, r, 0, gap, e);
	if (!rc && !mix_drawable(c, ncodes, gap, first, r->n))
		rc = sv_errf(e, CHART_NODATA, "chart: %s: no three months in a row "
		    "that every zone delivered", name);
	chart_range drawn = chart_range_from(r, first + 2);
	chart_text_set(t, o->lang, label, "desc_mix", &drawn, "");
	if (rc || (rc = plot_begin(&p, o->session, path, o->fmt, 900, 460, e))) {
		free(c);
		free(gap);
		free_names(names);
		free_names(codes);
		return rc;
	}
	fputs("$D << EOD\n", p.fp);
	for (int i = first + 2; i < r->n; i++) {
		double base = 0;
		for (int k = 0; k < ncodes; k++)
			base += c[i][k];
		if (gap[i] || gap[i - 1] || gap[i - 2])
			base = 0;       /* a month not delivered: no share */
		chart_month(p.fp, chart_month_at(r, i));
		chart_num(p.fp, i >= r->provisional ? 100 : NAN);
		for (int k = 0; k < ncodes; k++) {
			double sh = chart_published("share_3m", base > 0 ? 100 *
			    c[i][k] / base : NAN);
			chart_num(p.fp, sh);
			chart_data(o, chart_month_at(r, i), 0, "share_3m", codes[k],
			    sh, gap[i] || gap[i - 1] || gap[i - 2] ?
			    CHART_NOT_DELIVERED : chart_shown(r, i));
		}
		putc('\n', p.fp);
	}
	fputs("EOD\n", p.fp);
	chart_range shown = *r;
	shown.from = chart_month_at(r, first + 2);
	shown.n = r->n - first - 2;
	shown.provisional = r->provisional - first - 2;
	chart_time_axis(&p, &shown, o->lang);
	/* shares: to 100 %, the phone's months with none or not */
	fputs("set yrange [0:100]\n", p.fp);
	chart_percent_axis(&p, "y", o->lang);
	fputs("set ylabel ", p.fp);
	plot_string(&p, msg(o->lang, "ylabel_share_3m"));
	fputs("\nset title ", p.fp);
	plot_string(&p, label);
	fputs("\nplot ", p.fp);
	chart_shade_then(&p, &shown, "$D", o->lang);
	for (int k = 0; k < ncodes; k++) {
		fprintf(p.fp, "%s$D using 1:%d with lines lw 1.6 lc rgb '%s'",
		    k ? ", " : "", k + 3, chart_palette[k % 8]);
		plot_title(&p, names[k]);
	}
	putc('\n', p.fp);
	free(c);
	free(gap);
	free_names(names);
	free_names(codes);
	return plot_render(&p, e);
}
