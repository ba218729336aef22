#include "aggtest.h"

#include "../../aggregate/cube.h"

#define M(y, m) ((y) * 12 + (m) - 1)

static long long
q(sqlite3 *db, const char *sql)
{
	return tu_scalar(db, sql);
}

static void
build(sqlite3 *db, int through, cube *c)
{
	sv_err e;
	int rewritten;

	assert_int_equal(db_begin(db, &e), SV_OK);
	assert_int_equal(cube_scan(db, through, c, &e), SV_OK);
	assert_int_equal(cube_write(db, c, 0, &rewritten, &e), SV_OK);
	assert_int_equal(db_commit(db, &e), SV_OK);
}

static void
labels_map_through_aliases_and_unmapped_ones_are_kept(void **state)
{
	sqlite3 *db = aggtest_db(0, 0);
	cube c;

	(void)state;
	aggtest_repeat(db, 3, 5339, 21004, 20261003, "Vol de vélo");
	aggtest_repeat(db, 2, 5339, 21004, 20261004, "FIETSDIEFSTAL");
	aggtest_repeat(db, 4, 5339, 21004, 20261005, "Quelque chose");
	build(db, 0, &c);
	assert_int_equal(q(db, "SELECT incidents FROM label_map WHERE raw = "
	    "'FIETSDIEFSTAL' AND phenomenon = 'bike_theft'"), 2);
	assert_int_equal(q(db, "SELECT incidents FROM label_map WHERE raw = "
	    "'Quelque chose' AND phenomenon = 'unmapped'"), 4);
	assert_int_equal(q(db, "SELECT sum(count) FROM cube WHERE basis = 'fact' "
	    "AND phenomenon = 'bike_theft' AND month = 202610"), 5);
	assert_int_equal(q(db, "SELECT sum(count) FROM cube WHERE phenomenon = "
	    "'unmapped' AND basis = 'fact'"), 4);
	assert_int_equal(c.unmapped, 4);
	int p = cube_phenomenon(&c, "bike_theft");
	assert_int_equal(cube_total(&c, BASIS_FACT, p, 3)[cube_slot(&c, M(2026, 10))], 5);
	cube_free(&c);
	db_close(db);
}

static void
cube_totals_equal_the_incidents_on_both_time_axes(void **state)
{
	sqlite3 *db = aggtest_db(0, 0);
	cube c;

	(void)state;
	aggtest_add(db, 5341, 21001, 20260930, 20261002, "Woninginbraak", 1, 2,
	    "station", "dwelling", "BH-X", NULL);
	build(db, 0, &c);
	assert_int_equal(q(db, "SELECT sum(count) FROM cube WHERE basis = 'fact'"),
	    q(db, "SELECT count(*) FROM incident"));
	assert_int_equal(q(db, "SELECT sum(count) FROM cube WHERE basis = "
	    "'registered'"), q(db, "SELECT count(*) FROM incident"));
	/* a late registration counts in September by facts, October by
	 * registration */
	assert_int_equal(q(db, "SELECT month FROM cube WHERE basis = 'fact' AND "
	    "phenomenon = 'burglary_home'"), 202609);
	assert_int_equal(q(db, "SELECT month FROM cube WHERE basis = 'registered' "
	    "AND phenomenon = 'burglary_home'"), 202610);
	assert_int_equal(q(db, "SELECT victim_sex * 10 + author_sex FROM cube WHERE "
	    "basis = 'fact' AND phenomenon = 'burglary_home'"), 12);
	cube_free(&c);
	db_close(db);
}

static void
a_month_without_registrations_is_not_delivered(void **state)
{
	sqlite3 *db = aggtest_db(5341, 202510);
	cube c;

	(void)state;
	build(db, 0, &c);
	assert_int_equal(q(db, "SELECT count(*) FROM coverage"), 6 * 34);
	assert_int_equal(q(db, "SELECT zone * 1000000 + month FROM coverage WHERE "
	    "NOT delivered"), 5341LL * 1000000 + 202510);
	assert_false(cube_delivered(&c, 2, M(2025, 10)));
	assert_false(cube_delivered(&c, -1, M(2025, 10)));
	assert_true(cube_delivered(&c, 1, M(2025, 10)));
	assert_true(cube_delivered(&c, -1, M(2025, 11)));
	assert_false(cube_delivered(&c, -1, M(2023, 12)));     /* before data */
	cube_free(&c);
	db_close(db);
}

static void
through_defaults_to_the_last_registration_month(void **state)
{
	sqlite3 *db = aggtest_db(0, 0);
	cube c;

	(void)state;
	build(db, 0, &c);
	assert_int_equal(c.through, M(2026, 10));
	assert_int_equal(c.first, M(2024, 1));
	cube_free(&c);
	build(db, 202506, &c);
	assert_int_equal(c.through, M(2025, 6));
	assert_int_equal(q(db, "SELECT max(month) FROM coverage"), 202506);
	cube_free(&c);
	db_close(db);
}

static void
no_incidents_is_an_error_that_says_what_to_do(void **state)
{
	sqlite3 *db;
	cube c;
	sv_err e;

	(void)state;
	assert_int_equal(db_open(":memory:", 1, &db, &e), SV_OK);
	assert_int_equal(refdata_load(db, SUIVI_REFDIR, &e), SV_OK);
	assert_int_equal(cube_scan(db, 0, &c, &e), SV_DATAERR);
	assert_non_null(strstr(e.msg, "suivi ingest"));
	db_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(labels_map_through_aliases_and_unmapped_ones_are_kept),
		cmocka_unit_test(cube_totals_equal_the_incidents_on_both_time_axes),
		cmocka_unit_test(a_month_without_registrations_is_not_delivered),
		cmocka_unit_test(through_defaults_to_the_last_registration_month),
		cmocka_unit_test(no_incidents_is_an_error_that_says_what_to_do),
	};
	return cmocka_run_group_tests_name("cube", tests, NULL, NULL);
}
