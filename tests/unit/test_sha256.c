#include "testutil.h"

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(matches_the_fips_180_test_vectors),
		cmocka_unit_test(chunking_does_not_change_the_hash),
	};
	return cmocka_run_group_tests_name("sha256", tests, NULL, NULL);
}
