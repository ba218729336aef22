#include "testutil.h"

#include "../../core/text.h"

static const char *
key(const char *s)
{
	static char buf[256];

	text_key(s, buf, sizeof buf);
	return buf;
}

static void
key_ignores_case_spaces_underscores_and_hyphens(void **state)
{
	(void)state;
	assert_string_equal(key("Date_Faits"), "datefaits");
	assert_string_equal(key("date faits"), "datefaits");
	assert_string_equal(key("DATE-FAITS"), "datefaits");
}

static void
key_folds_french_accents_and_ligatures(void **state)
{
	(void)state;
	assert_string_equal(key("Phénomène"), "phenomene");
	assert_string_equal(key("VOL À L'ÉTALAGE"), "volaletalage");
	assert_string_equal(key("mœurs"), "moeurs");
	assert_string_equal(key("Sexe victime (féminin)"), "sexevictimefeminin");
	assert_string_equal(key("vol à l\u2019étalage"), "volaletalage");
}

static void
key_matches_commune_spellings(void **state)
{
	(void)state;
	assert_string_equal(key("Molenbeek-Saint-Jean"), key("molenbeek saint jean"));
	assert_string_equal(key("Sint-Joost-ten-Node"), "sintjoosttennode");
}

static void
key_keeps_other_scripts_distinct(void **state)
{
	(void)state;
	{
	char accented[256];

	assert_string_equal(key("Αθήνα"), "Αθήνα");
	snprintf(accented, sizeof accented, "%s", key("Αθήνα"));
	assert_string_not_equal(accented, key("Αθηνα"));
	}
}

static void
key_is_cut_to_the_buffer(void **state)
{
	char small[5];

	(void)state;
	assert_int_equal(text_key("abcdefgh", small, sizeof small), 4);
	assert_string_equal(small, "abcd");
}

static void
utf8_validation_accepts_well_formed(void **state)
{
	(void)state;
	assert_true(text_utf8_valid("abc", 3));
	assert_true(text_utf8_valid("é€😀", strlen("é€😀")));
	assert_true(text_utf8_valid("", 0));
}

/* The ASCII run is skipped eight bytes at a time: a byte above 0x7F at
 * every offset of a long line, and at its end, is found. */
static void
ascii_span_and_validation_see_a_byte_at_any_offset(void **state)
{
	char s[40];

	(void)state;
	memset(s, 'a', sizeof s);
	assert_int_equal(text_ascii_span(s, sizeof s), sizeof s);
	assert_int_equal(text_ascii_span(s, 0), 0);
	for (size_t at = 0; at < sizeof s; at++) {
		memset(s, 'a', sizeof s);
		s[at] = (char)0xe9;                            /* cp1252 é */
		assert_int_equal(text_ascii_span(s, sizeof s), at);
		assert_int_equal(text_ascii_span(s, at), at);
		assert_false(text_utf8_valid(s, sizeof s));
		if (at + 1 < sizeof s) {
			s[at] = (char)0xc3, s[at + 1] = (char)0xa9;    /* UTF-8 é */
			assert_true(text_utf8_valid(s, sizeof s));
			assert_false(text_utf8_valid(s, at + 1));  /* cut in two */
		}
	}
}

static void
utf8_validation_rejects_cp1252_overlongs_and_surrogates(void **state)
{
	(void)state;
	assert_false(text_utf8_valid("caf\xe9", 4));         /* cp1252 é */
	assert_false(text_utf8_valid("\xc0\xaf", 2));        /* overlong '/' */
	assert_false(text_utf8_valid("\xed\xa0\x80", 3));    /* surrogate */
	assert_false(text_utf8_valid("\xe2\x82", 2));        /* truncated € */
	assert_false(text_utf8_valid("\xf4\x90\x80\x80", 4)); /* > U+10FFFF */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(key_ignores_case_spaces_underscores_and_hyphens),
		cmocka_unit_test(key_folds_french_accents_and_ligatures),
		cmocka_unit_test(key_matches_commune_spellings),
		cmocka_unit_test(key_keeps_other_scripts_distinct),
		cmocka_unit_test(key_is_cut_to_the_buffer),
		cmocka_unit_test(utf8_validation_accepts_well_formed),
		cmocka_unit_test(ascii_span_and_validation_see_a_byte_at_any_offset),
		cmocka_unit_test(utf8_validation_rejects_cp1252_overlongs_and_surrogates),
	};
	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
