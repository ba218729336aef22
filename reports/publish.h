/*
 * publish — a report's pages recorded as a publication (schema 15): when
 * they were written, the state of the database they were computed on (the
 * aggregate run, the current deliveries and a SHA-256 over theirs), the
 * settings, the files with their SHA-256, and every figure of the page's
 * linked set (audit.h) with the count behind it and whether it was shown.
 * A figure's key is the same in every publication, so that the figures
 * of two months' reports line up (export --what vintages).
 *
 * Private to reports/ (report.c records; the command line lists through
 * reports.h).
 */
#ifndef SUIVI_PUBLISH_H
#define SUIVI_PUBLISH_H

#include <sqlite3.h>

#include "../core/err.h"
#include "audit.h"

typedef struct publish_page {
	const char *lang, *path;        /* the page as put in place */
} publish_page;

/* Record the publication of pages[0..n) for month (yyyymm), in one
 * transaction on db (which must be writable); *id is its number. */
int publish_record(sqlite3 *db, int month, int min_cell, const char *langs,
    const publish_page *pages, int n, const audit *au, long long *id,
    sv_err *e);

#endif
