#include "aggtest.h"

#include "../../aggregate/aggregate.h"
#include "../../reports/reports.h"

static char *
status_json(sqlite3 *db)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	sv_err e;

	assert_int_equal(status_write(db, 1, out, &e), SV_OK);
	fclose(out);
	return buf;
}

static void
json_has_the_plan_counts_and_the_data_quality_lists(void **state)
{
	sqlite3 *db = aggtest_db(5341, 202510);
	aggregate_opts o = { .through = 0 };
	sv_err e;
	char *s;

	(void)state;
	aggtest_repeat(db, 3, 5339, 21004, 20261001, "Quelque \"chose\"");
	FILE *quiet = fopen("/dev/null", "w");

	assert_int_equal(aggregate_run(db, &o, quiet, &e), SV_OK);
	fclose(quiet);
	s = status_json(db);
	assert_non_null(strstr(s, "\"axes\":10,\"measures\":120,\"measures_by_pillar\""
	    ":{\"prevention\":48,\"reaction\":50,\"suivi\":22}"));
	assert_non_null(strstr(s, "\"unmapped\":{\"Quelque \\\"chose\\\"\":3}"));
	assert_non_null(strstr(s, "\"not_delivered\":{\"5341\":[\"2025-10\"]}"));
	assert_non_null(strstr(s, "\"aggregated_through\":\"2026-10\""));
	free(s);
	db_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(json_has_the_plan_counts_and_the_data_quality_lists),
	};
	return cmocka_run_group_tests_name("status", tests, NULL, NULL);
}
