#include "aggtest.h"

#include "../../aggregate/derived.h"

static void
burglaries(sqlite3 *db, int n, int ymd, const char *mo)
{
	for (int i = 0; i < n; i++)
		aggtest_add(db, 5342, 21016, ymd, 0, "Cambriolage dans habitation",
		    0, 0, NULL, "dwelling", mo, NULL);
}

static const modus_row *
find(const cube *c, const derived *d, const char *mo, int zone)
{
	for (size_t i = 0; i < d->nmodus; i++)
		if (!strcmp(c->mo[d->modus_rows[i].mo], mo) && d->modus_rows[i].zone == zone)
			return &d->modus_rows[i];
	return NULL;
}

/* 27 months of BH-A (10 a month) and BH-B (1 a month); in the last three
 * months BH-B jumps to 8 a month and BH-NEW appears with 6 facts. */
static void
new_and_rising_codes_are_found_and_steady_ones_not(void **state)
{
	sqlite3 *db = aggtest_db(0, 0);
	cube c;
	derived d;
	sv_err e;

	(void)state;
	for (int k = 0; k < 27; k++) {
		int t = 2024 * 12 + 7 + k, ymd = t / 12 * 10000 + (t % 12 + 1) * 100 + 10;
		burglaries(db, 10, ymd, "BH-A");
		burglaries(db, k < 24 ? 1 : 8, ymd, "BH-B");
		if (k >= 24)
			burglaries(db, 2, ymd, "BH-NEW");
	}
	assert_int_equal(cube_scan(db, 0, &c, &e), SV_OK);
	assert_int_equal(derived_plan(db, &c, &farr_monthly, 0, &d, &e), SV_OK);
	modus_eval(&c, &d);
	const modus_row *n = find(&c, &d, "BH-NEW", 3);
	assert_non_null(n);
	assert_string_equal(n->kind, "new");
	assert_int_equal(n->recent, 6);
	assert_int_equal(n->baseline, 0);
	assert_int_equal(n->first_seen, 2026 * 12 + 7);
	const modus_row *r = find(&c, &d, "BH-B", 3);
	assert_non_null(r);
	assert_string_equal(r->kind, "rising");
	assert_int_equal(r->recent, 24);
	assert_int_equal(r->baseline, 24);
	assert_true(r->qvalue < 0.05 && r->qvalue >= r->pvalue);
	assert_null(find(&c, &d, "BH-A", 3));
	assert_non_null(find(&c, &d, "BH-NEW", -1));    /* the region too */
	derived_free(&d);
	cube_free(&c);
	db_close(db);
}

static void
a_new_code_needs_a_handful_of_facts(void **state)
{
	sqlite3 *db = aggtest_db(0, 0);
	cube c;
	derived d;
	sv_err e;

	(void)state;
	burglaries(db, 20, 20260110, "BH-A");
	burglaries(db, 4, 20261010, "BH-RARE");
	assert_int_equal(cube_scan(db, 0, &c, &e), SV_OK);
	assert_int_equal(derived_plan(db, &c, &farr_monthly, 0, &d, &e), SV_OK);
	modus_eval(&c, &d);
	assert_null(find(&c, &d, "BH-RARE", 3));
	derived_free(&d);
	cube_free(&c);
	db_close(db);
}

/* 40 other codes seen first (one fact each, long ago, another zone's
 * vehicle thefts) leave the burglary codes their place: a code past the
 * 32nd is counted, and its signal found. */
static void
codes_past_the_32nd_count_like_the_first(void **state)
{
	sqlite3 *db = aggtest_db(0, 0);
	cube c;
	derived d;
	sv_err e;
	char code[128];

	(void)state;
	for (int i = 0; i < 40; i++) {
		snprintf(code, sizeof code, "VH-OLD-%02d-%s", i, "a code of more than "
		    "forty-eight characters, kept whole");
		aggtest_add(db, 5339, 21004, 20240110, 0, "Vol dans ou sur véhicule",
		    0, 0, NULL, NULL, code, NULL);
	}
	for (int k = 0; k < 27; k++) {
		int t = 2024 * 12 + 7 + k, ymd = t / 12 * 10000 + (t % 12 + 1) * 100 + 10;
		burglaries(db, 10, ymd, "BH-A");
		if (k >= 24)
			burglaries(db, 2, ymd, "BH-NEW");
	}
	assert_int_equal(cube_scan(db, 0, &c, &e), SV_OK);
	assert_int_equal(c.nmo, 42);
	/* codes come in the order of their text, each kept whole */
	assert_string_equal(c.mo[0], "BH-A");
	assert_string_equal(c.mo[2], "VH-OLD-00-a code of more than "
	    "forty-eight characters, kept whole");
	assert_int_equal(derived_plan(db, &c, &farr_monthly, 0, &d, &e), SV_OK);
	modus_eval(&c, &d);
	assert_non_null(find(&c, &d, "BH-NEW", 3));
	derived_free(&d);
	cube_free(&c);
	db_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(new_and_rising_codes_are_found_and_steady_ones_not),
		cmocka_unit_test(codes_past_the_32nd_count_like_the_first),
		cmocka_unit_test(a_new_code_needs_a_handful_of_facts),
	};
	return cmocka_run_group_tests_name("modus", tests, NULL, NULL);
}
