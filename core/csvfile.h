/*
 * csvfile — read a small, trusted-format CSV file such as reference files.
 *
 * The file must be UTF-8 (a BOM is skipped), comma-separated with RFC 4180
 * quoting, and start with a header row.  The whole file is parsed at open
 * time: these files are a few hundred rows, and parsing first means a broken
 * file is reported before anything is done with it.  Zone extracts are not
 * read with this: they are large and untrusted (see ingest/).
 *
 * Every record knows the line it starts on, so callers can report
 * "file:line: what is wrong".  Blank lines are skipped.
 */
#ifndef SUIVI_CSVFILE_H
#define SUIVI_CSVFILE_H

#include <stddef.h>

#include "err.h"

typedef struct csvfile csvfile;

/* The largest file read (a reference file is read whole): past it, the
 * file is refused.  Only regular files are read (core/infile.h). */
#define CSVFILE_MAX_BYTES (64 << 20)

int csvfile_open(const char *path, csvfile **out, sv_err *e);
void csvfile_close(csvfile *f);

const char *csvfile_path(const csvfile *f);

/* Index of a header column, or -1.  Names are compared exactly. */
int csvfile_column(const csvfile *f, const char *name);

/* Checks that every name in the NULL-terminated list is a header column. */
int csvfile_require(const csvfile *f, const char *const *names, sv_err *e);

/* Advance to the next data record; 1 if there is one, 0 at the end. */
int csvfile_next(csvfile *f);

long csvfile_line(const csvfile *f);
size_t csvfile_nfields(const csvfile *f);

/* Field of the current record by header name; "" when the record is short
 * or the column does not exist. */
const char *csvfile_get(const csvfile *f, const char *name);

#endif
