#include "testutil.h"

#include "../../ingest/sniff.h"

static sniff_result
sniff_text(const char *content)
{
	char *dir = tu_mkdtemp(), *path;
	sniff_result r;
	sv_err e;

	tu_write(dir, "x.csv", content);
	path = tu_path(dir, "x.csv");
	assert_int_equal(sniff_file(path, &r, &e), SV_OK);
	free(path);
	tu_rmdir(dir);
	return r;
}

static void
delimiter_is_the_most_used_outside_quotes(void **state)
{
	(void)state;
	assert_int_equal(sniff_delimiter("a;b;c\n"), ';');
	assert_int_equal(sniff_delimiter("a,b,c\n"), ',');
	assert_int_equal(sniff_delimiter("a\tb\tc\n"), '\t');
	assert_int_equal(sniff_delimiter("a|b|c\n"), '|');
	assert_int_equal(sniff_delimiter("\"x,y,z\";b;c\n"), ';');
	assert_int_equal(sniff_delimiter("single\n"), ',');
}

static void
plain_utf8_and_bom_are_recognised(void **state)
{
	(void)state;
	assert_int_equal(sniff_text("a;b\nVol à la tire;1\n").d.encoding, ENC_UTF8);
	assert_int_equal(sniff_text("\xEF\xBB\xBF" "a;b\n1;2\n").d.encoding, ENC_UTF8_BOM);
	assert_int_equal(sniff_text("a,b\n1,2\n").d.encoding, ENC_UTF8);
}

static void
windows_1252_is_recognised(void **state)
{
	(void)state;
	assert_int_equal(sniff_text("a;b\nVol \xe0 la tire;1\nCaf\xe9;2\n").d.encoding,
	    ENC_CP1252);
}

static void
utf8_with_a_few_broken_lines_stays_utf8(void **state)
{
	char text[8192] = "a;b\n";

	(void)state;
	for (int i = 0; i < 40; i++)
		strcat(text, "Vol à la tire;1\n");
	strcat(text, "Caf\xe9;2\n");
	assert_int_equal(sniff_text(text).d.encoding, ENC_UTF8);
}

static void
file_hash_is_the_sha256_of_its_bytes(void **state)
{
	sniff_result r = sniff_text("abc");

	(void)state;
	assert_string_equal(r.sha256,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_int_equal(r.bytes, 3);
}

static void
encoding_names_include_latin1_as_windows_1252(void **state)
{
	(void)state;
	assert_int_equal(sniff_encoding_by_name("Latin-1"), ENC_CP1252);
	assert_int_equal(sniff_encoding_by_name("windows-1252"), ENC_CP1252);
	assert_int_equal(sniff_encoding_by_name("UTF-8"), ENC_UTF8);
	assert_int_equal(sniff_encoding_by_name("ebcdic"), -1);
}

static void
missing_file_is_noinput(void **state)
{
	sniff_result r;
	sv_err e;

	(void)state;
	assert_int_equal(sniff_file("/nonexistent.csv", &r, &e), SV_NOINPUT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(delimiter_is_the_most_used_outside_quotes),
		cmocka_unit_test(plain_utf8_and_bom_are_recognised),
		cmocka_unit_test(windows_1252_is_recognised),
		cmocka_unit_test(utf8_with_a_few_broken_lines_stays_utf8),
		cmocka_unit_test(file_hash_is_the_sha256_of_its_bytes),
		cmocka_unit_test(encoding_names_include_latin1_as_windows_1252),
		cmocka_unit_test(missing_file_is_noinput),
	};
	return cmocka_run_group_tests_name("sniff", tests, NULL, NULL);
}
