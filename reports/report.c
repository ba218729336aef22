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
#include "../core/outfile.h"
#include "charts.h"
#include "i18n.h"
#include "page.h"

/* What changed: the alarms of the month and the significant changes. */
static void
changes(page *p)
{
	char sql[1024];
	sqlite3_stmt *st;
	int n = 0;

	fprintf(p->out, "<section id=\"changes\"><h2>%s</h2>\n", page_T(p,
	    "Ce qui a changé ce mois-ci", "Wat er deze maand veranderde",
	    "What changed this month"));
	snprintf(sql, sizeof sql, "SELECT coalesce(f.%s, a.phenomenon), a.zone, "
	    "a.observed, a.expected, a.upper, a.p_value FROM alarm a LEFT JOIN "
	    "phenomenon f ON f.code = a.phenomenon WHERE a.alarm AND a.month = ?1 "
	    "ORDER BY a.p_value", page_label_col(p));
	if (sqlite3_prepare_v2(p->db, sql, -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int(st, 1, p->month);
		while (sqlite3_step(st) == SQLITE_ROW) {
			if (!n++)
				fprintf(p->out, "<h3>%s</h3>\n<ul class=\"alarms\">\n",
				    page_T(p, "Alarmes", "Alarmen", "Alarms"));
			fputs("<li><strong>", p->out);
			page_col_html(p->out, st, 0);
			fputs("</strong>, ", p->out);
			if (sqlite3_column_type(st, 1) == SQLITE_NULL)
				fputs(page_T(p, "Région", "Gewest", "region"), p->out);
			else
				fprintf(p->out, "%s %d", i18n(p->lang, "zone"),
				    sqlite3_column_int(st, 1));
			fputs(page_T(p, " : ", ": ", ": "), p->out);
			page_disclose(p, page_col(st, 2));
			fputs(page_T(p, " faits ce mois, alors qu'on en attendait environ ",
			    " feiten deze maand, waar er ongeveer ",
			    " facts this month, where about "), p->out);
			page_number(p, page_col(st, 3), 0);
			fputs(page_T(p, " (seuil d'alerte : ", " verwacht werden (alarmdrempel: ",
			    " were expected (alarm threshold: "), p->out);
			page_number(p, page_col(st, 4), 1);
			fputs(page_T(p, "). Une telle hausse arrive rarement par hasard.",
			    "). Zo'n stijging is zelden toeval.",
			    "). A rise like this rarely happens by chance."), p->out);
			fputs("</li>\n", p->out);
		}
		sqlite3_finalize(st);
	}
	if (n)
		fputs("</ul>\n", p->out);
	else
		fprintf(p->out, "<p>%s</p>\n", page_T(p, "Aucune alarme ce mois-ci.",
		    "Geen alarmen deze maand.", "No alarm this month."));
	n = 0;
	snprintf(sql, sizeof sql, "SELECT coalesce(f.%s, m.phenomenon), "
	    "coalesce(m.zone, ''), m.modus_operandi, m.recent, m.baseline, m.kind "
	    "FROM modus_signal m LEFT JOIN phenomenon f ON f.code = m.phenomenon "
	    "ORDER BY m.kind, m.phenomenon, m.zone", page_label_col(p));
	if (sqlite3_prepare_v2(p->db, sql, -1, &st, NULL) == SQLITE_OK) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			if (!n++)
				fprintf(p->out, "<h3>%s</h3>\n<ul>\n", page_T(p, "Modes "
				    "opératoires nouveaux ou en hausse", "Nieuwe of stijgende "
				    "werkwijzen", "New or rising modus operandi"));
			fputs("<li>", p->out);
			page_col_html(p->out, st, 2);
			fputs(" (", p->out);
			page_col_html(p->out, st, 0);
			fputs(", ", p->out);
			if (sqlite3_column_text(st, 1)[0])
				fprintf(p->out, "%s ", i18n(p->lang, "zone"));
			else
				fputs(page_T(p, "Région", "Gewest", "region"), p->out);
			page_col_html(p->out, st, 1);
			fputs(page_T(p, ") : ", "): ", "): "), p->out);
			page_disclose(p, page_col(st, 3));
			fputs(page_T(p, " faits sur les 3 derniers mois, ", " feiten in de "
			    "laatste 3 maanden, ", " facts in the last 3 months, "), p->out);
			page_disclose(p, page_col(st, 4));
			fputs(page_T(p, " sur les 24 mois précédents", " in de 24 maanden "
			    "daarvoor", " in the 24 months before"), p->out);
			fprintf(p->out, " — <em>%s</em></li>\n", !strcmp((const char *)
			    sqlite3_column_text(st, 5), "new") ? page_T(p, "nouveau", "nieuw",
			    "new") : page_T(p, "en hausse", "stijgend", "rising"));
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
	    "0.01 AND v.flag = '' AND v.breakdown LIKE 'phenomenon=%%' "
	    "GROUP BY 1 ORDER BY v.p_value LIMIT 12",
	    page_label_col(p), page_label_col(p));
	if (sqlite3_prepare_v2(p->db, sql, -1, &st, NULL) != SQLITE_OK)
		return;
	while (sqlite3_step(st) == SQLITE_ROW) {
		double rr = page_col(st, 3);
		if (!n++)
			fprintf(p->out, "<h3>%s</h3>\n<ul>\n", page_T(p, "Changements nets sur "
			    "12 mois (Région)", "Duidelijke veranderingen over 12 maanden "
			    "(Gewest)", "Clear changes over 12 months (region)"));
		fputs("<li><strong>", p->out);
		page_col_html(p->out, st, 0);
		fputs("</strong>", p->out);
		fputs(page_T(p, " : ", ": ", ": "), p->out);
		page_disclose(p, page_col(st, 1));
		fputs(page_T(p, " faits contre ", " feiten tegenover ", " facts against "),
		    p->out);
		page_disclose(p, page_col(st, 2));
		fputs(page_T(p, " un an plus tôt (", " een jaar eerder (", " a year before ("),
		    p->out);
		fprintf(p->out, "%+.0f %%", (rr - 1) * 100);
		fputs(page_T(p, "), un écart trop grand pour être dû au hasard.",
		    "), een verschil dat te groot is om toeval te zijn.",
		    "), too large a difference to be chance."), p->out);
		fputs("</li>\n", p->out);
	}
	sqlite3_finalize(st);
	if (n)
		fputs("</ul>\n", p->out);
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
		page_col_html(p->out, st, 0);
		fputs("</td><td>", p->out);
		page_col_html(p->out, st, 1);
		fputs("</td></tr>\n", p->out);
	}
	fputs("</tbody></table>\n", p->out);
	sqlite3_finalize(st);
}

static void
quality(page *p)
{
	fprintf(p->out, "<section id=\"quality\"><h2>%s</h2>\n", page_T(p, "Qualité des "
	    "données", "Datakwaliteit", "Data quality"));
	fprintf(p->out, "<h3>%s</h3>\n", page_T(p, "Extraits reçus", "Ontvangen "
	    "extracten", "Extracts received"));
	simple_table(p, "SELECT coalesce(zone, '?'), printf('%d extraits, %d lignes "
	    "lues, %d chargées, %d révisées, %d doublons, %d en quarantaine', "
	    "count(*), sum(rows_read), sum(rows_loaded), sum(rows_revised), "
	    "sum(rows_duplicate), sum(rows_quarantined)) FROM extract GROUP BY zone "
	    "ORDER BY zone", page_T(p, "Zone", "Zone", "Zone"), page_T(p, "Total", "Totaal",
	    "Total"));
	fprintf(p->out, "<h3>%s</h3>\n", page_T(p, "Lignes en quarantaine, par motif",
	    "Regels in quarantaine, per reden", "Rows quarantined, by reason"));
	simple_table(p, "SELECT reason_code, count(*) FROM quarantine GROUP BY 1 "
	    "ORDER BY 2 DESC", page_T(p, "Motif", "Reden", "Reason"), page_T(p, "Lignes",
	    "Regels", "Rows"));
	fprintf(p->out, "<h3>%s</h3>\n", page_T(p, "Mois non livrés", "Niet geleverde "
	    "maanden", "Months not delivered"));
	simple_table(p, "SELECT zone, group_concat(printf('%04d-%02d', month / 100, "
	    "month % 100), ', ') FROM coverage WHERE NOT delivered GROUP BY zone",
	    page_T(p, "Zone", "Zone", "Zone"), page_T(p, "Mois", "Maanden", "Months"));
	page_chart(p, "coverage", CHART_COVERAGE);
	fprintf(p->out, "<h3>%s</h3>\n", page_T(p, "Libellés non reconnus (à ajouter "
	    "aux alias)", "Niet herkende omschrijvingen (toe te voegen aan de "
	    "aliassen)", "Unmapped labels (add them to the aliases)"));
	simple_table(p, "SELECT raw, incidents FROM label_map WHERE phenomenon = "
	    "'unmapped' ORDER BY incidents DESC", page_T(p, "Libellé", "Omschrijving",
	    "Label"), page_T(p, "Faits", "Feiten", "Facts"));
	fputs("</section>\n", p->out);
}

static void
method(page *p)
{
	fprintf(p->out, "<section id=\"method\"><h2>%s</h2><ul>\n", page_T(p, "Méthode",
	    "Methode", "Method"));
	fprintf(p->out, "<li>%s</li>\n", page_T(p,
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
	fprintf(p->out, "<li>%s</li>\n", page_T(p,
	    "Comparaisons : test exact conditionnel de deux comptages de Poisson, "
	    "rapport des taux et intervalle de confiance à 95 % (R : poisson.test).",
	    "Vergelijkingen: exacte conditionele toets van twee Poisson-tellingen, "
	    "verhouding en 95%-betrouwbaarheidsinterval (R: poisson.test).",
	    "Comparisons: exact conditional test of two Poisson counts, rate ratio "
	    "and 95% interval (R: poisson.test)."));
	fprintf(p->out, "<li>%s</li>\n", page_T(p,
	    "Tendances : régression quasi-Poisson avec effets du mois (rapport "
	    "annuel) et test saisonnier de Mann–Kendall avec pente de Sen.",
	    "Trends: quasi-Poissonregressie met maandeffecten (jaarlijkse "
	    "verhouding) en seizoensgebonden Mann–Kendall-toets met Sen-helling.",
	    "Trends: quasi-Poisson regression with month effects (annual ratio) and "
	    "the seasonal Mann–Kendall test with Sen's slope."));
	fprintf(p->out, "<li>%s</li>\n", page_T(p,
	    "Alarmes : méthode de Farrington améliorée (R : "
	    "surveillance::farringtonFlexible), 4 années de référence, fenêtres de "
	    "±2 mois, seuil unilatéral à 1 % ; EARS C1–C3 pour les séries courtes.",
	    "Alarmen: verbeterde Farrington-methode (R: "
	    "surveillance::farringtonFlexible), 4 referentiejaren, vensters van ±2 "
	    "maanden, eenzijdige drempel van 1%; EARS C1–C3 voor korte reeksen.",
	    "Alarms: the improved Farrington method (R: "
	    "surveillance::farringtonFlexible), 4 reference years, ±2-month windows, "
	    "one-sided 1% threshold; EARS C1–C3 for short series."));
	fprintf(p->out, "<li>%s %d %s &lt;%d%s</li>\n", page_T(p, "Confidentialité : "
	    "les comptages de 1 à", "Vertrouwelijkheid: tellingen van 1 tot",
	    "Disclosure: counts of 1 to"), p->min_cell - 1, page_T(p, "sont publiés",
	    "worden gepubliceerd als", "are published as"), p->min_cell, page_T(p,
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
	    page_T(p, "Suivi du plan de sécurité —", "Opvolging van het "
	    "veiligheidsplan —", "Security plan monitoring —"), p->month / 100,
	    p->month % 100, css);
	fprintf(p->out, "<h1>%s</h1>\n<p>%s <strong>%04d-%02d</strong>. %s</p>\n",
	    page_T(p, "Suivi du Plan global de sécurité et de prévention",
	    "Opvolging van het Globaal Veiligheids- en Preventieplan",
	    "Monitoring of the Global Security and Prevention Plan"),
	    page_T(p, "Rapport mensuel, mois sous revue :", "Maandrapport, maand onder "
	    "beschouwing:", "Monthly report, month under review:"),
	    p->month / 100, p->month % 100, page_T(p, "Les faits des derniers mois "
	    "sont encore incomplets : certains seront enregistrés plus tard.",
	    "De feiten van de laatste maanden zijn nog onvolledig: sommige worden "
	    "later geregistreerd.", "The last months' facts are still incomplete: "
	    "some will be registered later."));
}

static int
write_page(page *p, const char *path)
{
	outfile o;
	int rc;

	if ((rc = outfile_open(&o, path, p->e)))
		return rc;
	p->out = o.fp;
	head(p);
	changes(p);
	significant(p);
	measures_write(p);
	quality(p);
	method(p);
	fputs("</body></html>\n", p->out);
	return outfile_close(&o, SV_OK, p->e);
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
		page p = { db, NULL, l, dir, (int)through, o->min_cell, e, 0, NULL, 0 };
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
