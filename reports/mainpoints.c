/*
 * mainpoints — the month at a glance, first on the page: the facts of the
 * month and of the year so far against the same months a year before,
 * the alarms, and the clearest changes over 12 months, each linking to
 * where the page says more.
 *
 * The year-on-year counts compare like with like: each month's facts
 * registered by the end of the month under review, against the same
 * months a year before registered by the end of the same month a year
 * before (the delay table: facts by month and months until registration),
 * so the facts still to come weigh on both sides alike.
 */
#include "page.h"

#include <stdio.h>
#include <string.h>

#include "../aggregate/aggregate.h"
#include "../core/month.h"

/* The facts of months from..to registered by the end of month `to`, and
 * how many zone-months of them were not delivered. */
static int
registered(page *p, int from, int to, double *n, double *gaps)
{
	sqlite3_stmt *st;
	int ok;

	if (page_prepare(p, &st, "SELECT (SELECT coalesce(sum(count), 0) FROM "
	    "delay WHERE month BETWEEN ?1 AND ?2 AND delay <= (?2 / 100 * 12 + "
	    "?2 % 100) - (month / 100 * 12 + month % 100)), (SELECT count(*) FROM "
	    "coverage WHERE month BETWEEN ?1 AND ?2 AND NOT delivered)"))
		return 0;
	sqlite3_bind_int(st, 1, from);
	sqlite3_bind_int(st, 2, to);
	if ((ok = page_step(p, st))) {
		*n = page_col(st, 0);
		*gaps = page_col(st, 1);
	}
	sqlite3_finalize(st);
	return ok;
}

/* This month and the year so far, against a year before: each line only
 * when the data reach back to the months it compares (the delay table
 * begins with the first month delivered). */
static void
year_on_year(page *p)
{
	int year = p->month / 100, before = p->month - 100;
	double now, then, ytd, ytd_then, first, g[4] = { 0 };
	char last_year[16];
	sqlite3_stmt *st;

	if (page_prepare(p, &st, "SELECT coalesce(min(month), 999999) FROM "
	    "coverage"))
		return;
	first = page_step(p, st) ? page_col(st, 0) : 999999;
	sqlite3_finalize(st);
	snprintf(last_year, sizeof last_year, "%d", year - 1);
	if (first <= before && registered(p, p->month, p->month, &now, &g[0]) &&
	    registered(p, before, before, &then, &g[1]) && then > 0)
		page_say(p, "main_month", page_num(p, now, 0), page_month(p,
		    p->month), page_num(p, then, 0), page_month(p, before),
		    page_change(p, now / then));
	if (p->month % 100 > 1 && first <= (year - 1) * 100 + 1 &&
	    registered(p, year * 100 + 1, p->month, &ytd, &g[2]) &&
	    registered(p, (year - 1) * 100 + 1, before, &ytd_then, &g[3]) &&
	    ytd_then > 0)
		page_say(p, "main_ytd", page_month(p, p->month), page_num(p, ytd, 0),
		    page_num(p, ytd_then, 0), last_year, page_change(p, ytd /
		    ytd_then));
	/* the year's periods hold the month's: the larger count is all */
	if (g[0] + g[1] + g[2] + g[3] > 0)
		page_say(p, "main_gaps", page_num(p, g[2] + g[3] > g[0] + g[1] ?
		    g[2] + g[3] : g[0] + g[1], 0));
}

/* The alarms of the month by name, one a series, the first MAIN_ALARMS
 * (the most certain first; one that continues says since when), then how
 * many more. */
#define MAIN_ALARMS 5
static void
alarms(page *p)
{
	sqlite3_stmt *st;
	int n = 0;

	if (page_prepare(p, &st, AGGREGATE_ALARMS("?1") AGGREGATE_ALARMS_ORDER))
		return;
	sqlite3_bind_int(st, 1, p->month);
	while (page_step(p, st))
		if (n++ < MAIN_ALARMS) {
			const char *code = (const char *)sqlite3_column_text(st, 0);
			int zone = sqlite3_column_int(st, 1);
			int since = changes_alarm_since(p, code, zone);
			fputs(n > 1 ? ", " : page_msg(p, "main_alarms"), p->out);
			if (since)
				page_say(p, "main_item_since", page_phenomenon(p, code),
				    page_zone(p, zone), page_month(p, since));
			else
				page_say(p, "main_item", page_phenomenon(p, code),
				    page_zone(p, zone));
		}
	sqlite3_finalize(st);
	if (n > MAIN_ALARMS)
		page_say(p, "main_more", page_num(p, n - MAIN_ALARMS, 0));
	double chance = n ? changes_chance(p) : 0;
	if (chance > 0)
		page_say(p, "main_alarms_chance", page_num(p, chance, 1));
	else
		page_say(p, n ? "main_alarms_end" : "main_no_alarm");
}

/* The clearest changes over 12 months (changes.c), at most three. */
static void
changes(page *p)
{
	change c[3];
	int n = changes_clear(p, c, 3, NULL);

	for (int i = 0; i < n; i++) {
		fputs(i ? ", " : page_msg(p, "main_changes"), p->out);
		page_say(p, "main_item", page_phenomenon(p, c[i].code),
		    page_change(p, c[i].ratio));
	}
	if (n)
		page_say(p, "main_changes_end");
}

void
mainpoints_write(page *p)
{
	fprintf(p->out, "<section id=\"main-points\"><h2>%s</h2>\n<ul>\n",
	    page_msg(p, "h2_main"));
	year_on_year(p);
	alarms(p);
	changes(p);
	fputs("</ul>\n</section>\n", p->out);
}
