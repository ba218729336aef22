#include "testutil.h"

#include "../../reports/plot.h"

static char *
quoted(const char *text)
{
	plot_script s;
	sv_err e;
	char *out;

	assert_int_equal(plot_begin(&s, NULL, "/dev/null", PLOT_SVG, 10, 10, &e), 0);
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

/* Charts drawn by a gnuplot of their own (ps NULL) or one after another
 * in a session. */
static void
charts_are_written_only_when_complete(plot_session *ps)
{
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "c.svg");
	plot_script s;
	sv_err e;

	if (!have_gnuplot()) {
		printf("SKIP: gnuplot not installed\n");
		skip();
	}
	assert_int_equal(plot_begin(&s, ps, path, PLOT_SVG, 300, 200, &e), 0);
	fputs("set title ", s.fp);
	plot_string(&s, "x'); system('touch PWNED'); print('");
	fputs("\nplot sin(x)\n", s.fp);
	assert_int_equal(plot_render(&s, &e), SV_OK);
	assert_int_equal(access(path, F_OK), 0);
	assert_int_not_equal(access("PWNED", F_OK), 0);
	/* a broken script leaves no file, not even a temporary one */
	unlink(path);
	assert_int_equal(plot_begin(&s, ps, path, PLOT_SVG, 300, 200, &e), 0);
	fputs("plot this is not gnuplot\n", s.fp);
	assert_int_equal(plot_render(&s, &e), SV_SOFTWARE);
	assert_non_null(strstr(e.msg, "gnuplot failed"));
	assert_int_not_equal(access(path, F_OK), 0);
	char cmd[4200];
	snprintf(cmd, sizeof cmd, "test -z \"$(ls '%s')\"", dir);
	assert_int_equal(system(cmd), 0);
	/* and the next chart is drawn (a session starts another gnuplot) */
	assert_int_equal(plot_begin(&s, ps, path, PLOT_SVG, 300, 200, &e), 0);
	fputs("plot cos(x)\n", s.fp);
	assert_int_equal(plot_render(&s, &e), SV_OK);
	assert_int_equal(access(path, F_OK), 0);
	unlink(path);
	free(path);
	tu_rmdir(dir);
}

static void
a_chart_is_written_only_when_complete(void **state)
{
	(void)state;
	charts_are_written_only_when_complete(NULL);
}

static void
a_session_draws_chart_after_chart(void **state)
{
	plot_session ps = { 0 };
	char *dir = tu_mkdtemp(), *a = tu_path(dir, "a.svg"),
	    *b = tu_path(dir, "b.svg");
	plot_script s;
	sv_err e;
	int pid;

	(void)state;
	charts_are_written_only_when_complete(&ps);
	pid = ps.pid;
	/* a datablock and a title from one chart do not reach the next */
	assert_int_equal(plot_begin(&s, &ps, a, PLOT_SVG, 300, 200, &e), 0);
	fputs("$D << EOD\n1 2\n2 3\nEOD\nset title 'first'\nplot $D\n", s.fp);
	assert_int_equal(plot_render(&s, &e), SV_OK);
	assert_int_equal(plot_begin(&s, &ps, b, PLOT_SVG, 300, 200, &e), 0);
	fputs("plot $D\n", s.fp);
	assert_int_equal(plot_render(&s, &e), SV_SOFTWARE);
	assert_non_null(strstr(e.msg, "gnuplot failed to draw the chart (error"));
	assert_int_equal(plot_begin(&s, &ps, b, PLOT_SVG, 300, 200, &e), 0);
	fputs("plot x\n", s.fp);
	assert_int_equal(plot_render(&s, &e), SV_OK);
	assert_int_equal(access(a, F_OK), 0);
	assert_int_equal(access(b, F_OK), 0);
	assert_true(pid != 0);
	plot_session_end(&ps);
	assert_int_equal(ps.pid, 0);
	unlink(a);
	unlink(b);
	free(a);
	free(b);
	tu_rmdir(dir);
}

/* A file's bytes, read whole (NUL-terminated), or NULL. */
static char *
slurp(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	int c;

	if (!fp || !mem)
		return NULL;
	while ((c = getc(fp)) != EOF)
		putc(c, mem);
	fclose(fp);
	fclose(mem);
	return buf;
}

/* A chart with a phone version: both drawn, the phone's at its width,
 * its key's entries counted from the titles (one empty title is none),
 * its axis narrowed; a chart drawn alone has none; a failed phone
 * version takes the chart with it. */
static void
a_phone_version_is_drawn_beside_the_chart(void **state)
{
	plot_session ps = { 0 };
	char *dir = tu_mkdtemp(), *a = tu_path(dir, "a.svg"), phone[4200];
	char *svg, height[32];
	plot_script s;
	sv_err e;

	(void)state;
	if (!have_gnuplot()) {
		printf("SKIP: gnuplot not installed\n");
		skip();
	}
	plot_phone_path(a, phone, sizeof phone);
	assert_int_equal(plot_begin(&s, &ps, a, PLOT_SVG, 900, 400, &e), 0);
	fputs("$D << EOD\n1 2\n50 3\n100 4\nEOD\nset xrange [1:100]\nplot $D", s.fp);
	plot_title(&s, "first");
	fputs(", $D using 1:($2*2)", s.fp);
	plot_title(&s, "second");
	fputs(", $D using 1:($2*3)", s.fp);
	plot_title(&s, "");
	putc('\n', s.fp);
	assert_int_equal(s.legend, 2);
	plot_phone(&s, "set xrange [50:100]");
	assert_int_equal(plot_render(&s, &e), SV_OK);
	assert_non_null(svg = slurp(phone));
	snprintf(height, sizeof height, "height=\"%d\"", PLOT_PHONE_HEIGHT +
	    2 * PLOT_PHONE_LINE + 50);
	assert_non_null(strstr(svg, "width=\"330\""));
	assert_non_null(strstr(svg, height));
	assert_non_null(strstr(svg, "<text>second</text>"));
	assert_non_null(strstr(svg, "<text> 50</text>"));
	assert_null(strstr(svg, "<text> 40</text>"));   /* 1..49 not shown */
	free(svg);
	assert_non_null(svg = slurp(a));
	assert_non_null(strstr(svg, "width=\"900\""));
	free(svg);
	unlink(a);
	unlink(phone);
	/* a script that breaks in the phone version: neither is left */
	assert_int_equal(plot_begin(&s, &ps, a, PLOT_SVG, 900, 400, &e), 0);
	fputs("plot x\n", s.fp);
	plot_phone(&s, "set xrange [nonsense");
	assert_int_equal(plot_render(&s, &e), SV_SOFTWARE);
	assert_int_not_equal(access(a, F_OK), 0);
	assert_int_not_equal(access(phone, F_OK), 0);
	/* drawn alone (no session), a chart has no phone version */
	assert_int_equal(plot_begin(&s, NULL, a, PLOT_SVG, 900, 400, &e), 0);
	fputs("plot x\n", s.fp);
	plot_phone(&s, "set xrange [0:1]");
	assert_int_equal(plot_render(&s, &e), SV_OK);
	assert_int_equal(access(a, F_OK), 0);
	assert_int_not_equal(access(phone, F_OK), 0);
	plot_session_end(&ps);
	unlink(a);
	free(a);
	tu_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(strings_are_single_quoted_with_quotes_doubled),
		cmocka_unit_test(newlines_and_control_characters_become_spaces),
		cmocka_unit_test(a_chart_is_written_only_when_complete),
		cmocka_unit_test(a_session_draws_chart_after_chart),
		cmocka_unit_test(a_phone_version_is_drawn_beside_the_chart),
	};
	return cmocka_run_group_tests_name("plot", tests, NULL, NULL);
}
