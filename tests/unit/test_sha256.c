#include "testutil.h"

#include <stdint.h>
#include <stdlib.h>

#include "../../core/sha256.h"

static const char *
hex_of(const char *s, size_t chunk)
{
	static char hex[65];
	sha256 h;
	size_t n = strlen(s);

	sha256_init(&h);
	for (size_t i = 0; i < n; i += chunk)
		sha256_update(&h, s + i, n - i < chunk ? n - i : chunk);
	sha256_hex(&h, hex);
	return hex;
}

static void
matches_the_fips_180_test_vectors(void **state)
{
	(void)state;
	assert_string_equal(hex_of("", 1),
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	assert_string_equal(hex_of("abc", 64),
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_string_equal(hex_of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 64),
	    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void
chunking_does_not_change_the_hash(void **state)
{
	const char *s = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
	    "and some more bytes to cross a block boundary twice over, at least";
	char whole[65];

	(void)state;
	strcpy(whole, hex_of(s, 4096));
	for (size_t c = 1; c < 70; c += 7)
		assert_string_equal(hex_of(s, c), whole);
}

/* The portable code and the x86 SHA instructions (where the machine has
 * them) agree on every length up to a few blocks and on a large input,
 * and the FIPS vectors hold with the portable code too. */
static void
portable_and_x86_blocks_agree(void **state)
{
	static unsigned char buf[70000];
	char a[65], b[65];
	uint32_t x = 12345;
	sha256 h;

	(void)state;
	for (size_t i = 0; i < sizeof buf; i++)
		buf[i] = (unsigned char)((x = x * 1103515245 + 12345) >> 16);
	for (size_t n = 0; n <= sizeof buf; n = n < 300 ? n + 1 : n * 3 + 7) {
		for (int c = 0; c < 2; c++) {
			if (c)
				setenv("SUIVI_SHA256_C", "1", 1);
			sha256_init(&h);
			sha256_update(&h, buf, n);
			sha256_hex(&h, c ? b : a);
			unsetenv("SUIVI_SHA256_C");
		}
		assert_string_equal(a, b);
	}
	setenv("SUIVI_SHA256_C", "1", 1);
	matches_the_fips_180_test_vectors(state);
	unsetenv("SUIVI_SHA256_C");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(matches_the_fips_180_test_vectors),
		cmocka_unit_test(chunking_does_not_change_the_hash),
		cmocka_unit_test(portable_and_x86_blocks_agree),
	};
	return cmocka_run_group_tests_name("sha256", tests, NULL, NULL);
}
