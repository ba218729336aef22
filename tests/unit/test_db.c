#include "testutil.h"

#include "../../core/db.h"

static void
open_creates_a_database_at_the_current_schema_version(void **state)
{
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "t.db");
	sqlite3 *db;
	sv_err e;

	(void)state;
	assert_int_equal(db_open(path, 1, &db, &e), SV_OK);
	assert_true(db_schema_target() >= 1);
	assert_int_equal(tu_scalar(db, "PRAGMA user_version"), db_schema_target());
	assert_int_equal(tu_scalar(db, "SELECT count(*) FROM sqlite_master "
	    "WHERE name = 'measure'"), 1);
	db_close(db);
	free(path);
	tu_rmdir(dir);
}

static void
reopening_changes_nothing(void **state)
{
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "t.db");
	sqlite3 *db;
	sv_err e;

	(void)state;
	assert_int_equal(db_open(path, 1, &db, &e), SV_OK);
	assert_int_equal(db_exec(db, "INSERT INTO axis(axis, title_fr) VALUES (1, 'x')", &e), 0);
	db_close(db);
	assert_int_equal(db_open(path, 0, &db, &e), SV_OK);
	assert_int_equal(tu_scalar(db, "PRAGMA user_version"), db_schema_target());
	assert_int_equal(tu_scalar(db, "SELECT count(*) FROM axis"), 1);
	db_close(db);
	free(path);
	tu_rmdir(dir);
}

static void
missing_database_without_create_says_run_init(void **state)
{
	sqlite3 *db;
	sv_err e;

	(void)state;
	assert_int_equal(db_open("/nonexistent/t.db", 0, &db, &e), SV_NOINPUT);
	assert_null(db);
	assert_non_null(strstr(e.msg, "suivi init"));
}

static void
newer_schema_is_refused(void **state)
{
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "t.db");
	sqlite3 *db;
	sv_err e;

	(void)state;
	assert_int_equal(db_open(path, 1, &db, &e), SV_OK);
	assert_int_equal(db_exec(db, "PRAGMA user_version = 999", &e), 0);
	db_close(db);
	assert_int_equal(db_open(path, 0, &db, &e), SV_DATAERR);
	assert_non_null(strstr(e.msg, "newer than this suivi"));
	free(path);
	tu_rmdir(dir);
}

static void
not_a_database_is_an_error_naming_the_file(void **state)
{
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "t.db");
	sqlite3 *db;
	sv_err e;

	(void)state;
	tu_write(dir, "t.db", "this is a text file, not SQLite, and long enough "
	    "to fill a header...........................................\n");
	assert_int_not_equal(db_open(path, 0, &db, &e), SV_OK);
	assert_non_null(strstr(e.msg, path));
	free(path);
	tu_rmdir(dir);
}

static void
wal_and_foreign_keys_are_on(void **state)
{
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "t.db");
	sqlite3 *db;
	sv_err e;

	(void)state;
	assert_int_equal(db_open(path, 1, &db, &e), SV_OK);
	assert_int_equal(tu_scalar(db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(tu_scalar(db, "PRAGMA page_size"), 16384);   /* new */
	assert_int_not_equal(db_exec(db,
	    "INSERT INTO commune VALUES (21001, 'a', 'b', 9999)", &e), SV_OK);
	db_close(db);
	free(path);
	tu_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(open_creates_a_database_at_the_current_schema_version),
		cmocka_unit_test(reopening_changes_nothing),
		cmocka_unit_test(missing_database_without_create_says_run_init),
		cmocka_unit_test(newer_schema_is_refused),
		cmocka_unit_test(not_a_database_is_an_error_naming_the_file),
		cmocka_unit_test(wal_and_foreign_keys_are_on),
	};
	return cmocka_run_group_tests_name("db", tests, NULL, NULL);
}
