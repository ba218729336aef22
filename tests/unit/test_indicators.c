#include "aggtest.h"

#include "../../aggregate/derived.h"

/* Run the whole derivation on db through 2026-10. */
static void
derive(sqlite3 *db)
{
	cube c;
	derived d;
	sv_err e;
	int rewritten;

	assert_int_equal(db_begin(db, &e), SV_OK);
	assert_int_equal(cube_scan(db, 0, &c, &e), SV_OK);
	assert_int_equal(cube_write(db, &c, 0, &rewritten, &e), SV_OK);
	assert_int_equal(derived_plan(db, &c, &farr_monthly, 0, &d, &e), SV_OK);
	derived_compute(&c, &d);
	assert_int_equal(derived_write(db, &c, &d, &e), SV_OK);
	assert_int_equal(db_commit(db, &e), SV_OK);
	derived_free(&d);
	cube_free(&c);
}

#define ROW(ind, per, z, com, bd) aggtest_row(db, ind, per, z, com, bd)

/* 10 bike thefts in 2026-10 against 5 in 2025-10: R poisson.test(c(10, 5))
 * gives rate ratio 2, p 0.3017578125. */
static void
a_count_is_compared_with_the_same_month_last_year(void **state)
{
	sqlite3 *db = aggtest_db(0, 0);

	(void)state;
	aggtest_repeat(db, 10, 5339, 21004, 20261012, "Vol de vélo");
	aggtest_repeat(db, 5, 5339, 21009, 20251012, "Vol de vélo");
	derive(db);
	assert_string_equal(ROW("property_by_phenomenon", "2026-10", 5339, 0,
	    "phenomenon=bike_theft"), "10.000000|5.000000|2.000000|0.301757812|");
	assert_string_equal(ROW("property_by_phenomenon", "2026-10", 0, 0,
	    "phenomenon=bike_theft"), "10.000000|5.000000|2.000000|0.301757812|");
	/* year to date and 12 months hold the same facts here */
	assert_string_equal(ROW("property_by_phenomenon", "2026-01/2026-10", 5339,
	    0, "all"), "10.000000|5.000000|2.000000|0.301757812|");
	assert_string_equal(ROW("property_by_phenomenon", "2025-11/2026-10", 5339,
	    0, "all"), "10.000000|5.000000|2.000000|0.301757812|");
	assert_string_equal(ROW("property_by_phenomenon", "2026-10", 5340, 0,
	    "phenomenon=bike_theft"), "0.000000|0.000000|-|-|");
	db_close(db);
}

static void
a_month_not_delivered_flags_the_comparison_incomplete(void **state)
{
	sqlite3 *db = aggtest_db(5341, 202510);

	(void)state;
	/* nothing registered by 5341 in 2025-10: its extract never came */
	aggtest_repeat(db, 7, 5341, 21001, 20261012, "Vol de vélo");
	derive(db);
	assert_string_equal(ROW("property_by_phenomenon", "2026-10", 5341, 0,
	    "phenomenon=bike_theft"), "7.000000|-|-|-|incomplete");
	assert_string_equal(ROW("property_by_phenomenon", "2026-10", 0, 0, "all"),
	    "7.000000|-|-|-|incomplete");
	assert_string_equal(ROW("property_by_phenomenon", "2026-10", 5342, 0, "all"),
	    "0.000000|0.000000|-|-|");
	db_close(db);
}

/* Partner violence in 5340: 4 women and 1 man in 2026-10, 2 and 2 a year
 * before.  The share of women 0.8 against 0.5: R poisson.test(c(4, 2),
 * c(5, 4)) gives 1.6, p 0.698931772295. */
static void
partner_violence_by_sex_and_the_share_of_women(void **state)
{
	sqlite3 *db = aggtest_db(0, 0);
	int sexes[9] = { 1, 1, 1, 1, 2, 1, 1, 2, 2 };

	(void)state;
	for (int i = 0; i < 9; i++)
		aggtest_add(db, 5340, 21012, i < 5 ? 20261003 : 20251003, 0,
		    "Fysiek partnergeweld", sexes[i], 2, NULL, "dwelling", NULL, NULL);
	derive(db);
	assert_string_equal(ROW("ipv_by_victim_sex", "2026-10", 5340, 0,
	    "victim_sex=F"), "4.000000|2.000000|2.000000|0.687500000|");
	assert_string_equal(ROW("ipv_by_author_sex", "2026-10", 5340, 0,
	    "author_sex=M"), "5.000000|4.000000|1.250000|1.000000000|");
	assert_string_equal(ROW("ipv_women_victims_share", "2026-10", 5340, 0,
	    "all"), "0.800000|0.500000|1.600000|0.698931772|");
	assert_string_equal(ROW("ipv_by_form", "2026-10", 5340, 0,
	    "phenomenon=ipv_physical"), "5.000000|4.000000|1.250000|1.000000000|");
	/* complaints registered: by date of registration */
	assert_string_equal(ROW("family_violence_complaints", "2026-10", 5340, 0,
	    "all"), "5.000000|4.000000|1.250000|1.000000000|");
	db_close(db);
}

static void
complaints_count_by_registration_month(void **state)
{
	sqlite3 *db = aggtest_db(0, 0);

	(void)state;
	/* facts in August, registered in October */
	for (int i = 0; i < 3; i++)
		aggtest_add(db, 5344, 21015, 20260820, 20261002, "Psychisch partnergeweld",
		    1, 2, NULL, NULL, NULL, NULL);
	derive(db);
	assert_string_equal(ROW("family_violence_complaints", "2026-10", 5344, 0,
	    "all"), "3.000000|0.000000|-|0.250000000|");
	assert_string_equal(ROW("ipv_by_form", "2026-10", 5344, 0, "all"),
	    "0.000000|0.000000|-|-|");
	assert_string_equal(ROW("ipv_by_form", "2026-08", 5344, 0, "all"), "(no row)");
	db_close(db);
}

static void
police_on_web_share_among_the_phenomena_it_takes(void **state)
{
	sqlite3 *db = aggtest_db(0, 0);

	(void)state;
	for (int i = 0; i < 10; i++)
		aggtest_add(db, 5339, 21004, 20261005, 0, "Vol de vélo", 0, 0,
		    i < 3 ? "police_on_web" : "station", NULL, NULL, NULL);
	derive(db);
	assert_string_equal(ROW("police_on_web_share", "2026-10", 5339, 0, "all"),
	    "0.300000|-|-|-|");
	db_close(db);
}

/* 6 illegal dumpings in Bruxelles (185,103 inhabitants): 0.0324144 per
 * 1,000; against none a year before, R poisson.test(c(6, 0)) p 0.03125. */
static void
incivilities_per_1000_inhabitants_by_commune(void **state)
{
	sqlite3 *db = aggtest_db(0, 0);

	(void)state;
	aggtest_repeat(db, 6, 5339, 21004, 20261020, "Dépôts clandestins");
	derive(db);
	assert_string_equal(ROW("incivilities_per_1000", "2026-10", 5339, 21004,
	    "all"), "0.032414|0.000000|-|0.031250000|");
	assert_string_equal(ROW("incivilities_per_1000", "2026-10", 5339, 21009,
	    "all"), "0.000000|0.000000|-|-|");
	/* the zone's rate is over its two communes' population */
	assert_string_equal(ROW("incivilities_per_1000", "2026-10", 5339, 0, "all"),
	    "0.021999|0.000000|-|0.031250000|");
	db_close(db);
}

static void
public_transport_incidents_by_place_type(void **state)
{
	sqlite3 *db = aggtest_db(0, 0);

	(void)state;
	for (int i = 0; i < 3; i++)
		aggtest_add(db, 5344, 21014, 20261001, 0, "Vol à la tire", 0, 0,
		    NULL, i < 2 ? "public_transport" : "street", NULL, NULL);
	derive(db);
	assert_string_equal(ROW("public_transport_by_phenomenon", "2026-10", 5344,
	    0, "phenomenon=pickpocketing"), "2.000000|0.000000|-|0.500000000|");
	db_close(db);
}

static void
burglary_modus_operandi_shares(void **state)
{
	sqlite3 *db = aggtest_db(0, 0);

	(void)state;
	for (int i = 0; i < 4; i++)
		aggtest_add(db, 5342, 21016, 20261007, 0, "Cambriolage dans habitation",
		    0, 0, NULL, "dwelling", i < 3 ? "BH-X" : "BH-Y", NULL);
	derive(db);
	assert_string_equal(ROW("burglary_modus_mix", "2026-10", 5342, 0,
	    "modus_operandi=BH-X"), "0.750000|-|-|-|");
	assert_string_equal(ROW("burglary_modus_profile", "2026-10", 0, 0,
	    "modus_operandi=BH-Y"), "0.250000|-|-|-|");
	db_close(db);
}

/* Authors A (twice) and B (once) in the last 12 months: half repeat. */
static void
repeat_involvement_of_pseudonymous_authors(void **state)
{
	sqlite3 *db = aggtest_db(0, 0);
	const char *authors[] = { "A", "A", "B" };

	(void)state;
	for (int i = 0; i < 3; i++)
		aggtest_add(db, 5340, 21012, 20260105 + 100 * i, 0,
		    "Fysiek partnergeweld", 1, 2, NULL, NULL, NULL, authors[i]);
	derive(db);
	assert_string_equal(ROW("repeat_authors_12m", "2025-11/2026-10", 5340, 0,
	    "all"), "0.500000|-|-|-|");
	/* no author at all in 5339: no share to give */
	assert_string_equal(ROW("repeat_authors_12m", "2025-11/2026-10", 5339, 0,
	    "all"), "-|-|-|-|");
	db_close(db);
}

static void
every_count_indicator_of_the_catalogue_has_rows(void **state)
{
	sqlite3 *db = aggtest_db(0, 0);

	(void)state;
	aggtest_add(db, 5342, 21016, 20261007, 0, "Cambriolage dans habitation",
	    0, 0, NULL, "dwelling", "BH-X", NULL);
	derive(db);
	assert_int_equal(tu_scalar(db, "SELECT count(*) FROM indicator_def d WHERE "
	    "kind NOT IN ('none', 'partner') AND NOT EXISTS (SELECT 1 FROM indicator_value v WHERE "
	    "v.indicator = d.indicator)"), 0);
	assert_int_equal(tu_scalar(db, "SELECT count(DISTINCT measure) FROM "
	    "indicator_value"), 12);
	db_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_count_is_compared_with_the_same_month_last_year),
		cmocka_unit_test(a_month_not_delivered_flags_the_comparison_incomplete),
		cmocka_unit_test(partner_violence_by_sex_and_the_share_of_women),
		cmocka_unit_test(complaints_count_by_registration_month),
		cmocka_unit_test(police_on_web_share_among_the_phenomena_it_takes),
		cmocka_unit_test(incivilities_per_1000_inhabitants_by_commune),
		cmocka_unit_test(public_transport_incidents_by_place_type),
		cmocka_unit_test(burglary_modus_operandi_shares),
		cmocka_unit_test(repeat_involvement_of_pseudonymous_authors),
		cmocka_unit_test(every_count_indicator_of_the_catalogue_has_rows),
	};
	return cmocka_run_group_tests_name("indicators", tests, NULL, NULL);
}
