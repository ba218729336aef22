/*
 * page — what the report's HTML writers share (private to reports/): the
 * page being written, the language's wording, escaping, the disclosure
 * of small counts, number formats and inline charts.
 *
 * Every text from the database reaches the page through page_html() or
 * page_col_html(); every published count through page_disclose().
 */
#ifndef SUIVI_PAGE_H
#define SUIVI_PAGE_H

#include <sqlite3.h>
#include <stdio.h>

#include "../core/err.h"

typedef struct page {
	sqlite3 *db;
	FILE *out;
	const char *lang, *dir;
	int month, min_cell;
	sv_err *e;
	int charts;             /* charts inlined so far */
	const char *chart_set;  /* what page_chart() draws next */
	int chart_zone;
} page;

enum page_chart_kind { CHART_SERIES, CHART_ZONES, CHART_SEX, CHART_COVERAGE };

/* French, Dutch or English wording, by the page's language. */
const char *page_T(const page *p, const char *fr, const char *nl,
    const char *en);
void page_html(FILE *out, const char *s);
void page_col_html(FILE *out, sqlite3_stmt *st, int i);
double page_col(sqlite3_stmt *st, int i);       /* NaN for NULL */
/* A count as published: 1 to min_cell - 1 as "<min_cell". */
void page_disclose(const page *p, double v);
void page_number(const page *p, double v, int decimals);
void page_pvalue(const page *p, double v);
/* "label_fr" or "label_nl". */
const char *page_label_col(const page *p);
/* Draw a chart into the month's folder and inline it in the page. */
void page_chart(page *p, const char *name, enum page_chart_kind kind);

/* The axis and measure sections (measures.c). */
void measures_write(page *p);

#endif
