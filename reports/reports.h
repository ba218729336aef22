/*
 * reports — everything suivi publishes from the database: the status
 * summary and the exports for analysts.  (Charts and the monthly report
 * join this stage later.)
 *
 * This stage only reads the database.  Every table it writes goes through
 * tabwrite (private), so CSV quoting, formula defusing and JSON escaping
 * are the same in every output.
 */
#ifndef SUIVI_REPORTS_H
#define SUIVI_REPORTS_H

#include <sqlite3.h>
#include <stdio.h>

#include "../core/err.h"

typedef struct export_opts {
	const char *what;       /* see export_tables() */
	int json;               /* --format json */
	int excel;              /* --excel: ';' and a BOM, for FR/NL spreadsheets */
} export_opts;

/* Names accepted by --what, NULL-terminated. */
const char *const *export_tables(void);

int export_write(sqlite3 *db, const export_opts *o, FILE *out, sv_err *e);

/* What the database holds; JSON for machines, lines for people. */
int status_write(sqlite3 *db, int json, FILE *out, sv_err *e);

#endif
