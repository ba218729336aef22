#include "testutil.h"

#include "../../reports/i18n.h"

static void
words_in_french_dutch_and_english(void **state)
{
	(void)state;
	assert_string_equal(i18n("fr", "women"), "femmes");
	assert_string_equal(i18n("nl", "women"), "vrouwen");
	assert_string_equal(i18n("en", "women"), "women");
}

static void
unknown_keys_show_and_unknown_languages_fall_back(void **state)
{
	(void)state;
	assert_string_equal(i18n("fr", "no_such_key"), "no_such_key");
	assert_string_equal(i18n("de", "men"), "men");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(words_in_french_dutch_and_english),
		cmocka_unit_test(unknown_keys_show_and_unknown_languages_fall_back),
	};
	return cmocka_run_group_tests_name("i18n", tests, NULL, NULL);
}
