#include "testutil.h"

#include "../../core/msg.h"

/* The conversions of a format, in order: "s" for each %s; anything else
 * (%d, a lone %) is reported as "?". */
static void
conversions(const char *f, char *out, size_t n)
{
	size_t o = 0;

	for (; *f && o + 2 < n; f++) {
		if (*f != '%')
			continue;
		if (f[1] == '%') {
			f++;
			continue;
		}
		out[o++] = f[1] == 's' ? 's' : '?';
		if (f[1])
			f++;
	}
	out[o] = '\0';
}

static void
every_language_takes_the_same_arguments(void **state)
{
	size_t n;
	const msg_entry *m = msg_table(&n);
	char fr[32], nl[32], en[32];

	(void)state;
	assert_true(n > 100);
	for (size_t i = 0; i < n; i++) {
		conversions(m[i].fr, fr, sizeof fr);
		conversions(m[i].nl, nl, sizeof nl);
		conversions(m[i].en, en, sizeof en);
		if (strchr(fr, '?') || strcmp(fr, nl) || strcmp(fr, en))
			fail_msg("message %s: conversions fr '%s' nl '%s' en '%s'",
			    m[i].key, fr, nl, en);
	}
}

static void
keys_are_unique_and_dutch_is_not_french(void **state)
{
	size_t n;
	const msg_entry *m = msg_table(&n);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		for (size_t j = i + 1; j < n; j++)
			if (!strcmp(m[i].key, m[j].key))
				fail_msg("message %s twice", m[i].key);
		/* a sentence the same in both languages was not translated */
		if (strlen(m[i].fr) > 20 && !strcmp(m[i].fr, m[i].nl))
			fail_msg("message %s: the Dutch is the French", m[i].key);
	}
}

static void
a_missing_key_shows_itself(void **state)
{
	(void)state;
	assert_string_equal(msg("nl", "no_such_key"), "no_such_key");
	assert_string_equal(msg("nl", "h2_method"), "Methode");
	assert_string_equal(msg("de", "h2_method"), "Method");
	assert_true(msg_lang_known("fr") && !msg_lang_known("de"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_language_takes_the_same_arguments),
		cmocka_unit_test(keys_are_unique_and_dutch_is_not_french),
		cmocka_unit_test(a_missing_key_shows_itself),
	};
	return cmocka_run_group_tests_name("msg", tests, NULL, NULL);
}
