/*
 * tabwrite — write query results as CSV or JSON that are safe to open.
 *
 * In core/: the exports, the release and the partners' templates write
 * through it.  Every table written goes through here, so the
 * rules hold everywhere: CSV is RFC 4180 (fields with the delimiter, a
 * quote, CR or LF are quoted, quotes doubled); a text cell that a
 * spreadsheet would read as a formula (starting with = + - @, tab or CR)
 * is prefixed with an apostrophe; numbers are written as numbers; JSON
 * strings escape quotes, backslashes and every control character.
 * Column types come from SQLite's value types, so a text value that looks
 * like a number stays text.
 */
#ifndef SUIVI_TABWRITE_H
#define SUIVI_TABWRITE_H

#include <sqlite3.h>
#include <stdio.h>

#include "../core/err.h"

/* What a table written had, for a schema: its columns' names and the
 * SQLite types seen in each (a bit 1 << SQLITE_INTEGER, ... per type). */
#define TABWRITE_MAX_COLUMNS 64
typedef struct tabwrite_shape {
	int n;
	char name[TABWRITE_MAX_COLUMNS][64];
	unsigned seen[TABWRITE_MAX_COLUMNS];
} tabwrite_shape;

typedef struct tabwrite_opts {
	int json;       /* JSON array of objects instead of CSV */
	char delim;     /* CSV delimiter: ',' or ';' */
	int bom;        /* start CSV with a UTF-8 BOM (spreadsheets) */
	int comma;      /* decimal comma (CSV for fr-BE and nl-BE
	                   spreadsheets, R's read.csv2) */
	/* the head written for a column name (CSV), or NULL: the name */
	const char *(*head)(void *ctx, const char *name);
	void *head_ctx;
	tabwrite_shape *shape;  /* filled with what was written, or NULL */
} tabwrite_opts;

/* Run sql (no parameters) and write every row to out; the column names of
 * the result are the header (CSV) or the keys (JSON). */
int tabwrite_query(sqlite3 *db, const char *sql, const tabwrite_opts *o,
    FILE *out, sv_err *e);

/* The same for a statement prepared (and bound) by the caller, which it
 * finalizes. */
int tabwrite_stmt(sqlite3 *db, sqlite3_stmt *st, const tabwrite_opts *o,
    FILE *out, sv_err *e);

/* Write s as a JSON string literal (with the quotes). */
void tabwrite_json_string(FILE *out, const char *s);

/* Write s as one CSV text cell (quoted and defused as above). */
void tabwrite_csv_text(FILE *out, const char *s, char delim);

#endif
