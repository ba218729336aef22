/*
 * report — the monthly report: one self-contained HTML page per language
 * (DIR/<YYYY-MM>/report.<lang>.html), charts inlined as SVG, no external
 * request.  Every text from the database is escaped (html()); counts of 1
 * to min_cell - 1 are shown as "<min_cell" (disclose()); the database
 * keeps exact values.  Pages are written to a temporary file and renamed
 * when complete.
 */
#include "reports.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/db.h"
#include "charts.h"
#include "i18n.h"

typedef struct page {
	sqlite3 *db;
	FILE *out;
	const char *lang, *dir;
	int month, min_cell;
	sv_err *e;
	int charts;
} page;

/* French or Dutch (or English) wording. */
static const char *
T(const page *p, const char *fr, const char *nl, const char *en)
{
	return !strcmp(p->lang, "fr") ? fr : !strcmp(p->lang, "nl") ? nl : en;
}

static void
html(FILE *out, const char *s)
{
	for (; s && *s; s++)
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default: putc(*s, out);
		}
}

static void
col_html(FILE *out, sqlite3_stmt *st, int i)
{
	html(out, (const char *)sqlite3_column_text(st, i));
}

/* A count as published: small ones hidden, the rest exact. */
static void
disclose(const page *p, double v)
{
	if (isnan(v))
		fputs("–", p->out);
	else if (v >= 1 && v < p->min_cell)
		fprintf(p->out, "&lt;%d", p->min_cell);
	else
		fprintf(p->out, "%.0f", v);
}

static void
number(const page *p, double v, int decimals)
{
	char buf[64];

	if (isnan(v)) {
		fputs("–", p->out);
		return;
	}
	snprintf(buf, sizeof buf, "%.*f", decimals, v);
	if (strcmp(p->lang, "en") != 0)
		for (char *c = buf; *c; c++)
			if (*c == '.')
				*c = ',';
	fputs(buf, p->out);
}

static double
col_num(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN :
	    sqlite3_column_double(st, i);
}

/* Draw a chart into the month's folder and inline it. */
static void
inline_chart(page *p, const char *name, int (*draw)(page *, const char *))
{
	char path[4096], line[8192];
	FILE *fp;
	int in = 0;

	snprintf(path, sizeof path, "%.3900s/charts/%s.%s.svg", p->dir, name, p->lang);
	if (draw(p, path)) {
		fprintf(p->out, "<p class=\"note\">%s</p>\n", T(p, "Graphique "
		    "indisponible.", "Grafiek niet beschikbaar.", "Chart unavailable."));
		return;
	}
	if (!(fp = fopen(path, "r")))
		return;
	fputs("<figure>", p->out);
	while (fgets(line, sizeof line, fp)) {
		if (!in && strncmp(line, "<svg", 4) == 0)
			in = 1;
		if (in)
			fputs(line, p->out);
	}
	fputs("</figure>\n", p->out);
	fclose(fp);
	p->charts++;
}

static const char *chart_set;
static int chart_zone;

static int
draw_series(page *p, const char *path)
{
	chart_opts o = { p->lang, 0, p->month, PLOT_SVG };
	return chart_series(p->db, chart_set, chart_zone, &o, path, p->e);
}

static int
draw_zones(page *p, const char *path)
{
	chart_opts o = { p->lang, 0, p->month, PLOT_SVG };
	return chart_zones(p->db, chart_set, &o, path, p->e);
}

static int
draw_sex(page *p, const char *path)
{
	chart_opts o = { p->lang, 0, p->month, PLOT_SVG };
	return chart_sex(p->db, &o, path, p->e);
}

static int
draw_coverage(page *p, const char *path)
{
	chart_opts o = { p->lang, 0, p->month, PLOT_SVG };
	return chart_coverage(p->db, &o, path, p->e);
}

static const char *
label_col(const page *p)
{
	return !strcmp(p->lang, "nl") ? "label_nl" : "label_fr";
}

/* What changed: the alarms of the month and the significant changes. */
static void
changes(page *p)
{
	char sql[1024];
	sqlite3_stmt *st;
	int n = 0;

	fprintf(p->out, "<section id=\"changes\"><h2>%s</h2>\n", T(p,
	    "Ce qui a changé ce mois-ci", "Wat er deze maand veranderde",
	    "What changed this month"));
	snprintf(sql, sizeof sql, "SELECT coalesce(f.%s, a.phenomenon), a.zone, "
	    "a.observed, a.expected, a.upper, a.p_value FROM alarm a LEFT JOIN "
	    "phenomenon f ON f.code = a.phenomenon WHERE a.alarm AND a.month = ?1 "
	    "ORDER BY a.p_value", label_col(p));
	if (sqlite3_prepare_v2(p->db, sql, -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int(st, 1, p->month);
		while (sqlite3_step(st) == SQLITE_ROW) {
			if (!n++)
				fprintf(p->out, "<h3>%s</h3>\n<ul class=\"alarms\">\n",
				    T(p, "Alarmes", "Alarmen", "Alarms"));
			fputs("<li><strong>", p->out);
			col_html(p->out, st, 0);
			fputs("</strong>, ", p->out);
			if (sqlite3_column_type(st, 1) == SQLITE_NULL)
				fputs(T(p, "Région", "Gewest", "region"), p->out);
			else
				fprintf(p->out, "%s %d", i18n(p->lang, "zone"),
				    sqlite3_column_int(st, 1));
			fputs(T(p, " : ", ": ", ": "), p->out);
			disclose(p, col_num(st, 2));
			fputs(T(p, " faits ce mois, alors qu'on en attendait environ ",
			    " feiten deze maand, waar er ongeveer ",
			    " facts this month, where about "), p->out);
			number(p, col_num(st, 3), 0);
			fputs(T(p, " (seuil d'alerte : ", " verwacht werden (alarmdrempel: ",
			    " were expected (alarm threshold: "), p->out);
			number(p, col_num(st, 4), 1);
			fputs(T(p, "). Une telle hausse arrive rarement par hasard.",
			    "). Zo'n stijging is zelden toeval.",
			    "). A rise like this rarely happens by chance."), p->out);
			fputs("</li>\n", p->out);
		}
		sqlite3_finalize(st);
	}
	if (n)
		fputs("</ul>\n", p->out);
	else
		fprintf(p->out, "<p>%s</p>\n", T(p, "Aucune alarme ce mois-ci.",
		    "Geen alarmen deze maand.", "No alarm this month."));
	n = 0;
	snprintf(sql, sizeof sql, "SELECT coalesce(f.%s, m.phenomenon), "
	    "coalesce(m.zone, ''), m.modus_operandi, m.recent, m.baseline, m.kind "
	    "FROM modus_signal m LEFT JOIN phenomenon f ON f.code = m.phenomenon "
	    "ORDER BY m.kind, m.phenomenon, m.zone", label_col(p));
	if (sqlite3_prepare_v2(p->db, sql, -1, &st, NULL) == SQLITE_OK) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			if (!n++)
				fprintf(p->out, "<h3>%s</h3>\n<ul>\n", T(p, "Modes "
				    "opératoires nouveaux ou en hausse", "Nieuwe of stijgende "
				    "werkwijzen", "New or rising modus operandi"));
			fputs("<li>", p->out);
			col_html(p->out, st, 2);
			fputs(" (", p->out);
			col_html(p->out, st, 0);
			fputs(", ", p->out);
			if (sqlite3_column_text(st, 1)[0])
				fprintf(p->out, "%s ", i18n(p->lang, "zone"));
			else
				fputs(T(p, "Région", "Gewest", "region"), p->out);
			col_html(p->out, st, 1);
			fputs(T(p, ") : ", "): ", "): "), p->out);
			disclose(p, col_num(st, 3));
			fputs(T(p, " faits sur les 3 derniers mois, ", " feiten in de "
			    "laatste 3 maanden, ", " facts in the last 3 months, "), p->out);
			disclose(p, col_num(st, 4));
			fputs(T(p, " sur les 24 mois précédents", " in de 24 maanden "
			    "daarvoor", " in the 24 months before"), p->out);
			fprintf(p->out, " — <em>%s</em></li>\n", !strcmp((const char *)
			    sqlite3_column_text(st, 5), "new") ? T(p, "nouveau", "nieuw",
			    "new") : T(p, "en hausse", "stijgend", "rising"));
		}
		sqlite3_finalize(st);
	}
	if (n)
		fputs("</ul>\n", p->out);
	fputs("</section>\n", p->out);
}

/* Significant changes over 12 months, region-wide, in plain words. */
static void
significant(page *p)
{
	char sql[1024];
	sqlite3_stmt *st;
	int n = 0;

	snprintf(sql, sizeof sql, "SELECT coalesce((SELECT %s FROM phenomenon "
	    "WHERE code = substr(v.breakdown, 12)), d.%s), v.value, v.compare_value, "
	    "v.rate_ratio, v.p_value FROM indicator_value v JOIN indicator_def d ON "
	    "d.indicator = v.indicator WHERE v.zone IS NULL AND v.period LIKE '%%/%%' "
	    "AND v.period NOT LIKE '%%-01/%%' AND v.unit = 'facts' AND v.p_value < "
	    "0.01 AND v.flag = '' AND (v.breakdown LIKE 'phenomenon=%%' OR "
	    "d.breakdown <> 'phenomenon') GROUP BY 1 ORDER BY v.p_value LIMIT 12",
	    label_col(p), label_col(p));
	if (sqlite3_prepare_v2(p->db, sql, -1, &st, NULL) != SQLITE_OK)
		return;
	while (sqlite3_step(st) == SQLITE_ROW) {
		double rr = col_num(st, 3);
		if (!n++)
			fprintf(p->out, "<h3>%s</h3>\n<ul>\n", T(p, "Changements nets sur "
			    "12 mois (Région)", "Duidelijke veranderingen over 12 maanden "
			    "(Gewest)", "Clear changes over 12 months (region)"));
		fputs("<li><strong>", p->out);
		col_html(p->out, st, 0);
		fputs("</strong>", p->out);
		fputs(T(p, " : ", ": ", ": "), p->out);
		disclose(p, col_num(st, 1));
		fputs(T(p, " faits contre ", " feiten tegenover ", " facts against "),
		    p->out);
		disclose(p, col_num(st, 2));
		fputs(T(p, " un an plus tôt (", " een jaar eerder (", " a year before ("),
		    p->out);
		fprintf(p->out, "%+.0f %%", (rr - 1) * 100);
		fputs(T(p, "), un écart trop grand pour être dû au hasard.",
		    "), een verschil dat te groot is om toeval te zijn.",
		    "), too large a difference to be chance."), p->out);
		fputs("</li>\n", p->out);
	}
	sqlite3_finalize(st);
	if (n)
		fputs("</ul>\n", p->out);
}

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
		fputs(T(p, "total", "totaal", "total"), p->out);
	else if (!strncmp(b, "phenomenon=", 11)) {
		snprintf(sql, sizeof sql, "SELECT %s FROM phenomenon WHERE code = ?1",
		    label_col(p));
		if (sqlite3_prepare_v2(p->db, sql, -1, &st, NULL) == SQLITE_OK) {
			sqlite3_bind_text(st, 1, b + 11, -1, SQLITE_STATIC);
			html(p->out, sqlite3_step(st) == SQLITE_ROW ?
			    (const char *)sqlite3_column_text(st, 0) : b + 11);
			sqlite3_finalize(st);
		}
	} else if (strchr(b, '=') && strstr(b, "_sex=")) {
		const char *v = strchr(b, '=') + 1;
		fputs(b[0] == 'v' ? T(p, "victimes : ", "slachtoffers: ", "victims: ") :
		    T(p, "auteurs : ", "daders: ", "authors: "), p->out);
		for (size_t i = 0; i < 4; i++)
			if (!strcmp(v, sexes[i][0]))
				fputs(i18n(p->lang, sexes[i][1]), p->out);
	} else
		html(p->out, strchr(b, '=') ? strchr(b, '=') + 1 : b);
	fputs("</td>", p->out);
}

static void
pvalue(const page *p, double v)
{
	if (!isnan(v) && v < 0.001)
		fprintf(p->out, "&lt;%s", T(p, "0,001", "0,001", "0.001"));
	else
		number(p, v, 3);
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
		fprintf(p->out, "<td>%s</td>", T(p, "Région", "Gewest", "Region"));
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
	    T(p, "Niveau", "Niveau", "Level"), T(p, "Détail", "Detail", "Breakdown"),
	    T(p, "12 derniers mois", "Laatste 12 maanden", "Last 12 months"),
	    T(p, "12 mois précédents", "12 maanden ervoor", "12 months before"),
	    T(p, "Rapport", "Verhouding", "Ratio"), T(p, "IC 95 %", "BI 95%",
	    "95% CI"), "p");
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *flag = (const char *)sqlite3_column_text(st, 9);
		fputs("<tr>", p->out);
		level_cell(p, st, 0, 1);
		breakdown_cell(p, (const char *)sqlite3_column_text(st, 2));
		fputs("<td>", p->out);
		if (counts)
			disclose(p, col_num(st, 3));
		else
			number(p, share ? col_num(st, 3) * 100 : col_num(st, 3), share ? 1 : 3);
		fputs("</td><td>", p->out);
		if (counts)
			disclose(p, col_num(st, 4));
		else
			number(p, share ? col_num(st, 4) * 100 : col_num(st, 4), share ? 1 : 3);
		fputs("</td><td>", p->out);
		number(p, col_num(st, 5), 2);
		fputs("</td><td>", p->out);
		if (!isnan(col_num(st, 6))) {
			number(p, col_num(st, 6), 2);
			fputs("–", p->out);
			number(p, col_num(st, 7), 2);
		}
		fprintf(p->out, "</td><td%s>", col_num(st, 8) < 0.05 ? " class=\"sig\"" : "");
		pvalue(p, col_num(st, 8));
		if (flag && *flag)
			fprintf(p->out, " <span class=\"flag\">%s</span>",
			    T(p, "incomplet", "onvolledig", "incomplete"));
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
	chart_set = set;
	chart_zone = 0;
	snprintf(name, sizeof name, "%s-region", measure);
	if (chart_small_counts(p->db, set, 0, p->min_cell, p->e) == 0)
		inline_chart(p, name, draw_series);
	snprintf(name, sizeof name, "%s-zones", measure);
	if (chart_small_counts(p->db, set, -1, p->min_cell, p->e) == 0)
		inline_chart(p, name, draw_zones);
	else
		fprintf(p->out, "<p class=\"note\">%s</p>\n", T(p, "Graphique par "
		    "zone non publié : il montrerait des mois de moins de 5 faits.",
		    "Grafiek per zone niet gepubliceerd: ze zou maanden met minder "
		    "dan 5 feiten tonen.", "Chart by zone withheld: it would show "
		    "months with fewer than 5 facts."));
	if (!strcmp(measure, "M1.10"))
		inline_chart(p, "M1.10-sex", draw_sex);
}

static void
measure_section(page *p, sqlite3_stmt *m)
{
	char sql[512];
	sqlite3_stmt *st;
	const char *measure = (const char *)sqlite3_column_text(m, 0);
	int served = 0;

	fprintf(p->out, "<section class=\"measure\" id=\"%s\"><h3>", measure);
	html(p->out, measure);
	fputs(" — ", p->out);
	col_html(p->out, m, 1);
	fputs("</h3>\n", p->out);
	snprintf(sql, sizeof sql, "SELECT indicator, kind, %s, unit, reason FROM "
	    "indicator_def WHERE measure = ?1 ORDER BY seq", label_col(p));
	if (sqlite3_prepare_v2(p->db, sql, -1, &st, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_text(st, 1, measure, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (!strcmp((const char *)sqlite3_column_text(st, 1), "none")) {
			fprintf(p->out, "<p class=\"note\">%s ", T(p, "Hors statistiques "
			    "d'incidents :", "Buiten de incidentstatistieken:",
			    "Outside incident statistics:"));
			col_html(p->out, st, 4);
			fputs("</p>\n", p->out);
			continue;
		}
		served = 1;
		fputs("<h4>", p->out);
		col_html(p->out, st, 2);
		fputs("</h4>\n", p->out);
		indicator_table(p, (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 3));
	}
	sqlite3_finalize(st);
	if (served)
		measure_charts(p, measure);
	fputs("</section>\n", p->out);
}

static void
measures(page *p)
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
		fprintf(p->out, "<section class=\"axis\"><h2>%s %d — ", T(p, "Axe",
		    "As", "Axis"), sqlite3_column_int(ax, 0));
		col_html(p->out, ax, 1);
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

static void
simple_table(page *p, const char *sql, const char *h1, const char *h2)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(p->db, sql, -1, &st, NULL) != SQLITE_OK)
		return;
	fprintf(p->out, "<table><thead><tr><th>%s</th><th>%s</th></tr></thead>"
	    "<tbody>\n", h1, h2);
	while (sqlite3_step(st) == SQLITE_ROW) {
		fputs("<tr><td>", p->out);
		col_html(p->out, st, 0);
		fputs("</td><td>", p->out);
		col_html(p->out, st, 1);
		fputs("</td></tr>\n", p->out);
	}
	fputs("</tbody></table>\n", p->out);
	sqlite3_finalize(st);
}

static void
quality(page *p)
{
	fprintf(p->out, "<section id=\"quality\"><h2>%s</h2>\n", T(p, "Qualité des "
	    "données", "Datakwaliteit", "Data quality"));
	fprintf(p->out, "<h3>%s</h3>\n", T(p, "Extraits reçus", "Ontvangen "
	    "extracten", "Extracts received"));
	simple_table(p, "SELECT coalesce(zone, '?'), printf('%d extraits, %d lignes "
	    "lues, %d chargées, %d révisées, %d doublons, %d en quarantaine', "
	    "count(*), sum(rows_read), sum(rows_loaded), sum(rows_revised), "
	    "sum(rows_duplicate), sum(rows_quarantined)) FROM extract GROUP BY zone "
	    "ORDER BY zone", T(p, "Zone", "Zone", "Zone"), T(p, "Total", "Totaal",
	    "Total"));
	fprintf(p->out, "<h3>%s</h3>\n", T(p, "Lignes en quarantaine, par motif",
	    "Regels in quarantaine, per reden", "Rows quarantined, by reason"));
	simple_table(p, "SELECT reason_code, count(*) FROM quarantine GROUP BY 1 "
	    "ORDER BY 2 DESC", T(p, "Motif", "Reden", "Reason"), T(p, "Lignes",
	    "Regels", "Rows"));
	fprintf(p->out, "<h3>%s</h3>\n", T(p, "Mois non livrés", "Niet geleverde "
	    "maanden", "Months not delivered"));
	simple_table(p, "SELECT zone, group_concat(printf('%04d-%02d', month / 100, "
	    "month % 100), ', ') FROM coverage WHERE NOT delivered GROUP BY zone",
	    T(p, "Zone", "Zone", "Zone"), T(p, "Mois", "Maanden", "Months"));
	inline_chart(p, "coverage", draw_coverage);
	fprintf(p->out, "<h3>%s</h3>\n", T(p, "Libellés non reconnus (à ajouter "
	    "aux alias)", "Niet herkende omschrijvingen (toe te voegen aan de "
	    "aliassen)", "Unmapped labels (add them to the aliases)"));
	simple_table(p, "SELECT raw, incidents FROM label_map WHERE phenomenon = "
	    "'unmapped' ORDER BY incidents DESC", T(p, "Libellé", "Omschrijving",
	    "Label"), T(p, "Faits", "Feiten", "Facts"));
	fputs("</section>\n", p->out);
}

static void
method(page *p)
{
	fprintf(p->out, "<section id=\"method\"><h2>%s</h2><ul>\n", T(p, "Méthode",
	    "Methode", "Method"));
	fprintf(p->out, "<li>%s</li>\n", T(p,
	    "Comptages par date des faits ; les plaintes (M1.10) par date "
	    "d'enregistrement. Un mois non livré par une zone n'est jamais compté "
	    "comme zéro : les valeurs qui le touchent sont marquées « incomplet » et "
	    "ne sont pas comparées.",
	    "Tellingen volgens datum van de feiten; klachten (M1.10) volgens "
	    "registratiedatum. Een maand die een zone niet leverde telt nooit als nul: "
	    "waarden die ze raken zijn „onvolledig” en worden niet vergeleken.",
	    "Counts by date of facts; complaints (M1.10) by date of registration. "
	    "A month a zone did not deliver is never a zero: values touching it are "
	    "marked incomplete and not compared."));
	fprintf(p->out, "<li>%s</li>\n", T(p,
	    "Comparaisons : test exact conditionnel de deux comptages de Poisson, "
	    "rapport des taux et intervalle de confiance à 95 % (R : poisson.test).",
	    "Vergelijkingen: exacte conditionele toets van twee Poisson-tellingen, "
	    "verhouding en 95%-betrouwbaarheidsinterval (R: poisson.test).",
	    "Comparisons: exact conditional test of two Poisson counts, rate ratio "
	    "and 95% interval (R: poisson.test)."));
	fprintf(p->out, "<li>%s</li>\n", T(p,
	    "Tendances : régression quasi-Poisson avec effets du mois (rapport "
	    "annuel) et test saisonnier de Mann–Kendall avec pente de Sen.",
	    "Trends: quasi-Poissonregressie met maandeffecten (jaarlijkse "
	    "verhouding) en seizoensgebonden Mann–Kendall-toets met Sen-helling.",
	    "Trends: quasi-Poisson regression with month effects (annual ratio) and "
	    "the seasonal Mann–Kendall test with Sen's slope."));
	fprintf(p->out, "<li>%s</li>\n", T(p,
	    "Alarmes : méthode de Farrington améliorée (R : "
	    "surveillance::farringtonFlexible), 4 années de référence, fenêtres de "
	    "±2 mois, seuil unilatéral à 1 % ; EARS C1–C3 pour les séries courtes.",
	    "Alarmen: verbeterde Farrington-methode (R: "
	    "surveillance::farringtonFlexible), 4 referentiejaren, vensters van ±2 "
	    "maanden, eenzijdige drempel van 1%; EARS C1–C3 voor korte reeksen.",
	    "Alarms: the improved Farrington method (R: "
	    "surveillance::farringtonFlexible), 4 reference years, ±2-month windows, "
	    "one-sided 1% threshold; EARS C1–C3 for short series."));
	fprintf(p->out, "<li>%s %d %s &lt;%d%s</li>\n", T(p, "Confidentialité : "
	    "les comptages de 1 à", "Vertrouwelijkheid: tellingen van 1 tot",
	    "Disclosure: counts of 1 to"), p->min_cell - 1, T(p, "sont publiés",
	    "worden gepubliceerd als", "are published as"), p->min_cell, T(p,
	    " ; les graphiques qui les montreraient ne sont pas publiés ; la base "
	    "de données garde les valeurs exactes.", "; grafieken die ze zouden "
	    "tonen worden niet gepubliceerd; de databank bewaart de exacte waarden.",
	    "; charts that would show them are withheld; the database keeps exact "
	    "values."));
	fputs("</ul></section>\n", p->out);
}

static const char css[] =
	"body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:1000px;"
	"margin:2em auto;padding:0 1em;color:#222;line-height:1.45}"
	"h1{font-size:1.6em;border-bottom:3px solid #4477aa}"
	"h2{margin-top:2em;border-bottom:1px solid #ccc}"
	"h3{margin-top:1.5em}h4{margin-bottom:.3em}"
	"table{border-collapse:collapse;font-size:.85em;margin:.5em 0 1em}"
	"th,td{border:1px solid #ddd;padding:.2em .5em;text-align:right}"
	"th{background:#f3f5f8}td:first-child,td:nth-child(2){text-align:left}"
	".sig{font-weight:bold}.flag{color:#cc3311}.note{color:#666;font-style:italic}"
	"ul.alarms li{margin-bottom:.4em}figure{margin:1em 0}"
	"figure svg{max-width:100%;height:auto}"
	"@media print{body{max-width:none}section.measure{break-inside:avoid}"
	"figure{break-inside:avoid}}";

static void
head(page *p)
{
	fprintf(p->out, "<!DOCTYPE html>\n<html lang=\"%s\" xmlns=\"http://www."
	    "w3.org/1999/xhtml\"><head><meta charset=\"utf-8\"/><meta name="
	    "\"viewport\" content=\"width=device-width, initial-scale=1\"/><title>",
	    p->lang);
	fprintf(p->out, "%s %04d-%02d</title><style>%s</style></head><body>\n",
	    T(p, "Suivi du plan de sécurité —", "Opvolging van het "
	    "veiligheidsplan —", "Security plan monitoring —"), p->month / 100,
	    p->month % 100, css);
	fprintf(p->out, "<h1>%s</h1>\n<p>%s <strong>%04d-%02d</strong>. %s</p>\n",
	    T(p, "Suivi du Plan global de sécurité et de prévention",
	    "Opvolging van het Globaal Veiligheids- en Preventieplan",
	    "Monitoring of the Global Security and Prevention Plan"),
	    T(p, "Rapport mensuel, mois sous revue :", "Maandrapport, maand onder "
	    "beschouwing:", "Monthly report, month under review:"),
	    p->month / 100, p->month % 100, T(p, "Les faits des derniers mois "
	    "sont encore incomplets : certains seront enregistrés plus tard.",
	    "De feiten van de laatste maanden zijn nog onvolledig: sommige worden "
	    "later geregistreerd.", "The last months' facts are still incomplete: "
	    "some will be registered later."));
}

static int
write_page(page *p, const char *path)
{
	char tmp[4400];
	int rc = SV_OK;

	snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid());
	if (!(p->out = fopen(tmp, "w")))
		return sv_errf(p->e, SV_CANTCREAT, "%s: cannot create: %s", path,
		    strerror(errno));
	head(p);
	changes(p);
	significant(p);
	measures(p);
	quality(p);
	method(p);
	fputs("</body></html>\n", p->out);
	if (ferror(p->out) | (fclose(p->out) != 0))
		rc = sv_errf(p->e, SV_IOERR, "%s: cannot write (disk full?)", path);
	else if (rename(tmp, path) != 0)
		rc = sv_errf(p->e, SV_CANTCREAT, "%s: cannot create: %s", path,
		    strerror(errno));
	if (rc)
		unlink(tmp);
	return rc;
}

static int
make_dir(const char *path, sv_err *e)
{
	if (mkdir(path, 0777) != 0 && errno != EEXIST)
		return sv_errf(e, SV_CANTCREAT, "%s: cannot create: %s", path,
		    strerror(errno));
	return SV_OK;
}

int
report_write(sqlite3 *db, const report_opts *o, FILE *log, sv_err *e)
{
	char dir[4096], sub[4200], path[4300], langs[64], *save = NULL;
	long long through = db_scalar(db, "SELECT through FROM aggregate_run "
	    "ORDER BY id DESC LIMIT 1");
	int rc;

	if (through <= 0)
		return sv_errf(e, SV_DATAERR, "report: nothing aggregated yet: run "
		    "'suivi aggregate' first");
	if (o->month && o->month != through)
		return sv_errf(e, SV_USAGE, "report: the database is aggregated through "
		    "%04lld-%02lld; run 'suivi aggregate --through %04d-%02d' first",
		    through / 100, through % 100, o->month / 100, o->month % 100);
	if ((rc = plot_available(e)))
		return rc;
	snprintf(dir, sizeof dir, "%s/%04lld-%02lld", o->out, through / 100,
	    through % 100);
	snprintf(sub, sizeof sub, "%s/charts", dir);
	if ((rc = make_dir(o->out, e)) || (rc = make_dir(dir, e)) ||
	    (rc = make_dir(sub, e)))
		return rc;
	snprintf(langs, sizeof langs, "%s", o->langs);
	for (char *l = strtok_r(langs, ",", &save); l; l = strtok_r(NULL, ",", &save)) {
		page p = { db, NULL, l, dir, (int)through, o->min_cell, e, 0 };
		if (strcmp(l, "fr") && strcmp(l, "nl") && strcmp(l, "en"))
			return sv_errf(e, SV_USAGE, "report: language '%s': fr, nl or en",
			    l);
		snprintf(path, sizeof path, "%s/report.%s.html", dir, l);
		if ((rc = write_page(&p, path)))
			return rc;
		fprintf(log, "%s (%d charts)\n", path, p.charts);
	}
	return SV_OK;
}
