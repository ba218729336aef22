/*
 * modchart — a modus-operandi signal's chart (charts.h: chart_modus()):
 * the phenomenon's facts with the code, month by month, and their share
 * of all its facts, dashed, on the right axis, over the last
 * CHART_MODUS_MONTHS months, the signal's three shaded; the months as
 * aggregate counted them (modus_month).  The share is of all the facts,
 * which the phenomenon's charts publish, not of those with a code, which
 * nothing else does: a share to a tenth would give that count away.
 *
 * Disclosure: the signal's sentence gives the sums of its 3 and 24
 * months, so a month masked would be recomputed from them.  A chart with
 * any small figure (1 to min_cell - 1) is withheld whole: facts with the
 * code; in a month with some, the phenomenon's others.  The charts of a
 * code's signals in zones are drawn together or not at all, and only
 * when the same holds of every one of them, and when neither the region
 * less one zone nor the region less them all (the rest) is small.
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

/* A level's months over the chart's range: facts with the code and all
 * the phenomenon's facts (r->n each). */
typedef struct mo_level {
	double *n, *facts;
} mo_level;

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

/* The months of (phen, code) in zone (0: the region) into l, zeros where
 * aggregate kept none; *found: whether it kept any. */
static int
read_level(sqlite3 *db, const char *phen, const char *code, int zone,
    const chart_range *r, mo_level *l, int *found, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, step;

	*found = 0;
	if (!(l->n = calloc((size_t)r->n, sizeof *l->n)) ||
	    !(l->facts = calloc((size_t)r->n, sizeof *l->facts)))
		return sv_errf(e, SV_NOMEM, "out of memory");
	if ((rc = db_prepare(db, &st, "SELECT month, n, facts FROM modus_month "
	    "WHERE phenomenon = ?1 AND modus_operandi = ?2 AND zone = ?3", e)))
		return rc;
	sqlite3_bind_text(st, 1, phen, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, zone);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int i = chart_index_of(r, sqlite3_column_int(st, 0));
		*found = 1;
		if (i >= 0) {
			l->n[i] = sqlite3_column_double(st, 1);
			l->facts[i] = sqlite3_column_double(st, 2);
		}
	}
	return db_finish(db, st, step, e);
}

static void
level_free(mo_level *l)
{
	free(l->n);
	free(l->facts);
	l->n = l->facts = NULL;
}

/* Whether a level's own figures could give a small count away. */
static int
level_leaks(const mo_level *l, int n, int min_cell)
{
	for (int i = 0; i < n; i++)
		if (l->n[i] > 0 && chart_small(l->n[i], l->facts[i], min_cell))
			return 1;
	return 0;
}

/* For a zone's chart: whether any chart of the code's zone signals, or
 * the region less one or all of them, could give a small count away. */
static int
zones_leak(sqlite3 *db, const char *phen, const char *code,
    const chart_range *r, int min_cell, int *leak, sv_err *e)
{
	mo_level region = { NULL, NULL }, z = { NULL, NULL };
	double *rest = calloc((size_t)r->n, sizeof *rest);
	sqlite3_stmt *st = NULL;
	int rc, step = SQLITE_DONE, found;

	*leak = 0;
	if (!rest)
		return sv_errf(e, SV_NOMEM, "out of memory");
	if ((rc = read_level(db, phen, code, 0, r, &region, &found, e)) ||
	    (rc = db_prepare(db, &st, "SELECT zone FROM modus_signal WHERE "
	    "phenomenon = ?1 AND modus_operandi = ?2 AND zone IS NOT NULL", e)))
		goto out;
	memcpy(rest, region.n, (size_t)r->n * sizeof *rest);
	sqlite3_bind_text(st, 1, phen, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		level_free(&z);
		if ((rc = read_level(db, phen, code, sqlite3_column_int(st, 0), r,
		    &z, &found, e)))
			break;
		*leak |= level_leaks(&z, r->n, min_cell);
		for (int i = 0; i < r->n; i++) {
			*leak |= chart_small(region.n[i] - z.n[i], region.n[i],
			    min_cell);
			rest[i] -= z.n[i];
		}
	}
	if (!rc)
		rc = db_finish(db, st, step, e);
	st = NULL;
	for (int i = 0; !rc && i < r->n; i++)
		*leak |= rest[i] >= 1 && rest[i] < min_cell;
out:
	sqlite3_finalize(st);
	level_free(&region);
	level_free(&z);
	free(rest);
	return rc;
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

/* The datablock: month, provisional shade, the signal's shade, facts
 * with the code, their share of all; and the chart's data.  Sets the
 * axes' tops. */
static void
block(plot_script *p, const chart_opts *o, const mo_level *l,
    const char *gap, const chart_range *r, int zone, const char *code,
    double top[2])
{
	top[0] = top[1] = 1;
	for (int i = 0; i < r->n; i++)
		if (!gap[i] && l->n[i] > 0) {
			top[0] = l->n[i] > top[0] ? l->n[i] : top[0];
			if (100 * l->n[i] / l->facts[i] > top[1])
				top[1] = 100 * l->n[i] / l->facts[i];
		}
	top[0] *= 1.15, top[1] *= 1.15;
	fputs("$D << EOD\n", p->fp);
	for (int i = 0; i < r->n; i++) {
		int month = chart_month_at(r, i);
		double share = chart_published("modus_share", !gap[i] &&
		    l->n[i] > 0 ? 100 * l->n[i] / l->facts[i] : NAN);
		enum chart_status s = gap[i] ? CHART_NOT_DELIVERED :
		    i >= r->provisional ? CHART_PROVISIONAL : CHART_SHOWN;
		chart_month(p->fp, month);
		chart_num(p->fp, i >= r->provisional ? top[0] : NAN);
		chart_num(p->fp, i >= r->n - MODUS_RECENT ? top[0] : NAN);
		chart_num(p->fp, gap[i] ? NAN : l->n[i]);
		chart_num(p->fp, share);
		putc('\n', p->fp);
		chart_data(o, month, zone, "modus", code, gap[i] ? NAN : l->n[i], s);
		chart_data(o, month, zone, "modus_share", code, share, s);
	}
	fputs("EOD\n", p->fp);
}

static int
draw(sqlite3 *db, const char *phen, const char *code, int zone,
    const chart_opts *o, const chart_range *r, const mo_level *l,
    const char *path, chart_text *t, sv_err *e)
{
	char name[300], place[200], label[300], full[900], *gap;
	plot_script p;
	double top[2];
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
	block(&p, o, l, gap, r, zone, code, top);
	free(gap);
	chart_time_axis(&p, r, o->lang);
	chart_count_axis(&p, "y", top[0], o->lang);
	/* both ranges set: a phone's months may hold no share at all */
	fprintf(p.fp, "set yrange [0:%g]\nset y2range [0:%g]\nset y2tics\n",
	    top[0], top[1]);
	chart_percent_axis(&p, "y2", o->lang);
	fputs("set ylabel ", p.fp);
	plot_string(&p, msg(o->lang, "ylabel_facts"));
	fputs("\nset title ", p.fp);
	plot_string(&p, full);
	fputs("\nplot ", p.fp);
	chart_shade_then(&p, r, "$D", o->lang);
	fputs("$D using 1:3:(2629800) with boxes fs transparent solid 0.5 "
	    "noborder fc rgb '#fde3c8'", p.fp);
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
	mo_level l = { NULL, NULL };
	int rc, found, leak = 0;

	if (split_set(set, phen, sizeof phen, &code))
		return sv_errf(e, CHART_NODATA, "chart: '%s' names no modus "
		    "operandi signal", set);
	if (r.n > CHART_MODUS_MONTHS) {
		r.from = month_to_yyyymm(month_from_yyyymm(r.to) -
		    CHART_MODUS_MONTHS + 1);
		r.n = CHART_MODUS_MONTHS;
	}
	if ((rc = chart_provisional(db, phen, &r, e)) ||
	    (rc = read_level(db, phen, code, zone, &r, &l, &found, e)))
		goto out;
	if (!found)
		rc = sv_errf(e, CHART_NODATA, "chart: no months of %s's modus "
		    "operandi %s (run suivi aggregate again)", phen, code);
	else if (!(leak = level_leaks(&l, r.n, o->min_cell)) && zone)
		rc = zones_leak(db, phen, code, &r, o->min_cell, &leak, e);
	if (!rc && leak)
		rc = CHART_WITHHELD;
	if (!rc)
		rc = draw(db, phen, code, zone, o, &r, &l, path, t, e);
out:
	level_free(&l);
	return rc;
}
