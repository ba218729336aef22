#include "testutil.h"

#include "../../core/month.h"

static void
conversions_agree_with_each_other(void **state)
{
	char buf[16];

	(void)state;
	assert_int_equal(month_from_ymd(20261031), 2026 * 12 + 9);
	assert_int_equal(month_from_yyyymm(202610), 2026 * 12 + 9);
	assert_int_equal(month_to_yyyymm(2026 * 12 + 9), 202610);
	assert_int_equal(month_to_yyyymm(month_from_yyyymm(201912)), 201912);
	assert_int_equal(month_from_yyyymm(202001) - month_from_yyyymm(201912), 1);
	month_format(2026 * 12 + 9, buf, sizeof buf);
	assert_string_equal(buf, "2026-10");
}

static void
parsing_takes_months_only(void **state)
{
	(void)state;
	assert_int_equal(month_parse("2024-02"), 2024 * 12 + 1);
	assert_int_equal(month_parse("2024-13"), -1);
	assert_int_equal(month_parse("2024-02x"), -1);
	assert_int_equal(month_parse("24-02"), -1);
	assert_int_equal(month_parse("feb"), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(conversions_agree_with_each_other),
		cmocka_unit_test(parsing_takes_months_only),
	};
	return cmocka_run_group_tests_name("month", tests, NULL, NULL);
}
