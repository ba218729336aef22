#include "testutil.h"

#include <gsl/gsl_cdf.h>
#include <math.h>

#include "../../aggregate/nowcast.h"

/* n months alike: of every 100 facts, share[d] are registered d months
 * after the month of facts. */
static void
months_alike(double (*rows)[NOWCAST_DELAYS], int n, const double *share,
    double size)
{
	for (int i = 0; i < n; i++)
		for (int d = 0; d < NOWCAST_DELAYS; d++)
			rows[i][d] = share[d] * size;
}

/* nowcast_fit() over 24 months of rows. */
static int
fit(double (*rows)[NOWCAST_DELAYS], nowcast_delays *d)
{
	return nowcast_fit((const double (*)[NOWCAST_DELAYS])rows, 24, d);
}

/* The delays of 24 months alike: of their 100 facts, 50 registered in the
 * month, 30 the next, 20 the one after. */
static void
fit_half_in_the_month(nowcast_delays *d)
{
	double rows[24][NOWCAST_DELAYS] = { { 0 } };
	double share[NOWCAST_DELAYS] = { 0.5, 0.3, 0.2 };

	months_alike(rows, 24, share, 100);
	assert_int_equal(fit(rows, d), 0);
}

static void
half_in_the_month_doubles_what_is_in(void **state)
{
	nowcast_delays d;
	nowcast_result r;

	(void)state;
	fit_half_in_the_month(&d);
	assert_true(fabs(d.mean[0] - 0.5) < 1e-12);
	assert_true(fabs(d.mean[1] - 0.8) < 1e-12);
	/* the months do not vary: only the pooled share's sampling variance
	 * m(1-m)/N, N = 2400, a Beta(1199.5, 1199.5) */
	assert_true(fabs(d.alpha[0] - 1199.5) < 1e-6);
	assert_true(fabs(d.beta[0] - 1199.5) < 1e-6);
	assert_int_equal(nowcast_month(100, 0, &d, &r), 0);
	assert_true(fabs(r.completeness - 0.5) < 1e-12);
	/* NB(100.5, 1/2) to come: mean 100.5, sd sqrt(201) = 14.2 */
	assert_true(r.nowcast >= 195 && r.nowcast <= 205);
	assert_true(r.lower >= 165 && r.lower <= 178);
	assert_true(r.upper >= 222 && r.upper <= 236);
}

static void
a_complete_month_is_what_is_in(void **state)
{
	nowcast_delays d;
	nowcast_result r;

	(void)state;
	fit_half_in_the_month(&d);
	assert_int_equal(nowcast_month(37, 2, &d, &r), 0);
	assert_true(r.nowcast == 37 && r.lower == 37 && r.upper == 37);
	assert_true(r.completeness == 1);
}

static void
months_that_vary_widen_the_interval(void **state)
{
	double rows[24][NOWCAST_DELAYS] = { { 0 } };
	double a[NOWCAST_DELAYS] = { 0.4, 0.6 }, b[NOWCAST_DELAYS] = { 0.6, 0.4 };
	nowcast_delays d;
	nowcast_result r;

	(void)state;
	months_alike(rows, 12, a, 1000);
	months_alike(rows + 12, 12, b, 1000);
	assert_int_equal(fit(rows, &d), 0);
	/* shares 0.4 and 0.6 (variance 0.0104 over 24 months) beyond the
	 * binomial 0.25/1000: Beta with mean 0.5 and about that variance */
	assert_true(fabs(d.mean[0] - 0.5) < 1e-12);
	assert_true(d.alpha[0] > 10 && d.alpha[0] < 13);
	assert_true(fabs(d.alpha[0] - d.beta[0]) < 1e-9);
	assert_int_equal(nowcast_month(500, 0, &d, &r), 0);
	assert_true(r.nowcast > 950 && r.nowcast < 1050);
	assert_true(r.lower < 800 && r.upper > 1300);
}

static void
too_few_months_or_too_little_in_gives_none(void **state)
{
	double rows[24][NOWCAST_DELAYS] = { { 0 } };
	double share[NOWCAST_DELAYS] = { 0.01, 0.99 };
	nowcast_delays d;
	nowcast_result r;

	(void)state;
	months_alike(rows, NOWCAST_MIN_MONTHS - 1, share, 100);
	assert_int_equal(fit(rows, &d), -1);
	months_alike(rows, 24, share, 100);
	assert_int_equal(fit(rows, &d), 0);
	assert_int_equal(nowcast_month(3, 0, &d, &r), 0);
	assert_true(isnan(r.nowcast) && isnan(r.lower) && isnan(r.upper));
}

/* P(facts to come <= k) computed another way: the negative binomial's
 * distribution function integrated over the Beta's quantiles (midpoint
 * rule in probability, 4000 nodes). */
static double
mixture_cdf(double k, double r, double a, double b)
{
	const int nodes = 4000;
	double sum = 0;

	for (int i = 0; i < nodes; i++) {
		double p = gsl_cdf_beta_Pinv((i + 0.5) / nodes, a, b);
		sum += gsl_cdf_negative_binomial_P((unsigned)k, p, r);
	}
	return sum / nodes;
}

/* Each point is the smallest count whose probability reaches it. */
static void
check_point(double point, double observed, double at, const nowcast_delays *d)
{
	double k = point - observed, r = observed + 0.5;

	assert_true(mixture_cdf(k, r, d->alpha[0], d->beta[0]) >= at - 1e-4);
	assert_true(k == 0 || mixture_cdf(k - 1, r, d->alpha[0], d->beta[0]) <
	    at + 1e-4);
}

static void
the_interval_is_the_mixture_s_quantiles(void **state)
{
	double rows[24][NOWCAST_DELAYS] = { { 0 } };
	double share[NOWCAST_DELAYS] = { 0.7, 0.2, 0.1 };
	nowcast_delays d;
	nowcast_result r1, r2;

	(void)state;
	months_alike(rows, 24, share, 40);
	rows[3][0] = 12;        /* months that vary: a wider Beta */
	rows[9][0] = 40;
	assert_int_equal(fit(rows, &d), 0);
	assert_int_equal(nowcast_month(28, 0, &d, &r1), 0);
	check_point(r1.lower, 28, 0.025, &d);
	check_point(r1.nowcast, 28, 0.5, &d);
	check_point(r1.upper, 28, 0.975, &d);
	assert_true(r1.lower < r1.nowcast && r1.nowcast < r1.upper);
	assert_int_equal(nowcast_month(28, 0, &d, &r2), 0);
	assert_memory_equal(&r1, &r2, sizeof r1);
}

/* P(count by now <= k) for a final count NB(mu, phi) (Poisson when phi
 * <= 1) thinned by a share ~ Beta(a, b), computed another way: the
 * thinned count's distribution function integrated over the Beta's
 * quantiles (midpoint rule in probability, 4000 nodes). */
static double
thinned_cdf(double k, double mu, double phi, double a, double b)
{
	const int nodes = 4000;
	double sum = 0;

	for (int i = 0; i < nodes; i++) {
		double p = gsl_cdf_beta_Pinv((i + 0.5) / nodes, a, b);
		if (phi > 1) {
			double q = 1 / phi;
			sum += gsl_cdf_negative_binomial_P((unsigned)k, q / (q + p *
			    (1 - q)), mu / (phi - 1));
		} else
			sum += gsl_cdf_poisson_P((unsigned)k, mu * p);
	}
	return sum / nodes;
}

static void
check_threshold(double mu, double phi, double y, const nowcast_delays *d)
{
	double expected, upper, pvalue, a = d->alpha[0], b = d->beta[0];

	assert_int_equal(nowcast_threshold(mu, phi, 0.01, y, 0, d, &expected,
	    &upper, &pvalue), 0);
	assert_true(fabs(expected - mu * d->mean[0]) < 1e-9);
	assert_true(thinned_cdf(upper, mu, phi, a, b) >= 0.99 - 1e-4);
	assert_true(thinned_cdf(upper - 1, mu, phi, a, b) < 0.99 + 1e-4);
	assert_true(fabs(pvalue - (y > 0 ? 1 - thinned_cdf(y - 1, mu, phi, a,
	    b) : 1)) < 1e-4);
}

static void
an_alarm_threshold_is_the_thinned_count_s_quantile(void **state)
{
	double rows[24][NOWCAST_DELAYS] = { { 0 } };
	double share[NOWCAST_DELAYS] = { 0.7, 0.2, 0.1 };
	nowcast_delays d;

	(void)state;
	months_alike(rows, 24, share, 40);
	rows[3][0] = 12;        /* months that vary: a wider Beta */
	rows[9][0] = 40;
	assert_int_equal(fit(rows, &d), 0);
	check_threshold(60, 2.5, 48, &d);       /* negative binomial */
	check_threshold(60, 0.8, 30, &d);       /* Poisson */
	check_threshold(900, 1.7, 700, &d);     /* a large count */
	check_threshold(5, 3, 0, &d);           /* nothing in yet */
	/* months whose share in the month itself goes from 10 % to 90 %: a
	 * Beta wide open, whose density the integral must still follow */
	for (int i = 0; i < 24; i++) {
		rows[i][0] = i % 2 ? 36 : 4;
		rows[i][1] = 40 - rows[i][0];
		rows[i][2] = 0;
	}
	assert_int_equal(fit(rows, &d), 0);
	assert_true(d.alpha[0] < 3 && d.beta[0] < 3);
	check_threshold(60, 2.5, 48, &d);
	check_threshold(60, 0.8, 12, &d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(half_in_the_month_doubles_what_is_in),
		cmocka_unit_test(a_complete_month_is_what_is_in),
		cmocka_unit_test(months_that_vary_widen_the_interval),
		cmocka_unit_test(too_few_months_or_too_little_in_gives_none),
		cmocka_unit_test(the_interval_is_the_mixture_s_quantiles),
		cmocka_unit_test(an_alarm_threshold_is_the_thinned_count_s_quantile),
	};
	return cmocka_run_group_tests_name("nowcast", tests, NULL, NULL);
}
