/*
 * itable — an indicator's table in the report: the last 12 months
 * against the 12 before, by level and breakdown, and for counts the year
 * to date against the same months a year before (but in December, when
 * they are the 12 months).
 *
 * Disclosure: a table's figures are first read into memory, then
 * disclose_table() decides what is suppressed, knowing which rows add up
 * to which (a total and its breakdown; the region and its zones; a zone
 * and its communes; the shares of a mix and 100 %).  A suppressed count
 * takes its ratio, interval and p-value with it.  What the publication's
 * audit hides of the region's rows (audit.h: figures linked to other
 * tables and charts of the page) is hidden first.  The year to date is
 * given for the region's rows the audit has (auditplan.c), and as the
 * audit decides: it lies inside the 12 months, a bound no table's sums
 * say, and the same figure is in several tables; only the audit, over
 * every such figure of the page at once, weighs that.  A zone's or a
 * commune's is not given.
 */
#include "page.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/grow.h"
#include "../core/month.h"
#include "audit.h"
#include "disclose.h"

/* One row of an indicator table, as read. */
typedef struct irow {
	int zone, commune;              /* 0: none */
	char *breakdown;                /* whole (a modus operandi code is as
	                                   long as the data make it) */
	double value, compare, ratio, low, high, p;
	double n, base, n0, base0;
	double ytd[2], ytd_n[2];        /* the year to date, and a year before */
	int incomplete;
	int hide[4];                    /* disclosure verdicts: value, compare,
	                                   and the year to date's two */
	int ytd_given;                  /* the audit has its year to date */
} irow;

/* An indicator table: its rows and what they are. */
typedef struct itable {
	irow *rows;
	size_t n, cap;
	const char *indicator, *kind, *unit;
	const char *label;              /* its heading, as text */
	int additive;                   /* counts or rates: rows add up */
	int mix;                        /* shares of one whole (modus operandi) */
	double completeness;            /* the region's, expected by now; NaN:
	                                   complete */
	int ytd;                        /* the year to date's columns */
	double ytd_completeness;
} itable;

static int
read_rows(page *p, const char *indicator, itable *t)
{
	sqlite3_stmt *st;

	if (page_prepare(p, &st, "SELECT coalesce(a.zone, 0), coalesce(a.commune, "
	    "0), a.breakdown, a.value, a.compare_value, a.rate_ratio, a.low, "
	    "a.high, a.p_value, a.flag <> '', a.n, a.base, a.compare_n, "
	    "a.compare_base, a.completeness, y.value, y.compare_value, y.n, "
	    "y.compare_n, y.completeness FROM indicator_value a "
	    "LEFT JOIN indicator_value y ON y.indicator = a.indicator AND "
	    "y.period = ?3 AND y.zone IS a.zone AND y.commune IS a.commune AND "
	    "y.breakdown = a.breakdown "
	    "WHERE a.indicator = ?1 AND a.period = ?2 AND (a.zone IS NULL OR "
	    "a.breakdown = 'all') ORDER BY a.zone IS NOT NULL, a.zone, a.commune, "
	    "a.breakdown <> 'all', a.breakdown"))
		return p->rc;
	sqlite3_bind_text(st, 1, indicator, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, page_period12(p), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, t->ytd ? page_period_ytd(p) : "", -1,
	    SQLITE_TRANSIENT);
	while (page_step(p, st)) {
		irow *r;
		if (grow((void **)&t->rows, &t->cap, t->n + 1, sizeof *t->rows)) {
			sv_errf(p->e, SV_NOMEM, "out of memory");
			page_fail(p, SV_NOMEM);
			break;
		}
		r = &t->rows[t->n++];
		memset(r, 0, sizeof *r);
		r->zone = sqlite3_column_int(st, 0);
		r->commune = sqlite3_column_int(st, 1);
		if (!(r->breakdown = strdup((const char *)sqlite3_column_text(st,
		    2)))) {
			t->n--;
			sv_errf(p->e, SV_NOMEM, "out of memory");
			page_fail(p, SV_NOMEM);
			break;
		}
		r->value = page_col(st, 3), r->compare = page_col(st, 4);
		r->ratio = page_col(st, 5), r->low = page_col(st, 6);
		r->high = page_col(st, 7), r->p = page_col(st, 8);
		r->incomplete = sqlite3_column_int(st, 9);
		r->n = page_col(st, 10), r->base = page_col(st, 11);
		r->n0 = page_col(st, 12), r->base0 = page_col(st, 13);
		r->ytd[0] = page_col(st, 15), r->ytd[1] = page_col(st, 16);
		r->ytd_n[0] = page_col(st, 17), r->ytd_n[1] = page_col(st, 18);
		if (!r->zone && !r->commune && !strcmp(r->breakdown, "all")) {
			t->completeness = page_col(st, 14);
			t->ytd_completeness = page_col(st, 19);
		}
	}
	sqlite3_finalize(st);
	return p->rc;
}

/* The additive groups of t for one column: a whole and its parts. */
typedef struct groups {
	disclose_group *g;
	int *idx;
	int ng, ni;
} groups;

static void
add_group(groups *gs, int total, const itable *t, int (*in)(const irow *,
    const irow *), const irow *of)
{
	disclose_group *g = &gs->g[gs->ng];

	g->total = total;
	g->parts = gs->idx + gs->ni;
	g->nparts = 0;
	for (size_t i = 0; i < t->n; i++)
		if ((int)i != total && in(&t->rows[i], of)) {
			gs->idx[gs->ni++] = (int)i;
			g->nparts++;
		}
	if (g->nparts)
		gs->ng++;
}

static int
is_region_part(const irow *r, const irow *of)
{
	(void)of;
	return !r->zone && strcmp(r->breakdown, "all") != 0;
}

static int
is_zone(const irow *r, const irow *of)
{
	(void)of;
	return r->zone && !r->commune;
}

static int
is_commune_of(const irow *r, const irow *zone)
{
	return r->commune && r->zone == zone->zone;
}

/* Row r's count in column col (0: the last 12 months, 1: the 12 before),
 * and its base. */
static double
cell_n(const irow *r, int col)
{
	return col ? r->n0 : r->n;
}

static double
cell_base(const itable *t, const irow *r, int col)
{
	return t->additive ? NAN : col ? r->base0 : r->base;
}

/* The years to date: given where the audit has them (the region's rows
 * of the tables it holds), hidden where it hides them; t->ytd when a row
 * has one. */
static void
ytd_verdicts(page *p, itable *t)
{
	int any = 0;

	for (size_t i = 0; i < t->n; i++) {
		irow *r = &t->rows[i];
		char key[2][256];
		for (int k = 0; k < 2; k++)
			snprintf(key[k], sizeof key[k], "t/%s/%s/%d", t->indicator,
			    r->breakdown, 2 + k);
		r->ytd_given = !r->zone && !r->commune && audit_knows(p->audit,
		    key[0]) && audit_knows(p->audit, key[1]);
		/* hidden, small or not, as "×": the audit protects a year to
		 * date as a count of unknown size, and a "<5" would say it is
		 * at most 4 (two of them beside a total could then be had) */
		for (int k = 0; k < 2; k++)
			r->hide[2 + k] = r->ytd_given && audit_state(p->audit,
			    key[k]) != AUDIT_SHOWN ? 2 : 0;
		any |= r->ytd_given;
	}
	t->ytd &= any;
}

/* Decide, for column col (cell_n()), which figures are suppressed. */
static int
disclose_column(page *p, itable *t, int col)
{
	size_t n = t->n + 1;            /* + the whole of a mix */
	disclose_cell *c = calloc(n, sizeof *c);
	disclose_group *g = calloc(t->n + 2, sizeof *g);
	int *idx = calloc(3 * n, sizeof *idx);
	groups gs = { g, idx, 0, 0 };
	int region = -1;

	if (!c || !g || !idx) {
		free(c), free(g), free(idx);
		sv_errf(p->e, SV_NOMEM, "out of memory");
		return page_fail(p, SV_NOMEM);
	}
	for (size_t i = 0; i < t->n; i++) {
		const irow *r = &t->rows[i];
		char key[256];
		c[i].n = cell_n(r, col);
		c[i].base = cell_base(t, r, col);
		/* what the publication's audit hides beside the table's own */
		snprintf(key, sizeof key, "t/%s/%s/%d", t->indicator, r->breakdown,
		    col);
		if (!r->zone && !r->commune && audit_state(p->audit, key) !=
		    AUDIT_SHOWN)
			c[i].suppressed = 2;
		if (!r->zone && !strcmp(r->breakdown, "all"))
			region = (int)i;
	}
	c[t->n] = (disclose_cell){ NAN, NAN, 0 };
	/* a count's rows add up; so do a share's numerators, the region's
	 * the zones' and a zone's its communes' (a share and its base, or its
	 * test beside it, give its numerator back) */
	if (region >= 0 && !t->mix) {
		add_group(&gs, region, t, is_region_part, NULL);
		add_group(&gs, region, t, is_zone, NULL);
		for (size_t i = 0; i < t->n; i++)
			if (is_zone(&t->rows[i], NULL))
				add_group(&gs, (int)i, t, is_commune_of, &t->rows[i]);
	} else if (t->mix && t->n) {
		/* the shares of the region's mix add up to 100 %: a whole whose
		 * count is the mix's base, known to everyone */
		c[t->n].n = col ? t->rows[0].base0 : t->rows[0].base;
		add_group(&gs, (int)t->n, t, is_region_part, NULL);
	}
	disclose_table(c, (int)n, g, gs.ng, p->min_cell);
	for (size_t i = 0; i < t->n; i++)
		t->rows[i].hide[col] = c[i].suppressed;
	free(c), free(g), free(idx);
	return SV_OK;
}

/* "phenomenon=burglary_home" -> its name; "victim_sex=F" -> "victims:
 * women"; "all" -> "total". */
static const char *
breakdown_name(page *p, const char *b)
{
	static const char *const sexes[][2] = { { "F", "women" },
	    { "M", "men" }, { "X", "x" }, { "unknown", "unknown" } };
	const char *v = strchr(b, '=');

	if (!strcmp(b, "all"))
		return page_msg(p, "total");
	if (!v)
		return page_esc(p, b);
	v++;
	if (!strncmp(b, "phenomenon=", 11))
		return page_phenomenon(p, v);
	if (!strncmp(b, "modus_operandi=", 15))
		return page_modus(p, v);
	for (size_t i = 0; i < sizeof sexes / sizeof *sexes; i++)
		if (!strcmp(v, sexes[i][0])) {
			char key[32];
			snprintf(key, sizeof key, "%s_%s", b[0] == 'v' ? "victims" :
			    "authors", sexes[i][1]);
			return page_msg(p, key);
		}
	return page_esc(p, v);
}

static const char *
level_name(page *p, const irow *r)
{
	if (!r->zone && strcmp(r->breakdown, "all") != 0)
		return "";      /* a part of the region's total, under it */
	if (r->commune)
		return page_breakable(p, page_commune(p, r->commune));
	return page_breakable(p, page_zone(p, r->zone));
}

/* One figure of the table, as its kind is written, or its mark. */
static const char *
figure(page *p, const itable *t, double v, int hide)
{
	if (hide)
		return page_suppressed(p, hide);
	if (!strcmp(t->kind, "share") || !strcmp(t->kind, "repeat"))
		return page_share(p, v);
	if (!strcmp(t->kind, "rate"))
		return page_num(p, v, 1);
	return page_count(p, v);
}

static void
table_row(page *p, const itable *t, const irow *r)
{
	int hidden = r->hide[0] || r->hide[1];
	const char *cls = !r->zone && !strcmp(r->breakdown, "all") ? " class=\"sum\"" : "";

	fprintf(p->out, "<tr%s data-level=\"%s%d\" data-zone=\"%d\" data-part=\"%s\">"
	    "<th scope=\"row\">%s</th><th scope=\"row\">%s</th><td>%s</td><td>%s</td>", cls,
	    r->commune ? "commune-" : r->zone ? "zone-" : "region", r->commune ?
	    r->commune : r->zone ? r->zone : 0, r->zone, !strcmp(r->breakdown,
	    "all") ? "all" : "part", level_name(p, r), breakdown_name(p,
	    r->breakdown), figure(p, t, r->value, r->hide[0]), r->incomplete &&
	    isnan(r->compare) ? page_msg(p, "not_compared") : figure(p, t,
	    r->compare, r->hide[1]));
	/* a p-value unadjusted for the others: not made to stand out */
	fprintf(p->out, "<td>%s</td><td>%s</td><td>%s%s%s</td>",
	    hidden ? page_suppressed(p, 2) : page_num(p, r->ratio, 2),
	    hidden ? page_suppressed(p, 2) : page_interval(p, r->low, r->high),
	    hidden ? page_suppressed(p, 2) : page_pvalue(p, r->p),
	    r->incomplete ? " " : "", r->incomplete ? page_msg(p,
	    "incomplete_flag") : "");
	if (t->ytd && !r->ytd_given) {
		fputs("<td></td><td></td><td></td>", p->out);
	} else if (t->ytd) {
		hidden = r->hide[2] || r->hide[3];
		fprintf(p->out, "<td>%s</td><td>%s</td><td>%s</td>", figure(p, t,
		    r->ytd[0], r->hide[2]), isnan(r->ytd[1]) ? page_msg(p,
		    "not_compared") : figure(p, t, r->ytd[1], r->hide[3]), hidden ?
		    page_suppressed(p, 2) : r->ytd[1] > 0 ? page_change(p,
		    r->ytd[0] / r->ytd[1]) : "");
	}
	fputs("</tr>\n", p->out);
}

/* Rows of the region's breakdown that are zero in both periods, said
 * in one line: unless a figure of theirs is hidden (a zero the audit
 * hides beside a small count must show as hidden, not as nothing). */
static int
is_empty_part(const irow *r)
{
	return !r->zone && strcmp(r->breakdown, "all") != 0 && r->value == 0 &&
	    r->compare == 0 && !r->hide[0] && !r->hide[1] && !r->hide[2] &&
	    !r->hide[3];
}

/* What a rate divides by: the population of which year, from where (the
 * reference's own words: in Dutch on the Dutch page where it has them,
 * else in French, marked so on another page). */
static void
population_note(page *p)
{
	sqlite3_stmt *st;
	int nl = !strcmp(page_ref_lang(p), "nl");

	if (page_prepare(p, &st, "SELECT year, source, source_nl FROM population "
	    "WHERE sex = 'T' AND year = (SELECT max(year) FROM population) GROUP "
	    "BY source, source_nl ORDER BY count(*) DESC LIMIT 1"))
		return;
	if (page_step(p, st)) {
		const char *dutch = (const char *)sqlite3_column_text(st, 2);
		page_say(p, "rate_population", page_esc(p, (const char *)
		    sqlite3_column_text(st, 0)), nl && *dutch ? page_col_esc(p, st,
		    2) : page_fmt(p, "name_in_fr", page_col_esc(p, st, 1)));
	}
	sqlite3_finalize(st);
}

static void
write_table(page *p, const itable *t, int phenomena)
{
	int empty = 0, hidden = 0;

	page_table_open(p, !strcmp(t->kind, "rate") ? "rates" : t->additive ?
	    "counts" : t->mix ? "mix" : "shares", t->label);
	fprintf(p->out, "<thead><tr>"
	    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	    "<th scope=\"col\">p</th>", page_msg(p, "th_level"), page_msg(p, "th_detail"),
	    page_msg(p, "th_last12"), page_msg(p, "th_prev12"),
	    page_msg(p, "th_ratio"), page_msg(p, "th_ci"));
	if (t->ytd)
		fprintf(p->out, "<th scope=\"col\">%s</th><th scope=\"col\">%s"
		    "</th><th scope=\"col\">%s</th>", page_ytd_name(p, 0),
		    page_ytd_name(p, 1), page_msg(p, "th_change"));
	fputs("</tr></thead><tbody>\n", p->out);
	for (size_t i = 0; i < t->n; i++) {
		const irow *r = &t->rows[i];
		hidden |= r->hide[0] || r->hide[1] || r->hide[2] || r->hide[3];
		if (is_empty_part(r)) {
			empty++;
			continue;
		}
		table_row(p, t, r);
	}
	if (empty) {
		fprintf(p->out, "<tr data-level=\"region0\" data-zone=\"0\" "
		    "data-part=\"empty\"><td colspan=\"%d\">", t->ytd ? 10 : 7);
		page_say(p, phenomena ? (empty == 1 ? "empty_phenomenon" :
		    "empty_phenomena") : (empty == 1 ? "empty_category" :
		    "empty_categories"), page_num(p, empty, 0));
		fputs("</td></tr>\n", p->out);
	}
	fputs("</tbody></table></div>\n", p->out);
	for (size_t i = 0; t->ytd && i < t->n; i++)
		if (!t->rows[i].ytd_given) {
			page_say(p, "ytd_region_only", page_ytd_name(p, 0));
			break;
		}
	if (hidden)
		page_say(p, "suppressed_note", page_suppressed(p, 1),
		    page_suppressed(p, 2));
	/* counts of the last months are still coming in: said, not hidden
	 * (a share's two terms come in alike) */
	if (t->additive && t->completeness < 1 && t->ytd &&
	    t->ytd_completeness < 1)
		page_say(p, "provisional_note_ytd", page_share(p, t->completeness),
		    page_share(p, t->ytd_completeness));
	else if (t->additive && t->completeness < 1)
		page_say(p, "provisional_note", page_share(p, t->completeness));
	if (!strcmp(t->kind, "rate"))
		population_note(p);
}

/* Whether another mix of the page holds a part of this one's phenomena
 * and this one less it has a modus operandi of 1 to min_cell - 1 facts
 * in either 12 months, anywhere: the two tables (their shares, with their
 * bases and tests) would give those counts back as their difference. */
static int
mix_nested_small(page *p, const char *indicator, int *small)
{
	char parts[CHART_MIX_PARTS][128], prev[40];
	sqlite3_stmt *st;
	int n, rc, t = month_from_yyyymm(p->month);

	*small = 0;
	if ((rc = chart_mix_parts(p->db, indicator, parts, CHART_MIX_PARTS, &n,
	    p->e)))
		return page_fail(p, rc);
	month_span(t - 23, t - 12, prev, sizeof prev);
	for (int i = 0; i < n && !*small; i++) {
		if (page_prepare(p, &st, "SELECT 1 FROM indicator_value a LEFT "
		    "JOIN indicator_value b ON b.indicator = ?2 AND b.period = "
		    "a.period AND b.breakdown = a.breakdown AND coalesce(b.zone, "
		    "0) = coalesce(a.zone, 0) AND coalesce(b.commune, 0) = "
		    "coalesce(a.commune, 0) WHERE a.indicator = ?1 AND a.period IN "
		    "(?3, ?4) AND a.n - coalesce(b.n, 0) BETWEEN 1 AND ?5 LIMIT 1"))
			return p->rc;
		sqlite3_bind_text(st, 1, indicator, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, parts[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, page_period12(p), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, prev, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 5, p->min_cell - 1);
		*small = page_step(p, st);
		sqlite3_finalize(st);
	}
	return p->rc;
}

void
indicator_table(page *p, const char *indicator, const char *label,
    const char *kind, const char *breakdown, const char *unit)
{
	itable t = { NULL, 0, 0, indicator, kind, unit, label, 0, 0, NAN, 0,
	    NAN };

	t.additive = !strcmp(kind, "count") || !strcmp(kind, "rate");
	t.mix = !strcmp(breakdown, "modus_operandi");
	t.ytd = !strcmp(kind, "count") && page_period_ytd(p);
	if (t.mix) {
		int small;
		if (mix_nested_small(p, indicator, &small))
			return;
		if (small) {
			page_say(p, "table_withheld_nested", page_num(p,
			    p->min_cell, 0));
			return;
		}
	}
	if (read_rows(p, indicator, &t))
		goto out;
	if (t.ytd)
		ytd_verdicts(p, &t);
	for (int col = 0; col < 2; col++)
		if (disclose_column(p, &t, col))
			goto out;
	write_table(p, &t, !strcmp(breakdown, "phenomenon"));
out:
	for (size_t i = 0; i < t.n; i++)
		free(t.rows[i].breakdown);
	free(t.rows);
}

