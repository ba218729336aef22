#include "testutil.h"

#include <math.h>

#include "../../sample/rng.h"

static void
the_same_seed_gives_the_same_stream(void **state)
{
	rng a, b, c;

	(void)state;
	rng_seed(&a, 1);
	rng_seed(&b, 1);
	rng_seed(&c, 2);
	for (int i = 0; i < 1000; i++) {
		uint64_t x = rng_next(&a);
		assert_true(x == rng_next(&b));
		assert_false(x == rng_next(&c));
	}
}

static void
unit_draws_stay_in_range(void **state)
{
	rng r;

	(void)state;
	rng_seed(&r, 7);
	for (int i = 0; i < 100000; i++) {
		double u = rng_unit(&r);
		assert_true(u >= 0 && u < 1);
		assert_true(rng_below(&r, 12) < 12);
	}
}

/* Mean and variance of Poisson draws within 4 standard errors. */
static void
poisson_has_the_right_mean_and_variance(void **state)
{
	const double mus[] = { 0.3, 2.5, 15, 40, 250 };
	rng r;

	(void)state;
	rng_seed(&r, 42);
	for (size_t k = 0; k < sizeof mus / sizeof *mus; k++) {
		const int n = 20000;
		double sum = 0, sq = 0, mu = mus[k];
		for (int i = 0; i < n; i++) {
			int x = rng_poisson(&r, mu);
			sum += x;
			sq += (double)x * x;
		}
		double mean = sum / n, var = sq / n - mean * mean;
		double se = 4 * sqrt(mu / n);
		if (mean < mu - se || mean > mu + se)
			fail_msg("Poisson(%g): mean %g", mu, mean);
		if (var < mu * 0.9 || var > mu * 1.1)
			fail_msg("Poisson(%g): variance %g", mu, var);
	}
}

static void
pick_follows_the_weights(void **state)
{
	const double w[] = { 1, 0, 3 };
	int count[3] = { 0 };
	rng r;

	(void)state;
	rng_seed(&r, 3);
	for (int i = 0; i < 40000; i++)
		count[rng_pick(&r, w, 3)]++;
	assert_int_equal(count[1], 0);
	assert_true(count[2] > 2.8 * count[0] && count[2] < 3.2 * count[0]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_same_seed_gives_the_same_stream),
		cmocka_unit_test(unit_draws_stay_in_range),
		cmocka_unit_test(poisson_has_the_right_mean_and_variance),
		cmocka_unit_test(pick_follows_the_weights),
	};
	return cmocka_run_group_tests_name("rng", tests, NULL, NULL);
}
