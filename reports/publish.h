/*
 * publish — a report's pages recorded as a publication (schemas 15, 16):
 * when they were written, the state of the database they were computed on
 * (the aggregate run, the current deliveries and a SHA-256 over theirs),
 * the settings, the files with their SHA-256, each chart's data (the bytes
 * of data/fig-N.csv), the region's nowcasts, and every figure of the
 * page's linked set (audit.h) with the count behind it and whether it was
 * shown.
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

/* A chart's data as written beside the pages (page.h), with its title in
 * each of the languages fr, nl and en ("" where no page had it). */
typedef struct publish_chart {
	char figure[32];
	char path[4400];
	char title[3][512];
	long rows;
	char *csv;              /* the file's bytes, malloc'd */
	size_t len;
} publish_chart;

/* What a report put in place: its pages, its charts' data, and the
 * disclosure of the page's linked set. */
typedef struct publish_set {
	const publish_page *pages;
	int npages;
	const publish_chart *charts;
	int ncharts;
	const audit *au;
} publish_set;

/* Record the publication of what for month (yyyymm), in one
 * transaction on db (which must be writable); *id is its number. */
int publish_record(sqlite3 *db, int month, int min_cell, const char *langs,
    const publish_set *what, long long *id, sv_err *e);

/* A publication as recorded: its number, month under review (YYYY-MM),
 * when it was written (UTC, as the ledger writes times), the SHA-256 of
 * the state it was computed on, and its minimum cell. */
typedef struct publish_info {
	long long id;
	char month[16];
	char written_at[64];
	char state[72];
	int min_cell;
} publish_info;

/* Publication id (0: the last) into *pi; SV_NOINPUT saying so when there
 * is no such publication, or none yet. */
int publish_find(sqlite3 *db, long long id, publish_info *pi, sv_err *e);

/* The SHA-256 (64 hex digits) and size of the file at path. */
int publish_file_sha(const char *path, char hex[65], long long *bytes,
    sv_err *e);

#endif
