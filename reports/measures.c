/*
 * measures — the report's sections per axis and suivi measure: each
 * indicator's table (itable.c) and the measure's charts, or the reason a
 * measure is outside incident statistics.
 */
#include "page.h"

#include <stdlib.h>
#include <string.h>

/* Whether a count table of the measure counts other facts than its
 * phenomena (a part of them, or under a condition). */
static int
tables_count_else(page *p, const char *measure)
{
	sqlite3_stmt *st;
	int other = 0;

	if (page_prepare(p, &st, "SELECT 1 FROM indicator_def WHERE measure = "
	    "?1 AND kind = 'count' AND (phenomena <> 'measure' OR filter <> '')"))
		return 0;
	sqlite3_bind_text(st, 1, measure, -1, SQLITE_STATIC);
	other = page_step(p, st);
	sqlite3_finalize(st);
	return other;
}

/* Where a table above counts something else: what the charts below
 * count, the measure's phenomena by name. */
static void
charts_count(page *p, const char *measure)
{
	sqlite3_stmt *st;
	char sql[200], *names;

	snprintf(sql, sizeof sql, "SELECT %s FROM phenomenon WHERE code IN (SELECT "
	    "phenomenon FROM phenomenon_measure WHERE measure = ?1) ORDER BY seq",
	    page_label_col(p));
	if (page_prepare(p, &st, sql))
		return;
	sqlite3_bind_text(st, 1, measure, -1, SQLITE_STATIC);
	if ((names = page_joined(p, st)))
		page_say(p, "charts_count_measure", names);
	free(names);
}

/* The charts of a measure with count indicators: its phenomena together
 * for the region (with the expected band) and by zone; saying so where a
 * table above counts something else. */
static void
measure_charts(page *p, const char *measure, int counts)
{
	char set[160], id[32];

	if (counts) {
		if (tables_count_else(p, measure))
			charts_count(p, measure);
		snprintf(set, sizeof set, "measure:%s", measure);
		snprintf(id, sizeof id, "%s", page_id(p, "fig"));
		page_chart(p, id, CHART_SERIES, set, 0);
		snprintf(id, sizeof id, "%s", page_id(p, "fig"));
		page_chart(p, id, CHART_ZONES, set, 0);
	}
}

/* One indicator of the measure: its heading and table, or the reason the
 * incident data cannot serve the measure, and its chart: a breakdown by
 * sex, a share, a rate, repeat authors.  Notes in *counts whether it is a
 * count, charted with its measure's phenomena after the tables. */
static void
indicator(page *p, sqlite3_stmt *st, int *counts)
{
	const char *kind = (const char *)sqlite3_column_text(st, 1);
	const char *breakdown = (const char *)sqlite3_column_text(st, 5);
	char id[32];

	if (!strcmp(kind, "none")) {
		fprintf(p->out, "<p class=\"note\">%s %s</p>\n",
		    page_msg(p, "outside_incident_data"), page_col_esc(p, st, 4));
		return;
	}
	if (!strcmp(kind, "partner")) {
		partner_figures(p, (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 2),
		    (const char *)sqlite3_column_text(st, 3));
		return;
	}
	fprintf(p->out, "<h4>%s</h4>\n", page_col_esc(p, st, 2));
	indicator_table(p, (const char *)sqlite3_column_text(st, 0),
	    (const char *)sqlite3_column_text(st, 2), kind, breakdown,
	    (const char *)sqlite3_column_text(st, 3));
	if (!strcmp(kind, "count") && (!strcmp(breakdown, "victim_sex") ||
	    !strcmp(breakdown, "author_sex"))) {
		*counts = 1;
		snprintf(id, sizeof id, "%s", page_id(p, "fig"));
		page_chart(p, id, CHART_SEX, (const char *)sqlite3_column_text(st, 0),
		    0);
	} else if (!strcmp(kind, "count")) {
		*counts = 1;
	} else {
		snprintf(id, sizeof id, "%s", page_id(p, "fig"));
		page_chart(p, id, CHART_INDICATOR, (const char *)
		    sqlite3_column_text(st, 0), 0);
	}
}

/* A measure's section.  Its heading and note, with the axis's heading
 * before the axis's first measure (lead), are kept on a printed page
 * with its first indicator that has a table or chart (class keep). */
static void
measure_section(page *p, sqlite3_stmt *m, const char *lead)
{
	char sql[512], measure[64];
	sqlite3_stmt *st;
	int counts = 0, first = 1;

	snprintf(measure, sizeof measure, "%s", (const char *)
	    sqlite3_column_text(m, 0));
	fprintf(p->out, "<section class=\"measure\" id=\"measure-%d\"><div "
	    "class=\"keep\">%s<h3>%s — %s</h3>\n<p class=\"note\">%s</p>\n",
	    sqlite3_column_int(m, 1), lead ? lead : "", page_esc(p, measure),
	    page_col_esc(p, m, 2), page_col_esc(p, m, 3));
	snprintf(sql, sizeof sql, "SELECT indicator, kind, %s, unit, reason%s, "
	    "breakdown FROM indicator_def WHERE measure = ?1 ORDER BY seq",
	    page_label_col(p), strcmp(page_ref_lang(p), "nl") ? "" : "_nl");
	if (page_prepare(p, &st, sql))
		return;
	sqlite3_bind_text(st, 1, measure, -1, SQLITE_STATIC);
	while (page_step(p, st)) {
		/* a reason alone (kind none) is a note: the block goes on */
		int none = !strcmp((const char *)sqlite3_column_text(st, 1),
		    "none");
		indicator(p, st, &counts);
		if (first && !none) {
			fputs("</div>\n", p->out);
			first = 0;
		}
	}
	sqlite3_finalize(st);
	if (first)
		fputs("</div>\n", p->out);
	measure_charts(p, measure, counts);
	fputs("</section>\n", p->out);
}

/* The suivi measures of axis ?1: id, seq, short title, title. */
static int
prepare_measures(page *p, sqlite3_stmt **st)
{
	char sql[256];

	snprintf(sql, sizeof sql, "SELECT measure, seq, short_%s, %s FROM measure "
	    "WHERE pillar = 'suivi' AND axis = ?1 ORDER BY seq", page_ref_lang(p),
	    strcmp(page_ref_lang(p), "nl") ? "title" : "title_nl");
	return page_prepare(p, st, sql);
}

static int
prepare_axes(page *p, sqlite3_stmt **st)
{
	char sql[256];

	snprintf(sql, sizeof sql, "SELECT axis, title_%s FROM axis WHERE axis IN "
	    "(SELECT axis FROM measure WHERE pillar = 'suivi') ORDER BY axis",
	    page_ref_lang(p));
	return page_prepare(p, st, sql);
}

/* For each axis with suivi measures, call each(p, axis row, its measures'
 * statement, bound and ready to step). */
static void
each_axis(page *p, void (*each)(page *, sqlite3_stmt *, sqlite3_stmt *))
{
	sqlite3_stmt *ax, *m;

	if (prepare_axes(p, &ax))
		return;
	if (prepare_measures(p, &m)) {
		sqlite3_finalize(ax);
		return;
	}
	while (page_step(p, ax)) {
		sqlite3_bind_int(m, 1, sqlite3_column_int(ax, 0));
		each(p, ax, m);
		sqlite3_reset(m);
	}
	sqlite3_finalize(m);
	sqlite3_finalize(ax);
}

static void
toc_axis(page *p, sqlite3_stmt *ax, sqlite3_stmt *m)
{
	fprintf(p->out, "<li><a href=\"#axis-%d\">", sqlite3_column_int(ax, 0));
	page_say(p, "axis_heading", page_num(p, sqlite3_column_int(ax, 0), 0),
	    page_col_esc(p, ax, 1));
	fputs("</a><ol>", p->out);
	while (page_step(p, m))
		fprintf(p->out, "<li><a href=\"#measure-%d\">%s — %s</a></li>",
		    sqlite3_column_int(m, 1), page_col_esc(p, m, 0),
		    page_col_esc(p, m, 2));
	fputs("</ol></li>\n", p->out);
}

static void
axis_section(page *p, sqlite3_stmt *ax, sqlite3_stmt *m)
{
	char lead[1024];
	int first = 1;

	fprintf(p->out, "<section class=\"axis\" id=\"axis-%d\">",
	    sqlite3_column_int(ax, 0));
	snprintf(lead, sizeof lead, "<h2>%s</h2>\n", page_fmt(p, "axis_heading",
	    page_num(p, sqlite3_column_int(ax, 0), 0), page_col_esc(p, ax, 1)));
	while (page_step(p, m)) {
		measure_section(p, m, first ? lead : NULL);
		first = 0;
	}
	fputs("</section>\n", p->out);
}

void
measures_toc(page *p)
{
	each_axis(p, toc_axis);
}

void
measures_write(page *p)
{
	each_axis(p, axis_section);
}
