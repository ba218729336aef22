/*
 * sniff — find an extract's dialect (encoding, delimiter) and its SHA-256
 * in one streaming pass over the file.
 *
 * Private to ingest/.  Encoding: a BOM means UTF-8; a file that is valid
 * UTF-8 throughout is UTF-8; a file with any valid multi-byte UTF-8 sequence
 * is UTF-8 with some broken rows (those rows are quarantined later), since
 * French or Dutch text in Windows-1252 practically never forms one ("Ã©");
 * anything else is Windows-1252.  The delimiter is the
 * one of , ; tab | that the header line uses most outside quotes.
 */
#ifndef SUIVI_SNIFF_H
#define SUIVI_SNIFF_H

#include "../core/err.h"

enum encoding { ENC_UTF8, ENC_UTF8_BOM, ENC_CP1252 };

typedef struct dialect {
	enum encoding encoding;
	char delim;
	int utf8_clean;         /* every line is valid UTF-8 (records need not
	                           check again) */
} dialect;

typedef struct sniff_result {
	dialect d;
	char sha256[65];
	long long bytes;
	long lines;
} sniff_result;

const char *sniff_encoding_name(enum encoding e);
/* "utf-8", "windows-1252" (or "latin-1", "cp1252", "iso-8859-1"), or -1. */
int sniff_encoding_by_name(const char *name);

/* Read path; fill r.  SV_NOINPUT when the file cannot be read. */
int sniff_file(const char *path, sniff_result *r, sv_err *e);

/* The delimiter of a header line (NUL-terminated). */
char sniff_delimiter(const char *header);

#endif
