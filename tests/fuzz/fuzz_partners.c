/*
 * fuzz_partners — libFuzzer on loading a partner file (partners.h):
 * dialect, decoding, records, header recognition in three languages,
 * every row's checks, revisions and the ledger, under AddressSanitizer
 * and UBSan.
 *
 * The oracle is the promise "whole or not at all": a file refused leaves
 * the database as it was; a file loaded has one ledger row whose counts
 * match the rows stored (into an empty database: every row new).  A
 * broken promise aborts, which libFuzzer keeps as a crash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../../core/db.h"
#include "../../core/refdata.h"
#include "../../partners/partners.h"

static sqlite3 *db;
static FILE *devnull;
static char path[64];

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

static void
setup(void)
{
	sv_err e;

	if (db_open(":memory:", DB_CREATE, &db, &e) ||
	    refdata_load(db, refdata_default_dir(), &e)) {
		fprintf(stderr, "fuzz_partners: %s\n", e.msg);
		abort();
	}
	devnull = fopen("/dev/null", "w");
	snprintf(path, sizeof path, "/tmp/suivi-fuzzp-%ld.csv", (long)getpid());
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sv_err e;
	FILE *fp;
	int rc;

	if (!db)
		setup();
	if (!(fp = fopen(path, "wb")) || fwrite(data, 1, size, fp) != size ||
	    fclose(fp) != 0)
		abort();
	rc = partners_load(db, path, devnull, &e);
	long long files = count("SELECT count(*) FROM partner_file");
	long long rows = count("SELECT (SELECT count(*) FROM partner_figure) + "
	    "(SELECT count(*) FROM progress)");
	if (rc != SV_OK) {
		if (files || rows) {
			fprintf(stderr, "refused (%s) but the database changed\n", e.msg);
			abort();
		}
	} else if (files != 1 || count("SELECT added FROM partner_file") != rows ||
	    count("SELECT rows - added - revised FROM partner_file") != 0) {
		fprintf(stderr, "loaded, but the ledger does not tell what happened\n");
		abort();
	}
	if (db_exec(db, "DELETE FROM partner_figure; DELETE FROM progress; "
	    "DELETE FROM partner_file", &e))
		abort();
	unlink(path);
	return 0;
}
