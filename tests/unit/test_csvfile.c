#include "testutil.h"

#include "../../core/csvfile.h"

static csvfile *
open_text(char **dir, const char *content, sv_err *e, int *rc)
{
	csvfile *f = NULL;
	char *path;

	*dir = tu_mkdtemp();
	tu_write(*dir, "t.csv", content);
	path = tu_path(*dir, "t.csv");
	*rc = csvfile_open(path, &f, e);
	free(path);
	return f;
}

static void
reads_quoted_fields_with_commas_quotes_and_newlines(void **state)
{
	char *dir;
	sv_err e;
	int rc;
	csvfile *f = open_text(&dir, "a,b\n\"x, y\",\"say \"\"hi\"\"\"\n"
	    "\"two\nlines\",z\n", &e, &rc);

	(void)state;
	assert_int_equal(rc, SV_OK);
	assert_true(csvfile_next(f));
	assert_string_equal(csvfile_get(f, "a"), "x, y");
	assert_string_equal(csvfile_get(f, "b"), "say \"hi\"");
	assert_true(csvfile_next(f));
	assert_string_equal(csvfile_get(f, "a"), "two\nlines");
	assert_int_equal(csvfile_line(f), 3);
	assert_false(csvfile_next(f));
	csvfile_close(f);
	tu_rmdir(dir);
}

static void
records_know_their_line_and_blank_lines_are_skipped(void **state)
{
	char *dir;
	sv_err e;
	int rc;
	csvfile *f = open_text(&dir, "\xEF\xBB\xBFk,v\r\n1,a\r\n\r\n\r\n2,b\r\n",
	    &e, &rc);

	(void)state;
	assert_int_equal(rc, SV_OK);
	assert_int_equal(csvfile_column(f, "k"), 0);   /* BOM skipped */
	assert_true(csvfile_next(f));
	assert_int_equal(csvfile_line(f), 2);
	assert_true(csvfile_next(f));
	assert_int_equal(csvfile_line(f), 5);
	assert_string_equal(csvfile_get(f, "v"), "b");
	assert_false(csvfile_next(f));
	csvfile_close(f);
	tu_rmdir(dir);
}

static void
short_record_gives_empty_fields(void **state)
{
	char *dir;
	sv_err e;
	int rc;
	csvfile *f = open_text(&dir, "a,b,c\n1\n", &e, &rc);

	(void)state;
	assert_int_equal(rc, SV_OK);
	assert_true(csvfile_next(f));
	assert_string_equal(csvfile_get(f, "c"), "");
	assert_string_equal(csvfile_get(f, "nope"), "");
	csvfile_close(f);
	tu_rmdir(dir);
}

static void
invalid_utf8_is_refused_with_its_line(void **state)
{
	char *dir;
	sv_err e;
	int rc;
	csvfile *f = open_text(&dir, "a\nok\ncaf\xe9\n", &e, &rc);

	(void)state;
	assert_null(f);
	assert_int_equal(rc, SV_DATAERR);
	assert_non_null(strstr(e.msg, "t.csv:3: not valid UTF-8"));
	tu_rmdir(dir);
}

static void
unbalanced_quote_is_refused_with_a_line(void **state)
{
	char *dir;
	sv_err e;
	int rc;
	csvfile *f = open_text(&dir, "a,b\n1,2\n3,\"oops\n4,5\n", &e, &rc);

	(void)state;
	assert_null(f);
	assert_int_equal(rc, SV_DATAERR);
	assert_non_null(strstr(e.msg, "malformed CSV"));
	tu_rmdir(dir);
}

static void
missing_file_is_noinput(void **state)
{
	csvfile *f;
	sv_err e;

	(void)state;
	assert_int_equal(csvfile_open("/nonexistent/x.csv", &f, &e), SV_NOINPUT);
	assert_non_null(strstr(e.msg, "/nonexistent/x.csv: cannot open"));
}

static void
require_names_the_missing_column(void **state)
{
	static const char *const need[] = { "a", "zone", NULL };
	char *dir;
	sv_err e;
	int rc;
	csvfile *f = open_text(&dir, "a,b\n", &e, &rc);

	(void)state;
	assert_int_equal(csvfile_require(f, need, &e), SV_DATAERR);
	assert_non_null(strstr(e.msg, "t.csv:1: the header has no column 'zone'"));
	csvfile_close(f);
	tu_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_quoted_fields_with_commas_quotes_and_newlines),
		cmocka_unit_test(records_know_their_line_and_blank_lines_are_skipped),
		cmocka_unit_test(short_record_gives_empty_fields),
		cmocka_unit_test(invalid_utf8_is_refused_with_its_line),
		cmocka_unit_test(unbalanced_quote_is_refused_with_a_line),
		cmocka_unit_test(missing_file_is_noinput),
		cmocka_unit_test(require_names_the_missing_column),
	};
	return cmocka_run_group_tests_name("csvfile", tests, NULL, NULL);
}
