#include "testutil.h"

#include "../../reports/plot.h"

static char *
quoted(const char *text)
{
	plot_script s;
	sv_err e;
	char *out;

	assert_int_equal(plot_begin(&s, "/dev/null", PLOT_SVG, 10, 10, &e), 0);
	plot_discard(&s);
	s.fp = open_memstream(&s.buf, &s.len);
	plot_string(&s, text);
	fclose(s.fp);
	out = s.buf;
	return out;
}

static void
strings_are_single_quoted_with_quotes_doubled(void **state)
{
	char *q = quoted("it's `id` @macro \\n system(\"x\")");

	(void)state;
	/* inside single quotes gnuplot does no backquote, macro or
	 * backslash processing: doubling ' is all it needs */
	assert_string_equal(q, "'it''s `id` @macro \\n system(\"x\")'");
	free(q);
}

static void
newlines_and_control_characters_become_spaces(void **state)
{
	char *q = quoted("a\nb\rc\x01");

	(void)state;
	assert_string_equal(q, "'a b c '");
	free(q);
}

static int
have_gnuplot(void)
{
	sv_err e;

	return plot_available(&e) == SV_OK;
}

static void
a_chart_is_written_only_when_complete(void **state)
{
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "c.svg");
	plot_script s;
	sv_err e;

	(void)state;
	if (!have_gnuplot()) {
		printf("SKIP: gnuplot not installed\n");
		skip();
	}
	assert_int_equal(plot_begin(&s, path, PLOT_SVG, 300, 200, &e), 0);
	fputs("set title ", s.fp);
	plot_string(&s, "x'); system('touch PWNED'); print('");
	fputs("\nplot sin(x)\n", s.fp);
	assert_int_equal(plot_render(&s, &e), SV_OK);
	assert_int_equal(access(path, F_OK), 0);
	assert_int_not_equal(access("PWNED", F_OK), 0);
	/* a broken script leaves no file, not even a temporary one */
	unlink(path);
	assert_int_equal(plot_begin(&s, path, PLOT_SVG, 300, 200, &e), 0);
	fputs("plot this is not gnuplot\n", s.fp);
	assert_int_equal(plot_render(&s, &e), SV_SOFTWARE);
	assert_non_null(strstr(e.msg, "gnuplot failed"));
	assert_int_not_equal(access(path, F_OK), 0);
	char cmd[4200];
	snprintf(cmd, sizeof cmd, "test -z \"$(ls '%s')\"", dir);
	assert_int_equal(system(cmd), 0);
	free(path);
	tu_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(strings_are_single_quoted_with_quotes_doubled),
		cmocka_unit_test(newlines_and_control_characters_become_spaces),
		cmocka_unit_test(a_chart_is_written_only_when_complete),
	};
	return cmocka_run_group_tests_name("plot", tests, NULL, NULL);
}
