#include "testutil.h"

#include "../../core/catalogue.h"

static void
every_word_reads_back_as_its_value(void **state)
{
	(void)state;
	assert_int_equal(cat_value(CAT_KIND, "share"), KIND_SHARE);
	assert_int_equal(cat_value(CAT_KIND, "none"), KIND_NONE);
	assert_int_equal(cat_value(CAT_BASIS, "registered"), BY_REGISTRATION);
	assert_int_equal(cat_value(CAT_BREAKDOWN, "modus_operandi"), BREAK_MODUS);
	assert_int_equal(cat_value(CAT_FILTER, "victim_sex=F"),
	    FILTER_WOMEN_VICTIMS);
	for (int v = BREAK_NONE; v <= BREAK_MODUS; v++)
		assert_int_equal(cat_value(CAT_BREAKDOWN, cat_word(CAT_BREAKDOWN,
		    v)), v);
}

static void
the_empty_word_is_no_breakdown_and_no_filter(void **state)
{
	(void)state;
	assert_int_equal(cat_value(CAT_BREAKDOWN, ""), BREAK_NONE);
	assert_int_equal(cat_value(CAT_FILTER, NULL), FILTER_NONE);
	assert_int_equal(cat_value(CAT_KIND, ""), -1);
}

static void
an_unknown_word_is_refused(void **state)
{
	(void)state;
	assert_int_equal(cat_value(CAT_KIND, "Count"), -1);
	assert_int_equal(cat_value(CAT_BREAKDOWN, "zone"), -1);
	assert_int_equal(cat_value(CAT_FILTER, "victim_sex=M"), -1);
	assert_int_equal(cat_value(CAT_BASIS, "facts"), -1);
}

static void
the_known_words_are_listed_for_a_person(void **state)
{
	char out[160];

	(void)state;
	cat_words(CAT_KIND, out, sizeof out);
	assert_string_equal(out, "none, count, share, rate, repeat or partner");
	cat_words(CAT_BASIS, out, sizeof out);
	assert_string_equal(out, "fact or registered");
	cat_words(CAT_FILTER, out, 12);
	assert_int_equal(strlen(out), 11);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_word_reads_back_as_its_value),
		cmocka_unit_test(the_empty_word_is_no_breakdown_and_no_filter),
		cmocka_unit_test(an_unknown_word_is_refused),
		cmocka_unit_test(the_known_words_are_listed_for_a_person),
	};
	return cmocka_run_group_tests_name("catalogue", tests, NULL, NULL);
}
