#include "testutil.h"

#include <math.h>

#include "../../aggregate/farrington.h"

static void
near(double got, double want, double tol, const char *what)
{
	if (!(fabs(got - want) <= tol * fabs(want)))
		fail_msg("%s: got %.10g, want %.10g", what, got, want);
}

/* surveillance 1.20.3 (R 4.2.2): algo.farrington.threshold.farrington(
 * predFit=5, predSeFit=0.2, phi=1, skewness.transform="2/3", alpha=0.05,
 * y=8) gives upper 9.1154825, prob 0.1094727, score 0.7289546. */
static void
delta_threshold_matches_the_package_test_vector(void **state)
{
	double upper, prob, score;

	(void)state;
	farrington_threshold(5, 0.2, 1, 2.0 / 3, 0.05, 8, FARR_DELTA, &upper,
	    &prob, &score);
	near(upper, 9.1154825, 1e-7, "upper");
	near(prob, 0.1094727, 1e-6, "prob");
	near(score, 0.7289546, 1e-6, "score");
}

/* algo.farrington.threshold.noufaily(predFit=log(5), predSeFit=log(2),
 * phi=1.5, skewness.transform="none", alpha=0.05, y=11,
 * method="nbPlugin"): upper 10, prob 0.03763657, score 1.119182; with
 * phi=1: upper 9, prob 0.01369527, score 1.270615. */
static void
nbplugin_threshold_matches_the_package_test_vectors(void **state)
{
	double upper, prob, score;

	(void)state;
	farrington_threshold(log(5), log(2), 1.5, 1, 0.05, 11, FARR_NBPLUGIN,
	    &upper, &prob, &score);
	near(upper, 10, 0, "upper");
	near(prob, 0.03763657, 1e-6, "prob");
	near(score, 1.119182, 1e-6, "score");
	farrington_threshold(log(5), log(2), 1, 1, 0.05, 11, FARR_NBPLUGIN,
	    &upper, &prob, &score);
	near(upper, 9, 0, "upper, phi 1");
	near(prob, 0.01369527, 1e-6, "prob, phi 1");
	near(score, 1.270615, 1e-6, "score, phi 1");
}

/* A flat series of about 20 a month: no alarm on a normal month, an
 * alarm on a month of 60. */
static void
a_spike_raises_an_alarm_and_a_normal_month_does_not(void **state)
{
	double y[80];
	farr_result r;
	int k = 79;

	(void)state;
	for (int t = 0; t < 80; t++)
		y[t] = 20 + (t * 7) % 5 - 2;
	farrington_at(y, 80, k, &farr_monthly, &r);
	assert_true(r.computed);
	assert_false(r.alarm);
	assert_true(r.expected > 17 && r.expected < 23);
	y[k] = 60;
	farrington_at(y, 80, k, &farr_monthly, &r);
	assert_true(r.alarm && r.score > 1 && r.pvalue < 0.001);
}

static void
missing_months_give_no_alarm_and_leave_the_baseline(void **state)
{
	double y[80];
	farr_result r;

	(void)state;
	for (int t = 0; t < 80; t++)
		y[t] = 20;
	y[79] = 60;
	y[77] = NAN;            /* a month not delivered among the last 4 */
	farrington_at(y, 80, 79, &farr_monthly, &r);
	assert_true(r.computed);
	assert_false(r.alarm);
	assert_true(isnan(r.upper));
	y[77] = 20;
	y[79] = NAN;            /* the month itself not delivered */
	farrington_at(y, 80, 79, &farr_monthly, &r);
	assert_false(r.computed || r.alarm);
	y[79] = 60;
	y[67] = NAN;            /* a baseline month missing: still computed */
	farrington_at(y, 80, 79, &farr_monthly, &r);
	assert_true(r.computed && r.alarm);
}

static void
too_short_a_history_is_not_evaluated(void **state)
{
	double y[40];
	farr_result r;

	(void)state;
	for (int t = 0; t < 40; t++)
		y[t] = 10;
	farrington_at(y, 40, 39, &farr_monthly, &r);
	assert_false(r.computed);
	assert_int_equal(farrington_first(&farr_monthly), 50);
}

/* EARS on a series with a jump: C1 uses the 7 months before, C2 the 7
 * before a 2-month gap; both see 40 above a baseline of about 10. */
static void
ears_flags_a_jump_over_a_short_history(void **state)
{
	double y[12] = { 10, 12, 9, 11, 10, 8, 12, 11, 10, 9, 11, 40 }, upper;
	int alarm;

	(void)state;
	assert_int_equal(ears_at(y, 12, 11, 1, &upper, &alarm), 0);
	assert_true(alarm && upper > 10 && upper < 20);
	assert_int_equal(ears_at(y, 12, 11, 2, &upper, &alarm), 0);
	assert_true(alarm);
	assert_int_equal(ears_at(y, 12, 11, 3, &upper, &alarm), 0);
	assert_int_equal(ears_at(y, 12, 5, 1, &upper, &alarm), -1);
}

/* A baseline without variance, as surveillance::earsC 1.20.3 computes it
 * on c(rep(0, 12), 3, 0): C1 and C2 have a bound of 0 (and the 3 is an
 * alarm); C3 divides by a standard deviation of 0 and has no bound (NaN),
 * hence no alarm — not a bound of 0. */
static void
ears_c3_has_no_bound_over_a_baseline_without_variance(void **state)
{
	double y[14] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0 }, upper;
	int alarm;

	(void)state;
	assert_int_equal(ears_at(y, 14, 12, 1, &upper, &alarm), 0);
	assert_true(upper == 0 && alarm);
	assert_int_equal(ears_at(y, 14, 12, 2, &upper, &alarm), 0);
	assert_true(upper == 0 && alarm);
	for (int k = 11; k <= 13; k++) {
		assert_int_equal(ears_at(y, 14, k, 3, &upper, &alarm), 0);
		assert_true(isnan(upper));
		assert_false(alarm);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ears_c3_has_no_bound_over_a_baseline_without_variance),
		cmocka_unit_test(delta_threshold_matches_the_package_test_vector),
		cmocka_unit_test(nbplugin_threshold_matches_the_package_test_vectors),
		cmocka_unit_test(a_spike_raises_an_alarm_and_a_normal_month_does_not),
		cmocka_unit_test(missing_months_give_no_alarm_and_leave_the_baseline),
		cmocka_unit_test(too_short_a_history_is_not_evaluated),
		cmocka_unit_test(ears_flags_a_jump_over_a_short_history),
	};
	return cmocka_run_group_tests_name("farrington", tests, NULL, NULL);
}
