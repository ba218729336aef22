/*
 * harness — what the libFuzzer targets share (fuzz_*.c): one in-memory
 * database with the reference loaded, made on the first input; each input
 * written to a file of the process's own, as a delivery would be; and
 * count() for the oracles' queries.  Any failure of the harness itself
 * aborts, which libFuzzer reports.
 */
#ifndef SUIVI_FUZZ_HARNESS_H
#define SUIVI_FUZZ_HARNESS_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../../core/db.h"
#include "../../core/refdata.h"

static sqlite3 *db;
static FILE *devnull;
static char path[64];

/* The first column of sql's first row; -1 if it gives none. */
static long long
count(const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		abort();
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* The database (on the first call) and the input, as the file at path. */
static void
harness_input(const char *name, const uint8_t *data, size_t size)
{
	sv_err e;
	FILE *fp;

	if (!db) {
		if (db_open(":memory:", DB_CREATE, &db, &e) ||
		    refdata_load(db, refdata_default_dir(), &e)) {
			fprintf(stderr, "%s: %s\n", name, e.msg);
			abort();
		}
		devnull = fopen("/dev/null", "w");
		snprintf(path, sizeof path, "/tmp/suivi-%s-%ld.csv", name,
		    (long)getpid());
	}
	if (!(fp = fopen(path, "wb")) || fwrite(data, 1, size, fp) != size ||
	    fclose(fp) != 0)
		abort();
}

/* Empty the tables an input filled, and remove its file. */
static void
harness_reset(const char *sql)
{
	sv_err e;

	if (db_exec(db, sql, &e))
		abort();
	unlink(path);
}

#endif
