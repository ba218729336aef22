/*
 * changes — the report's first section: what changed this month.  Each
 * alarm of the month under review, and each new or rising modus operandi,
 * in a sentence that links to its own chart beside it; then the clear
 * changes over 12 months, region-wide.  Counts go through page_count();
 * a change computed from a suppressed count is not given.
 */
#include "page.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/month.h"
#include "charts.h"
#include "revisions.h"

/* The id of the phenomenon's chart in its zone: the one the page already
 * has, or a new one. */
static void
chart_id(page *p, enum chart_kind kind, const char *set, int zone, char *id,
    size_t n)
{
	const char *old = page_chart_ref(p, kind, set, zone);

	snprintf(id, n, "%s", old ? old : page_id(p, "fig"));
}

/* Whether the alarms of the month before the one under review were
 * computed (its own aggregate run, or a back-test through it or later):
 * only then can an alarm be called new, or said to have ended. */
static int
month_before_known(page *p)
{
	sqlite3_stmt *st;
	int known = 0;

	if (page_prepare(p, &st, "SELECT EXISTS (SELECT 1 FROM aggregate_run "
	    "WHERE through = ?1 OR (backtest AND through > ?1))"))
		return 0;
	sqlite3_bind_int(st, 1, month_to_yyyymm(month_from_yyyymm(p->month) -
	    1));
	known = page_step(p, st) && sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return known;
}

int
changes_alarm_since(page *p, const char *code, int zone)
{
	sqlite3_stmt *st;
	int t = month_from_yyyymm(p->month), since = 0;

	if (page_prepare(p, &st, "SELECT EXISTS (SELECT 1 FROM alarm_raised "
	    "WHERE month = ?1 AND phenomenon = ?2 AND zone = ?3)"))
		return 0;
	sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, zone);
	for (int m = t - 1; m > t - 1 - 12 * 20; m--) {
		int raised;
		sqlite3_bind_int(st, 1, month_to_yyyymm(m));
		raised = page_step(p, st) && sqlite3_column_int(st, 0);
		sqlite3_reset(st);
		if (!raised)
			break;
		since = month_to_yyyymm(m);
	}
	sqlite3_finalize(st);
	return since;
}

/* Whether the series of code in zone has a month of 1 to min_cell - 1
 * facts: its chart hides them, and its expected count and threshold,
 * computed from its months, would give them back (a short series' EARS
 * threshold from seven months, tried with each hidden value from 1 to 4,
 * fits one alone). */
static int
series_has_small(page *p, const char *code, int zone)
{
	sqlite3_stmt *st;
	int small;

	if (page_prepare(p, &st, "SELECT 1 FROM series_month WHERE series = ?1 "
	    "AND zone = ?2 AND month <= ?3 AND observed BETWEEN 1 AND ?4 LIMIT 1"))
		return 1;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, zone);
	sqlite3_bind_int(st, 3, p->month);
	sqlite3_bind_int(st, 4, p->min_cell - 1);
	small = page_step(p, st);
	sqlite3_finalize(st);
	return small;
}

/* One alarm's sentence, linking to the chart id: new, or since when,
 * when the month before is known (*ctx). */
static void
alarm_sentence(page *p, sqlite3_stmt *st, const char *code, int zone,
    const char *id, const void *ctx)
{
	const char *status = "";
	int since;

	if (*(const int *)ctx)
		status = (since = changes_alarm_since(p, code, zone)) ? page_fmt(p,
		    "alarm_since", page_month(p, since)) : page_msg(p, "alarm_new");
	/* a small count above its threshold: the threshold would tell it;
	 * so would one computed from small months */
	if ((page_col(st, 2) >= 1 && page_col(st, 2) < p->min_cell) ||
	    series_has_small(p, code, zone))
		page_say(p, "alarm_sentence_small", page_phenomenon(p, code),
		    page_zone(p, zone), page_count(p, page_col(st, 2)), status);
	else if (isnan(page_col(st, 3)))        /* EARS: a threshold, no model */
		page_say(p, "alarm_sentence_short", page_phenomenon(p, code),
		    page_zone(p, zone), page_count(p, page_col(st, 2)), page_num(p,
		    page_col(st, 4), 1), status);
	else
		page_say(p, "alarm_sentence", page_phenomenon(p, code), page_zone(p,
		    zone), page_count(p, page_col(st, 2)), page_num(p, page_col(st,
		    3), 0), page_num(p, page_col(st, 4), 1), status);
	page_say(p, "chart_link", id, page_phenomenon(p, code),
	    page_zone(p, zone));
}

/* The alarms of the month before that this month did not raise again. */
static void
ended(page *p)
{
	sqlite3_stmt *st;
	int n = 0, before = month_to_yyyymm(month_from_yyyymm(p->month) - 1);

	if (page_prepare(p, &st, "SELECT DISTINCT "
	    "r.phenomenon, r.zone FROM alarm_raised r WHERE r.month = ?1 AND NOT "
	    "EXISTS (SELECT 1 FROM alarm a WHERE a.alarm AND a.month = ?2 AND "
	    "a.phenomenon = r.phenomenon AND coalesce(a.zone, 0) = r.zone) ORDER "
	    "BY r.phenomenon, r.zone"))
		return;
	sqlite3_bind_int(st, 1, before);
	sqlite3_bind_int(st, 2, p->month);
	while (page_step(p, st)) {
		if (!n++)
			fprintf(p->out, "<h3 id=\"ended\">%s</h3>\n<ul>\n",
			    page_msg(p, "h3_ended"));
		fputs("<li>", p->out);
		page_say(p, "ended_sentence", page_phenomenon(p, (const char *)
		    sqlite3_column_text(st, 0)), page_zone(p, sqlite3_column_int(st,
		    1)), page_month(p, before));
		fputs("</li>\n", p->out);
	}
	sqlite3_finalize(st);
	if (n)
		fputs("</ul>\n", p->out);
}

/* One new or rising modus operandi's sentence, linking to the chart id. */
static void
modus_sentence(page *p, sqlite3_stmt *st, const char *code, int zone,
    const char *id, const void *ctx)
{
	const char *mo = (const char *)sqlite3_column_text(st, 2);

	(void)ctx;
	page_say(p, !strcmp((const char *)sqlite3_column_text(st, 5), "new") ?
	    "modus_new" : "modus_rising", page_modus(p, mo),
	    page_phenomenon(p, code), page_zone(p, zone),
	    page_count(p, page_col(st, 3)), page_count(p, page_col(st, 4)));
	page_say(p, "chart_link", id, page_modus(p, mo), page_zone(p, zone));
}

typedef void sentence_fn(page *, sqlite3_stmt *, const char *code, int zone,
    const char *id, const void *ctx);

/* A list of the page: a heading and one item per row of sql (?1 the month
 * under review; its first columns the phenomenon and the zone, NULL for
 * the region, and for modus operandi the code), or, with none, the
 * message none (NULL: nothing).  Each item is a sentence and its chart of
 * kind: the phenomenon in its zone, with the expected band and the alarm
 * points (CHART_ALARM), or the modus operandi's months (CHART_MODUS); ctx
 * goes to the sentence. */
static void
list(page *p, enum chart_kind kind, const char *sql, const char *id,
    const char *heading, const char *none, sentence_fn *sentence,
    const void *ctx)
{
	sqlite3_stmt *st;
	int n = 0;

	if (page_prepare(p, &st, sql))
		return;
	sqlite3_bind_int(st, 1, p->month);
	while (page_step(p, st)) {
		if (!n++)
			fprintf(p->out, "<h3 id=\"%s\">%s</h3>\n<ul class=\"alarms\">\n",
			    id, page_msg(p, heading));
		const char *code = (const char *)sqlite3_column_text(st, 0);
		int zone = sqlite3_column_type(st, 1) == SQLITE_NULL ? 0 :
		    sqlite3_column_int(st, 1);
		char chart[32], set[512];
		if (kind == CHART_MODUS)
			snprintf(set, sizeof set, "%s%c%s", code, CHART_MODUS_SEP,
			    (const char *)sqlite3_column_text(st, 2));
		else
			snprintf(set, sizeof set, "%s", code);
		chart_id(p, kind, set, zone, chart, sizeof chart);
		fputs("<li>", p->out);
		sentence(p, st, code, zone, chart, ctx);
		page_chart(p, chart, kind, set, zone);
		fputs("</li>\n", p->out);
	}
	sqlite3_finalize(st);
	if (n)
		fputs("</ul>\n", p->out);
	else if (none)
		page_say(p, none);
}

/* How many phenomena aggregate screened for a net change (net_change). */
static int
screened_count(page *p)
{
	sqlite3_stmt *st;
	int n = 0;

	if (page_prepare(p, &st, "SELECT count(*) FROM net_change"))
		return 0;
	if (page_step(p, st))
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

int
changes_clear(page *p, change *out, int max, int *screened_n)
{
	sqlite3_stmt *st;
	int k = 0;

	if (screened_n)
		*screened_n = screened_count(p);
	/* neither period small: a change would tell a small count */
	if (page_prepare(p, &st, "SELECT phenomenon, now, before, rate_ratio "
	    "FROM net_change WHERE clear AND now >= ?1 AND before >= ?1 ORDER "
	    "BY q_value, p_value, phenomenon LIMIT ?2"))
		return 0;
	sqlite3_bind_int(st, 1, p->min_cell);
	sqlite3_bind_int(st, 2, max);
	while (k < max && page_step(p, st)) {
		snprintf(out[k].code, sizeof out[k].code, "%s", (const char *)
		    sqlite3_column_text(st, 0));
		out[k].now = page_col(st, 1);
		out[k].before = page_col(st, 2);
		out[k++].ratio = page_col(st, 3);
	}
	sqlite3_finalize(st);
	return k;
}

/* The clear changes over 12 months, each in a sentence. */
static void
significant(page *p)
{
	change c[12];
	int tested, n = changes_clear(p, c, 12, &tested);

	if (!tested)
		return;
	fprintf(p->out, "<h3 id=\"clear-changes\">%s</h3>\n", page_msg(p,
	    "h3_significant"));
	if (!n) {
		page_say(p, "no_significant", page_num(p, tested, 0), page_num(p,
		    100 * NET_CHANGE_Q, 0));
		return;
	}
	fputs("<ul>\n", p->out);
	for (int i = 0; i < n; i++) {
		fputs("<li>", p->out);
		page_say(p, "significant_sentence", page_phenomenon(p, c[i].code),
		    page_count(p, c[i].now), page_count(p, c[i].before),
		    page_change(p, c[i].ratio));
		fputs("</li>\n", p->out);
	}
	fputs("</ul>\n", p->out);
	page_say(p, "significant_note", page_num(p, tested, 0), page_num(p,
	    100 * NET_CHANGE_Q, 0));
}

/* Whether a revision's causes would show a count of 1 to min_cell - 1
 * (each is a count of incidents; with the figures then and now shown,
 * one hidden cause would be the others' difference: all go together). */
static int
small_causes(const page *p, const revision *v)
{
	long long c[4] = { v->late, v->corrected, v->withdrawn, v->other };

	for (int i = 0; i < 4; i++)
		if (llabs(c[i]) >= 1 && llabs(c[i]) < p->min_cell)
			return 1;
	return 0;
}

/* Once reports of CHART_REVISION_MIN months came before this one, the
 * chart of the series with the most facts in the last of them, each
 * month as first published and as last published (charts.h). */
static void
revision_chart(page *p)
{
	sqlite3_stmt *st;
	char measure[64] = "";
	int months = 0, last = 0;

	if (page_prepare(p, &st, "SELECT (SELECT count(DISTINCT month) FROM "
	    "publication WHERE month < ?1), s.subject, s.month FROM (SELECT "
	    "v.subject, p.month FROM published_value v JOIN publication p ON "
	    "p.id = v.publication WHERE p.id = (SELECT max(id) FROM publication "
	    "WHERE month < ?1) AND v.kind = 'series' AND v.part = '' AND v.shown "
	    "GROUP BY v.subject ORDER BY sum(v.value) DESC, v.subject LIMIT 1) s"))
		return;
	sqlite3_bind_int(st, 1, p->month);
	if (page_step(p, st)) {
		months = sqlite3_column_int(st, 0);
		snprintf(measure, sizeof measure, "%s", (const char *)
		    sqlite3_column_text(st, 1));
		last = sqlite3_column_int(st, 2);
	}
	sqlite3_finalize(st);
	if (months < CHART_REVISION_MIN || !*measure)
		return;
	page_say(p, "revision_chart_intro", page_esc(p, measure),
	    page_month(p, last));
	page_chart(p, page_id(p, "fig"), CHART_REVISION, measure, 0);
}

/* The moves and their causes, a row each. */
static void
revisions_table(page *p, const revisions *r)
{
	static const char *const heads[] = { "th_measure", "th_month_facts",
	    "th_then", "th_now", "th_late", "th_corrected", "th_withdrawn",
	    "th_other" };

	page_table_open(p, "counts", page_msg(p, "h3_revisions"));
	fputs("<thead><tr>", p->out);
	for (size_t i = 0; i < sizeof heads / sizeof *heads; i++)
		fprintf(p->out, "<th scope=\"col\">%s</th>", page_msg(p, heads[i]));
	fputs("</tr></thead><tbody>\n", p->out);
	for (size_t i = 0; i < r->n; i++) {
		const revision *v = &r->v[i];
		int hide = small_causes(p, v);
		fprintf(p->out, "<tr><th scope=\"row\">%s</th><th scope=\"row\">%s"
		    "</th><td>%s</td><td>%s</td>", page_esc(p, v->measure), page_month(p, v->month),
		    page_count(p, (double)v->then), page_count(p, (double)v->now));
		fprintf(p->out, "<td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
		    hide ? page_suppressed(p, 2) : page_num(p, (double)v->late, 0),
		    hide ? page_suppressed(p, 2) : page_num(p, (double)v->corrected, 0),
		    hide ? page_suppressed(p, 2) : page_num(p, (double)v->withdrawn, 0),
		    hide ? page_suppressed(p, 2) : page_num(p, (double)v->other, 0));
	}
	fputs("</tbody></table></div>\n", p->out);
}

/* The previous publication's figures that moved, with their causes. */
static void
revised(page *p)
{
	const revisions *r = p->rev;
	char id[32];

	if (!r || !r->publication)
		return;
	snprintf(id, sizeof id, "%lld", r->publication);
	fprintf(p->out, "<h3 id=\"revisions\">%s</h3>\n", page_msg(p,
	    "h3_revisions"));
	page_say(p, r->n ? "revisions_intro" : "no_revision", page_month(p,
	    r->pub_month), id, page_num(p, p->min_cell, 0));
	if (r->fared.judged + r->fared.pending)
		page_say(p, "nowcast_fared", page_month(p, r->pub_month),
		    page_num(p, r->fared.judged, 0), page_num(p, r->fared.inside, 0),
		    page_num(p, r->fared.below, 0), page_num(p, r->fared.above, 0),
		    page_num(p, r->fared.pending, 0));
	if (r->n)
		revisions_table(p, r);
	revision_chart(p);
}

double
changes_chance(page *p)
{
	sqlite3_stmt *st;
	double chance = 0;

	if (page_prepare(p, &st, "SELECT a.method, count(*), r.alpha FROM alarm "
	    "a, (SELECT alpha FROM aggregate_run ORDER BY id DESC LIMIT 1) r "
	    "WHERE a.month = ?1 AND a.upper IS NOT NULL GROUP BY a.method"))
		return 0;
	sqlite3_bind_int(st, 1, p->month);
	while (page_step(p, st))
		chance += page_col(st, 1) * aggregate_method_alpha((const char *)
		    sqlite3_column_text(st, 0), page_col(st, 2));
	sqlite3_finalize(st);
	return chance;
}

/* How many series the alarms screened, and how many alarms chance alone
 * would raise among them in a month: each threshold is crossed by chance
 * with its method's probability (aggregate_method_alpha()), and their sum
 * bounds the false alarms (a series screened by several methods, or a
 * method asking for a minimum as well, raises fewer). */
static void
screened(page *p)
{
	sqlite3_stmt *st;
	double series = 0, region = 0, banded = 0, chance = changes_chance(p);

	if (page_prepare(p, &st, "SELECT count(DISTINCT phenomenon || '/' || "
	    "coalesce(zone, 0)), count(DISTINCT CASE WHEN zone IS NULL THEN "
	    "phenomenon END), count(DISTINCT CASE WHEN upper IS NOT NULL THEN "
	    "phenomenon || '/' || coalesce(zone, 0) END) FROM alarm WHERE "
	    "month = ?1"))
		return;
	sqlite3_bind_int(st, 1, p->month);
	if (page_step(p, st)) {
		series = page_col(st, 0);
		region = page_col(st, 1);
		banded = page_col(st, 2);
	}
	sqlite3_finalize(st);
	if (series > 0 && chance > 0)
		page_say(p, "alarms_screened", page_num(p, series, 0),
		    page_num(p, region, 0), page_num(p, series - region, 0),
		    page_num(p, banded, 0), page_num(p, banded / chance, 0),
		    page_num(p, chance, 1));
}

void
changes_write(page *p)
{
	int before = month_before_known(p);

	fprintf(p->out, "<section id=\"changes\"><h2>%s</h2>\n",
	    page_msg(p, "h2_changes"));
	list(p, CHART_ALARM, AGGREGATE_ALARMS("?1") AGGREGATE_ALARMS_ORDER,
	    "alarms", "h3_alarms", "no_alarm", alarm_sentence, &before);
	screened(p);
	if (before)
		ended(p);
	list(p, CHART_MODUS, "SELECT phenomenon, zone, modus_operandi, recent, "
	    "baseline, kind FROM modus_signal ORDER BY kind, phenomenon, zone IS "
	    "NOT NULL, zone", "modus", "h3_modus", NULL, modus_sentence, NULL);
	significant(p);
	revised(p);
	fputs("</section>\n", p->out);
}
