#include "aggtest.h"

#include "../../aggregate/derived.h"

/* A long history: every zone delivers from 2020-01 (aggtest_db starts in
 * 2024), and 5339 has 20 bike thefts every month from 2020-01. */
static sqlite3 *
history(int last_bikes, int deliver_last)
{
	sqlite3 *db = aggtest_db(deliver_last ? 0 : 5339, 202610);

	for (int y = 2020; y <= 2026; y++)
		for (int m = 1; m <= 12 && (y < 2026 || m <= 10); m++) {
			int last = y == 2026 && m == 10;
			if (y < 2024)
				for (int z = 0; z < 6; z++) {
					aggtest_deliver(db, 5339 + z, y * 100 + m);
					aggtest_repeat(db, 1, 5339 + z, z ? 21001 + 0 * z : 21004,
					    y * 10000 + m * 100 + 15, "Excès de vitesse");
				}
			if (!last || deliver_last)
				aggtest_repeat(db, last ? last_bikes : 20 + (y + m) % 3,
				    5339, 21004, y * 10000 + m * 100 + 5, "Vol de vélo");
		}
	return db;
}

static void
evaluate(sqlite3 *db, int backtest, cube *c, derived *d)
{
	sv_err e;

	assert_int_equal(cube_scan(db, 0, c, &e), SV_OK);
	assert_int_equal(derived_plan(db, c, &farr_monthly, backtest, d, &e), SV_OK);
	alarms_eval(c, d);
	assert_false(d->oom);
}

static const alarm_row *
find(const cube *c, const derived *d, int month, const char *code, int zone)
{
	for (size_t i = 0; i < d->nalarms; i++) {
		const alarm_row *a = &d->alarm_rows[i];
		if (a->month == month && !strcmp(c->codes[a->phenomenon], code) &&
		    a->zone == zone && !strncmp(a->method, "farrington", 10))
			return a;
	}
	return NULL;
}

#define OCT26 (2026 * 12 + 9)

static void
a_surge_in_the_month_under_review_is_an_alarm(void **state)
{
	sqlite3 *db = history(60, 1);
	cube c;
	derived d;

	(void)state;
	evaluate(db, 0, &c, &d);
	const alarm_row *a = find(&c, &d, OCT26, "bike_theft", 0);
	assert_non_null(a);
	assert_true(a->alarm && a->observed == 60 && a->expected > 18 &&
	    a->expected < 23 && a->upper < 60 && a->pvalue < 1e-6);
	assert_string_equal(a->method, "farrington_delta");
	assert_true(find(&c, &d, OCT26, "bike_theft", -1)->alarm);
	assert_false(find(&c, &d, OCT26, "speeding", 1)->alarm);
	/* only the month under review without --backtest */
	assert_null(find(&c, &d, OCT26 - 1, "bike_theft", 0));
	derived_free(&d);
	cube_free(&c);
	db_close(db);
}

static void
a_month_not_delivered_is_never_an_alarm(void **state)
{
	sqlite3 *db = history(0, 0);
	cube c;
	derived d;

	(void)state;
	evaluate(db, 0, &c, &d);
	assert_int_equal(c.through, OCT26);
	assert_null(find(&c, &d, OCT26, "bike_theft", 0));
	assert_null(find(&c, &d, OCT26, "bike_theft", -1));
	derived_free(&d);
	cube_free(&c);
	db_close(db);
}

static void
the_backtest_covers_every_month_and_ears_the_short_history(void **state)
{
	sqlite3 *db = history(60, 1);
	cube c;
	derived d;
	int farr = 0, ears = 0;

	(void)state;
	evaluate(db, 1, &c, &d);
	for (size_t i = 0; i < d.nalarms; i++)
		if (!strcmp(c.codes[d.alarm_rows[i].phenomenon], "bike_theft") &&
		    d.alarm_rows[i].zone == 0) {
			farr += !strncmp(d.alarm_rows[i].method, "farrington", 10);
			ears += !strncmp(d.alarm_rows[i].method, "ears", 4);
		}
	/* 82 months: Farrington from the 51st, EARS C1/C2/C3 before it */
	assert_int_equal(farr, 82 - 50);
	assert_int_equal(ears, (50 - 7) + (50 - 9) + (50 - 11));
	derived_free(&d);
	cube_free(&c);
	db_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_surge_in_the_month_under_review_is_an_alarm),
		cmocka_unit_test(a_month_not_delivered_is_never_an_alarm),
		cmocka_unit_test(the_backtest_covers_every_month_and_ears_the_short_history),
	};
	return cmocka_run_group_tests_name("alarms", tests, NULL, NULL);
}
