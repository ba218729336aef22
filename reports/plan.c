/*
 * plan — the whole plan followed: the progress of its 120 measures as the
 * partners report it (the section "Avancement du plan"), and the figures
 * partners supply for the measures incident data cannot serve, in those
 * measures' sections (page.h; the data: partners/).
 *
 * A measure's status at a date is the latest report on it up to that date
 * (any partner; a revised report counts as its revision), so "changed
 * this month" compares the end of the month under review with the end of
 * the month before.
 */
#include "page.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/catalogue.h"
#include "../core/db.h"
#include "../core/grow.h"
#include "../core/month.h"
#include "../core/refdata.h"
#include "../core/text.h"
#include "../partners/words.h"

#define STALE_MONTHS 12         /* no report for this long: listed */

/* A measure's state: status now and at the end of the month before
 * (index in pwords_statuses, or -1 for none), its last report (yyyymmdd,
 * 0 for none). */
typedef struct mstate {
	char measure[REF_MEASURE_MAX + 1];
	char title[512];        /* in the page's language (cut, if longer) */
	int axis, pillar, now, before, last;
} mstate;

static const char *const pillars[] = { "prevention", "reaction", "suivi" };

static int
index_of(const char *const *list, int n, const unsigned char *s)
{
	for (int i = 0; s && (n < 0 ? list[i] != NULL : i < n); i++)
		if (!strcmp(list[i], (const char *)s))
			return i;
	return -1;
}

/* Every measure's state; *n of them. */
static mstate *
read_states(page *p, size_t *n)
{
	static const char sql[] = "SELECT m.measure, m.axis, m.pillar, "
	    "(SELECT status FROM progress g WHERE g.measure = m.measure AND "
	    "g.superseded_by IS NULL AND g.date <= ?1 ORDER BY g.date DESC, g.id "
	    "DESC LIMIT 1), (SELECT status FROM progress g WHERE g.measure = "
	    "m.measure AND g.superseded_by IS NULL AND g.date <= ?2 ORDER BY "
	    "g.date DESC, g.id DESC LIMIT 1), (SELECT max(date) FROM progress g "
	    "WHERE g.measure = m.measure AND g.superseded_by IS NULL AND g.date "
	    "<= ?1), CASE WHEN ?3 = 'nl' THEN coalesce(nullif(m.title_nl, ''), "
	    "m.title) ELSE m.title END FROM measure m ORDER BY m.seq";
	int prev = month_to_yyyymm(month_from_yyyymm(p->month) - 1);
	mstate *v = NULL;
	size_t cap = 0;
	sqlite3_stmt *st;

	*n = 0;
	if (page_prepare(p, &st, sql))
		return NULL;
	sqlite3_bind_int(st, 1, p->month * 100 + 31);
	sqlite3_bind_int(st, 2, prev * 100 + 31);
	sqlite3_bind_text(st, 3, page_ref_lang(p), -1, SQLITE_STATIC);
	while (page_step(p, st)) {
		if (grow((void **)&v, &cap, *n + 1, sizeof *v)) {
			sv_errf(p->e, SV_NOMEM, "out of memory");
			page_fail(p, SV_NOMEM);
			break;
		}
		mstate *m = &v[(*n)++];
		snprintf(m->measure, sizeof m->measure, "%s",
		    (const char *)sqlite3_column_text(st, 0));
		m->axis = sqlite3_column_int(st, 1);
		m->pillar = index_of(pillars, 3, sqlite3_column_text(st, 2));
		m->now = index_of(pwords_statuses, -1, sqlite3_column_text(st, 3));
		m->before = index_of(pwords_statuses, -1, sqlite3_column_text(st, 4));
		m->last = sqlite3_column_int(st, 5);
		snprintf(m->title, sizeof m->title, "%s", sqlite3_column_text(st, 6) ?
		    (const char *)sqlite3_column_text(st, 6) : "");
		text_utf8_trim(m->title);
	}
	sqlite3_finalize(st);
	return v;
}

static const char *
status_word(page *p, int s)
{
	return s < 0 ? page_msg(p, "status_none") :
	    pwords_status_word(pwords_statuses[s], p->lang);
}

static const char *
status_class(int s)
{
	return s < 0 ? "none" : pwords_statuses[s];
}

/* By axis and pillar, the measures in each status. */
static void
status_table(page *p, const mstate *v, size_t n)
{
	sqlite3_stmt *st;
	char sql[128];

	page_table_open(p, NULL, page_msg(p, "h2_plan"));
	fprintf(p->out, "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s"
	    "</th>", page_msg(p, "th_axis"), page_msg(p, "th_pillar"));
	for (int s = 0; pwords_statuses[s]; s++)
		fprintf(p->out, "<th scope=\"col\">%s</th>", status_word(p, s));
	fprintf(p->out, "<th scope=\"col\">%s</th></tr></thead><tbody>\n", status_word(p, -1));
	snprintf(sql, sizeof sql, "SELECT axis, title_%s FROM axis ORDER BY axis",
	    page_ref_lang(p));
	if (page_prepare(p, &st, sql))
		return;
	while (page_step(p, st)) {
		int axis = sqlite3_column_int(st, 0), rows = 0, first = 1;
		for (int pi = 0; pi < 3; pi++)
			for (size_t i = 0; i < n; i++)
				if (v[i].axis == axis && v[i].pillar == pi) {
					rows++;
					break;
				}
		for (int pi = 0; pi < 3; pi++) {
			int count[8] = { 0 }, any = 0;
			for (size_t i = 0; i < n; i++)
				if (v[i].axis == axis && v[i].pillar == pi) {
					count[v[i].now + 1]++;
					any = 1;
				}
			if (!any)
				continue;
			fputs("<tr>", p->out);
			if (first)
				fprintf(p->out, "<th scope=\"row\" rowspan=\"%d\">%d — "
				    "%s</th>", rows,
				    axis, page_col_esc(p, st, 1));
			first = 0;
			fprintf(p->out, "<th scope=\"row\">%s</th>", page_msg(p, pi == 0 ?
			    "pillar_prevention" : pi == 1 ? "pillar_reaction" :
			    "pillar_suivi"));
			for (int s = 1; s <= 5; s++)
				fprintf(p->out, "<td class=\"num\">%s</td>", page_num(p,
				    count[s], 0));
			fprintf(p->out, "<td class=\"num\">%s</td></tr>\n",
			    page_num(p, count[0], 0));
		}
	}
	sqlite3_finalize(st);
	fputs("</tbody></table></div>\n", p->out);
}

/* The first day (yyyymmdd) of the STALE_MONTHS months to the month under
 * review: a measure whose last report is older has none in them. */
static int
stale_since(const page *p)
{
	return month_to_yyyymm(month_from_yyyymm(p->month) - STALE_MONTHS + 1) *
	    100 + 1;
}

/* The measures whose status changed this month, and those without a
 * report for STALE_MONTHS months. */
static void
changes_and_silence(page *p, const mstate *v, size_t n)
{
	int changed = 0, stale = 0, never = 0, since = stale_since(p);

	fprintf(p->out, "<h3>%s</h3>\n", page_msg(p, "plan_changed"));
	for (size_t i = 0; i < n; i++) {
		if (v[i].now < 0 || v[i].now == v[i].before)
			continue;
		fputs(changed++ ? "" : "<ul>\n", p->out);
		page_say(p, "plan_changed_item", page_esc(p, v[i].measure),
		    page_esc(p, v[i].title), status_word(p, v[i].before),
		    status_word(p, v[i].now));
	}
	if (changed)
		fputs("</ul>\n", p->out);
	else
		page_say(p, "plan_changed_none");
	fprintf(p->out, "<h3>%s</h3>\n<p>", page_msg(p, "plan_stale"));
	for (size_t i = 0; i < n; i++) {
		stale += v[i].last < since;
		never += v[i].last == 0;
	}
	page_say(p, "plan_stale_count", page_num(p, stale, 0),
	    page_num(p, (double)n, 0), page_num(p, never, 0));
	fputs("</p>\n", p->out);
	for (size_t i = 0, k = 0; i < n; i++)
		if (v[i].last < since) {
			fputs(k++ ? "" : "<ul class=\"stale\">\n", p->out);
			page_say(p, "plan_stale_item", page_esc(p, v[i].measure),
			    page_esc(p, v[i].title));
		}
	if (stale)
		fputs("</ul>\n", p->out);
}

/* One cell per measure, axis by axis, coloured by status. */
static void
grid(page *p, const mstate *v, size_t n)
{
	int since = stale_since(p);

	/* the heading, legend and axes together: one block a printed page
	 * does not split */
	fprintf(p->out, "<div class=\"plangrid\">\n<h3>%s</h3>\n<p class=\"legend\">",
	    page_msg(p, "plan_grid"));
	for (int s = -1; s < 5; s++)
		fprintf(p->out, "<span class=\"st-%s\">%s</span>", status_class(s),
		    status_word(p, s));
	fprintf(p->out, "<span class=\"st-not_started old\">%s</span>", page_msg(p,
	    "plan_legend_old"));
	fputs("</p>\n", p->out);
	for (size_t i = 0; i < n; i++) {
		int old = v[i].now >= 0 && v[i].last < since;
		if (!i || v[i].axis != v[i - 1].axis)
			fprintf(p->out, "%s<div class=\"grid\"><span class=\"ax\">%s"
			    "</span><div class=\"cells\" role=\"list\">", i ?
			    "</div></div>\n" : "", page_num(p, v[i].axis, 0));
		/* the title (with the status) on hovering, and read out */
		const char *label = page_fmt(p, old ? "plan_cell_old" :
		    "plan_cell_label", page_esc(p, v[i].measure), page_esc(p,
		    v[i].title), status_word(p, v[i].now));
		fprintf(p->out, "<span role=\"listitem\" class=\"st-%s%s\" title=\"%s\" "
		    "aria-label=\"%s\">%s</span>", status_class(v[i].now), old ?
		    " old" : "", label, label, page_esc(p, v[i].measure +
		    (v[i].measure[0] == 'M')));
	}
	if (n)
		fputs("</div></div>\n", p->out);
	fputs("</div>\n", p->out);
}

void
plan_write(page *p)
{
	long long reports, partners, last;
	mstate *v;
	size_t n;

	fprintf(p->out, "<section id=\"plan\"><h2>%s</h2>\n", page_msg(p,
	    "h2_plan"));
	if (page_fail(p, db_integer(p->db, "SELECT count(*) FROM progress WHERE "
	    "superseded_by IS NULL", &reports, p->e)) ||
	    page_fail(p, db_integer(p->db, "SELECT count(DISTINCT "
	    "suivi_key(partner)) FROM progress", &partners, p->e)) ||
	    page_fail(p, db_integer(p->db, "SELECT coalesce(max(date), 0) FROM "
	    "progress", &last, p->e)))
		return;
	if (!reports) {
		page_say(p, "plan_none");
		fputs("</section>\n", p->out);
		return;
	}
	page_say(p, "plan_intro", page_num(p, (double)reports, 0),
	    page_num(p, (double)partners, 0), page_month(p, (int)(last / 100)));
	if ((v = read_states(p, &n))) {
		status_table(p, v, n);
		changes_and_silence(p, v, n);
		grid(p, v, n);
	}
	free(v);
	fputs("</section>\n", p->out);
}

/* The end (yyyymm) of the latest period a figure of this frequency is
 * due for by the month under review: the last one that ended at least a
 * month before it (a month to report). */
static int
expected_end(int month, int frequency)
{
	int t = month_from_yyyymm(month) - 1, y = t / 12, m = t % 12 + 1;

	if (frequency == EVERY_MONTH)
		return month_to_yyyymm(t);
	if (frequency == EVERY_QUARTER)
		return m < 3 ? (y - 1) * 100 + 12 : y * 100 + m / 3 * 3;
	return m == 12 ? y * 100 + 12 : (y - 1) * 100 + 12;
}

/* A period in words: "3e trimestre 2026", "octobre 2026", "2025". */
static const char *
period_words(page *p, const char *period, int end)
{
	char y[8], q[4];

	if (strlen(period) == 7 && period[5] == 'Q') {
		snprintf(y, sizeof y, "%.4s", period);
		snprintf(q, sizeof q, "%c", period[6]);
		/* "1er trimestre", "2e trimestre" */
		return q[0] == '1' ? page_fmt(p, "period_quarter_1", y) :
		    page_fmt(p, "period_quarter", q, y);
	}
	if (strlen(period) == 7)
		return page_month(p, end);
	snprintf(y, sizeof y, "%.4s", period);
	return page_fmt(p, "period_year", y);
}

/* A figure as published: a count of people under the disclosure rule. */
static const char *
figure(page *p, double v, int people)
{
	return people ? page_count(p, v) : page_num(p, v, v == floor(v) ? 0 : 1);
}

/* One row of a partner figure, current, up to the month under review. */
typedef struct frow {
	char *source, *period;
	int end;
	double value;
} frow;

static void
figure_row(page *p, const frow *r, double previous, int people)
{
	int small = people && ((r->value >= 1 && r->value < p->min_cell) ||
	    (previous >= 1 && previous < p->min_cell));

	fprintf(p->out, "<tr><th scope=\"row\">%s</th><td>%s</td><td>%s</td>"
	    "<td>%s</td><td>%s</td></tr>\n", page_partner(p, r->source), period_words(p,
	    r->period, r->end), figure(p, r->value, people), isnan(previous) ?
	    "" : figure(p, previous, people), small ? page_suppressed(p, 2) :
	    isnan(previous) || previous <= 0 ? "" : page_change(p, r->value /
	    previous));
}

/* The figure's rows, by source and latest first; *n of them. */
static frow *
figure_rows(page *p, const char *indicator, size_t *n)
{
	sqlite3_stmt *st;
	frow *v = NULL;
	size_t cap = 0;

	*n = 0;
	if (page_prepare(p, &st, "SELECT source, period, period_end, value FROM "
	    "partner_figure WHERE indicator = ?1 AND superseded_by IS NULL AND "
	    "period_end <= ?2 ORDER BY suivi_key(source), period_end DESC"))
		return NULL;
	sqlite3_bind_text(st, 1, indicator, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, p->month);
	while (page_step(p, st)) {
		frow *r;
		if (grow((void **)&v, &cap, *n + 1, sizeof *v) ||
		    !(v[*n].source = strdup((const char *)sqlite3_column_text(st, 0))) ||
		    !(v[*n].period = strdup((const char *)sqlite3_column_text(st, 1)))) {
			if (cap > *n)
				free(v[*n].source);
			sv_errf(p->e, SV_NOMEM, "out of memory");
			page_fail(p, SV_NOMEM);
			break;
		}
		r = &v[(*n)++];
		r->end = sqlite3_column_int(st, 2);
		r->value = sqlite3_column_double(st, 3);
	}
	sqlite3_finalize(st);
	return v;
}

/* The latest row of each source, with the one before; the latest end of
 * all in *latest. */
static void
figure_table(page *p, const char *label, const frow *v, size_t n, int people,
    int *latest)
{
	*latest = 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i].end > *latest)
			*latest = v[i].end;
		if (i && !strcmp(v[i].source, v[i - 1].source))
			continue;
		if (!i) {
			page_table_open(p, NULL, label);
			fprintf(p->out, "<thead><tr><th scope=\"col\">%s"
			    "</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr>"
			    "</thead><tbody>\n", page_msg(p, "th_source"),
			    page_msg(p, "th_period"), page_msg(p, "th_value"),
			    page_msg(p, "th_previous"), page_msg(p, "th_change"));
		}
		figure_row(p, &v[i], i + 1 < n && !strcmp(v[i + 1].source,
		    v[i].source) ? v[i + 1].value : NAN, people);
	}
	if (n)
		fputs("</tbody></table></div>\n", p->out);
}

/* How many periods the rows cover (any source). */
static size_t
periods(const frow *v, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		size_t j = 0;
		while (j < i && v[j].end != v[i].end)
			j++;
		k += j == i;
	}
	return k;
}

void
partner_figures(page *p, const char *indicator, const char *label,
    const char *unit)
{
	sqlite3_stmt *st;
	char partner[256] = "", period[16], id[32];
	int frequency = EVERY_YEAR, due, latest, found;
	size_t n;
	frow *v;

	if (page_prepare(p, &st, strcmp(p->lang, "nl") ? "SELECT frequency, "
	    "partner FROM indicator_def WHERE indicator = ?1" : "SELECT "
	    "frequency, partner_nl FROM indicator_def WHERE indicator = ?1"))
		return;
	sqlite3_bind_text(st, 1, indicator, -1, SQLITE_STATIC);
	if (!page_fail(p, db_lookup(p->db, st, &found, p->e)) && found) {
		frequency = cat_value(CAT_FREQUENCY, (const char *)
		    sqlite3_column_text(st, 0));
		snprintf(partner, sizeof partner, "%s", (const char *)
		    sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	fprintf(p->out, "<h4>%s</h4>\n", page_esc(p, label));
	v = figure_rows(p, indicator, &n);
	figure_table(p, label, v, n, !strcmp(unit, "persons"), &latest);
	if (periods(v, n) >= CHART_PARTNER_MIN) {
		snprintf(id, sizeof id, "%s", page_id(p, "fig"));
		page_chart(p, id, CHART_INDICATOR, indicator, 0);
	}
	for (size_t i = 0; i < n; i++)
		free(v[i].source), free(v[i].period);
	free(v);
	/* late: nothing for the last period due */
	due = expected_end(p->month, frequency);
	if (latest >= due)
		return;
	if (frequency == EVERY_MONTH)
		snprintf(period, sizeof period, "%04d-%02d", due / 100, due % 100);
	else if (frequency == EVERY_QUARTER)
		snprintf(period, sizeof period, "%04d-Q%d", due / 100, due % 100 / 3);
	else
		snprintf(period, sizeof period, "%04d", due / 100);
	fputs("<p class=\"note flag\">", p->out);
	page_say(p, n ? "partner_late" : "partner_none", page_esc(p, partner),
	    period_words(p, period, due), page_month(p, month_to_yyyymm(
	    month_from_yyyymm(due) + 1)));
	fputs("</p>\n", p->out);
}
