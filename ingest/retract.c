/*
 * retract — a zone-month's deliveries withdrawn, and the ledger taken
 * back to a past moment (ingest.h).
 */
#include "ingest.h"

#include "../core/db.h"
#include "versions.h"

/* The highest version of zone's yyyymm loaded (readings that were read
 * and not replaced), and how many of them count now. */
static int
versions_of(sqlite3 *db, int zone, int yyyymm, int *top, int *current,
    sv_err *e)
{
	sqlite3_stmt *st;
	int rc, found;

	*top = *current = 0;
	if ((rc = db_prepare(db, &st, "SELECT coalesce(max(version), 0), "
	    "count(*) FILTER (WHERE state = 'current') FROM extract WHERE zone = "
	    "?1 AND month = ?2 AND replaced_by IS NULL AND state <> 'unread'", e)))
		return rc;
	sqlite3_bind_int(st, 1, zone);
	sqlite3_bind_int(st, 2, yyyymm);
	if ((rc = db_lookup(db, st, &found, e)) == SV_OK && found) {
		*top = sqlite3_column_int(st, 0);
		*current = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	return rc;
}

static int
record(sqlite3 *db, int zone, int yyyymm, int version, const char *reason,
    sv_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_prepare(db, &st, "INSERT INTO retraction(zone, month, "
	    "version, reason, at, withdrawn) VALUES (?1, ?2, ?3, ?4, "
	    "strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 0)", e)))
		return rc;
	sqlite3_bind_int(st, 1, zone);
	sqlite3_bind_int(st, 2, yyyymm);
	sqlite3_bind_int(st, 3, version);
	sqlite3_bind_text(st, 4, reason, -1, SQLITE_STATIC);
	rc = db_step_done(st, e);
	sqlite3_finalize(st);
	return rc;
}

int
ingest_retract(sqlite3 *db, int zone, int yyyymm, const char *reason,
    long *withdrawn, sv_err *e)
{
	int rc, top, current;

	*withdrawn = 0;
	if ((rc = db_begin(db, e)))
		return rc;
	if ((rc = versions_of(db, zone, yyyymm, &top, &current, e)))
		goto fail;
	if (!top) {
		rc = sv_errf(e, SV_NOINPUT, "retract: zone %d has no delivery of "
		    "%04d-%02d: nothing to retract (suivi export --what extracts "
		    "lists the deliveries)", zone, yyyymm / 100, yyyymm % 100);
		goto fail;
	}
	if (!current) {
		rc = sv_errf(e, SV_DATAERR, "retract: zone %d's %04d-%02d is "
		    "retracted already (up to version %d); a new version (%04d-%02d-"
		    "v%d.csv) delivers it again", zone, yyyymm / 100, yyyymm % 100,
		    top, yyyymm / 100, yyyymm % 100, top + 1);
		goto fail;
	}
	if ((rc = record(db, zone, yyyymm, top, reason, e)))
		goto fail;
	sqlite3_int64 id = sqlite3_last_insert_rowid(db);
	if ((rc = versions_settle(db, 0, withdrawn, e)) ||
	    (rc = db_run_ids(db, "UPDATE retraction SET withdrawn = ?2 WHERE "
	    "id = ?1", id, *withdrawn, e)) ||
	    (rc = db_commit(db, e)))
		goto fail;
	return SV_OK;
fail:
	db_rollback(db);
	return rc;
}

/* What the later readings did, undone: a reading they replaced (ingest
 * --replace) is its delivery's again, under its own SHA-256 (its
 * quarantined rows went with the replacing: not brought back); their
 * rows, versions and months go; the (zone, ref)s they touched are
 * settled again from the versions left. */
static const char undo_later[] =
	"UPDATE extract SET replaced_by = NULL, sha256 = CASE WHEN instr(sha256, "
	"'~replaced-') > 0 THEN substr(sha256, 1, instr(sha256, '~replaced-') - "
	"1) ELSE sha256 END WHERE replaced_by IN temp.later;"
	"INSERT OR IGNORE INTO temp.settle SELECT zone, ref FROM incident WHERE "
	"extract IN temp.later UNION SELECT zone, ref FROM incident_past WHERE "
	"extract IN temp.later;"
	"DELETE FROM incident WHERE extract IN temp.later;"
	"DELETE FROM incident_past WHERE extract IN temp.later;"
	"DELETE FROM quarantine WHERE extract IN temp.later;"
	"DELETE FROM extract_month WHERE extract IN temp.later;"
	"DELETE FROM extract WHERE id IN temp.later;";

int
ingest_rollback(sqlite3 *db, const char *at, long *removed, long *restored,
    sv_err *e)
{
	long withdrawn;
	long long n, r;
	int rc;

	if ((rc = versions_begin(db, e)) ||
	    (rc = db_ids_after(db, "later", "extract", "loaded_at", at, e)) ||
	    (rc = db_ids_after(db, "later_retraction", "retraction", "at", at,
	    e)) ||
	    (rc = db_integer(db, "SELECT count(*) FROM temp.later", &n, e)) ||
	    (rc = db_integer(db, "SELECT count(*) FROM extract WHERE replaced_by "
	    "IN temp.later", &r, e)) ||
	    (rc = db_exec(db, undo_later, e)) ||
	    (rc = db_exec(db, "DELETE FROM retraction WHERE id IN "
	    "temp.later_retraction", e)))
		return rc;
	*removed = (long)n;
	*restored = (long)r;
	return versions_settle(db, 0, &withdrawn, e);
}
