/*
 * page — what the report's HTML writers share (private to reports/): the
 * page being written, its words (msg.h), escaping, the disclosure of small
 * counts, Belgian number formats, names of places and months, unique ids
 * and inline charts.
 *
 * Every text from the database reaches the page escaped (page_esc(),
 * page_col_esc()); every published count goes through page_count() or a
 * disclose_table() verdict.  The page_* functions that return text
 * return it in one of PAGE_RING buffers owned by the page, valid until
 * PAGE_RING more such calls: enough for the arguments of one page_say().
 *
 * Errors: the first failure (a query that cannot run, a database error in
 * the middle of a scan, a chart gnuplot could not draw) is kept in rc and
 * e; writing goes on, and report_write() refuses to put the page in place.
 */
#ifndef SUIVI_PAGE_H
#define SUIVI_PAGE_H

#include <sqlite3.h>
#include <stdio.h>

#include "../core/err.h"
#include "../core/refdata.h"
#include "charts.h"

#define PAGE_RING 10

typedef struct page {
	sqlite3 *db;
	FILE *out;
	const char *lang, *dir;
	int month, min_cell;
	long written_day, reproduced_day;       /* report_opts' */
	sv_err *e;
	int rc;                 /* the first error, or SV_OK */
	int charts;             /* charts inlined so far */
	int ids;                /* the last id given by page_id() */
	int sample;             /* the data come from `suivi sample` */
	const struct audit *audit;      /* the publication's disclosure
	                                   (audit.h), shared by the pages */
	const struct revisions *rev;    /* what moved since the last
	                                   publication (revisions.h) */
	FILE *log;              /* where a chart that cannot be drawn is said */
	int chart_files;        /* also keep each chart as its own file */
	struct page_drawn {     /* charts in the page, by what they show */
		char key[160], id[32];
		char title[512];
		char *data;     /* its data (charts.h: chart_data()), the CSV
		                   rows without their head; malloc'd */
		size_t len;
	} *drawn;
	size_t ndrawn, capdrawn;
	plot_session gp;        /* the page's gnuplot (plot.h) */
	char *ring[PAGE_RING];
	size_t ringcap[PAGE_RING];
	int ringi;
} page;

/* The message key in the page's language. */
const char *page_msg(page *p, const char *key);
/* Write the message key, its %s filled with the (already escaped) texts. */
void page_say(page *p, const char *key, ...);
/* The same into a page buffer, for an argument of another message (the
 * arguments escaped already; the result cut at 511 bytes, which only a
 * message far longer than any in the catalogue could reach). */
const char *page_fmt(page *p, const char *key, ...);
/* Keep the first error: a failing status, with e already set. */
int page_fail(page *p, int rc);
/* Prepare sql, keeping the error; 0 or the status. */
int page_prepare(page *p, sqlite3_stmt **st, const char *sql);
/* Step st: 1 for a row, 0 at the end, and 0 with the error kept. */
int page_step(page *p, sqlite3_stmt *st);
/* Column 0 of st's rows, escaped and separated by commas, in a malloc'd
 * string; NULL with the page's error kept.  st is finalized. */
char *page_joined(page *p, sqlite3_stmt *st);

/* Escaped text, and escaped text of a result column. */
const char *page_esc(page *p, const char *s);
/* HTML text with a line break allowed after each slash ("Uccle/<wbr/>
 * Watermael-Boitsfort/<wbr/>Auderghem"): a name in a narrow column wraps
 * between its parts, never inside a word. */
const char *page_breakable(page *p, const char *html);
const char *page_col_esc(page *p, sqlite3_stmt *st, int i);
double page_col(sqlite3_stmt *st, int i);       /* NaN for NULL */

/* A count as published: 1 to min_cell - 1 as "<min_cell". */
const char *page_count(page *p, double v);
/* The mark of a suppressed figure: "<min_cell" (primary) or "×". */
const char *page_suppressed(page *p, int how);
const char *page_num(page *p, double v, int decimals);
const char *page_share(page *p, double v);
const char *page_change(page *p, double ratio);
const char *page_interval(page *p, double low, double high);
const char *page_pvalue(page *p, double v);
const char *page_month(page *p, int yyyymm);
/* A day: 20261129 -> "29 novembre 2026". */
const char *page_day(page *p, long long yyyymmdd);

/* Names: a zone ("Bruxelles-Ouest"; 0 the region), a commune by NIS
 * code, a phenomenon and a modus operandi by code (the code itself,
 * escaped, when the reference has no name for it). */
const char *page_zone(page *p, int zone);
/* A partner's name as a partner's file typed it, in the page's language
 * when the catalogue lists that partner (indicators.csv's partner and
 * partner_nl); else as typed, marked as not listed. */
const char *page_partner(page *p, const char *typed);
const char *page_commune(page *p, int nis);
const char *page_phenomenon(page *p, const char *code);
const char *page_modus(page *p, const char *code);
/* "label_fr" or "label_nl" (the reference's name columns). */
const char *page_label_col(const page *p);
/* "fr" or "nl" for the reference's _fr/_nl columns. */
const char *page_ref_lang(const page *p);

/* The 12-month period ending with the month under review, as the
 * indicator table names it: "2025-11/2026-10". */
const char *page_period12(page *p);
/* The year to date, as the indicator table names it ("2026-01/2026-10"),
 * or NULL in December (it is the 12 months); and its name in a table's
 * head, of the year under review or (before) of the year before:
 * "janv.–oct. 2026", "janv. 2026". */
const char *page_period_ytd(page *p);
const char *page_ytd_name(page *p, int before);

/* Draw a chart (charts.h; figure.c), inline it as the figure id with a link to its
 * data (data/<id>.csv, which report.c writes from p->drawn) and, with
 * p->chart_files, keep it in the month's charts/ folder as
 * <id>.<lang>.svg; when the page already shows the same
 * chart, say where instead of drawing it again.  A chart that would disclose small
 * counts, or that has no data, gives a note in the page instead (and, for
 * no data, one line on the log); a chart gnuplot failed to draw is an
 * error of the page.  Returns SV_OK when the chart is in the page. */
int page_chart(page *p, const char *id, enum chart_kind kind, const char *set,
    int zone);

/* Where the page's figures come from, under its title (provenance.c). */
void page_provenance(page *p);

/* The id of the same chart already in the page, or NULL. */
const char *page_chart_ref(page *p, enum chart_kind kind, const char *set,
    int zone);

/* Open a table (class cls, or none) in its sideways-scrolling frame,
 * captioned by label for assistive technology (the heading above it, as
 * text: escaped here; the caption read aloud, not shown). */
void page_table_open(page *p, const char *cls, const char *label);

/* A new id, unique in the page: "<prefix>-<n>". */
const char *page_id(page *p, const char *prefix);



/* Free the page's buffers. */
void page_free(page *p);

/* The report's sections (report.c, changes.c, measures.c, quality.c). */
void changes_write(page *p);
/* A phenomenon's clear change over the last 12 months against the 12
 * before, in the region, as aggregate tested it (aggregate.h's
 * net_change); neither period small. */
typedef struct change {
	char code[REF_CODE_MAX + 1];
	double now, before, ratio;
} change;
/* The month's clear changes, the most certain first, at most max; the
 * phenomena screened in *screened (NULL: not wanted). */
int changes_clear(page *p, change *out, int max, int *screened);
/* How many of the month's alarms chance alone would raise, at most: the
 * sum over the series with a threshold of the chance each crosses it
 * (0 with the page's error kept, or none). */
double changes_chance(page *p);
/* The first month (yyyymm) of the unbroken run of alarms of the
 * phenomenon in the zone (0: the region) that ends with the month before
 * the one under review, or 0 when that month had none (alarm_raised, by
 * any method): an alarm of the month is new, or continues since then. */
int changes_alarm_since(page *p, const char *code, int zone);
/* The month at a glance, before the contents (mainpoints.c). */
void mainpoints_write(page *p);
void measures_write(page *p);
void measures_toc(page *p);
/* An indicator's table in its measure's section (itable.c). */
void indicator_table(page *p, const char *indicator, const char *label,
    const char *kind, const char *breakdown, const char *unit);
void quality_write(page *p);
/* The progress of the plan's 120 measures (plan.c), and a partner
 * indicator's figures in its measure's section. */
void plan_write(page *p);
void partner_figures(page *p, const char *indicator, const char *label,
    const char *unit);
void method_write(page *p);
/* What each measure and table counts (glossary.c). */
void glossary_write(page *p);

#endif
