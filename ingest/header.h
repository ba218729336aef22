/*
 * header — recognise an extract's header row: which column is which
 * incident field, in what language, what is not known, and whether a
 * column identifies a person (then the whole file is refused).
 *
 * Private to ingest/.  Names are matched on text_key() against the
 * profile's columns first, then the header_synonym table.
 */
#ifndef SUIVI_HEADER_H
#define SUIVI_HEADER_H

#include <sqlite3.h>
#include <stddef.h>

#include "../core/err.h"
#include "../core/fields.h"
#include "profile.h"

typedef struct header_map {
	int col[F_COUNT];       /* column index of each field, or -1 */
	size_t ncols;           /* columns in the header (trailing empty
	                           names dropped) */
	char lang[3];           /* "fr", "nl", "en" (majority), or "?" */
	char unknown[1024];     /* names of unrecognised columns, ", "-joined */
} header_map;

/* If the column name identifies a person, what it is ("a name", ...);
 * else NULL. */
const char *header_identifying(const char *name);

/* Build m from the header's fields.  Refuses (SV_DATAERR, message naming
 * path and the column) an identifying column, a field claimed by two
 * columns, or a missing required field. */
int header_map_build(sqlite3 *db, const char *const *names, size_t n,
    const profile *p, const char *path, header_map *m, sv_err *e);

#endif
