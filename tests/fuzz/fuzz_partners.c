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
#include "../../partners/partners.h"
#include "harness.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sv_err e;
	int rc;

	harness_input("fuzz_partners", data, size);
	rc = partners_load(db, path, 0, devnull, &e);
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
	harness_reset("DELETE FROM partner_figure; DELETE FROM progress; "
	    "DELETE FROM partner_file");
	return 0;
}
