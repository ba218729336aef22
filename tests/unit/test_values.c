#include "testutil.h"

#include "../../ingest/values.h"

static int
date(const char *s)
{
	int d = 0;

	return values_date(s, DATE_AUTO, &d) == VAL_OK ? d : values_date(s,
	    DATE_AUTO, &d);
}

static void
dates_in_the_four_zone_formats(void **state)
{
	(void)state;
	assert_int_equal(date("31/12/2024"), 20241231);
	assert_int_equal(date("2024-12-31"), 20241231);
	assert_int_equal(date("31-12-2024"), 20241231);
	assert_int_equal(date("31.12.2024"), 20241231);
	assert_int_equal(date("1/2/2024"), 20240201);
	assert_int_equal(date("2024-12-31 14:30"), 20241231);
	assert_int_equal(date("2024-12-31T14:30:00"), 20241231);
}

static void
two_digit_years_and_impossible_dates_are_refused(void **state)
{
	(void)state;
	assert_int_equal(date("31/12/24"), VAL_BAD);
	assert_int_equal(date("31/02/2024"), VAL_BAD);
	assert_int_equal(date("29/02/2023"), VAL_BAD);
	assert_int_equal(date("29/02/2024"), 20240229);
	assert_int_equal(date("13/13/2024"), VAL_BAD);
	assert_int_equal(date("2024-02-30"), VAL_BAD);
	assert_int_equal(date("hier"), VAL_BAD);
	assert_int_equal(date("12/31/2024"), VAL_BAD);
	assert_int_equal(date(""), VAL_EMPTY);
	assert_int_equal(date("  "), VAL_EMPTY);
}

static void
profile_formats_are_strict(void **state)
{
	int d;

	(void)state;
	assert_int_equal(values_date("12/31/2024", DATE_MDY_SLASH, &d), VAL_OK);
	assert_int_equal(d, 20241231);
	assert_int_equal(values_date("2024-12-31", DATE_DMY_SLASH, &d), VAL_BAD);
	assert_int_equal(values_date("20241231", DATE_COMPACT, &d), VAL_OK);
	assert_int_equal(values_date_format("mm/dd/yyyy"), DATE_MDY_SLASH);
	assert_int_equal(values_date_format("mm/dd/yy"), -1);
}

static void
times_in_the_usual_spellings(void **state)
{
	int m;

	(void)state;
	assert_int_equal(values_time("14:30", &m), VAL_OK); assert_int_equal(m, 870);
	assert_int_equal(values_time("14h30", &m), VAL_OK); assert_int_equal(m, 870);
	assert_int_equal(values_time("14", &m), VAL_OK); assert_int_equal(m, 840);
	assert_int_equal(values_time("9h", &m), VAL_OK); assert_int_equal(m, 540);
	assert_int_equal(values_time("07:05:59", &m), VAL_OK); assert_int_equal(m, 425);
	assert_int_equal(values_time("24:00", &m), VAL_BAD);
	assert_int_equal(values_time("12:60", &m), VAL_BAD);
	assert_int_equal(values_time("noon", &m), VAL_BAD);
	assert_int_equal(values_time("", &m), VAL_EMPTY);
}

static void
sex_in_french_dutch_and_english(void **state)
{
	int s;

	(void)state;
	assert_int_equal(values_sex("F", &s), VAL_OK); assert_int_equal(s, SEX_F);
	assert_int_equal(values_sex("Femme", &s), VAL_OK); assert_int_equal(s, SEX_F);
	assert_int_equal(values_sex("vrouw", &s), VAL_OK); assert_int_equal(s, SEX_F);
	assert_int_equal(values_sex("V", &s), VAL_OK); assert_int_equal(s, SEX_F);
	assert_int_equal(values_sex("féminin", &s), VAL_OK); assert_int_equal(s, SEX_F);
	assert_int_equal(values_sex("M", &s), VAL_OK); assert_int_equal(s, SEX_M);
	assert_int_equal(values_sex("homme", &s), VAL_OK); assert_int_equal(s, SEX_M);
	assert_int_equal(values_sex("man", &s), VAL_OK); assert_int_equal(s, SEX_M);
	assert_int_equal(values_sex("masculin", &s), VAL_OK); assert_int_equal(s, SEX_M);
	assert_int_equal(values_sex("X", &s), VAL_OK); assert_int_equal(s, SEX_X);
	assert_int_equal(values_sex("inconnu", &s), VAL_EMPTY);
	assert_int_equal(values_sex("", &s), VAL_EMPTY);
	assert_int_equal(values_sex("Q", &s), VAL_BAD);
}

static void
attempt_in_french_dutch_and_english(void **state)
{
	int a;

	(void)state;
	assert_int_equal(values_attempt("1", &a), VAL_OK); assert_int_equal(a, 1);
	assert_int_equal(values_attempt("0", &a), VAL_OK); assert_int_equal(a, 0);
	assert_int_equal(values_attempt("oui", &a), VAL_OK); assert_int_equal(a, 1);
	assert_int_equal(values_attempt("nee", &a), VAL_OK); assert_int_equal(a, 0);
	assert_int_equal(values_attempt("Tentative", &a), VAL_OK); assert_int_equal(a, 1);
	assert_int_equal(values_attempt("consommé", &a), VAL_OK); assert_int_equal(a, 0);
	assert_int_equal(values_attempt("poging", &a), VAL_OK); assert_int_equal(a, 1);
	assert_int_equal(values_attempt("voltooid", &a), VAL_OK); assert_int_equal(a, 0);
	assert_int_equal(values_attempt("peut-être", &a), VAL_BAD);
	assert_int_equal(values_attempt("", &a), VAL_EMPTY);
}

static void
days_count_from_the_unix_epoch(void **state)
{
	(void)state;
	assert_int_equal(values_days(19700101), 0);
	assert_int_equal(values_days(20000301) - values_days(20000228), 2);
	assert_int_equal(values_days(20250101) - values_days(20240101), 366);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dates_in_the_four_zone_formats),
		cmocka_unit_test(two_digit_years_and_impossible_dates_are_refused),
		cmocka_unit_test(profile_formats_are_strict),
		cmocka_unit_test(times_in_the_usual_spellings),
		cmocka_unit_test(sex_in_french_dutch_and_english),
		cmocka_unit_test(attempt_in_french_dutch_and_english),
		cmocka_unit_test(days_count_from_the_unix_epoch),
	};
	return cmocka_run_group_tests_name("values", tests, NULL, NULL);
}
