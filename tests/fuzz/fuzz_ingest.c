/*
 * fuzz_ingest — libFuzzer on the whole reading side of ingest: spooling,
 * dialect sniffing, decoding, record splitting, header recognition,
 * validation and loading, under AddressSanitizer and UBSan.
 *
 * Each input is an extract.  The oracle is the ledger's promise: a file
 * refused leaves the database as it was; a file loaded has a ledger row
 * whose counts add up (read = loaded + revised + duplicates +
 * quarantined), with exactly as many incident rows as it loaded and
 * quarantine rows as it quarantined (a file of which every row was
 * quarantined is recorded so, and refused).  A broken promise aborts, which
 * libFuzzer keeps as a crash.  `make fuzz` runs it (tests/fuzz/README).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../../core/db.h"
#include "../../core/refdata.h"
#include "../../ingest/ingest.h"

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
		fprintf(stderr, "fuzz_ingest: %s\n", e.msg);
		abort();
	}
	devnull = fopen("/dev/null", "w");
	snprintf(path, sizeof path, "/tmp/suivi-fuzz-%ld.csv", (long)getpid());
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ingest_opts o = { 0, NULL };
	sv_err e;
	FILE *fp;
	int rc;

	if (!db)
		setup();
	if (!(fp = fopen(path, "wb")) || fwrite(data, 1, size, fp) != size ||
	    fclose(fp) != 0)
		abort();
	rc = ingest_file(db, path, &o, devnull, &e);
	long long extracts = count("SELECT count(*) FROM extract");
	long long incidents = count("SELECT count(*) FROM incident");
	long long quarantined = count("SELECT count(*) FROM quarantine");
	/* a file of which no row loads is recorded, then refused */
	int nothing = rc == SV_DATAERR && extracts == 1 &&
	    count("SELECT rows_read > 0 AND rows_quarantined = rows_read FROM "
	    "extract") == 1;
	if (rc != SV_OK && !nothing) {
		if (extracts || incidents || quarantined) {
			fprintf(stderr, "refused (%s) but the database changed\n", e.msg);
			abort();
		}
	} else if (extracts != 1 ||
	    count("SELECT rows_loaded + rows_revised FROM extract") != incidents ||
	    count("SELECT rows_quarantined FROM extract") != quarantined ||
	    count("SELECT rows_read - rows_loaded - rows_revised - rows_duplicate "
	    "- rows_quarantined FROM extract") != 0) {
		fprintf(stderr, "loaded, but the ledger does not tell what happened\n");
		abort();
	}
	if (db_exec(db, "DELETE FROM incident; DELETE FROM quarantine; "
	    "DELETE FROM extract", &e))
		abort();
	unlink(path);
	return 0;
}
