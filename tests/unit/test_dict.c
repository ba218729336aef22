#include "testutil.h"

#include "../../core/dict.h"

static void
the_same_string_gets_the_same_index(void **state)
{
	dict d;
	char s[32];

	(void)state;
	memset(&d, 0, sizeof d);
	for (int i = 0; i < 1000; i++) {
		snprintf(s, sizeof s, "label %d", i);
		assert_int_equal(dict_add(&d, s), i);
	}
	for (int i = 999; i >= 0; i--) {
		snprintf(s, sizeof s, "label %d", i);
		assert_int_equal(dict_add(&d, s), i);
		assert_int_equal(dict_find(&d, s), i);
	}
	assert_int_equal(d.n, 1000);
	assert_int_equal(dict_find(&d, "absent"), -1);
	assert_int_equal(d.value[7], -1);
	assert_int_equal(d.count[7], 0);
	dict_free(&d);
}

static void
an_empty_dict_finds_nothing(void **state)
{
	dict d;

	(void)state;
	memset(&d, 0, sizeof d);
	assert_int_equal(dict_find(&d, "x"), -1);
	dict_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_same_string_gets_the_same_index),
		cmocka_unit_test(an_empty_dict_finds_nothing),
	};
	return cmocka_run_group_tests_name("dict", tests, NULL, NULL);
}
