#include "db.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "schema.h"
#include "text.h"

int
db_fail(sqlite3 *db, int rc, sv_err *e)
{
	const char *path = sqlite3_db_filename(db, "main");
	const char *msg = sqlite3_errmsg(db);

	path = path && *path ? path : "the database";
	switch (rc & 0xff) {
	case SQLITE_FULL:
		return sv_errf(e, SV_IOERR, "%s: the disk is full (%s): free some "
		    "space and run the command again; what it was writing was "
		    "rolled back", path, msg);
	case SQLITE_IOERR:
		if (sqlite3_extended_errcode(db) == SQLITE_IOERR_WRITE)
			return sv_errf(e, SV_IOERR, "%s: cannot write the database: a "
			    "write failed (is the disk full, or a file size limit "
			    "reached?); what it was writing was rolled back: free some "
			    "space and run the command again", path);
		/* fall through */
	case SQLITE_CANTOPEN:
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return sv_errf(e, SV_IOERR, "%s: cannot read or write the database "
		    "(%s)", path, msg);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return sv_errf(e, SV_TEMPFAIL, "%s: the database is busy: another "
		    "suivi command (an ingest, an aggregate or a run) is writing it; "
		    "run this one again when that one has finished", path);
	case SQLITE_CONSTRAINT:
		return sv_errf(e, SV_DATAERR, "%s: refused: %s", path, msg);
	case SQLITE_NOMEM:
		return sv_errf(e, SV_NOMEM, "out of memory");
	}
	return sv_errf(e, SV_SOFTWARE, "%s: %s", path, msg);
}

int
db_exec(sqlite3 *db, const char *sql, sv_err *e)
{
	int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? SV_OK : db_fail(db, rc, e);
}

int
db_prepare(sqlite3 *db, sqlite3_stmt **st, const char *sql, sv_err *e)
{
	int rc = sqlite3_prepare_v2(db, sql, -1, st, NULL);

	return rc == SQLITE_OK ? SV_OK : db_fail(db, rc, e);
}

int
db_finish(sqlite3 *db, sqlite3_stmt *st, int step, sv_err *e)
{
	sqlite3_finalize(st);
	return step == SQLITE_ROW || step == SQLITE_DONE ? SV_OK :
	    db_fail(db, step, e);
}

int
db_step_done(sqlite3_stmt *st, sv_err *e)
{
	int rc = sqlite3_step(st), r = SV_OK;

	/* the error said before the reset, which may change what it holds */
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		r = db_fail(sqlite3_db_handle(st), rc, e);
	sqlite3_reset(st);
	return r;
}

int
db_run_ids(sqlite3 *db, const char *sql, sqlite3_int64 a, sqlite3_int64 b,
    sv_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_prepare(db, &st, sql, e)))
		return rc;
	sqlite3_bind_int64(st, 1, a);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_int64(st, 2, b);
	rc = db_step_done(st, e);
	sqlite3_finalize(st);
	return rc;
}

int
db_lookup(sqlite3 *db, sqlite3_stmt *st, int *found, sv_err *e)
{
	int step = sqlite3_step(st);

	*found = step == SQLITE_ROW;
	return step == SQLITE_ROW || step == SQLITE_DONE ? SV_OK :
	    db_fail(db, step, e);
}

double
db_column_real(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN :
	    sqlite3_column_double(st, i);
}

void
db_bind_real(sqlite3_stmt *st, int i, double v)
{
	if (isfinite(v))
		sqlite3_bind_double(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

int
db_ids_after(sqlite3 *db, const char *into, const char *table,
    const char *col, const char *at, sv_err *e)
{
	char *sql = sqlite3_mprintf("CREATE TEMP TABLE IF NOT EXISTS \"%w\"(id "
	    "INTEGER PRIMARY KEY); DELETE FROM temp.\"%w\"", into, into);
	char *ins = sqlite3_mprintf("INSERT INTO temp.\"%w\" SELECT id FROM "
	    "\"%w\" WHERE strftime('%%Y-%%m-%%dT%%H:%%M:%%fZ', \"%w\") > "
	    "strftime('%%Y-%%m-%%dT%%H:%%M:%%fZ', ?1)", into, table, col);
	sqlite3_stmt *st;
	int rc;

	if (!sql || !ins)
		rc = sv_errf(e, SV_NOMEM, "out of memory");
	else if (!(rc = db_exec(db, sql, e)) &&
	    !(rc = db_prepare(db, &st, ins, e))) {
		sqlite3_bind_text(st, 1, at, -1, SQLITE_STATIC);
		rc = db_step_done(st, e);
		sqlite3_finalize(st);
	}
	sqlite3_free(sql);
	sqlite3_free(ins);
	return rc;
}

int
db_integer(sqlite3 *db, const char *sql, long long *out, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, step;

	if ((rc = db_prepare(db, &st, sql, e)))
		return rc;
	if ((step = sqlite3_step(st)) != SQLITE_ROW) {
		rc = step == SQLITE_DONE ? sv_errf(e, SV_SOFTWARE, "no row from "
		    "\"%s\"", sql) : db_fail(db, step, e);
		sqlite3_finalize(st);
		return rc;
	}
	*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return SV_OK;
}

int
db_begin(sqlite3 *db, sv_err *e)
{
	return db_exec(db, "BEGIN IMMEDIATE", e);
}

int
db_commit(sqlite3 *db, sv_err *e)
{
	return db_exec(db, "COMMIT", e);
}

void
db_rollback(sqlite3 *db)
{
	if (!sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

int
db_schema_target(void)
{
	return schema_count();
}

int
db_schema_version(sqlite3 *db, int *version, sv_err *e)
{
	long long v;
	int rc = db_integer(db, "PRAGMA user_version", &v, e);

	*version = rc ? -1 : (int)v;
	return rc;
}

/* Whether every foreign key holds (PRAGMA foreign_key_check finds no
 * row). */
static int
keys_hold(sqlite3 *db, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, found;

	if ((rc = db_prepare(db, &st, "PRAGMA foreign_key_check", e)))
		return rc;
	if ((rc = db_lookup(db, st, &found, e)) == SV_OK && found)
		rc = sv_errf(e, SV_DATAERR, "a row of table %s refers to a row of "
		    "%s that is not there", sqlite3_column_text(st, 0),
		    sqlite3_column_text(st, 2));
	sqlite3_finalize(st);
	return rc;
}

static int
migrate(sqlite3 *db, const char *path, sv_err *e)
{
	char bump[64];
	int v, rc;

	if ((rc = db_schema_version(db, &v, e)))
		return rc;
	if (v > schema_count())
		return sv_errf(e, SV_DATAERR, "%s: schema version %d is newer than "
		    "this suivi understands (%d); use a newer suivi", path, v,
		    schema_count());
	/* A migration may make a table anew (SQLite's way to change its
	 * constraints), which it can only do with foreign keys off; they are
	 * checked whole before each commit instead, and on again after.  What
	 * a migration deletes is overwritten, not left in free pages (one
	 * takes personal data out of the quarantine). */
	if (v < schema_count() && db_exec(db, "PRAGMA foreign_keys = OFF;"
	    "PRAGMA secure_delete = ON", e))
		return e->code;
	for (; v < schema_count(); v++) {
		snprintf(bump, sizeof bump, "PRAGMA user_version = %d", v + 1);
		if (db_begin(db, e) || db_exec(db, schema_migration(v), e) ||
		    schema_step(db, v, e) || keys_hold(db, e) ||
		    db_exec(db, bump, e) || db_commit(db, e)) {
			db_rollback(db);
			sv_err_prefix(e, "%s: migrating the schema to version %d: ",
			    path, v + 1);
			return e->code;
		}
	}
	return db_exec(db, "PRAGMA foreign_keys = ON; PRAGMA secure_delete = "
	    "OFF", e);
}

/* suivi_key(text): text_key() in SQL, for matching labels on their key
 * as ingest and aggregate do (the mapping export). */
static void
key_function(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *s = sqlite3_value_text(argv[0]);
	char *key;

	(void)argc;
	if (!s) {
		sqlite3_result_null(ctx);
		return;
	}
	if (!(key = text_key_dup((const char *)s))) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	sqlite3_result_text(ctx, key, -1, free);
}

static int
open_file(const char *path, int flags, sqlite3 **db, sv_err *e)
{
	*db = NULL;
	if (sqlite3_open_v2(path, db, flags | SQLITE_OPEN_NOMUTEX, NULL) ==
	    SQLITE_OK && sqlite3_create_function(*db, "suivi_key", 1, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC, NULL, key_function, NULL, NULL) == SQLITE_OK)
		return SV_OK;
	sv_errf(e, flags & SQLITE_OPEN_CREATE ? SV_CANTCREAT : SV_NOINPUT,
	    "%s: cannot open the database: %s", path, *db ?
	    sqlite3_errmsg(*db) : "out of memory");
	sqlite3_close(*db);
	*db = NULL;
	return e->code;
}

/* Whether the folder path is in can be written (its -wal and -shm files
 * made and taken away). */
static int
folder_writable(const char *path)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');

	if (!slash)
		return access(".", W_OK) == 0;
	snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
	return access(*dir ? dir : "/", W_OK) == 0;
}

/* "file:PATH?immutable=1", PATH percent-encoded; 0, or -1 if too long. */
static int
immutable_uri(const char *path, char *uri, size_t n)
{
	size_t o = (size_t)snprintf(uri, n, "file:");

	for (const unsigned char *c = (const unsigned char *)path; *c; c++) {
		if (o + 4 >= n)
			return -1;
		if (isalnum(*c) || strchr("/._-~", *c))
			uri[o++] = (char)*c;
		else
			o += (size_t)snprintf(uri + o, n - o, "%%%02X", *c);
	}
	return (size_t)snprintf(uri + o, n - o, "?immutable=1") < n - o ? 0 : -1;
}

/* What a reader opened for writing may do: anything to its temporary
 * tables, nothing to the database itself. */
static int
deny_writes(void *ctx, int action, const char *a, const char *b,
    const char *dbname, const char *trigger)
{
	(void)ctx, (void)a, (void)b, (void)trigger;
	switch (action) {
	case SQLITE_INSERT: case SQLITE_UPDATE: case SQLITE_DELETE:
	case SQLITE_CREATE_TABLE: case SQLITE_CREATE_INDEX:
	case SQLITE_CREATE_TRIGGER: case SQLITE_CREATE_VIEW:
	case SQLITE_DROP_TABLE: case SQLITE_DROP_INDEX: case SQLITE_DROP_TRIGGER:
	case SQLITE_DROP_VIEW: case SQLITE_ALTER_TABLE:
		return dbname && !strcmp(dbname, "temp") ? SQLITE_OK : SQLITE_DENY;
	}
	return SQLITE_OK;
}

/* A reader: no journal mode to set, no migration to run, so a database in
 * a read-only folder (or a copy on a read-only share) can be read.  Where
 * the database and its folder can be written, it is opened for writing
 * with every write to it denied: closing last, it then takes away the
 * -wal and -shm files its reading made, as a writer does.  A database of
 * an older schema is opened for writing instead, and migrated. */
static int
open_reader(const char *path, sqlite3 **out, sv_err *e)
{
	sqlite3 *db;
	int v, rc, writable = access(path, W_OK) == 0 && folder_writable(path);

	if ((rc = open_file(path, writable ? SQLITE_OPEN_READWRITE :
	    SQLITE_OPEN_READONLY, &db, e)))
		return rc;
	sqlite3_busy_timeout(db, 10000);
	if (sqlite3_exec(db, "SELECT 1 FROM sqlite_master LIMIT 1", NULL, NULL,
	    NULL) != SQLITE_OK) {
		/* A WAL database whose folder we cannot write (no -shm to make):
		 * read it as a file nothing else changes, which holds there. */
		char uri[8400];
		sqlite3_close(db);
		if (immutable_uri(path, uri, sizeof uri) ||
		    (rc = open_file(uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, &db,
		    e)))
			return rc ? rc : sv_errf(e, SV_NOINPUT, "%s: path too long",
			    path);
	}
	if ((rc = db_schema_version(db, &v, e))) {
		sqlite3_close(db);
		return rc;
	}
	if (v > schema_count()) {
		sqlite3_close(db);
		return sv_errf(e, SV_DATAERR, "%s: schema version %d is newer than "
		    "this suivi understands (%d); use a newer suivi", path, v,
		    schema_count());
	}
	if (v < schema_count() || db_exec(db, "PRAGMA foreign_keys = ON;"
	    "PRAGMA cache_size = -16384; PRAGMA temp_store = MEMORY;", e)) {
		sqlite3_close(db);
		return db_open(path, DB_EXISTING, out, e);
	}
	if (writable)
		sqlite3_set_authorizer(db, deny_writes, NULL);
	*out = db;
	return SV_OK;
}

void
db_setup(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int
db_open(const char *path, enum db_mode mode, sqlite3 **out, sv_err *e)
{
	sqlite3 *db = NULL;
	int rc;

	*out = NULL;
	if (mode != DB_CREATE && access(path, F_OK) != 0)
		return sv_errf(e, SV_NOINPUT, "%s: no such database: create it "
		    "with 'suivi init --db %s'", path, path);
	if (mode == DB_READONLY)
		return open_reader(path, out, e);
	/* NOMUTEX: a connection is used by one thread only; the per-call
	 * mutexes cost several percent of a bulk load. */
	if ((rc = open_file(path, SQLITE_OPEN_READWRITE | (mode == DB_CREATE ?
	    SQLITE_OPEN_CREATE : 0), &db, e)))
		return rc;
	sqlite3_busy_timeout(db, 10000);
	/* The page size counts only when the file is made (before WAL): a
	 * new database gets pages of 16 KiB, on which a bulk load takes a
	 * sixth less time than on SQLite's 4 KiB (bench/storage.sh); one made
	 * before keeps its own. */
	if (db_exec(db, "PRAGMA page_size = 16384;"
	    "PRAGMA journal_mode = WAL;"
	    "PRAGMA synchronous = NORMAL;"
	    "PRAGMA foreign_keys = ON;"
	    "PRAGMA cache_size = -16384;"
	    "PRAGMA temp_store = MEMORY;", e) || migrate(db, path, e)) {
		sqlite3_close(db);
		return e->code;
	}
	*out = db;
	return SV_OK;
}

void
db_close(sqlite3 *db)
{
	sqlite3_close(db);
}

int
db_copy(sqlite3 *src, const char *path, sqlite3 **out, sv_err *e)
{
	sqlite3_backup *b;
	sqlite3 *dst;
	int rc;

	*out = NULL;
	if ((rc = open_file(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
	    &dst, e)))
		return rc;
	if (!(b = sqlite3_backup_init(dst, "main", src, "main"))) {
		rc = db_fail(dst, sqlite3_errcode(dst), e);
		sqlite3_close(dst);
		return rc;
	}
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		rc = db_fail(dst, rc, e);
		sqlite3_close(dst);
		return rc;
	}
	sqlite3_close(dst);
	return db_open(path, DB_EXISTING, out, e);
}
