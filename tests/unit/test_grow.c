#include "testutil.h"

#include "../../core/grow.h"

static void
appending_keeps_every_element(void **state)
{
	int *v = NULL;
	size_t cap = 0;

	(void)state;
	for (int i = 0; i < 10000; i++) {
		assert_int_equal(grow((void **)&v, &cap, (size_t)i + 1, sizeof *v), 0);
		assert_true(cap >= (size_t)i + 1);
		v[i] = i;
	}
	for (int i = 0; i < 10000; i++)
		assert_int_equal(v[i], i);
	free(v);
}

static void
room_enough_changes_nothing(void **state)
{
	char *v = malloc(32), *before = v;
	size_t cap = 32;

	(void)state;
	assert_int_equal(grow((void **)&v, &cap, 10, 1), 0);
	assert_ptr_equal(v, before);
	assert_int_equal(cap, 32);
	free(v);
}

static void
an_impossible_size_fails_and_keeps_the_array(void **state)
{
	char *v = malloc(16);
	size_t cap = 16;

	(void)state;
	assert_int_equal(grow((void **)&v, &cap, SIZE_MAX / 2, 8), -1);
	assert_int_equal(cap, 16);
	free(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(appending_keeps_every_element),
		cmocka_unit_test(room_enough_changes_nothing),
		cmocka_unit_test(an_impossible_size_fails_and_keeps_the_array),
	};
	return cmocka_run_group_tests_name("grow", tests, NULL, NULL);
}
