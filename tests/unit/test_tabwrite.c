#include "testutil.h"

#include "../../core/tabwrite.h"

static char *
run(const char *sql, tabwrite_opts o)
{
	sqlite3 *db;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	sv_err e;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(tabwrite_query(db, sql, &o, out, &e), SV_OK);
	fclose(out);
	sqlite3_close(db);
	return buf;
}

static const tabwrite_opts CSV = { 0, ',', 0, 0, NULL, NULL, NULL };
static const tabwrite_opts JSON = { 1, ',', 0, 0, NULL, NULL, NULL };

static void
csv_quotes_delimiters_quotes_and_newlines(void **state)
{
	char *s = run("SELECT 'a,b' AS x, 'say \"hi\"' AS y, 'l1\nl2' AS z", CSV);

	(void)state;
	assert_string_equal(s, "x,y,z\n\"a,b\",\"say \"\"hi\"\"\",\"l1\nl2\"\n");
	free(s);
}

static void
csv_defuses_text_that_a_spreadsheet_would_run(void **state)
{
	char *s = run("SELECT '=HYPERLINK(\"x\")' AS a, '+1' AS b, '-2' AS c, "
	    "'@SUM(A1)' AS d", CSV);

	(void)state;
	assert_string_equal(s, "a,b,c,d\n\"'=HYPERLINK(\"\"x\"\")\",\"'+1\","
	    "\"'-2\",\"'@SUM(A1)\"\n");
	free(s);
}

static void
csv_numbers_stay_numbers_even_negative(void **state)
{
	char *s = run("SELECT -3 AS n, -0.25 AS r, NULL AS missing", CSV);

	(void)state;
	assert_string_equal(s, "n,r,missing\n-3,-0.25,\n");
	free(s);
}

static void
excel_mode_uses_semicolons_a_bom_and_a_decimal_comma(void **state)
{
	tabwrite_opts o = { 0, ';', 1, 1, NULL, NULL, NULL };
	char *s = run("SELECT 'a;b' AS x, 1.5 AS y, 3 AS z, '1.5' AS t", o);

	(void)state;
	/* a number takes the comma; a text that looks like one stays text */
	assert_string_equal(s, "\xEF\xBB\xBFx;y;z;t\n\"a;b\";1,5;3;1.5\n");
	free(s);
}

static void
json_escapes_quotes_controls_and_script_tags(void **state)
{
	char *s = run("SELECT '</script>\"\\' || char(10) || char(1) AS x, 2 AS n, "
	    "NULL AS z", JSON);

	(void)state;
	assert_string_equal(s, "[\n{\"x\":\"\\u003c/script>\\\"\\\\\\n\\u0001\","
	    "\"n\":2,\"z\":null}\n]\n");
	free(s);
}

static void
numbers_in_plain_notation_read_back_exactly(void **state)
{
	/* never an exponent, the shortest digits that read back, no -0; what
	 * is no finite number is nothing (null in JSON) */
	char *s = run("SELECT 1.5e-7 AS a, 4.84181776079767e-05 AS b, "
	    "-2.5e-9 AS c, 1e15 AS d, 1e17 AS e, -(0.0) AS f, 0.1 AS g, "
	    "1e308 * 10 AS h, 1e23 AS i, -1.5e20 AS j", CSV);
	char *j = run("SELECT 1e308 * 10 AS h, -1e308 * 10 AS i", JSON);

	(void)state;
	assert_string_equal(s, "a,b,c,d,e,f,g,h,i,j\n0.00000015,"
	    "0.0000484181776079767,-0.0000000025,1000000000000000,"
	    "100000000000000000,0,0.1,,100000000000000000000000,"
	    "-150000000000000000000\n");
	assert_string_equal(j, "[\n{\"h\":null,\"i\":null}\n]\n");
	free(s);
	free(j);
}

static void
json_of_no_rows_is_an_empty_array(void **state)
{
	char *s = run("SELECT 1 AS x WHERE 0", JSON);

	(void)state;
	assert_string_equal(s, "[]\n");
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_quotes_delimiters_quotes_and_newlines),
		cmocka_unit_test(csv_defuses_text_that_a_spreadsheet_would_run),
		cmocka_unit_test(csv_numbers_stay_numbers_even_negative),
		cmocka_unit_test(excel_mode_uses_semicolons_a_bom_and_a_decimal_comma),
		cmocka_unit_test(json_escapes_quotes_controls_and_script_tags),
		cmocka_unit_test(json_of_no_rows_is_an_empty_array),
		cmocka_unit_test(numbers_in_plain_notation_read_back_exactly),
	};
	return cmocka_run_group_tests_name("tabwrite", tests, NULL, NULL);
}
