#include "testutil.h"

#include "../../ingest/records.h"

typedef struct reader {
	char *dir;
	records *rs;
	record rec;
} reader;

static void
open_text(reader *r, const char *content, enum encoding enc, char delim)
{
	char *path;
	sv_err e;
	dialect d = { enc, delim, 0 };      /* records check UTF-8 themselves */

	r->dir = tu_mkdtemp();
	tu_write(r->dir, "x.csv", content);
	path = tu_path(r->dir, "x.csv");
	assert_int_equal(records_open(path, d, &r->rs, &e), SV_OK);
	free(path);
}

static int
next(reader *r)
{
	sv_err e;

	return records_next(r->rs, &r->rec, &e);
}

static void
done(reader *r)
{
	records_close(r->rs);
	tu_rmdir(r->dir);
}

static void
fields_are_split_trimmed_and_numbered_by_line(void **state)
{
	reader r;

	(void)state;
	open_text(&r, "a;b;c\r\n\r\n x ; \"y;z\" ;\r\n", ENC_UTF8, ';');
	assert_int_equal(next(&r), 1);
	assert_int_equal(r.rec.line, 1);
	assert_int_equal(r.rec.nfields, 3);
	assert_int_equal(next(&r), 1);
	assert_int_equal(r.rec.line, 3);
	assert_int_equal(r.rec.status, REC_OK);
	assert_int_equal(r.rec.nfields, 3);
	assert_string_equal(r.rec.fields[0], "x");
	assert_string_equal(r.rec.fields[1], "y;z");
	assert_string_equal(r.rec.fields[2], "");
	assert_int_equal(next(&r), 0);
	done(&r);
}

static void
quoted_newlines_make_one_record(void **state)
{
	reader r;

	(void)state;
	open_text(&r, "a,b\n\"two\nlines\",\"say \"\"hi\"\"\"\nnext,1\n", ENC_UTF8, ',');
	next(&r);
	assert_int_equal(next(&r), 1);
	assert_int_equal(r.rec.line, 2);
	assert_string_equal(r.rec.fields[0], "two\nlines");
	assert_string_equal(r.rec.fields[1], "say \"hi\"");
	assert_int_equal(next(&r), 1);
	assert_int_equal(r.rec.line, 4);
	assert_string_equal(r.rec.fields[0], "next");
	done(&r);
}

static void
an_unbalanced_quote_breaks_one_line_only(void **state)
{
	char text[4096] = "a,b\n1,\"open\n";
	reader r;

	(void)state;
	for (int i = 0; i < RECORDS_MAX_LINES + 5; i++)
		strcat(text, "x,y\n");
	open_text(&r, text, ENC_UTF8, ',');
	next(&r);
	assert_int_equal(next(&r), 1);
	assert_int_equal(r.rec.status, REC_UNBALANCED_QUOTE);
	assert_int_equal(r.rec.line, 2);
	assert_string_equal(r.rec.raw, "1,\"open");
	assert_int_equal(next(&r), 1);
	assert_int_equal(r.rec.status, REC_OK);
	assert_int_equal(r.rec.line, 3);
	assert_string_equal(r.rec.fields[0], "x");
	done(&r);
}

static void
an_unbalanced_quote_on_the_last_line_is_broken_too(void **state)
{
	reader r;

	(void)state;
	open_text(&r, "a,b\n1,\"open\n", ENC_UTF8, ',');
	next(&r);
	assert_int_equal(next(&r), 1);
	assert_int_equal(r.rec.status, REC_UNBALANCED_QUOTE);
	assert_int_equal(next(&r), 0);
	done(&r);
}

static void
a_quote_inside_a_field_is_malformed(void **state)
{
	reader r;

	(void)state;
	open_text(&r, "a,b\nab\"c\"d,1\nok,2\n", ENC_UTF8, ',');
	next(&r);
	assert_int_equal(next(&r), 1);
	assert_int_equal(r.rec.status, REC_MALFORMED);
	assert_int_equal(next(&r), 1);
	assert_int_equal(r.rec.status, REC_OK);
	assert_string_equal(r.rec.fields[0], "ok");
	done(&r);
}

static void
windows_1252_is_decoded_to_utf8(void **state)
{
	reader r;

	(void)state;
	open_text(&r, "a;b\nVol \xe0 la tire;\x80\n", ENC_CP1252, ';');
	next(&r);
	assert_int_equal(next(&r), 1);
	assert_string_equal(r.rec.fields[0], "Vol à la tire");
	assert_string_equal(r.rec.fields[1], "€");
	done(&r);
}

static void
bytes_invalid_in_the_encoding_are_shown_not_mangled(void **state)
{
	reader r;

	(void)state;
	open_text(&r, "a;b\nCaf\xe9;é\nok;1\n", ENC_UTF8, ';');
	next(&r);
	assert_int_equal(next(&r), 1);
	assert_int_equal(r.rec.status, REC_BAD_ENCODING);
	assert_string_equal(r.rec.raw, "Caf\\xE9;é");
	assert_int_equal(next(&r), 1);
	assert_int_equal(r.rec.status, REC_OK);
	done(&r);
}

static void
undefined_windows_1252_bytes_are_bad_encoding(void **state)
{
	reader r;

	(void)state;
	open_text(&r, "a;b\nx\x81y;1\n", ENC_CP1252, ';');
	next(&r);
	assert_int_equal(next(&r), 1);
	assert_int_equal(r.rec.status, REC_BAD_ENCODING);
	assert_string_equal(r.rec.raw, "x\\x81y;1");
	done(&r);
}

static void
tab_delimited_empty_fields_are_kept(void **state)
{
	reader r;

	(void)state;
	open_text(&r, "\xEF\xBB\xBF" "a\tb\tc\n1\t\t3\n", ENC_UTF8_BOM, '\t');
	assert_int_equal(next(&r), 1);
	assert_string_equal(r.rec.fields[0], "a");      /* BOM dropped */
	assert_int_equal(next(&r), 1);
	assert_int_equal(r.rec.nfields, 3);
	assert_string_equal(r.rec.fields[1], "");
	assert_string_equal(r.rec.fields[2], "3");
	done(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fields_are_split_trimmed_and_numbered_by_line),
		cmocka_unit_test(quoted_newlines_make_one_record),
		cmocka_unit_test(an_unbalanced_quote_breaks_one_line_only),
		cmocka_unit_test(an_unbalanced_quote_on_the_last_line_is_broken_too),
		cmocka_unit_test(a_quote_inside_a_field_is_malformed),
		cmocka_unit_test(windows_1252_is_decoded_to_utf8),
		cmocka_unit_test(bytes_invalid_in_the_encoding_are_shown_not_mangled),
		cmocka_unit_test(undefined_windows_1252_bytes_are_bad_encoding),
		cmocka_unit_test(tab_delimited_empty_fields_are_kept),
	};
	return cmocka_run_group_tests_name("records", tests, NULL, NULL);
}
