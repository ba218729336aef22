/*
 * spool — an extract made fit to be read more than once, as UTF-8.
 *
 * Private to ingest/.  Ingest reads a file two or three times (identity
 * and dialect, rows, rows in conflict).  A FIFO, a pipe (<(...),
 * /dev/stdin) or a device can be read once only, so it is first copied to
 * a temporary file; a UTF-16 file (a BOM FF FE or FE FF: spreadsheets'
 * "Unicode text") is converted to UTF-8 into one.  A plain file is read
 * where it is, and must not change while it is read: spool_changed() says
 * whether it did.
 */
#ifndef SUIVI_SPOOL_H
#define SUIVI_SPOOL_H

#include <stddef.h>
#include <sys/stat.h>

#include "../core/err.h"

typedef struct spool {
	char path[4200];        /* what to read: the file, or a temporary */
	int made;               /* path is a temporary file of ours */
	int utf16;              /* it was converted from UTF-16 */
	struct stat st;         /* the file as it was when spooled */
} spool;

/* Prepare file for reading; SV_NOINPUT when it cannot be read. */
int spool_open(spool *s, const char *file, sv_err *e);

/* 1 when the plain file changed (size, times, inode) since spool_open. */
int spool_changed(const spool *s, const char *file);

/* Remove the temporary file, if any. */
void spool_close(spool *s);

#endif
