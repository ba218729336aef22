/*
 * fuzz_ingest — libFuzzer on the whole reading side of ingest: spooling,
 * dialect sniffing, decoding, record splitting, header recognition,
 * validation and loading, under AddressSanitizer and UBSan.
 *
 * Each input is an extract.  The oracle is the ledger's promise: a file
 * refused leaves the database as it was; a file loaded has a ledger row
 * whose counts add up (read = loaded + revised + unchanged + duplicates
 * + quarantined), with exactly as many versions of incidents as it put
 * and quarantine rows as it quarantined (a file of which every row was
 * quarantined is recorded so, and refused).  A broken promise aborts, which
 * libFuzzer keeps as a crash.  `make fuzz` runs it (tests/fuzz/README).
 */
#include "../../ingest/ingest.h"
#include "harness.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ingest_opts o = { 0 };
	sv_err e;
	int rc;

	harness_input("fuzz_ingest", data, size);
	rc = ingest_file(db, path, &o, devnull, &e);
	long long extracts = count("SELECT count(*) FROM extract");
	long long incidents = count("SELECT count(*) FROM incident") +
	    count("SELECT count(*) FROM incident_past");
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
	    count("SELECT rows_loaded + rows_revised + rows_unchanged FROM "
	    "extract") != incidents ||
	    count("SELECT rows_quarantined FROM extract") != quarantined ||
	    count("SELECT rows_read - rows_loaded - rows_revised - rows_unchanged "
	    "- rows_duplicate - rows_quarantined FROM extract") != 0) {
		fprintf(stderr, "loaded, but the ledger does not tell what happened\n");
		abort();
	}
	harness_reset("DELETE FROM incident; DELETE FROM incident_past; "
	    "DELETE FROM quarantine; DELETE FROM extract_month; "
	    "DELETE FROM extract");
	return 0;
}
