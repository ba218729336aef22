/*
 * records — stream an extract's records, with their line numbers and raw
 * text, decoded to UTF-8 and split into fields.
 *
 * Private to ingest/.  Memory is bounded by the longest record, never by
 * the file.  A record is one physical line, or several when a quoted field
 * holds newlines; a quote left open for more than RECORDS_MAX_LINES lines
 * makes the first line a broken record (REC_UNBALANCED_QUOTE) and reading
 * resumes at the next line, so one stray quote never swallows the file.
 * Blank lines are skipped.  Lines end in LF, CRLF or a lone CR (lines.h).
 * A NUL byte makes a record REC_BAD_ENCODING (text holds none), never a
 * cut value.  Fields are split by libcsv with the dialect's delimiter and
 * trimmed of surrounding spaces.
 */
#ifndef SUIVI_RECORDS_H
#define SUIVI_RECORDS_H

#include <stddef.h>

#include "../core/err.h"
#include "sniff.h"

#define RECORDS_MAX_LINES 20
/* The longest record: longer ones are REC_TOO_LONG (real rows are a few
 * hundred bytes); memory per row stays bounded (batch.h). */
#define RECORDS_MAX_BYTES 65536

enum record_status {
	REC_OK,
	REC_BAD_ENCODING,       /* bytes invalid in the file's encoding */
	REC_UNBALANCED_QUOTE,
	REC_MALFORMED,          /* a quote inside an unquoted field, etc. */
	REC_TOO_LONG,           /* longer than RECORDS_MAX_BYTES: raw holds
	                           its beginning and says how long it was */
};

typedef struct record {
	long line;              /* first line of the record, from 1 */
	enum record_status status;
	const char *raw;        /* the record's text in UTF-8; bytes that could
	                           not be decoded are shown as \xNN */
	size_t nfields;
	const char *const *fields;
} record;

typedef struct records records;

int records_open(const char *path, dialect d, records **out, sv_err *e);
void records_close(records *r);

/* 1 with the next record in *rec (valid until the next call), 0 at the
 * end, or an error code. */
int records_next(records *r, record *rec, sv_err *e);

#endif
