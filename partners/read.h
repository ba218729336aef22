/*
 * read — a partner file read into rows, each field by name (words.h),
 * through the extracts' reader (ingest/records.h: dialect, encoding,
 * quotes).  Private to partners/.
 */
#ifndef SUIVI_PARTNER_READ_H
#define SUIVI_PARTNER_READ_H

#include <stddef.h>

#include "../core/err.h"
#include "words.h"

/* One data row: its first line and its fields (copies; "" when the
 * column is absent), or bad: why it could not be read. */
typedef struct prow {
	long line;
	char *f[PF_COUNT];
	const char *bad;
} prow;

typedef struct pfile {
	const char *path;
	enum partner_kind kind;
	char sha256[65];
	prow *rows;
	size_t n, cap;
} pfile;

/* Read path into f; a file that is not a partner file is refused with
 * what its header lacks.  Blank rows are skipped. */
int pfile_read(const char *path, pfile *f, sv_err *e);
void pfile_free(pfile *f);

#endif
