#include "testutil.h"

#include "../../sample/model.h"

#define M(y, m) ((y) * 12 + (m) - 1)

static int
code(const char *c)
{
	for (int p = 0; p < model_nphenomena(); p++)
		if (strcmp(model_code(p), c) == 0)
			return p;
	fail_msg("no phenomenon %s", c);
	return -1;
}

static model m;

static int
setup(void **state)
{
	(void)state;
	model_init(&m, M(2019, 1), M(2026, 10), M(2026, 10), 1);
	return 0;
}

static double
mean(const char *c, int zone, int t)
{
	return model_mean(&m, code(c), zone, 0.05, t);
}

static void
about_150000_facts_a_year(void **state)
{
	double year = 0;

	(void)state;
	for (int p = 0; p < model_nphenomena(); p++)
		for (int mo = 1; mo <= 12; mo++)
			year += model_mean(&m, p, 5341, 1.0, M(2019, mo));
	assert_true(year > 140000 && year < 165000);
}

static void
burglary_peaks_in_the_dark_months_and_bikes_in_summer(void **state)
{
	(void)state;
	assert_true(mean("burglary_home", 5341, M(2022, 12)) >
	    1.5 * mean("burglary_home", 5341, M(2022, 6)));
	assert_true(mean("bike_theft", 5341, M(2022, 7)) >
	    1.5 * mean("bike_theft", 5341, M(2022, 1)));
}

static void
pickpocketing_and_bikes_rise_burglary_falls(void **state)
{
	(void)state;
	assert_true(mean("pickpocketing", 5341, M(2025, 3)) >
	    1.2 * mean("pickpocketing", 5341, M(2019, 3)));
	assert_true(mean("bike_theft", 5341, M(2025, 3)) >
	    1.2 * mean("bike_theft", 5341, M(2019, 3)));
	assert_true(mean("burglary_home", 5341, M(2025, 3)) <
	    0.85 * mean("burglary_home", 5341, M(2019, 3)));
}

static void
lockdown_cuts_property_crime_and_raises_family_violence(void **state)
{
	(void)state;
	assert_true(mean("simple_theft", 5341, M(2020, 4)) <
	    0.5 * mean("simple_theft", 5341, M(2019, 4)));
	assert_true(mean("ipv_physical", 5341, M(2020, 4)) >
	    1.25 * mean("ipv_physical", 5341, M(2019, 4)));
	assert_true(mean("simple_theft", 5341, M(2020, 9)) >
	    0.9 * mean("simple_theft", 5341, M(2019, 9)));
}

static void
anomalies_apply_to_their_zone_and_months_only(void **state)
{
	(void)state;
	assert_int_equal(m.nanomalies, 5);
	assert_true(mean("sac_jacking", 5344, M(2026, 8)) >
	    2.9 * mean("sac_jacking", 5344, M(2025, 8)) * 0.99);
	assert_true(mean("sac_jacking", 5341, M(2026, 8)) <
	    1.1 * mean("sac_jacking", 5341, M(2025, 8)));
	assert_non_null(model_anomaly(&m, code("graffiti"), 5339, M(2026, 8)));
	assert_null(model_anomaly(&m, code("graffiti"), 5339, M(2026, 9)));
	/* the slow rise grows month by month */
	assert_true(mean("online_scam", 5343, M(2026, 10)) >
	    mean("online_scam", 5343, M(2026, 9)));
}

static void
the_new_modus_operandi_appears_only_in_its_surge(void **state)
{
	rng r;
	fact f;
	int seen_before = 0, seen_during = 0;

	(void)state;
	rng_seed(&r, 1);
	for (int i = 0; i < 2000; i++) {
		model_fact(&m, &r, code("burglary_home"), 5342, M(2026, 5), &f);
		seen_before += f.mo && strcmp(f.mo, "BH-LOCK-BUMPING") == 0;
		model_fact(&m, &r, code("burglary_home"), 5342, M(2026, 9), &f);
		seen_during += f.mo && strcmp(f.mo, "BH-LOCK-BUMPING") == 0;
	}
	assert_int_equal(seen_before, 0);
	assert_true(seen_during > 2000 * 0.35 && seen_during < 2000 * 0.55);
}

static void
partner_violence_victims_mostly_women_authors_mostly_men(void **state)
{
	rng r;
	fact f;
	int vf = 0, am = 0, n = 4000;

	(void)state;
	rng_seed(&r, 5);
	for (int i = 0; i < n; i++) {
		model_fact(&m, &r, code("ipv_physical"), 5340, M(2024, 3), &f);
		vf += f.victim_sex == 1;
		am += f.author_sex == 2;
		assert_non_null(f.relation);
		assert_true(f.date_registered >= f.date_fact);
	}
	assert_true(vf > 0.75 * n && am > 0.8 * n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(about_150000_facts_a_year),
		cmocka_unit_test(burglary_peaks_in_the_dark_months_and_bikes_in_summer),
		cmocka_unit_test(pickpocketing_and_bikes_rise_burglary_falls),
		cmocka_unit_test(lockdown_cuts_property_crime_and_raises_family_violence),
		cmocka_unit_test(anomalies_apply_to_their_zone_and_months_only),
		cmocka_unit_test(the_new_modus_operandi_appears_only_in_its_surge),
		cmocka_unit_test(partner_violence_victims_mostly_women_authors_mostly_men),
	};
	return cmocka_run_group_tests_name("model", tests, setup, NULL);
}
