/*
 * glossary — what each figure of the page counts: for each suivi measure
 * served by incident data, the phenomena it gathers; for each of its
 * tables that counts something else (a part of them, every phenomenon
 * under a condition), what that is; and the phenomena counted in more
 * than one measure, whose figures therefore overlap.  Everything comes
 * from the reference (measures, phenomena, indicators); sets of phenomena
 * are resolved by aggregate's own aggregate_set_fill().
 */
#include "page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../aggregate/aggregate.h"

/* The names of temp.series_set's phenomena, in the reference's order. */
static char *
set_names(page *p)
{
	sqlite3_stmt *st;
	char sql[200];

	snprintf(sql, sizeof sql, "SELECT %s FROM phenomenon WHERE code IN "
	    "(SELECT phenomenon FROM temp.series_set) ORDER BY seq",
	    page_label_col(p));
	return page_prepare(p, &st, sql) ? NULL : page_joined(p, st);
}

/* The names of the modus operandi an indicator's mix has counted (its
 * code where the reference has no name), in the order of their codes. */
static char *
modus_names(page *p, const char *indicator)
{
	sqlite3_stmt *st;
	char sql[300];

	snprintf(sql, sizeof sql, "SELECT coalesce(m.%s, s.part) FROM (SELECT "
	    "DISTINCT part FROM indicator_month WHERE indicator = ?1 AND n > 0 "
	    "AND part <> '') s LEFT JOIN modus_operandi m ON m.code = s.part "
	    "ORDER BY s.part", page_label_col(p));
	if (page_prepare(p, &st, sql))
		return NULL;
	sqlite3_bind_text(st, 1, indicator, -1, SQLITE_TRANSIENT);
	return page_joined(p, st);
}

/* Fill temp.series_set with set's phenomena: how many, or -1 (the page's
 * error kept). */
static long long
fill(page *p, const char *set)
{
	long long n = 0;
	int rc = aggregate_set_fill(p->db, set, &n, p->e);

	return rc == SV_OK ? n : rc == SV_USAGE ? 0 : (page_fail(p, rc), -1);
}

/* What a measure's table counts, in words: its phenomena, then what of
 * their facts (a condition, a share, the mix of modus operandi, the
 * authors involved again); malloc'd, NULL on error. */
static char *
table_counts(page *p, sqlite3_stmt *st, long long whole)
{
	const char *indicator = (const char *)sqlite3_column_text(st, 0);
	const char *list = (const char *)sqlite3_column_text(st, 2);
	const char *filter = (const char *)sqlite3_column_text(st, 3);
	const char *kind = (const char *)sqlite3_column_text(st, 4);
	const char *words = (const char *)sqlite3_column_text(st, 5);
	int share = !strcmp(kind, "share"), modus = !strcmp((const char *)
	    sqlite3_column_text(st, 6), "modus_operandi");
	char set[200], *names, *modes = NULL, *out;
	long long n;

	snprintf(set, sizeof set, "indicator:%s", indicator);
	if ((n = fill(p, set)) < 0 || !(names = set_names(p)))
		return NULL;
	if (modus && !(modes = modus_names(p, indicator))) {
		free(names);
		return NULL;
	}
	const char *which = !strcmp(list, "all") ? page_msg(p, "glossary_all") :
	    n == whole && !strcmp(list, "measure") ? page_msg(p,
	    "glossary_same") : names;
	const char *cond = *filter ? page_fmt(p, share ? "glossary_share" :
	    "glossary_filter", page_esc(p, *words ? words : filter)) : "";
	const char *what = modus ? page_msg(p, "glossary_modus") :
	    !strcmp(kind, "repeat") ? page_msg(p, "glossary_repeat") : "";
	size_t len = strlen(which) + strlen(cond) + strlen(what) +
	    (modes ? strlen(modes) : 0) + 1;

	if ((out = malloc(len)))
		snprintf(out, len, "%s%s%s%s", which, cond, what, modes ? modes : "");
	else
		page_fail(p, sv_errf(p->e, SV_NOMEM, "out of memory"));
	free(names);
	free(modes);
	return out;
}

/* A measure's tables that count other phenomena than the measure, or
 * under a condition, each with what it counts; tables in a row that count
 * the same thing are named together. */
static void
measure_tables(page *p, const char *measure, long long whole)
{
	sqlite3_stmt *st;
	char sql[512], *prev = NULL;
	int named = 0;

	snprintf(sql, sizeof sql, "SELECT indicator, %s, phenomena, filter, kind, "
	    "filter_%s, breakdown FROM indicator_def WHERE measure = ?1 AND kind "
	    "IN ('count', 'share', 'rate', 'repeat') AND (phenomena <> 'measure' "
	    "OR filter <> '' OR kind = 'repeat' OR breakdown = 'modus_operandi') "
	    "ORDER BY seq", page_label_col(p), page_ref_lang(p));
	if (page_prepare(p, &st, sql))
		return;
	sqlite3_bind_text(st, 1, measure, -1, SQLITE_STATIC);
	while (page_step(p, st)) {
		char *what = table_counts(p, st, whole);
		if (!what)
			break;
		if (prev && strcmp(prev, what))
			fprintf(p->out, "%s%s", page_msg(p, "glossary_counts"), prev);
		if (!prev || strcmp(prev, what))
			named = 0;
		page_say(p, named++ ? "glossary_table_also" : "glossary_table",
		    page_col_esc(p, st, 1));
		free(prev);
		prev = what;
	}
	sqlite3_finalize(st);
	if (prev)
		fprintf(p->out, "%s%s", page_msg(p, "glossary_counts"), prev);
	free(prev);
}

/* A measure's figures that partners declare, each with its partner and
 * how often it comes, on a line of its own after what the definition
 * already says (after). */
static void
partner_tables(page *p, const char *measure, int after)
{
	sqlite3_stmt *st;
	char sql[300];

	snprintf(sql, sizeof sql, "SELECT %s, %s, frequency FROM indicator_def "
	    "WHERE measure = ?1 AND kind = 'partner' ORDER BY seq",
	    page_label_col(p), strcmp(page_ref_lang(p), "nl") ? "partner" :
	    "partner_nl");
	if (page_prepare(p, &st, sql))
		return;
	sqlite3_bind_text(st, 1, measure, -1, SQLITE_STATIC);
	while (page_step(p, st)) {
		const char *f = (const char *)sqlite3_column_text(st, 2);
		if (after++)
			fputs("<br/>", p->out);
		page_say(p, "glossary_partner", page_col_esc(p, st, 0),
		    page_col_esc(p, st, 1), page_msg(p, !strcmp(f, "year") ?
		    "ylabel_per_year" : !strcmp(f, "month") ? "ylabel_per_month" :
		    "ylabel_per_quarter"));
	}
	sqlite3_finalize(st);
}

/* The phenomena counted in more than one measure. */
static void
overlaps(page *p)
{
	sqlite3_stmt *st;
	char sql[400];
	int n = 0;

	snprintf(sql, sizeof sql, "SELECT p.%s, (SELECT group_concat(measure, ', ') "
	    "FROM (SELECT pm.measure FROM phenomenon_measure pm JOIN measure m ON "
	    "m.measure = pm.measure WHERE pm.phenomenon = p.code ORDER BY m.seq)) "
	    "FROM phenomenon p WHERE (SELECT count(*) FROM phenomenon_measure pm "
	    "WHERE pm.phenomenon = p.code) > 1 ORDER BY p.seq", page_label_col(p));
	if (page_prepare(p, &st, sql))
		return;
	while (page_step(p, st)) {
		fputs(n++ ? "; " : page_msg(p, "glossary_overlaps"), p->out);
		page_say(p, "main_item", page_col_esc(p, st, 0), page_col_esc(p, st,
		    1));
	}
	sqlite3_finalize(st);
	if (n)
		fputs(".</p>\n", p->out);
}

void
glossary_write(page *p)
{
	sqlite3_stmt *st;
	char sql[512], set[64], *names;

	fprintf(p->out, "<section id=\"definitions\"><h2>%s</h2>\n", page_msg(p,
	    "h2_definitions"));
	page_say(p, "glossary_intro");
	snprintf(sql, sizeof sql, "SELECT measure, short_%s, seq, measure IN "
	    "(SELECT measure FROM phenomenon_measure) FROM measure WHERE pillar = "
	    "'suivi' AND (measure IN (SELECT measure FROM phenomenon_measure) OR "
	    "measure IN (SELECT measure FROM indicator_def WHERE kind = "
	    "'partner')) ORDER BY seq", page_ref_lang(p));
	if (page_prepare(p, &st, sql))
		return;
	fputs("<dl class=\"glossary\">\n", p->out);
	while (page_step(p, st)) {
		const char *measure = (const char *)sqlite3_column_text(st, 0);
		long long n;
		fprintf(p->out, "<dt><a href=\"#measure-%d\">%s — %s</a></dt><dd>",
		    sqlite3_column_int(st, 2), page_esc(p, measure), page_col_esc(p,
		    st, 1));
		if (sqlite3_column_int(st, 3)) {
			snprintf(set, sizeof set, "measure:%s", measure);
			if ((n = fill(p, set)) < 0 || !(names = set_names(p)))
				break;
			fputs(names, p->out);
			free(names);
			measure_tables(p, measure, n);
		}
		partner_tables(p, measure, sqlite3_column_int(st, 3));
		fputs("</dd>\n", p->out);
	}
	sqlite3_finalize(st);
	fputs("</dl>\n", p->out);
	overlaps(p);
	fputs("</section>\n", p->out);
}
