#include "testutil.h"

#include <math.h>

#include "../../reports/disclose.h"

static int parts3[] = { 1, 2, 3 };

/* total 0 = parts 1, 2, 3 */
static void
cells(disclose_cell *c, double t, double a, double b, double d)
{
	double v[4] = { t, a, b, d };

	for (int i = 0; i < 4; i++)
		c[i] = (disclose_cell){ v[i], NAN, 0 };
}

static void
a_lone_small_count_takes_a_second_cell_with_it(void **state)
{
	disclose_cell c[4];
	disclose_group g = { 0, parts3, 3 };

	(void)state;
	cells(c, 120, 3, 40, 77);
	assert_int_equal(disclose_table(c, 4, &g, 1, 5), 2);
	assert_int_equal(c[1].suppressed, 1);
	assert_int_equal(c[2].suppressed, 2);    /* the smallest other part */
	assert_int_equal(c[0].suppressed, 0);
	assert_int_equal(c[3].suppressed, 0);
}

static void
two_small_counts_that_add_up_to_a_small_sum_take_a_third(void **state)
{
	disclose_cell c[4];
	disclose_group g = { 0, parts3, 3 };

	(void)state;
	cells(c, 105, 1, 2, 102);
	disclose_table(c, 4, &g, 1, 5);
	/* 1 + 2 = 3 would be the total minus the visible part */
	assert_true(c[1].suppressed && c[2].suppressed);
	assert_int_equal(c[3].suppressed, 2);
}

static void
small_counts_whose_sum_bounds_each_away_from_zero_take_another(void **state)
{
	/* total 0 = 3 + 4 + 4 + 100: the three "<5" add up to 11, and each
	 * at most 4 would be 3 or 4: a cell of unknown size must join them */
	static int parts4[] = { 1, 2, 3, 4 };
	disclose_cell c[5] = { { 111, NAN, 0 }, { 3, NAN, 0 }, { 4, NAN, 0 },
	    { 4, NAN, 0 }, { 100, NAN, 0 } };
	disclose_group g = { 0, parts4, 4 };

	(void)state;
	assert_int_equal(disclose_table(c, 5, &g, 1, 5), 4);
	assert_int_equal(c[4].suppressed, 2);
	assert_int_equal(c[0].suppressed, 0);
}

static void
small_counts_that_may_each_be_zero_stand_alone(void **state)
{
	/* 1 + 3 + 4 = 8: each could be 0 (the others 4 and 4) */
	static int parts4[] = { 1, 2, 3, 4 };
	disclose_cell c[5] = { { 108, NAN, 0 }, { 1, NAN, 0 }, { 3, NAN, 0 },
	    { 4, NAN, 0 }, { 100, NAN, 0 } };
	disclose_group g = { 0, parts4, 4 };

	(void)state;
	assert_int_equal(disclose_table(c, 5, &g, 1, 5), 3);
	assert_int_equal(c[4].suppressed, 0);
}

static void
zeros_and_large_counts_are_published(void **state)
{
	disclose_cell c[4];
	disclose_group g = { 0, parts3, 3 };

	(void)state;
	cells(c, 60, 0, 20, 40);
	assert_int_equal(disclose_table(c, 4, &g, 1, 5), 0);
}

static void
a_share_hides_its_small_complement_too(void **state)
{
	(void)state;
	assert_true(disclose_small(97, 99, 5));         /* 2 of the others */
	assert_false(disclose_small(90, 99, 5));
	assert_true(disclose_small(4, NAN, 5));
	assert_false(disclose_small(0, NAN, 5));
	assert_false(disclose_small(NAN, NAN, 5));
}

static void
hierarchies_settle_whole(void **state)
{
	/* region 0 = zones 1, 2; zone 1 = communes 3, 4; zone 2 = 5, 6 */
	disclose_cell c[7] = { { 200, NAN, 0 }, { 100, NAN, 0 }, { 100, NAN, 0 },
	    { 97, NAN, 0 }, { 3, NAN, 0 }, { 50, NAN, 0 }, { 50, NAN, 0 } };
	static int z[] = { 1, 2 }, c1[] = { 3, 4 }, c2[] = { 5, 6 };
	disclose_group g[3] = { { 0, z, 2 }, { 1, c1, 2 }, { 2, c2, 2 } };
	int hidden;

	(void)state;
	disclose_table(c, 7, g, 3, 5);
	assert_int_equal(c[4].suppressed, 1);
	assert_int_equal(c[3].suppressed, 2);
	/* no group may hold exactly one suppressed cell */
	for (int k = 0; k < 3; k++) {
		hidden = c[g[k].total].suppressed != 0;
		for (int i = 0; i < g[k].nparts; i++)
			hidden += c[g[k].parts[i]].suppressed != 0;
		assert_true(hidden != 1);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_lone_small_count_takes_a_second_cell_with_it),
		cmocka_unit_test(two_small_counts_that_add_up_to_a_small_sum_take_a_third),
		cmocka_unit_test(small_counts_whose_sum_bounds_each_away_from_zero_take_another),
		cmocka_unit_test(small_counts_that_may_each_be_zero_stand_alone),
		cmocka_unit_test(zeros_and_large_counts_are_published),
		cmocka_unit_test(a_share_hides_its_small_complement_too),
		cmocka_unit_test(hierarchies_settle_whole),
	};
	return cmocka_run_group_tests_name("disclose", tests, NULL, NULL);
}
