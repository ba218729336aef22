/*
 * ledger — a reading's ledger row, opened, filled and claimed
 * (ledger.h).
 */
#include "ledger.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../core/db.h"
#include "../core/delivery.h"
#include "ingest.h"

/* 'sample' when `suivi sample` generated the file (SAMPLE_MARK in its
 * folder or the one above), else 'delivery'. */
static const char *
origin(const char *path)
{
	char dir[4096], mark[4200];

	snprintf(dir, sizeof dir, "%s", path);
	for (int up = 0; up < 2; up++) {
		char *slash = strrchr(dir, '/');
		if (slash)
			*slash = '\0';
		else
			snprintf(dir, sizeof dir, ".");
		snprintf(mark, sizeof mark, "%s/%s", dir, SAMPLE_MARK);
		if (access(mark, F_OK) == 0)
			return "sample";
		if (!slash)
			break;
	}
	return "delivery";
}

/* Remove an extract that loaded nothing: its quarantine and ledger rows. */
static int
forget(sqlite3 *db, sqlite3_int64 id, sv_err *e)
{
	int rc;

	return (rc = db_run_ids(db, "DELETE FROM quarantine WHERE extract = ?1",
	    id, 0, e)) ? rc : db_run_ids(db, "DELETE FROM extract WHERE id = ?1",
	    id, 0, e);
}

/* --replace: an earlier reading of the same delivery is replaced.  Its
 * versions stay (as of a moment before, it was current; versions.c takes
 * them out of the count once this reading is in), its quarantine goes (this
 * reading's is the one that holds), and its ledger row stays as history,
 * under a sha256 of its own, saying what replaced it (replaced_by()). */
static int
supersede(sqlite3 *db, sqlite3_int64 id, int same_file, sv_err *e)
{
	int rc;

	if ((rc = db_run_ids(db, "DELETE FROM quarantine WHERE extract = ?1",
	    id, 0, e)))
		return rc;
	/* the same file's sha256 goes to its new reading; another file keeps
	 * its own, and is known as loaded (and replaced) if it comes again */
	return same_file ? db_run_ids(db, "UPDATE extract SET sha256 = sha256 "
	    "|| '~replaced-' || id WHERE id = ?1", id, 0, e) : SV_OK;
}

/* Reading id is replaced by reading by. */
static int
replaced_by(sqlite3 *db, sqlite3_int64 id, sqlite3_int64 by, sv_err *e)
{
	return db_run_ids(db, "UPDATE extract SET replaced_by = ?2 WHERE id = "
	    "?1", id, by, e);
}

/* The ledger row of the same file: its id, and whether it loaded
 * nothing; *found 0 when the file was never read. */
static int
reading_of(sqlite3 *db, const char *sha256, sqlite3_int64 *id, int *empty,
    int *found, sv_err *e)
{
	sqlite3_stmt *st;
	int rc;

	*id = 0;
	*empty = 0;
	if ((rc = db_prepare(db, &st, "SELECT id, rows_read > 0 AND "
	    "rows_quarantined = rows_read FROM extract WHERE sha256 = ?1", e)))
		return rc;
	sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
	if ((rc = db_lookup(db, st, found, e)) == SV_OK && *found) {
		*id = sqlite3_column_int64(st, 0);
		*empty = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	return rc;
}

int
ledger_key(sqlite3 *db, const char *sha256, const delivery_name *dn, int zone,
    char key[LEDGER_KEY_MAX], sv_err *e)
{
	sqlite3_stmt *st;
	int rc, found, other = 0;

	snprintf(key, LEDGER_KEY_MAX, "%s", sha256);
	if (!dn->month)
		return SV_OK;
	if ((rc = db_prepare(db, &st, "SELECT rows_read = 0 AND (coalesce(month, "
	    "0) <> ?2 OR version <> ?3 OR coalesce(zone, 0) <> ?4) FROM extract "
	    "WHERE sha256 = ?1", e)))
		return rc;
	sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, dn->month);
	sqlite3_bind_int(st, 3, dn->version);
	sqlite3_bind_int(st, 4, zone);
	if ((rc = db_lookup(db, st, &found, e)) == SV_OK && found)
		other = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (other)
		snprintf(key, LEDGER_KEY_MAX, "%s:%d/%06d-v%d", sha256, zone,
		    dn->month, dn->version);
	return rc;
}

int
ledger_open(sqlite3 *db, const char *sha256, const char *path, int replace,
    sqlite3_int64 *ext, int *already, sv_err *e)
{
	sqlite3_stmt *st;
	sqlite3_int64 id;
	int rc, empty, found;

	*ext = 0;
	*already = 0;
	if ((rc = reading_of(db, sha256, &id, &empty, &found, e)))
		return rc;
	/* a reading that loaded nothing is no reason not to read it again
	 * (after a profile was fixed): it is forgotten first */
	if (found && !empty && !replace) {
		*already = 1;
		return SV_OK;
	}
	if ((found && empty && (rc = forget(db, id, e))) ||
	    (found && !empty && (rc = supersede(db, id, 1, e))) ||
	    (rc = db_prepare(db, &st, "INSERT INTO extract(sha256, path, "
	    "encoding, delimiter, header_lang, unknown_columns, loaded_at, "
	    "origin) VALUES (?1, ?2, '', '', '', '', strftime("
	    "'%Y-%m-%dT%H:%M:%fZ', 'now'), ?3)", e)))
		return rc;
	sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, origin(path), -1, SQLITE_STATIC);
	rc = db_step_done(st, e);
	sqlite3_finalize(st);
	if (rc)
		return rc;
	*ext = sqlite3_last_insert_rowid(db);
	return found && !empty ? replaced_by(db, id, *ext, e) : SV_OK;
}

/* Another reading (not unread, not replaced) of lg's delivery and
 * version: 0 if none, else its id in *other and its path in path. */
static int
same_delivery(sqlite3 *db, sqlite3_int64 ext, const ledger *lg,
    sqlite3_int64 *other, char *path, size_t n, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, found;

	*other = 0;
	if (!lg->zone || !lg->month || (lg->read > 0 &&
	    lg->quarantined == lg->read))
		return SV_OK;
	if ((rc = db_prepare(db, &st, "SELECT id, path FROM extract WHERE "
	    "zone = ?1 AND month = ?2 AND version = ?3 AND stem = ?5 AND id <> ?4 "
	    "AND replaced_by IS NULL AND NOT (rows_read > 0 AND rows_quarantined "
	    "= rows_read) ORDER BY id LIMIT 1", e)))
		return rc;
	sqlite3_bind_int(st, 1, lg->zone);
	sqlite3_bind_int(st, 2, lg->month);
	sqlite3_bind_int(st, 3, lg->version);
	sqlite3_bind_int64(st, 4, ext);
	sqlite3_bind_text(st, 5, lg->stem, -1, SQLITE_STATIC);
	if ((rc = db_lookup(db, st, &found, e)) == SV_OK && found) {
		*other = sqlite3_column_int64(st, 0);
		snprintf(path, n, "%s", sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	return rc;
}

int
ledger_claim(sqlite3 *db, sqlite3_int64 ext, const ledger *lg, int replace,
    sv_err *e)
{
	sqlite3_int64 other;
	char path[4096];
	int rc;

	if ((rc = same_delivery(db, ext, lg, &other, path, sizeof path, e)) ||
	    !other)
		return rc;
	if (replace)
		return (rc = supersede(db, other, 0, e)) ? rc :
		    replaced_by(db, other, ext, e);
	return sv_errf(e, SV_DATAERR, "refused: zone %d's delivery '%s' of "
	    "%04d-%02d, version %d, is already loaded from another file, '%s'; "
	    "a corrected delivery is its next version: name this file "
	    "%s-v%d.csv (it then replaces the first wholly), or ingest it with "
	    "--replace to read it in that one's place; nothing of it was loaded",
	    lg->zone, lg->stem, lg->month / 100, lg->month % 100, lg->version,
	    path, lg->stem, lg->version + 1);
}

/* v, or NULL when it is not above 0 (not known). */
static void
bind_known(sqlite3_stmt *st, int i, int v)
{
	if (v > 0)
		sqlite3_bind_int(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

static int
write_months(sqlite3 *db, sqlite3_int64 ext, const ledger *lg, sv_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_prepare(db, &st, "INSERT INTO extract_month(extract, "
	    "month, rows) VALUES (?1, ?2, ?3)", e)))
		return rc;
	for (size_t i = 0; i < lg->nmonths && !rc; i++) {
		sqlite3_bind_int64(st, 1, ext);
		sqlite3_bind_int(st, 2, lg->months[i].month);
		sqlite3_bind_int64(st, 3, lg->months[i].rows);
		rc = db_step_done(st, e);
	}
	sqlite3_finalize(st);
	return rc;
}

int
ledger_write(sqlite3 *db, sqlite3_int64 ext, const ledger *lg, sv_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_prepare(db, &st, "UPDATE extract SET zone = ?2, "
	    "encoding = ?3, delimiter = ?4, header_lang = ?5, unknown_columns = ?6, "
	    "rows_read = ?7, rows_loaded = ?8, rows_revised = ?9, "
	    "rows_duplicate = ?10, rows_quarantined = ?11, "
	    "period_from = ?12, period_to = ?13, month = ?14, stat = ?15, "
	    "rows_unchanged = ?16, version = ?17, stem = ?18, named = ?19 WHERE "
	    "id = ?1", e)))
		return rc;
	sqlite3_bind_int64(st, 1, ext);
	bind_known(st, 2, lg->zone);
	sqlite3_bind_text(st, 3, lg->encoding, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, lg->delimiter, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, lg->lang, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, lg->unknown, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, lg->read);
	sqlite3_bind_int64(st, 8, lg->loaded);
	sqlite3_bind_int64(st, 9, lg->revised);
	sqlite3_bind_int64(st, 10, lg->duplicates);
	sqlite3_bind_int64(st, 11, lg->quarantined);
	bind_known(st, 12, lg->period_from);
	bind_known(st, 13, lg->period_to);
	bind_known(st, 14, lg->month);
	if (lg->stat)
		sqlite3_bind_text(st, 15, lg->stat, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 15);
	sqlite3_bind_int64(st, 16, lg->unchanged);
	sqlite3_bind_int(st, 17, lg->version);
	sqlite3_bind_text(st, 18, lg->stem, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 19, lg->named);
	rc = db_step_done(st, e);
	sqlite3_finalize(st);
	return rc ? rc : write_months(db, ext, lg, e);
}
