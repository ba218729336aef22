/*
 * lines — the physical lines of a file, however they end: LF, CRLF, or a
 * lone CR (old "CSV (Macintosh)" spreadsheets, and the stray CR that
 * would otherwise glue two rows into one).
 *
 * Private to ingest/.  Reads through a buffer of its own, so memory stays
 * bounded: a line longer than max bytes keeps its first max bytes and says
 * how long it was (too long to be a record: the caller quarantines it).
 * A NUL byte in a line is reported, not cut at.  Every byte read can be
 * fed to a SHA-256 on the way (the file's identity), so sniffing needs no
 * pass of its own over the bytes.
 */
#ifndef SUIVI_LINES_H
#define SUIVI_LINES_H

#include <stdio.h>
#include <sys/types.h>

#include "../core/sha256.h"

#define LINES_CHUNK 65536

typedef struct lines {
	FILE *fp;
	sha256 *hash;           /* fed every byte read, or NULL */
	size_t max;             /* the most bytes of a line kept */
	char *line;             /* the current line, NUL-terminated, without
	                           its end (first `len` bytes kept) */
	size_t len, cap;
	size_t full;            /* the line's length in the file */
	int nul;                /* the line holds a NUL byte */
	unsigned char in[LINES_CHUNK];
	size_t ipos, ilen;
	size_t lf;              /* while lf > ipos: the first LF from ipos
	                           on is in[lf] (lf = ilen: none) */
	off_t base;             /* file offset of in[0] */
	int after_cr;           /* the last line ended with CR: skip one LF */
	int error;
} lines;

/* Read fp (positioned at its start) with lines of at most max bytes. */
void lines_init(lines *l, FILE *fp, size_t max, sha256 *hash);
void lines_free(lines *l);

/* 1 with the next line in l->line, 0 at the end of the file, -1 on a
 * read error or when out of memory. */
int lines_next(lines *l);

/* The offset of the next line, and going back to one (no hashing then:
 * only a file already hashed whole may be read again). */
off_t lines_tell(const lines *l);
int lines_seek(lines *l, off_t offset);

#endif
