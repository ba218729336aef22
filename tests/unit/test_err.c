#include "testutil.h"

#include "../../core/err.h"

static void
errf_sets_code_and_message_and_returns_code(void **state)
{
	sv_err e;

	(void)state;
	sv_err_clear(&e);
	assert_int_equal(sv_errf(&e, SV_DATAERR, "%s:%d: bad date", "f.csv", 3),
	    SV_DATAERR);
	assert_int_equal(e.code, 65);
	assert_string_equal(e.msg, "f.csv:3: bad date");
}

static void
prefix_adds_context_in_front(void **state)
{
	sv_err e;

	(void)state;
	sv_errf(&e, SV_IOERR, "disk full");
	sv_err_prefix(&e, "%s: ", "out.csv");
	assert_string_equal(e.msg, "out.csv: disk full");
	assert_int_equal(e.code, SV_IOERR);
}

static void
clear_means_success(void **state)
{
	sv_err e;

	(void)state;
	sv_errf(&e, SV_USAGE, "x");
	sv_err_clear(&e);
	assert_int_equal(e.code, SV_OK);
	assert_string_equal(e.msg, "");
}

static void
codes_are_sysexits(void **state)
{
	(void)state;
	assert_int_equal(SV_USAGE, 64);
	assert_int_equal(SV_DATAERR, 65);
	assert_int_equal(SV_NOINPUT, 66);
	assert_int_equal(SV_UNAVAILABLE, 69);
	assert_int_equal(SV_CANTCREAT, 73);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(errf_sets_code_and_message_and_returns_code),
		cmocka_unit_test(prefix_adds_context_in_front),
		cmocka_unit_test(clear_means_success),
		cmocka_unit_test(codes_are_sysexits),
	};
	return cmocka_run_group_tests_name("err", tests, NULL, NULL);
}
