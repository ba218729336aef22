#include "testutil.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/stats.h"

/* Relative (or, near zero, absolute) closeness. */
static void
near(double got, double want, double tol, const char *what)
{
	double err = fabs(want) > 1e-12 ? fabs(got - want) / fabs(want) :
	    fabs(got - want);

	if (!(err <= tol))
		fail_msg("%s: got %.12g, want %.12g", what, got, want);
}

/* R: ?glm, Dobson (1990) p. 93.  Checked in R 4.2.2. */
static void
poisson_glm_matches_r_on_the_dobson_example(void **state)
{
	const double y[9] = { 18, 17, 15, 20, 10, 20, 25, 13, 12 };
	double X[9 * 5];
	glm_fit g;

	(void)state;
	for (int i = 0; i < 9; i++) {
		double row[5] = { 1, i % 3 == 1, i % 3 == 2, i / 3 == 1, i / 3 == 2 };
		memcpy(X + 5 * i, row, sizeof row);
	}
	assert_int_equal(stats_glm_poisson(X, y, 9, 5, &g), 0);
	assert_true(g.converged);
	near(g.coef[0], 3.044522438, 1e-8, "intercept");
	near(g.coef[1], -0.4542552723, 1e-8, "outcome2");
	near(g.coef[2], -0.2929871247, 1e-8, "outcome3");
	assert_true(fabs(g.coef[3]) < 1e-10 && fabs(g.coef[4]) < 1e-10);
	near(g.deviance, 5.129141077, 1e-8, "deviance");
	assert_int_equal(g.df, 4);
	near(g.dispersion, 1.29330044, 1e-7, "quasi-Poisson dispersion");
	near(g.se[0], 0.1943517021, 1e-7, "se(intercept)");
	near(g.se[1], 0.2299153934, 1e-7, "se(outcome2)");
}

/* R: ?poisson.test, the first example.  Checked in R 4.2.2. */
static void
rate_test_matches_r_poisson_test(void **state)
{
	rate_test r;

	(void)state;
	assert_int_equal(stats_rate_test(11, 800, 6 + 8 + 7, 1083 + 1050 + 878, &r), 0);
	near(r.ratio, 1.971488095, 1e-9, "rate ratio");
	near(r.p, 0.07966863303, 1e-8, "p-value");
	near(r.low, 0.8584264034, 1e-8, "low");
	near(r.high, 4.2772659437, 1e-8, "high");
}

static void
rate_test_of_equal_rates_is_not_significant(void **state)
{
	rate_test r;

	(void)state;
	assert_int_equal(stats_rate_test(50, 1, 50, 1, &r), 0);
	near(r.ratio, 1, 1e-12, "ratio");
	near(r.p, 1, 1e-12, "p");
	assert_int_equal(stats_rate_test(0, 1, 0, 1, &r), -1);
	assert_true(isnan(r.p));
	assert_int_equal(stats_rate_test(3, 1, 0, 1, &r), 0);
	assert_true(isinf(r.ratio) && r.p < 0.3);
}

/* R: poisson.test(7, 2.5)$conf.int is 1.125745221 5.769070145, so for
 * one unit of time the interval of 7 is 2.5 times that. */
static void
exact_poisson_interval_of_one_count(void **state)
{
	double lo, hi;

	(void)state;
	stats_poisson_ci(7, &lo, &hi);
	near(lo, 1.125745221 * 2.5, 1e-8, "low");
	near(hi, 5.769070145 * 2.5, 1e-8, "high");
	stats_poisson_ci(0, &lo, &hi);
	near(lo, 0, 0, "low of 0");
	near(hi, 3.688879454, 1e-8, "high of 0");
}

static const double nottem[240] = {
40.6, 40.8, 44.4, 46.7, 54.1, 58.5, 57.7, 56.4, 54.3, 50.5, 42.9, 39.8, 
44.2, 39.8, 45.1, 47, 54.1, 58.7, 66.3, 59.9, 57, 54.2, 39.7, 42.8, 
37.5, 38.7, 39.5, 42.1, 55.7, 57.8, 56.8, 54.3, 54.3, 47.1, 41.8, 41.7, 
41.8, 40.1, 42.9, 45.8, 49.2, 52.7, 64.2, 59.6, 54.4, 49.2, 36.3, 37.6, 
39.3, 37.5, 38.3, 45.5, 53.2, 57.7, 60.8, 58.2, 56.4, 49.8, 44.4, 43.6, 
40, 40.5, 40.8, 45.1, 53.8, 59.4, 63.5, 61, 53, 50, 38.1, 36.3, 39.2, 
43.4, 43.4, 48.9, 50.6, 56.8, 62.5, 62, 57.5, 46.7, 41.6, 39.8, 39.4, 
38.5, 45.3, 47.1, 51.7, 55, 60.4, 60.5, 54.7, 50.3, 42.3, 35.2, 40.8, 
41.1, 42.8, 47.3, 50.9, 56.4, 62.2, 60.5, 55.4, 50.2, 43, 37.3, 34.8, 
31.3, 41, 43.9, 53.1, 56.9, 62.5, 60.3, 59.8, 49.2, 42.9, 41.9, 41.6, 
37.1, 41.2, 46.9, 51.2, 60.4, 60.1, 61.6, 57, 50.9, 43, 38.8, 37.1, 
38.4, 38.4, 46.5, 53.5, 58.4, 60.6, 58.2, 53.8, 46.6, 45.5, 40.6, 42.4, 
38.4, 40.3, 44.6, 50.9, 57, 62.1, 63.5, 56.3, 47.3, 43.6, 41.8, 36.2, 
39.3, 44.5, 48.7, 54.2, 60.8, 65.5, 64.9, 60.1, 50.2, 42.1, 35.8, 39.4, 
38.2, 40.4, 46.9, 53.4, 59.6, 66.5, 60.4, 59.2, 51.2, 42.8, 45.8, 40, 
42.6, 43.5, 47.1, 50, 60.5, 64.6, 64, 56.8, 48.6, 44.2, 36.4, 37.3, 35, 
44, 43.9, 52.7, 58.6, 60, 61.1, 58.1, 49.6, 41.6, 41.3, 40.8, 41, 38.4, 
47.4, 54.1, 58.6, 61.4, 61.8, 56.3, 50.9, 41.4, 37.1, 42.1, 41.2, 47.3, 
46.6, 52.4, 59, 59.6, 60.4, 57, 50.7, 47.8, 39.2, 39.4, 40.9, 42.4, 
47.8, 52.4, 58, 60.7, 61.8, 58.2, 46.7, 46.6, 37.8
};

/* Seasonal Mann-Kendall on R's nottem: S = 224, var S = 11364,
 * z = 2.091892, p = 0.03644818 (R 4.2.2). */
static void
seasonal_mann_kendall_matches_r_on_nottem(void **state)
{
	double y[240];
	int year[240], season[240];
	mk_result mk;

	(void)state;
	for (int i = 0; i < 240; i++) {
		y[i] = nottem[i];
		year[i] = 1920 + i / 12;
		season[i] = i % 12;
	}
	assert_int_equal(stats_seasonal_mk(y, year, season, 240, 12, &mk), 0);
	near(mk.s, 224, 0, "S");
	near(mk.var, 11364, 1e-12, "var S");
	near(mk.z, 2.091892, 1e-6, "z");
	near(mk.p, 0.03644818, 1e-6, "p");
	assert_true(mk.sen_slope > 0 && mk.sen_slope < 0.2);
}

static void
trend_recovers_a_known_growth(void **state)
{
	double y[60];
	int t[60];
	trend_fit f;

	(void)state;
	/* 10% a year with a December peak, exactly: the fit is exact. */
	for (int i = 0; i < 60; i++) {
		t[i] = 2020 * 12 + i;
		y[i] = 100 * pow(1.1, i / 12.0) * (1 + 0.3 * (i % 12 == 11));
	}
	assert_int_equal(stats_trend(y, t, 60, &f), 0);
	near(f.rr_year, 1.1, 1e-6, "annual rate ratio");
	/* The same with +-2% wobble: the interval holds the truth. */
	for (int i = 0; i < 60; i++)
		y[i] *= 1 + 0.02 * ((i * 7) % 5 - 2) / 2;
	assert_int_equal(stats_trend(y, t, 60, &f), 0);
	near(f.rr_year, 1.1, 0.01, "annual rate ratio with noise");
	assert_true(f.low < 1.1 && f.high > 1.1 && f.p < 1e-6);
	assert_int_equal(f.df, 60 - 13);
}

static void
trend_with_gaps_and_no_data(void **state)
{
	double y[30], zero[30] = { 0 };
	int t[30];
	trend_fit f;

	(void)state;
	for (int i = 0; i < 30; i++) {
		t[i] = 2020 * 12 + i + (i >= 10 ? 3 : 0);       /* 3 months missing */
		y[i] = 20 + (i % 5);
	}
	assert_int_equal(stats_trend(y, t, 30, &f), 0);
	assert_true(f.rr_year > 0.5 && f.rr_year < 2 && f.p > 0.01);
	assert_int_equal(stats_trend(zero, t, 30, &f), -1);
	assert_true(isnan(f.rr_year));
	assert_int_equal(stats_trend(y, t, 5, &f), -1);
}

/* Selection gives the very bits of sorting then reading off, on arrays
 * of every small length, with ties, sorted, reversed and shuffled. */
static void
quantiles_by_selection_equal_those_of_a_sort(void **state)
{
	static const double qs[] = { 0, 0.025, 0.1, 0.5, 0.9, 0.975, 1 };
	double v[257], sorted[257], work[257];
	unsigned seed = 7;

	(void)state;
	for (int n = 1; n <= 257; n += n < 20 ? 1 : 13)
		for (int shape = 0; shape < 4; shape++) {
			for (int i = 0; i < n; i++) {
				seed = seed * 1103515245u + 12345u;
				v[i] = shape == 0 ? (double)(seed >> 16 & 7) :
				    shape == 1 ? i : shape == 2 ? n - i :
				    (double)(seed >> 8) / 3.0;
			}
			memcpy(sorted, v, (size_t)n * sizeof *v);
			gsl_sort(sorted, 1, (size_t)n);
			for (size_t k = 0; k < sizeof qs / sizeof *qs; k++) {
				memcpy(work, v, (size_t)n * sizeof *v);
				double want = gsl_stats_quantile_from_sorted_data(sorted,
				    1, (size_t)n, qs[k]);
				assert_memory_equal(&(double){ stats_quantile(work, n,
				    qs[k]) }, &want, sizeof want);
			}
			memcpy(work, v, (size_t)n * sizeof *v);
			double want = gsl_stats_median_from_sorted_data(sorted, 1,
			    (size_t)n);
			assert_memory_equal(&(double){ stats_median(work, n) }, &want,
			    sizeof want);
		}
}

/* p.adjust(c(0.01, 0.04, 0.03, 0.005), "BH") in R: 0.02 0.04 0.04 0.02;
 * a NaN is no test. */
static void
bh_matches_r_p_adjust(void **state)
{
	double p[5] = { 0.01, 0.04, 0.03, 0.005, NAN }, q[5];
	double want[4] = { 0.02, 0.04, 0.04, 0.02 };
	struct { double p, x, q; } row[5];

	(void)state;
	assert_int_equal(stats_bh(p, q, 5, sizeof *p), 0);
	for (int i = 0; i < 4; i++)
		assert_true(fabs(q[i] - want[i]) < 1e-15);
	assert_true(isnan(q[4]));
	assert_int_equal(stats_bh(p, q, 0, sizeof *p), 0);
	/* the same, the values fields of structs */
	for (int i = 0; i < 5; i++)
		row[i].p = p[i], row[i].x = 7;
	assert_int_equal(stats_bh(&row[0].p, &row[0].q, 5, sizeof *row), 0);
	for (int i = 0; i < 4; i++)
		assert_true(fabs(row[i].q - want[i]) < 1e-15 && row[i].x == 7);
	assert_true(isnan(row[4].q));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(poisson_glm_matches_r_on_the_dobson_example),
		cmocka_unit_test(rate_test_matches_r_poisson_test),
		cmocka_unit_test(bh_matches_r_p_adjust),
		cmocka_unit_test(rate_test_of_equal_rates_is_not_significant),
		cmocka_unit_test(exact_poisson_interval_of_one_count),
		cmocka_unit_test(seasonal_mann_kendall_matches_r_on_nottem),
		cmocka_unit_test(trend_recovers_a_known_growth),
		cmocka_unit_test(trend_with_gaps_and_no_data),
		cmocka_unit_test(quantiles_by_selection_equal_those_of_a_sort),
	};
	return cmocka_run_group_tests_name("stats", tests, NULL, NULL);
}
