/*
 * db — the SQLite database every stage reads and writes.
 *
 * db_open() is the only way in: it opens (or creates) the file, applies the
 * pragmas, and brings the schema up to date.  The schema is a list of
 * migrations, applied in order inside one transaction each; PRAGMA
 * user_version holds how many have been applied, so opening an old database
 * migrates it and opening a current one changes nothing.  A database newer
 * than this program is refused rather than guessed at.
 *
 * The pragmas suit both bulk loads and concurrent readers: WAL journal (an
 * analyst's DuckDB or R session may read while suivi writes), synchronous
 * NORMAL (durable at each commit under WAL), foreign keys on.
 */
#ifndef SUIVI_DB_H
#define SUIVI_DB_H

#include <sqlite3.h>

#include "err.h"

#define DB_DEFAULT_PATH "suivi.db"

/* With create == 0 a missing file is an error (SV_NOINPUT) that tells the
 * user to run `suivi init`, rather than an empty database made silently. */
int db_open(const char *path, int create, sqlite3 **out, sv_err *e);
void db_close(sqlite3 *db);

/* Schema version this program writes (the number of migrations). */
int db_schema_target(void);
int db_schema_version(sqlite3 *db);

/* Run SQL without results; on failure e names the statement's error. */
int db_exec(sqlite3 *db, const char *sql, sv_err *e);
int db_prepare(sqlite3 *db, sqlite3_stmt **st, const char *sql, sv_err *e);

/* Step a statement that returns no rows, then reset it for reuse. */
int db_step_done(sqlite3_stmt *st, sv_err *e);

/* The first column of the first row of sql as an integer, or -1. */
long long db_scalar(sqlite3 *db, const char *sql);

int db_begin(sqlite3 *db, sv_err *e);
int db_commit(sqlite3 *db, sv_err *e);
void db_rollback(sqlite3 *db);

#endif
