/*
 * versions — settling the current version of incidents (versions.h).
 *
 * A version moves between incident (the current one of its (zone, ref))
 * and incident_past (every other); nothing is deleted.  Moving rows of
 * incident is what its triggers log for aggregate (a version replaced is
 * an update, a withdrawal a delete, a return an insert), so the next
 * aggregate counts exactly what changed.
 */
#include "versions.h"

#include <stdlib.h>

#include "../core/db.h"
#include "../core/delivery.h"

#define COLS DELIVERY_VERSION_COLS

/* The statements settle_one() runs, prepared once per settling. */
enum {
	S_CURRENT, S_VERSIONS, S_TO_PAST, S_REPLACE, S_RETURN, S_FORGET_PAST,
	S_FORGET, S_COUNT
};
static const char *const sql[S_COUNT] = {
	[S_CURRENT] = "SELECT id, extract FROM incident WHERE zone = ?1 AND "
	    "ref = ?2",
	[S_VERSIONS] = "SELECT id, extract FROM incident_past WHERE zone = ?1 "
	    "AND ref = ?2",
	[S_TO_PAST] = "INSERT INTO incident_past(" COLS ") SELECT " COLS
	    " FROM incident WHERE id = ?1",
	[S_REPLACE] = "UPDATE incident SET (" COLS ") = (SELECT " COLS " FROM "
	    "incident_past WHERE id = ?2) WHERE id = ?1",
	[S_RETURN] = "INSERT INTO incident(" COLS ") SELECT " COLS " FROM "
	    "incident_past WHERE id = ?1",
	[S_FORGET_PAST] = "DELETE FROM incident_past WHERE id = ?1",
	[S_FORGET] = "DELETE FROM incident WHERE id = ?1",
};

typedef struct settling {
	sqlite3 *db;
	deliveries d;
	sqlite3_stmt *st[S_COUNT];
	sqlite3_int64 self;
	long withdrawn;
} settling;

/* Run statement k on one or two row ids. */
static int
run(settling *s, int k, sqlite3_int64 a, sqlite3_int64 b, sv_err *e)
{
	sqlite3_bind_int64(s->st[k], 1, a);
	if (b)
		sqlite3_bind_int64(s->st[k], 2, b);
	return db_step_done(s->st[k], e);
}

/* The best current-delivery version of (zone, ref) in incident_past:
 * its row id in *best (0: none) and its delivery's rank in *rank. */
static int
best_past(settling *s, int zone, const char *ref, sqlite3_int64 *best,
    int *rank, sv_err *e)
{
	sqlite3_stmt *st = s->st[S_VERSIONS];
	int step;

	*best = 0;
	*rank = -1;
	sqlite3_bind_int(st, 1, zone);
	sqlite3_bind_text(st, 2, ref, -1, SQLITE_TRANSIENT);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int r = deliveries_rank(&s->d, sqlite3_column_int64(st, 1));
		if (r > *rank) {
			*rank = r;
			*best = sqlite3_column_int64(st, 0);
		}
	}
	sqlite3_reset(st);
	return step == SQLITE_DONE ? SV_OK : db_fail(s->db, step, e);
}

/* (zone, ref) given its current version: the highest-ranked current
 * delivery's, or none. */
static int
settle_one(settling *s, int zone, const char *ref, sv_err *e)
{
	sqlite3_stmt *st = s->st[S_CURRENT];
	sqlite3_int64 cur = 0, ext = 0, best;
	int rc, found, rank, cur_rank = -1;

	sqlite3_bind_int(st, 1, zone);
	sqlite3_bind_text(st, 2, ref, -1, SQLITE_TRANSIENT);
	if ((rc = db_lookup(s->db, st, &found, e)) == SV_OK && found) {
		cur = sqlite3_column_int64(st, 0);
		ext = sqlite3_column_int64(st, 1);
		cur_rank = deliveries_rank(&s->d, ext);
	}
	sqlite3_reset(st);
	if (rc || (rc = best_past(s, zone, ref, &best, &rank, e)))
		return rc;
	if (best && rank > cur_rank) {
		if (cur)
			rc = run(s, S_TO_PAST, cur, 0, e) ||
			    run(s, S_REPLACE, cur, best, e);
		else
			rc = run(s, S_RETURN, best, 0, e);
		return rc ? e->code : run(s, S_FORGET_PAST, best, 0, e);
	}
	if (!cur || cur_rank >= 0)
		return SV_OK;           /* as it was */
	if (ext != s->self)
		s->withdrawn++;
	return run(s, S_TO_PAST, cur, 0, e) || run(s, S_FORGET, cur, 0, e) ?
	    e->code : SV_OK;
}

/* The (zone, ref) carried by a reading whose state flipped join
 * temp.settle.  Only incident_past is indexed by reading: incident is
 * read whole, and only when a reading that may have rows there flipped
 * (not for a file that put no row). */
static int
list_flipped(settling *s, sv_err *e)
{
	long long n, scan;
	int rc;

	if ((rc = db_integer(s->db, "SELECT count(*) FROM temp.flipped", &n,
	    e)) || n == 0)
		return rc;
	if ((rc = db_exec(s->db, "INSERT OR IGNORE INTO temp.settle SELECT "
	    "zone, ref FROM incident_past WHERE extract IN (SELECT id FROM "
	    "temp.flipped)", e)) ||
	    (rc = db_integer(s->db, "SELECT count(*) FROM temp.flipped f JOIN "
	    "extract x ON x.id = f.id WHERE x.rows_loaded + x.rows_revised + "
	    "x.rows_unchanged > 0 OR x.legacy",
	    &scan, e)) || scan == 0)
		return rc;
	return db_exec(s->db, "INSERT OR IGNORE INTO temp.settle SELECT zone, "
	    "ref FROM incident WHERE extract IN (SELECT id FROM temp.flipped)", e);
}

static int
settle_listed(settling *s, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, step;

	for (int k = 0; k < S_COUNT; k++)
		if ((rc = db_prepare(s->db, &s->st[k], sql[k], e)))
			return rc;
	if ((rc = db_prepare(s->db, &st, "SELECT zone, ref FROM temp.settle", e)))
		return rc;
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW)
		rc = settle_one(s, sqlite3_column_int(st, 0),
		    (const char *)sqlite3_column_text(st, 1), e);
	if (rc) {
		sqlite3_finalize(st);
		return rc;
	}
	return db_finish(s->db, st, step, e);
}

/* The temp tables settling reads, temp.flipped empty. */
static int
temp_tables(sqlite3 *db, sv_err *e)
{
	return db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS settle(zone INTEGER, "
	    "ref TEXT, PRIMARY KEY (zone, ref)) WITHOUT ROWID; CREATE TEMP TABLE "
	    "IF NOT EXISTS flipped(id INTEGER PRIMARY KEY); DELETE FROM "
	    "temp.flipped", e);
}

int
versions_begin(sqlite3 *db, sv_err *e)
{
	int rc;

	return (rc = temp_tables(db, e)) ? rc : db_exec(db, "DELETE FROM "
	    "temp.settle", e);
}

int
versions_settle(sqlite3 *db, sqlite3_int64 self, long *withdrawn, sv_err *e)
{
	settling s = { .db = db, .self = self };
	int rc;

	*withdrawn = 0;
	if ((rc = temp_tables(db, e)) ||
	    (rc = deliveries_load(db, NULL, &s.d, e)))
		return rc;
	if (!(rc = deliveries_save(db, &s.d, 1, e)) &&
	    !(rc = list_flipped(&s, e)))
		rc = settle_listed(&s, e);
	for (int k = 0; k < S_COUNT; k++)
		sqlite3_finalize(s.st[k]);
	deliveries_free(&s.d);
	*withdrawn = s.withdrawn;
	if (!rc)
		rc = db_exec(db, "DELETE FROM temp.settle; DELETE FROM "
		    "temp.flipped", e);
	return rc;
}
