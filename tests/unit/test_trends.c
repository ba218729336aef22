#include "aggtest.h"

#include <math.h>

#include "../../aggregate/derived.h"

/* Fit the trends of db through 2026-10 and return the derivation. */
static void
fit(sqlite3 *db, cube *c, derived *d)
{
	sv_err e;

	assert_int_equal(cube_scan(db, 0, c, &e), SV_OK);
	assert_int_equal(derived_plan(db, c, &farr_monthly, 0, d, &e), SV_OK);
	trends_eval(c, d);
}

static const trend_row *
find(const derived *d, const char *name, int zone, int months)
{
	for (size_t i = 0; i < d->ntrends; i++)
		if (!strcmp(d->trends[i].set->name, name) && d->trends[i].zone == zone &&
		    d->trends[i].to - d->trends[i].from + 1 == months)
			return &d->trends[i];
	return NULL;
}

static void
a_series_growing_ten_percent_a_year_is_found(void **state)
{
	sqlite3 *db = aggtest_db(0, 0);
	cube c;
	derived d;

	(void)state;
	for (int y = 2024; y <= 2026; y++)
		for (int m = 1; m <= 12 && (y < 2026 || m <= 10); m++) {
			int k = (y - 2024) * 12 + m - 1;
			int n = (int)lround(40 * pow(1.1, k / 12.0));
			aggtest_repeat(db, n, 5342, 21016, y * 10000 + m * 100 + 3,
			    "Vol de vélo");
		}
	fit(db, &c, &d);
	const trend_row *t = find(&d, "bike_theft", 3, 34);
	assert_non_null(t);
	assert_true(fabs(t->fit.rr_year - 1.1) < 0.01);
	assert_true(t->fit.p < 1e-6 && t->mk.z > 3 && t->mk.sen_slope > 0);
	assert_non_null(find(&d, "measure:M5.9", 3, 34));
	assert_null(find(&d, "bike_theft", 0, 34));    /* nothing in 5339 */
	derived_free(&d);
	cube_free(&c);
	db_close(db);
}

static void
a_month_not_delivered_is_left_out_not_counted_as_zero(void **state)
{
	sqlite3 *db = aggtest_db(5342, 202506);
	cube c;
	derived d;

	(void)state;
	for (int y = 2024; y <= 2026; y++)
		for (int m = 1; m <= 12 && (y < 2026 || m <= 10); m++)
			if (y * 100 + m != 202506)
				aggtest_repeat(db, 30, 5342, 21016, y * 10000 + m * 100 + 3,
				    "Vol de vélo");
	fit(db, &c, &d);
	const trend_row *t = find(&d, "bike_theft", 3, 34);
	assert_non_null(t);
	assert_int_equal(t->months, 33);
	assert_true(fabs(t->fit.rr_year - 1) < 1e-6);  /* flat: no dip */
	assert_int_equal(find(&d, "bike_theft", -1, 34)->months, 33);
	derived_free(&d);
	cube_free(&c);
	db_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_series_growing_ten_percent_a_year_is_found),
		cmocka_unit_test(a_month_not_delivered_is_left_out_not_counted_as_zero),
	};
	return cmocka_run_group_tests_name("trends", tests, NULL, NULL);
}
