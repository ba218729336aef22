/*
 * measures — the report's sections per axis and suivi measure: each
 * indicator's table (the last 12 months against the 12 before, by level
 * and breakdown) and the measure's charts, or the reason a measure is
 * outside incident statistics.
 */
#include "page.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "charts.h"
#include "i18n.h"

/* "phenomenon=burglary_home" -> its label; "victim_sex=F" -> "victims:
 * women"; "all" -> "total". */
static void
breakdown_cell(page *p, const char *b)
{
	static const char *const sexes[][2] = { { "F", "women" }, { "M", "men" },
	    { "X", "x" }, { "unknown", "unknown" } };
	sqlite3_stmt *st;
	char sql[128];

	fputs("<td>", p->out);
	if (!strcmp(b, "all"))
		fputs(page_T(p, "total", "totaal", "total"), p->out);
	else if (!strncmp(b, "phenomenon=", 11)) {
		snprintf(sql, sizeof sql, "SELECT %s FROM phenomenon WHERE code = ?1",
		    page_label_col(p));
		if (sqlite3_prepare_v2(p->db, sql, -1, &st, NULL) == SQLITE_OK) {
			sqlite3_bind_text(st, 1, b + 11, -1, SQLITE_STATIC);
			page_html(p->out, sqlite3_step(st) == SQLITE_ROW ?
			    (const char *)sqlite3_column_text(st, 0) : b + 11);
			sqlite3_finalize(st);
		}
	} else if (strchr(b, '=') && strstr(b, "_sex=")) {
		const char *v = strchr(b, '=') + 1;
		fputs(b[0] == 'v' ? page_T(p, "victimes : ", "slachtoffers: ", "victims: ") :
		    page_T(p, "auteurs : ", "daders: ", "authors: "), p->out);
		for (size_t i = 0; i < 4; i++)
			if (!strcmp(v, sexes[i][0]))
				fputs(i18n(p->lang, sexes[i][1]), p->out);
	} else
		page_html(p->out, strchr(b, '=') ? strchr(b, '=') + 1 : b);
	fputs("</td>", p->out);
}

static void
level_cell(page *p, sqlite3_stmt *st, int zi, int ci)
{
	if (sqlite3_column_type(st, ci) != SQLITE_NULL)
		fprintf(p->out, "<td>%d</td>", sqlite3_column_int(st, ci));
	else if (sqlite3_column_type(st, zi) != SQLITE_NULL)
		fprintf(p->out, "<td>%s %d</td>", i18n(p->lang, "zone"),
		    sqlite3_column_int(st, zi));
	else
		fprintf(p->out, "<td>%s</td>", page_T(p, "Région", "Gewest", "Region"));
}

/* One indicator's table: the 12 months against the 12 before, by level
 * and breakdown (zones and communes only for "all"). */
static void
indicator_table(page *p, const char *indicator, const char *unit)
{
	sqlite3_stmt *st;
	int counts = !strcmp(unit, "facts") || !strcmp(unit, "complaints");
	int share = !strcmp(unit, "share");

	if (sqlite3_prepare_v2(p->db, "SELECT zone, commune, breakdown, value, "
	    "compare_value, rate_ratio, low, high, p_value, flag, period FROM "
	    "indicator_value WHERE indicator = ?1 AND period LIKE '%/%' AND period "
	    "NOT LIKE '%-01/%' AND (zone IS NULL OR breakdown = 'all') ORDER BY "
	    "zone IS NOT NULL, zone, commune, breakdown <> 'all', breakdown", -1, &st,
	    NULL) != SQLITE_OK)
		return;
	sqlite3_bind_text(st, 1, indicator, -1, SQLITE_STATIC);
	fprintf(p->out, "<table><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
	    "<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>\n",
	    page_T(p, "Niveau", "Niveau", "Level"), page_T(p, "Détail", "Detail", "Breakdown"),
	    page_T(p, "12 derniers mois", "Laatste 12 maanden", "Last 12 months"),
	    page_T(p, "12 mois précédents", "12 maanden ervoor", "12 months before"),
	    page_T(p, "Rapport", "Verhouding", "Ratio"), page_T(p, "IC 95 %", "BI 95%",
	    "95% CI"), "p");
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *flag = (const char *)sqlite3_column_text(st, 9);
		fputs("<tr>", p->out);
		level_cell(p, st, 0, 1);
		breakdown_cell(p, (const char *)sqlite3_column_text(st, 2));
		fputs("<td>", p->out);
		if (counts)
			page_disclose(p, page_col(st, 3));
		else
			page_number(p, share ? page_col(st, 3) * 100 : page_col(st, 3), share ? 1 : 3);
		fputs("</td><td>", p->out);
		if (counts)
			page_disclose(p, page_col(st, 4));
		else
			page_number(p, share ? page_col(st, 4) * 100 : page_col(st, 4), share ? 1 : 3);
		fputs("</td><td>", p->out);
		page_number(p, page_col(st, 5), 2);
		fputs("</td><td>", p->out);
		if (!isnan(page_col(st, 6))) {
			page_number(p, page_col(st, 6), 2);
			fputs("–", p->out);
			page_number(p, page_col(st, 7), 2);
		}
		fprintf(p->out, "</td><td%s>", page_col(st, 8) < 0.05 ? " class=\"sig\"" : "");
		page_pvalue(p, page_col(st, 8));
		if (flag && *flag)
			fprintf(p->out, " <span class=\"flag\">%s</span>",
			    page_T(p, "incomplet", "onvolledig", "incomplete"));
		fputs("</td></tr>\n", p->out);
	}
	sqlite3_finalize(st);
	fputs("</tbody></table>\n", p->out);
}

/* The charts of a served measure: its phenomena together for the region
 * and by zone, unless they would disclose small counts. */
static void
measure_charts(page *p, const char *measure)
{
	char set[64], name[64];

	snprintf(set, sizeof set, "measure:%s", measure);
	p->chart_set = set;
	p->chart_zone = 0;
	snprintf(name, sizeof name, "%s-region", measure);
	if (chart_small_counts(p->db, set, 0, p->min_cell, p->e) == 0)
		page_chart(p, name, CHART_SERIES);
	snprintf(name, sizeof name, "%s-zones", measure);
	if (chart_small_counts(p->db, set, -1, p->min_cell, p->e) == 0)
		page_chart(p, name, CHART_ZONES);
	else
		fprintf(p->out, "<p class=\"note\">%s</p>\n", page_T(p, "Graphique par "
		    "zone non publié : il montrerait des mois de moins de 5 faits.",
		    "Grafiek per zone niet gepubliceerd: ze zou maanden met minder "
		    "dan 5 feiten tonen.", "Chart by zone withheld: it would show "
		    "months with fewer than 5 facts."));
	if (!strcmp(measure, "M1.10"))
		page_chart(p, "M1.10-sex", CHART_SEX);
}

static void
measure_section(page *p, sqlite3_stmt *m)
{
	char sql[512];
	sqlite3_stmt *st;
	const char *measure = (const char *)sqlite3_column_text(m, 0);
	int served = 0;

	fprintf(p->out, "<section class=\"measure\" id=\"%s\"><h3>", measure);
	page_html(p->out, measure);
	fputs(" — ", p->out);
	page_col_html(p->out, m, 1);
	fputs("</h3>\n", p->out);
	snprintf(sql, sizeof sql, "SELECT indicator, kind, %s, unit, reason FROM "
	    "indicator_def WHERE measure = ?1 ORDER BY seq", page_label_col(p));
	if (sqlite3_prepare_v2(p->db, sql, -1, &st, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_text(st, 1, measure, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (!strcmp((const char *)sqlite3_column_text(st, 1), "none")) {
			fprintf(p->out, "<p class=\"note\">%s ", page_T(p, "Hors statistiques "
			    "d'incidents :", "Buiten de incidentstatistieken:",
			    "Outside incident statistics:"));
			page_col_html(p->out, st, 4);
			fputs("</p>\n", p->out);
			continue;
		}
		served = 1;
		fputs("<h4>", p->out);
		page_col_html(p->out, st, 2);
		fputs("</h4>\n", p->out);
		indicator_table(p, (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 3));
	}
	sqlite3_finalize(st);
	if (served)
		measure_charts(p, measure);
	fputs("</section>\n", p->out);
}

void
measures_write(page *p)
{
	sqlite3_stmt *ax, *m;

	if (sqlite3_prepare_v2(p->db, "SELECT axis, title_fr FROM axis WHERE axis "
	    "IN (SELECT axis FROM measure WHERE pillar = 'suivi') ORDER BY axis",
	    -1, &ax, NULL) != SQLITE_OK)
		return;
	if (sqlite3_prepare_v2(p->db, "SELECT measure, title FROM measure WHERE "
	    "pillar = 'suivi' AND axis = ?1 ORDER BY seq", -1, &m, NULL) != SQLITE_OK) {
		sqlite3_finalize(ax);
		return;
	}
	while (sqlite3_step(ax) == SQLITE_ROW) {
		fprintf(p->out, "<section class=\"axis\"><h2>%s %d — ", page_T(p, "Axe",
		    "As", "Axis"), sqlite3_column_int(ax, 0));
		page_col_html(p->out, ax, 1);
		fputs("</h2>\n", p->out);
		sqlite3_bind_int(m, 1, sqlite3_column_int(ax, 0));
		while (sqlite3_step(m) == SQLITE_ROW)
			measure_section(p, m);
		sqlite3_reset(m);
		fputs("</section>\n", p->out);
	}
	sqlite3_finalize(m);
	sqlite3_finalize(ax);
}

