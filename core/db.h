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

/* SQLite's process-wide settings: called once by main(), before any other
 * database call and before any thread.  SQLite then keeps no count of the
 * memory it uses (nothing here asks for it), which took a lock around
 * every allocation. */
void db_setup(void);

/* How a command opens the database.  DB_EXISTING and DB_READONLY refuse
 * a missing file (SV_NOINPUT, telling the user to run `suivi init`) rather
 * than make an empty database silently; DB_READONLY only reads, so it
 * works in a folder the user cannot write. */
enum db_mode { DB_EXISTING, DB_CREATE, DB_READONLY };

int db_open(const char *path, enum db_mode mode, sqlite3 **out, sv_err *e);
void db_close(sqlite3 *db);

/* A copy of src's database, whole and consistent (SQLite's online
 * backup), made at path (a new file), opened into *out as db_open()
 * opens one: for work that must not touch the original. */
int db_copy(sqlite3 *src, const char *path, sqlite3 **out, sv_err *e);

/* Schema version this program writes (the number of migrations). */
int db_schema_target(void);
int db_schema_version(sqlite3 *db, int *version, sv_err *e);

/*
 * The status of an SQLite error rc on db, with a message that names the
 * database and says what to do: a full disk or a file that cannot be
 * written is SV_IOERR (74); a database another command holds past the
 * busy timeout SV_TEMPFAIL (75); a broken constraint (a ledger that does
 * not add up) SV_DATAERR (65); anything else SV_SOFTWARE.  Every database
 * error reaches the user through here.
 */
int db_fail(sqlite3 *db, int rc, sv_err *e);

/* Run SQL without results; on failure e names the statement's error. */
int db_exec(sqlite3 *db, const char *sql, sv_err *e);
int db_prepare(sqlite3 *db, sqlite3_stmt **st, const char *sql, sv_err *e);

/* Finalize a row loop's statement, given the loop's last sqlite3_step()
 * result: SQLITE_DONE (or SQLITE_ROW, for a loop that stopped early) is
 * SV_OK, anything else the database's error through db_fail(), so an
 * error mid-scan is never taken for the end of the data. */
int db_finish(sqlite3 *db, sqlite3_stmt *st, int step, sv_err *e);

/* Step st once, for a lookup of at most one row: *found is 1 when it gave
 * a row (read its columns, then reset or finalize st), 0 when none; an
 * error is the database's, through db_fail(), never taken for "none". */
int db_lookup(sqlite3 *db, sqlite3_stmt *st, int *found, sv_err *e);

/* Step a statement that returns no rows, then reset it for reuse. */
int db_step_done(sqlite3_stmt *st, sv_err *e);

/* Run one statement without results whose parameters ?1 and, if it has
 * one, ?2 are the integers a and b (row ids, mostly). */
int db_run_ids(sqlite3 *db, const char *sql, sqlite3_int64 a,
    sqlite3_int64 b, sv_err *e);

/* The first column of the row an aggregate query returns, in *out (NULL
 * reads as 0); an error, or no row, is reported through db_fail(). */
int db_integer(sqlite3 *db, const char *sql, long long *out, sv_err *e);

/* A real column, NaN where it is NULL; and a real bound as NULL where it
 * is not finite (a statistic that has no value is stored as none, never
 * as a number). */
double db_column_real(sqlite3_stmt *st, int i);
void db_bind_real(sqlite3_stmt *st, int i, double v);

/* temp.<into>(id), made or emptied, then given the ids of the rows of
 * table whose time column col (the ledger's form of times, with or
 * without milliseconds) is after at: what was loaded after a moment.
 * into, table and col are the caller's own names, never data. */
int db_ids_after(sqlite3 *db, const char *into, const char *table,
    const char *col, const char *at, sv_err *e);

int db_begin(sqlite3 *db, sv_err *e);
int db_commit(sqlite3 *db, sv_err *e);
void db_rollback(sqlite3 *db);

#endif
