/*
 * datapackage — the resources of a Frictionless Data Package (version 1:
 * Data Package and Table Schema) written as JSON: each CSV file of the
 * package with its size and SHA-256 read back from what was written, its
 * titles, and its fields typed and described by the database's
 * dictionary.  Used by suivi release (release.c) and suivi export
 * --package (package.c); the package's own properties are theirs.
 *
 * Private to reports/.
 */
#ifndef SUIVI_DATAPACKAGE_H
#define SUIVI_DATAPACKAGE_H

#include <sqlite3.h>
#include <stdio.h>

#include "../core/err.h"

typedef struct dp_field {
	const char *name;
	const char *type;               /* Table Schema's: string, integer,
	                                   number, yearmonth, ... */
	const char *constraints;        /* a JSON object, or NULL */
} dp_field;

typedef struct dp_resource {
	const char *name;               /* the file is DIR/data/<name>.csv */
	const char *title, *title_nl;   /* title_nl NULL or "": none */
	const char *description;
	const char *objects;            /* the dictionary objects describing
	                                   its columns, space-separated, the
	                                   first that has a column winning */
	const dp_field *fields;
	int nfields;
} dp_resource;

/* Write r as the next element of a "resources" array on out (first: the
 * first one), its file in dir; SV_OK, or an error reading the file or the
 * dictionary. */
int dp_write_resource(sqlite3 *db, FILE *out, const char *dir,
    const dp_resource *r, int first, sv_err *e);

#endif
