#include "loader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/db.h"
#include "ingest.h"

/* Prepared once per file (many: when first needed); ext is this file's
 * ledger id. */
struct loader {
	sqlite3 *db;
	sqlite3_int64 ext;
	sqlite3_stmt *insert, *many, *find, *update, *quarantine;
};

/* The incident columns in the order of their parameters ?1..?19. */
#define INCIDENT_COLS "zone, ref, commune, date_fact, time_fact, " \
	"date_registered, phenomenon_raw, attempt, modus_operandi, place_type, " \
	"channel, victim_sex, victim_age, author_sex, author_age, relation, " \
	"author_ref, quartier, row_hash"

uint64_t
loader_hash(const incident *inc)
{
	uint64_t h = 1469598103934665603ULL;
	int ints[8] = { inc->zone, inc->commune, inc->date_fact, inc->time_fact,
	    inc->date_registered, inc->attempt, inc->victim_sex, inc->author_sex };

	for (int i = 0; i < 8; i++)
		for (int b = 0; b < 4; b++)
			h = (h ^ (unsigned char)(ints[i] >> (8 * b))) * 1099511628211ULL;
	for (int f = 0; f < F_COUNT; f++) {
		for (const char *p = inc->text[f]; p && *p; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ULL;
		h = (h ^ 0x1f) * 1099511628211ULL;
	}
	return h;
}

static void
bind_int(sqlite3_stmt *st, int i, int v)
{
	if (v < 0)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int(st, i, v);
}

/* inc to the 19 parameters after `at` (INCIDENT_COLS). */
static void
bind_incident(sqlite3_stmt *st, int at, const incident *inc,
    sqlite3_int64 hash)
{
	static const enum field texts[] = { F_MODUS_OPERANDI, F_PLACE_TYPE,
	    F_CHANNEL };

	sqlite3_bind_int(st, at + 1, inc->zone);
	sqlite3_bind_text(st, at + 2, inc->text[F_REF], -1, SQLITE_STATIC);
	sqlite3_bind_int(st, at + 3, inc->commune);
	sqlite3_bind_int(st, at + 4, inc->date_fact);
	bind_int(st, at + 5, inc->time_fact);
	sqlite3_bind_int(st, at + 6, inc->date_registered);
	sqlite3_bind_text(st, at + 7, inc->text[F_PHENOMENON], -1, SQLITE_STATIC);
	bind_int(st, at + 8, inc->attempt);
	for (int i = 0; i < 3; i++)
		sqlite3_bind_text(st, at + 9 + i, inc->text[texts[i]], -1,
		    SQLITE_STATIC);
	bind_int(st, at + 12, inc->victim_sex);
	sqlite3_bind_text(st, at + 13, inc->text[F_VICTIM_AGE], -1, SQLITE_STATIC);
	bind_int(st, at + 14, inc->author_sex);
	sqlite3_bind_text(st, at + 15, inc->text[F_AUTHOR_AGE], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, at + 16, inc->text[F_RELATION], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, at + 17, inc->text[F_AUTHOR_REF], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, at + 18, inc->text[F_QUARTIER], -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, at + 19, hash);
}

static void
finalize_all(loader *l)
{
	sqlite3_finalize(l->insert);
	sqlite3_finalize(l->many);
	sqlite3_finalize(l->find);
	sqlite3_finalize(l->update);
	sqlite3_finalize(l->quarantine);
}

static int
prepare_all(loader *l, sv_err *e)
{
	int rc;

	if ((rc = db_prepare(l->db, &l->insert, "INSERT OR FAIL INTO incident("
	    INCIDENT_COLS ", extract, line) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
	    "?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21) "
	    "ON CONFLICT (zone, ref) DO NOTHING", e)) ||
	    (rc = db_prepare(l->db, &l->find, "SELECT extract, row_hash, line "
	    "FROM incident WHERE zone = ?1 AND ref = ?2", e)) ||
	    (rc = db_prepare(l->db, &l->update, "UPDATE incident SET ("
	    INCIDENT_COLS ", extract, line, revision) = (?1, ?2, ?3, ?4, ?5, ?6, "
	    "?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, "
	    "?21, 1) WHERE zone = ?1 AND ref = ?2", e)) ||
	    (rc = db_prepare(l->db, &l->quarantine, "INSERT INTO quarantine("
	    "extract, line, field, reason_code, reason, raw) VALUES (?1, ?2, ?3, "
	    "?4, ?5, ?6)", e)))
		return rc;
	return SV_OK;
}

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
	sqlite3_stmt *st;
	int rc = SV_OK;

	for (int i = 0; i < 2 && !rc; i++) {
		if ((rc = db_prepare(db, &st, i ? "DELETE FROM extract WHERE id = ?1" :
		    "DELETE FROM quarantine WHERE extract = ?1", e)))
			break;
		sqlite3_bind_int64(st, 1, id);
		rc = db_step_done(st, e);
		sqlite3_finalize(st);
	}
	return rc;
}

/* --replace: what an earlier reading of the same file brought goes (its
 * incidents and quarantine); its ledger row stays, as history, under a
 * sha256 of its own, and says what replaced it. */
static int
supersede(sqlite3 *db, sqlite3_int64 id, sv_err *e)
{
	static const char *const sql[] = {
		"DELETE FROM incident WHERE extract = ?1",
		"DELETE FROM quarantine WHERE extract = ?1",
		"UPDATE extract SET sha256 = sha256 || '~replaced-' || id WHERE id = ?1",
	};
	sqlite3_stmt *st;
	int rc = SV_OK;

	for (size_t i = 0; i < sizeof sql / sizeof *sql && !rc; i++) {
		if ((rc = db_prepare(db, &st, sql[i], e)))
			break;
		sqlite3_bind_int64(st, 1, id);
		rc = db_step_done(st, e);
		sqlite3_finalize(st);
	}
	return rc;
}

/* Whether SQLite checks foreign keys (heard only outside a transaction):
 * not while a file loads (loader_begin says why). */
static int
check_keys(sqlite3 *db, int on, sv_err *e)
{
	return db_exec(db, on ? "PRAGMA foreign_keys = ON" :
	    "PRAGMA foreign_keys = OFF", e);
}

int
loader_begin(sqlite3 *db, const char *sha256, const char *path, int replace,
    loader **out, int *already, sv_err *e)
{
	sqlite3_stmt *st;
	loader *l;
	int rc;

	*out = NULL;
	*already = 0;
	if (!(l = calloc(1, sizeof *l)))
		return sv_errf(e, SV_SOFTWARE, "out of memory");
	l->db = db;
	/* Every row this transaction writes refers to the extract row it
	 * writes first (or deletes its children before their extract), so
	 * SQLite's lookup of that parent for each incident is not needed: it
	 * was a tenth of a bulk load's time.  Enforcement is back on when the
	 * transaction ends (loader_commit, loader_abort).  The ledger is read
	 * inside the write transaction: a second ingest of the same file at
	 * the same time waits, then finds it loaded. */
	if ((rc = check_keys(db, 0, e)) ||
	    (rc = db_begin(db, e)) || (rc = db_prepare(db, &st, "SELECT id, "
	    "rows_read > 0 AND rows_quarantined = rows_read FROM extract WHERE "
	    "sha256 = ?1", e)))
		goto fail;
	sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
	sqlite3_int64 before = 0, replaced = 0;
	int found;
	if ((rc = db_lookup(db, st, &found, e))) {
		sqlite3_finalize(st);
		goto fail;
	}
	if (found) {
		/* a reading that loaded nothing is no reason not to read it
		 * again (after a profile was fixed): it is forgotten first */
		if (sqlite3_column_int(st, 1))
			before = sqlite3_column_int64(st, 0);
		else if (replace)
			replaced = sqlite3_column_int64(st, 0);
		else
			*already = 1;
	}
	sqlite3_finalize(st);
	if (*already) {
		loader_abort(l);
		return SV_OK;
	}
	if ((before && (rc = forget(db, before, e))) ||
	    (replaced && (rc = supersede(db, replaced, e))))
		goto fail;
	if ((rc = db_prepare(db, &st, "INSERT INTO "
	    "extract(sha256, path, encoding, delimiter, header_lang, "
	    "unknown_columns, loaded_at, origin) VALUES (?1, ?2, '', '', '', '', "
	    "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?3)", e)))
		goto fail;
	sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, origin(path), -1, SQLITE_STATIC);
	rc = db_step_done(st, e);
	sqlite3_finalize(st);
	if (rc || (rc = prepare_all(l, e)))
		goto fail;
	l->ext = sqlite3_last_insert_rowid(db);
	if (replaced && (rc = db_prepare(db, &st, "UPDATE extract SET "
	    "replaced_by = ?2 WHERE id = ?1", e)) == SV_OK) {
		sqlite3_bind_int64(st, 1, replaced);
		sqlite3_bind_int64(st, 2, l->ext);
		rc = db_step_done(st, e);
		sqlite3_finalize(st);
	}
	if (rc)
		goto fail;
	*out = l;
	return SV_OK;
fail:
	loader_abort(l);
	return rc;
}

int
loader_put(loader *l, const incident *inc, uint64_t row_hash, long line,
    enum put_result *res,
    long *first_line, sv_err *e)
{
	sqlite3_int64 hash = (sqlite3_int64)row_hash;
	int rc;

	bind_incident(l->insert, 0, inc, hash);
	sqlite3_bind_int64(l->insert, 20, l->ext);
	sqlite3_bind_int64(l->insert, 21, line);
	if ((rc = db_step_done(l->insert, e)))
		return rc;
	if (sqlite3_changes(l->db) == 1) {
		*res = PUT_LOADED;
		return SV_OK;
	}
	sqlite3_bind_int(l->find, 1, inc->zone);
	sqlite3_bind_text(l->find, 2, inc->text[F_REF], -1, SQLITE_STATIC);
	if (sqlite3_step(l->find) != SQLITE_ROW) {
		sqlite3_reset(l->find);
		return sv_errf(e, SV_SOFTWARE, "database: a row vanished");
	}
	sqlite3_int64 ext = sqlite3_column_int64(l->find, 0);
	sqlite3_int64 old = sqlite3_column_int64(l->find, 1);
	*first_line = (long)sqlite3_column_int64(l->find, 2);
	sqlite3_reset(l->find);
	if (ext == l->ext) {
		*res = old == hash ? PUT_DUPLICATE : PUT_CONFLICT;
		return SV_OK;
	}
	bind_incident(l->update, 0, inc, hash);
	sqlite3_bind_int64(l->update, 20, l->ext);
	sqlite3_bind_int64(l->update, 21, line);
	*res = PUT_REVISED;
	return db_step_done(l->update, e);
}

/* The statement that inserts LOADER_MANY rows at once: a third of the
 * time one row a statement takes (the statement's own work is most of a
 * row's).  OR FAIL, here and for one row: a row SQLite refuses (which
 * validation makes impossible) fails the whole file, whose transaction
 * is rolled back, so a statement need not be able to undo its own first
 * rows; the journal SQLite keeps for that (OR ABORT, the default) took
 * 8 % of a bulk load's time. */
static int
prepare_many(loader *l, sv_err *e)
{
	char sql[LOADER_MANY * 80 + 256];
	size_t len = (size_t)snprintf(sql, sizeof sql, "INSERT OR FAIL INTO "
	    "incident(" INCIDENT_COLS ", extract, line) VALUES ");

	for (int r = 0; r < LOADER_MANY; r++)
		len += (size_t)snprintf(sql + len, sizeof sql - len,
		    "%s(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", r ? "," : "");
	snprintf(sql + len, sizeof sql - len, " ON CONFLICT (zone, ref) DO "
	    "NOTHING");
	return db_prepare(l->db, &l->many, sql, e);
}

int
loader_put_many(loader *l, const incident *const *inc, const uint64_t *hash,
    const long *line, unsigned char *inserted, sv_err *e)
{
	int rc;

	if (!l->many && (rc = prepare_many(l, e)))
		return rc;
	for (int r = 0; r < LOADER_MANY; r++) {
		bind_incident(l->many, 21 * r, inc[r], (sqlite3_int64)hash[r]);
		sqlite3_bind_int64(l->many, 21 * r + 20, l->ext);
		sqlite3_bind_int64(l->many, 21 * r + 21, line[r]);
	}
	if ((rc = db_step_done(l->many, e)))
		return rc;
	int all = sqlite3_changes(l->db) == LOADER_MANY;
	/* some were not: a row is in when its ref holds it, line and all */
	for (int r = 0; r < LOADER_MANY; r++) {
		if ((inserted[r] = (unsigned char)all))
			continue;
		sqlite3_bind_int(l->find, 1, inc[r]->zone);
		sqlite3_bind_text(l->find, 2, inc[r]->text[F_REF], -1, SQLITE_STATIC);
		inserted[r] = sqlite3_step(l->find) == SQLITE_ROW &&
		    sqlite3_column_int64(l->find, 0) == l->ext &&
		    sqlite3_column_int64(l->find, 2) == line[r];
		sqlite3_reset(l->find);
	}
	return SV_OK;
}

int
loader_restat(sqlite3 *db, const char *sha256, const char *stat, sv_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_prepare(db, &st, "UPDATE extract SET stat = ?2 WHERE "
	    "sha256 = ?1 AND stat IS NOT ?2", e)))
		return rc;
	sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, stat, -1, SQLITE_STATIC);
	rc = db_step_done(st, e);
	sqlite3_finalize(st);
	return rc;
}

int
loader_quarantine(loader *l, long line, const char *field, const char *code,
    const char *reason, const char *raw, sv_err *e)
{
	sqlite3_bind_int64(l->quarantine, 1, l->ext);
	sqlite3_bind_int64(l->quarantine, 2, line);
	sqlite3_bind_text(l->quarantine, 3, field, -1, SQLITE_STATIC);
	sqlite3_bind_text(l->quarantine, 4, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(l->quarantine, 5, reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(l->quarantine, 6, raw, -1, SQLITE_STATIC);
	return db_step_done(l->quarantine, e);
}

int
loader_unload(loader *l, int zone, const char *ref, int *was_revision,
    sv_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_prepare(l->db, &st, "DELETE FROM incident WHERE zone = ?1 "
	    "AND ref = ?2 AND extract = ?3 RETURNING revision", e)))
		return rc;
	sqlite3_bind_int(st, 1, zone);
	sqlite3_bind_text(st, 2, ref, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, l->ext);
	*was_revision = (rc = sqlite3_step(st)) == SQLITE_ROW &&
	    sqlite3_column_int(st, 0);
	if (rc == SQLITE_ROW)
		rc = sqlite3_step(st);
	rc = rc == SQLITE_DONE ? SV_OK : db_fail(l->db, rc, e);
	sqlite3_finalize(st);
	return rc;
}

int
loader_commit(loader *l, const ledger *lg, sv_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_prepare(l->db, &st, "UPDATE extract SET zone = ?2, "
	    "encoding = ?3, delimiter = ?4, header_lang = ?5, unknown_columns = ?6, "
	    "rows_read = ?7, rows_loaded = ?8, rows_revised = ?9, "
	    "rows_duplicate = ?10, rows_quarantined = ?11, "
	    "period_from = ?12, period_to = ?13, month = ?14, stat = ?15 WHERE "
	    "id = ?1", e)))
		goto out;
	sqlite3_bind_int64(st, 1, l->ext);
	bind_int(st, 2, lg->zone > 0 ? lg->zone : -1);
	sqlite3_bind_text(st, 3, lg->encoding, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, lg->delimiter, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, lg->lang, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, lg->unknown, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, lg->read);
	sqlite3_bind_int64(st, 8, lg->loaded);
	sqlite3_bind_int64(st, 9, lg->revised);
	sqlite3_bind_int64(st, 10, lg->duplicates);
	sqlite3_bind_int64(st, 11, lg->quarantined);
	bind_int(st, 12, lg->period_from > 0 ? lg->period_from : -1);
	bind_int(st, 13, lg->period_to > 0 ? lg->period_to : -1);
	sqlite3_bind_int(st, 14, lg->month);   /* 0: no row put */
	if (lg->stat)
		sqlite3_bind_text(st, 15, lg->stat, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 15);
	rc = db_step_done(st, e);
	sqlite3_finalize(st);
	if (!rc)
		rc = db_commit(l->db, e);
out:
	if (rc) {
		loader_abort(l);
		return rc;
	}
	finalize_all(l);
	rc = check_keys(l->db, 1, e);
	free(l);
	return rc;
}

void
loader_abort(loader *l)
{
	sv_err e;

	if (!l)
		return;
	finalize_all(l);
	db_rollback(l->db);
	/* as the rollback's, its failure goes unsaid: an abort (after an
	 * error, or of a file already loaded) returns nothing */
	(void)check_keys(l->db, 1, &e);
	free(l);
}
