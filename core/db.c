#include "db.h"

#include <stdio.h>
#include <unistd.h>

#include "schema.h"

int
db_exec(sqlite3 *db, const char *sql, sv_err *e)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return SV_OK;
	sv_errf(e, SV_IOERR, "database: %s", msg ? msg : sqlite3_errmsg(db));
	sqlite3_free(msg);
	return e->code;
}

int
db_prepare(sqlite3 *db, sqlite3_stmt **st, const char *sql, sv_err *e)
{
	if (sqlite3_prepare_v2(db, sql, -1, st, NULL) == SQLITE_OK)
		return SV_OK;
	return sv_errf(e, SV_SOFTWARE, "database: cannot prepare a statement: %s",
	    sqlite3_errmsg(db));
}

int
db_step_done(sqlite3_stmt *st, sv_err *e)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return SV_OK;
	return sv_errf(e, SV_DATAERR, "%s", sqlite3_errmsg(sqlite3_db_handle(st)));
}

long long
db_scalar(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
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
db_schema_version(sqlite3 *db)
{
	return (int)db_scalar(db, "PRAGMA user_version");
}

static int
migrate(sqlite3 *db, const char *path, sv_err *e)
{
	int v = db_schema_version(db);
	char bump[64];

	if (v > schema_count())
		return sv_errf(e, SV_DATAERR, "%s: schema version %d is newer than "
		    "this suivi understands (%d); use a newer suivi", path, v,
		    schema_count());
	for (; v < schema_count(); v++) {
		snprintf(bump, sizeof bump, "PRAGMA user_version = %d", v + 1);
		if (db_begin(db, e) || db_exec(db, schema_migration(v), e) ||
		    db_exec(db, bump, e) || db_commit(db, e)) {
			db_rollback(db);
			sv_err_prefix(e, "%s: migrating the schema to version %d: ",
			    path, v + 1);
			return e->code;
		}
	}
	return SV_OK;
}

int
db_open(const char *path, int create, sqlite3 **out, sv_err *e)
{
	sqlite3 *db = NULL;

	*out = NULL;
	if (!create && access(path, F_OK) != 0)
		return sv_errf(e, SV_NOINPUT, "%s: no such database: create it "
		    "with 'suivi init --db %s'", path, path);
	/* NOMUTEX: a connection is used by one thread only; the per-call
	 * mutexes cost several percent of a bulk load. */
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		sv_errf(e, SV_CANTCREAT, "%s: cannot open the database: %s", path,
		    db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return e->code;
	}
	sqlite3_busy_timeout(db, 10000);
	if (db_exec(db, "PRAGMA journal_mode = WAL;"
	    "PRAGMA synchronous = NORMAL;"
	    "PRAGMA foreign_keys = ON;"
	    "PRAGMA cache_size = -16384;"
	    "PRAGMA temp_store = MEMORY;", e) || migrate(db, path, e)) {
		if (e->code == SV_IOERR)
			sv_err_prefix(e, "%s: ", path);
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
