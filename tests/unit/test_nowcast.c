#include "testutil.h"

#include <gsl/gsl_cdf.h>
#include <math.h>

#include "../../aggregate/nowcast.h"

#define ROWS NOWCAST_ROWS

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

/* Row i of ROWS is of age ROWS - 1 - i: what it will have registered
 * later is not in yet, and its cells there are not to be read (a
 * million facts each, which would show). */
static void
as_of_now(double (*rows)[NOWCAST_DELAYS])
{
	for (int i = 0; i < ROWS; i++)
		for (int d = ROWS - i; d < NOWCAST_DELAYS; d++)
			rows[i][d] = 1e6;       /* never read */
}

/* nowcast_fit() over ROWS months as they stand by now, with a group. */
static int
fit_in(double (*rows)[NOWCAST_DELAYS], const nowcast_delays *group,
    nowcast_delays *d)
{
	as_of_now(rows);
	return nowcast_fit((const double (*)[NOWCAST_DELAYS])rows, ROWS, NULL,
	    group, d);
}

static int
fit(double (*rows)[NOWCAST_DELAYS], nowcast_delays *d)
{
	return fit_in(rows, NULL, d);
}

/* The delays of months alike: of their 100 facts, 50 registered in the
 * month, 30 the next, 20 the one after. */
static void
fit_half_in_the_month(nowcast_delays *d)
{
	double rows[ROWS][NOWCAST_DELAYS] = { { 0 } };
	double share[NOWCAST_DELAYS] = { 0.5, 0.3, 0.2 };

	months_alike(rows, ROWS, share, 100);
	assert_int_equal(fit(rows, d), 0);
}

static void
half_in_the_month_doubles_what_is_in(void **state)
{
	nowcast_delays d;
	nowcast_result r;

	(void)state;
	fit_half_in_the_month(&d);
	/* steps 50/80 and 80/100, each learnt from 12 months */
	assert_true(fabs(d.step[1] - 0.625) < 1e-12);
	assert_true(fabs(d.step[2] - 0.8) < 1e-12);
	assert_true(d.step[3] == 1 && d.var[3] == 0);
	assert_true(fabs(d.mean[0] - 0.5) < 1e-12);
	assert_true(fabs(d.mean[1] - 0.8) < 1e-12);
	/* the months do not vary: only each pooled step's sampling variance
	 * q(1-q)/N, N = 12 * 80 and 12 * 100; the Beta has the product's
	 * moments */
	double v1 = 0.625 * 0.375 / 960, v2 = 0.8 * 0.2 / 1200;
	double e2 = (v1 + 0.625 * 0.625) * (v2 + 0.64), v = e2 - 0.25;
	double ab = d.alpha[0] + d.beta[0];
	assert_true(fabs(d.var[1] - v1) < 1e-15 && fabs(d.var[2] - v2) < 1e-15);
	assert_true(fabs(d.alpha[0] * d.beta[0] / (ab * ab * (ab + 1)) - v) <
	    1e-12);
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
	double rows[ROWS][NOWCAST_DELAYS] = { { 0 } };
	double a[NOWCAST_DELAYS] = { 0.4, 0.6 }, b[NOWCAST_DELAYS] = { 0.6, 0.4 };
	nowcast_delays d;
	nowcast_result r;

	(void)state;
	/* step 1's window, ages 1 to 12, half one way, half the other */
	months_alike(rows, ROWS, a, 1000);
	for (int i = ROWS - 13; i < ROWS; i += 2)
		months_alike(rows + i, 1, b, 1000);
	assert_int_equal(fit(rows, &d), 0);
	/* shares 0.4 and 0.6 (variance 0.0109 over 12 months) beyond the
	 * binomial 0.25/1000: a Beta with mean 0.5 and about that variance */
	assert_true(fabs(d.mean[0] - 0.5) < 1e-12);
	assert_true(d.alpha[0] > 9 && d.alpha[0] < 13);
	assert_true(fabs(d.alpha[0] - d.beta[0]) < 1e-9);
	assert_int_equal(nowcast_month(500, 0, &d, &r), 0);
	assert_true(r.nowcast > 950 && r.nowcast < 1050);
	assert_true(r.lower < 800 && r.upper > 1300);
}

static void
too_few_months_or_too_little_in_gives_none(void **state)
{
	double rows[ROWS][NOWCAST_DELAYS] = { { 0 } };
	double share[NOWCAST_DELAYS] = { 0.01, 0.99 };
	nowcast_delays d;
	nowcast_result r;

	(void)state;
	/* a history of NOWCAST_MIN_MONTHS months: one fewer past month 0 */
	months_alike(rows + ROWS - NOWCAST_MIN_MONTHS, NOWCAST_MIN_MONTHS, share,
	    100);
	assert_int_equal(fit(rows, &d), -1);
	months_alike(rows, ROWS, share, 100);
	assert_int_equal(fit(rows, &d), 0);
	assert_int_equal(nowcast_month(3, 0, &d, &r), 0);
	assert_true(isnan(r.nowcast) && isnan(r.lower) && isnan(r.upper));
}

/* Zones register faster from 14 months ago: 80 % in the month instead
 * of 50 %.  The steps come from the latest months, so the nowcast of the
 * month just ended follows at once, where two-year-old months said 50 %
 * and doubled what is in. */
static void
delays_follow_the_present(void **state)
{
	double rows[ROWS][NOWCAST_DELAYS] = { { 0 } };
	double slow[NOWCAST_DELAYS] = { 0.5, 0.3, 0.2 };
	double fast[NOWCAST_DELAYS] = { 0.8, 0.15, 0.05 };
	nowcast_delays d;
	nowcast_result r;

	(void)state;
	months_alike(rows, ROWS - 14, slow, 100);
	months_alike(rows + ROWS - 14, 14, fast, 100);
	assert_int_equal(fit(rows, &d), 0);
	assert_true(fabs(d.mean[0] - 0.8) < 1e-12);
	assert_true(fabs(d.mean[1] - 0.95) < 1e-12);
	assert_int_equal(nowcast_month(80, 0, &d, &r), 0);
	assert_true(r.lower <= 100 && 100 <= r.upper);
	assert_true(r.upper < 125);
}

/* Most months of 40 facts, 74 % in the month (a little spread), and
 * months of 1 to 3 facts that said 0 % or 100 %: weighted by their
 * facts, the tiny months no longer make the share's Beta U-shaped, and
 * 8 facts in gives an interval about what 8 at 74 % can become (it gave
 * [8, 412] when each month counted alike). */
static void
thin_months_do_not_make_absurd_intervals(void **state)
{
	double rows[ROWS][NOWCAST_DELAYS] = { { 0 } };
	double share[NOWCAST_DELAYS] = { 0.74, 0.26 };
	nowcast_delays d;
	nowcast_result r;

	(void)state;
	months_alike(rows, ROWS, share, 40);
	for (int i = ROWS - 13; i < ROWS; i += 3) {
		rows[i][0] = i % 2 ? 0 : 2;
		rows[i][1] = i % 2 ? 1 : 0;
	}
	rows[ROWS - 5][0] = 33;         /* a little genuine spread */
	rows[ROWS - 6][0] = 26;
	assert_int_equal(fit(rows, &d), 0);
	assert_true(d.alpha[0] > 1 && d.beta[0] > 1);
	assert_int_equal(nowcast_month(8, 0, &d, &r), 0);
	assert_true(r.lower >= 8 && r.nowcast >= 10 && r.nowcast <= 12);
	assert_true(r.upper <= 22);
}

/* The group: months of 400 facts, 60 % in the month.  A phenomenon with
 * 3 months of history, one fact each: its steps are the group's, nearly;
 * it gets a nowcast, and one no wider than the group's spread. */
static void
a_short_thin_history_borrows_the_group_s(void **state)
{
	double rows[ROWS][NOWCAST_DELAYS] = { { 0 } };
	double share[NOWCAST_DELAYS] = { 0.6, 0.3, 0.1 };
	nowcast_delays g, d;
	nowcast_result r;

	(void)state;
	months_alike(rows, ROWS, share, 400);
	for (int i = 1; i < ROWS; i += 2)
		rows[i][0] = 100;       /* a group whose months vary */
	assert_int_equal(fit(rows, &g), 0);
	assert_true(g.rho > 0.005);
	memset(rows, 0, sizeof rows);
	for (int i = ROWS - 3; i < ROWS; i++)
		rows[i][0] = 1;
	assert_int_equal(fit(rows, &d), -1);    /* alone: too short */
	assert_int_equal(fit_in(rows, &g, &d), 0);
	/* step 1 from 2 facts, both in by 0, and the group's 20; its spread
	 * the group's (2 facts tell none), and its own sampling variance */
	double q = (2 + NOWCAST_PRIOR * g.step[1]) / (2 + NOWCAST_PRIOR);
	assert_true(fabs(d.step[1] - q) < 1e-12);
	assert_true(fabs(d.var[1] - q * (1 - q) * (g.rho + 1.0 / (2 +
	    NOWCAST_PRIOR))) < 1e-12);
	assert_true(fabs(d.mean[0] - g.mean[0]) < 0.05);
	assert_int_equal(nowcast_month(6, 0, &d, &r), 0);
	assert_true(fabs(r.nowcast - 6 / d.mean[0]) <= 1.5 && r.upper <= 3 *
	    r.nowcast);
	/* one with nothing in the year before the month: none */
	memset(rows, 0, sizeof rows);
	rows[ROWS - 1][0] = 1;
	assert_int_equal(fit_in(rows, &g, &d), -1);
}

/* A history of 8 months: the steps it reaches are learnt, the longer
 * ones are 1 (no delay longer than the history shows). */
static void
a_history_of_eight_months_is_nowcast(void **state)
{
	double rows[ROWS][NOWCAST_DELAYS] = { { 0 } };
	double share[NOWCAST_DELAYS] = { 0.6, 0.3, 0.05, 0.05 };
	nowcast_delays d;

	(void)state;
	months_alike(rows + ROWS - 8, 8, share, 100);
	assert_int_equal(fit(rows, &d), 0);
	assert_true(fabs(d.mean[0] - 0.6) < 1e-12);
	assert_true(d.step[8] == 1 && d.var[8] == 0);
}

/* Months that register all or nothing in their first month, by turns
 * (97 % or 3 %): no Beta has the spread they show, so no nowcast, not a
 * narrow interval around the mean share (it gave 100 [82, 121] for 50
 * in, where the final count is 52 or 1 667). */
static void
all_or_nothing_months_give_no_nowcast(void **state)
{
	double rows[ROWS][NOWCAST_DELAYS] = { { 0 } };
	double a[NOWCAST_DELAYS] = { 0.97, 0.03 }, b[NOWCAST_DELAYS] = { 0.03, 0.97 };
	nowcast_delays d;
	nowcast_result r;
	double expected, upper, pvalue;

	(void)state;
	for (int i = 0; i < ROWS; i++)
		months_alike(rows + i, 1, i % 2 ? a : b, 1000);
	assert_int_equal(fit(rows, &d), 0);
	assert_int_equal(nowcast_month(50, 0, &d, &r), 0);
	assert_true(isnan(r.nowcast) && isnan(r.lower) && isnan(r.upper));
	assert_int_equal(nowcast_threshold(60, 2, 0.01, 40, 0, &d, &expected,
	    &upper, &pvalue), 1);
}

/* A zone has not delivered the latest month: every month's registrations
 * of then are short of its sixth.  Steps that used them would look
 * faster; the month left out of each step's window, they are as the
 * others say. */
static void
a_lagging_zone_s_month_is_left_out(void **state)
{
	double rows[ROWS][NOWCAST_DELAYS] = { { 0 } };
	double share[NOWCAST_DELAYS] = { 0.5, 0.3, 0.2 };
	unsigned char ok[ROWS];
	nowcast_delays d;

	(void)state;
	months_alike(rows, ROWS, share, 120);
	for (int a = 0; a < 3; a++)
		rows[ROWS - 1 - a][a] *= 5.0 / 6;
	as_of_now(rows);
	assert_int_equal(nowcast_fit((const double (*)[NOWCAST_DELAYS])rows,
	    ROWS, NULL, NULL, &d), 0);
	assert_true(d.step[1] > 0.625 + 1e-6);
	memset(ok, 1, sizeof ok);
	ok[ROWS - 1] = 0;
	assert_int_equal(nowcast_fit((const double (*)[NOWCAST_DELAYS])rows,
	    ROWS, ok, NULL, &d), 0);
	assert_true(fabs(d.step[1] - 0.625) < 1e-12);
	assert_true(fabs(d.mean[0] - 0.5) < 1e-12);
}

/* Less in by now, a wider interval for what is in: the interval's
 * width over the count so far falls as the month completes. */
static void
intervals_narrow_as_the_month_completes(void **state)
{
	double rows[ROWS][NOWCAST_DELAYS] = { { 0 } };
	double share[NOWCAST_DELAYS] = { 0.3, 0.2, 0.15, 0.1, 0.1, 0.05,
	    0.05, 0.05 };
	nowcast_delays d;
	double last = INFINITY;

	(void)state;
	months_alike(rows, ROWS, share, 60);
	for (int i = 0; i < ROWS; i += 4)
		rows[i][1] = 6;         /* months that vary */
	for (int i = 0; i < ROWS; i += 3)
		rows[i][0] = 24;
	rows[ROWS - 2][0] = 2;          /* and a thin one */
	rows[ROWS - 2][1] = 1;
	assert_int_equal(fit(rows, &d), 0);
	for (int age = 0; age < 8; age++) {
		nowcast_result r;
		assert_int_equal(nowcast_month(50, age, &d, &r), 0);
		assert_true((r.upper - r.lower) / 50 <= last);
		last = (r.upper - r.lower) / 50;
	}
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
	double rows[ROWS][NOWCAST_DELAYS] = { { 0 } };
	double share[NOWCAST_DELAYS] = { 0.7, 0.2, 0.1 };
	nowcast_delays d;
	nowcast_result r1, r2;

	(void)state;
	months_alike(rows, ROWS, share, 40);
	rows[ROWS - 4][0] = 12;         /* months that vary: a wider Beta */
	rows[ROWS - 9][0] = 40;
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
	double rows[ROWS][NOWCAST_DELAYS] = { { 0 } };
	double share[NOWCAST_DELAYS] = { 0.7, 0.2, 0.1 };
	nowcast_delays d;

	(void)state;
	months_alike(rows, ROWS, share, 40);
	rows[ROWS - 4][0] = 12;         /* months that vary: a wider Beta */
	rows[ROWS - 9][0] = 40;
	assert_int_equal(fit(rows, &d), 0);
	check_threshold(60, 2.5, 48, &d);       /* negative binomial */
	check_threshold(60, 0.8, 30, &d);       /* Poisson */
	check_threshold(900, 1.7, 700, &d);     /* a large count */
	check_threshold(5, 3, 0, &d);           /* nothing in yet */
	/* months whose share in the month itself goes from 10 % to 90 %: a
	 * Beta wide open, whose density the integral must still follow */
	for (int i = 0; i < ROWS; i++) {
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
		cmocka_unit_test(delays_follow_the_present),
		cmocka_unit_test(thin_months_do_not_make_absurd_intervals),
		cmocka_unit_test(a_short_thin_history_borrows_the_group_s),
		cmocka_unit_test(a_history_of_eight_months_is_nowcast),
		cmocka_unit_test(intervals_narrow_as_the_month_completes),
		cmocka_unit_test(all_or_nothing_months_give_no_nowcast),
		cmocka_unit_test(a_lagging_zone_s_month_is_left_out),
		cmocka_unit_test(the_interval_is_the_mixture_s_quantiles),
		cmocka_unit_test(an_alarm_threshold_is_the_thinned_count_s_quantile),
	};
	return cmocka_run_group_tests_name("nowcast", tests, NULL, NULL);
}
