#include "testutil.h"

#include <math.h>

#include "../../reports/numfmt.h"

#define NNBSP "\xe2\x80\xaf"
#define MINUS "\xe2\x88\x92"

static void
thousands_are_grouped_the_belgian_way(void **state)
{
	char b[64];

	(void)state;
	assert_string_equal(numfmt_count("fr", 82967, b, sizeof b), "82" NNBSP "967");
	assert_string_equal(numfmt_count("nl", 82967, b, sizeof b), "82.967");
	assert_string_equal(numfmt_count("en", 82967, b, sizeof b), "82,967");
	assert_string_equal(numfmt_count("nl", 1234567, b, sizeof b), "1.234.567");
	assert_string_equal(numfmt_count("nl", 999, b, sizeof b), "999");
	assert_string_equal(numfmt_count("nl", 0, b, sizeof b), "0");
}

static void
decimals_take_a_comma_and_minus_a_true_minus(void **state)
{
	char b[64];

	(void)state;
	assert_string_equal(numfmt_dec("fr", 12.44, 1, b, sizeof b), "12,4");
	assert_string_equal(numfmt_dec("nl", -1234.5, 1, b, sizeof b), MINUS "1.234,5");
	assert_string_equal(numfmt_dec("en", 0.126, 2, b, sizeof b), "0.13");
	/* rounding to zero leaves no sign */
	assert_string_equal(numfmt_dec("fr", -0.04, 1, b, sizeof b), "0,0");
	assert_string_equal(numfmt_dec("fr", NAN, 1, b, sizeof b), "\xe2\x80\x93");
}

static void
shares_changes_and_intervals(void **state)
{
	char b[64];

	(void)state;
	assert_string_equal(numfmt_share("fr", 0.798, b, sizeof b), "79,8" NNBSP "%");
	assert_string_equal(numfmt_share("nl", 0.798, b, sizeof b), "79,8%");
	assert_string_equal(numfmt_change("fr", 1.12, b, sizeof b), "+12" NNBSP "%");
	assert_string_equal(numfmt_change("nl", 0.95, b, sizeof b), MINUS "5%");
	assert_string_equal(numfmt_change("nl", 1.001, b, sizeof b), "0%");
	assert_string_equal(numfmt_interval("fr", 0.96, 1.08, b, sizeof b),
	    "0,96\xe2\x80\x93" "1,08");
}

static void
months_in_words(void **state)
{
	char b[64];

	(void)state;
	assert_string_equal(numfmt_month("fr", 202610, b, sizeof b), "octobre 2026");
	assert_string_equal(numfmt_month("nl", 202610, b, sizeof b), "oktober 2026");
	assert_string_equal(numfmt_month("fr", 202302, b, sizeof b), "février 2023");
	assert_string_equal(numfmt_month_short("nl", 202303, b, sizeof b), "mrt. 2023");
}

/* French elides "de" before a month that begins with a vowel, written
 * with its year; only the word "de", only in French, and not a label's
 * "de avril" without a year. */
static void
de_before_a_vowel_is_elided_in_french(void **state)
{
	char a[] = "de octobre 2024 à avril 2026 ; De avril 2025 ; (de août 2024) ; "
	    "le rapport de mars 2026",
	    b[] = "le monde avril 2025, 5 de octets, de 5 faits, Vol de avril",
	    c[] = "van oktober, de octobre 2026";

	(void)state;
	assert_string_equal(numfmt_elide("fr", a), "d'octobre 2024 à avril 2026 ; "
	    "D'avril 2025 ; (d'août 2024) ; le rapport de mars 2026");
	assert_string_equal(numfmt_elide("fr", b), "le monde avril 2025, 5 de "
	    "octets, de 5 faits, Vol de avril");
	assert_string_equal(numfmt_elide("nl", c), "van oktober, de octobre 2026");
}

static void
a_small_buffer_is_never_overrun(void **state)
{
	char b[6];

	(void)state;
	numfmt_count("fr", 123456789, b, sizeof b);
	assert_int_equal(strlen(b), 5);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(thousands_are_grouped_the_belgian_way),
		cmocka_unit_test(decimals_take_a_comma_and_minus_a_true_minus),
		cmocka_unit_test(shares_changes_and_intervals),
		cmocka_unit_test(months_in_words),
		cmocka_unit_test(de_before_a_vowel_is_elided_in_french),
		cmocka_unit_test(a_small_buffer_is_never_overrun),
	};
	return cmocka_run_group_tests_name("numfmt", tests, NULL, NULL);
}
