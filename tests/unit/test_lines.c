#include "testutil.h"

#include "../../ingest/lines.h"

/* Files of many short lines, so that lines cross the 64 KiB buffer at
 * every offset, each split by lines and by the plainest reading of the
 * rule (a line ends at LF, CRLF or a lone CR), byte by byte. */

/* The i-th line's text: a few to a few dozen bytes, one in seven empty. */
static int
text_of(int i, char *out)
{
	int n = i % 7 == 3 ? 0 : 1 + (i * 37) % 41;

	for (int k = 0; k < n; k++)
		out[k] = (char)('a' + (i + k) % 26);
	return n;
}

/* The file: line i ends as ends[i % nends] says ("\n", "\r\n", "\r"). */
static char *
make(int lines, const char *const *ends, int nends, size_t *len)
{
	char *s = malloc((size_t)lines * 48 + 1), t[48];
	size_t o = 0;

	assert_non_null(s);
	for (int i = 0; i < lines; i++) {
		int n = text_of(i, t);
		memcpy(s + o, t, (size_t)n);
		o += (size_t)n;
		memcpy(s + o, ends[i % nends], strlen(ends[i % nends]));
		o += strlen(ends[i % nends]);
	}
	s[o] = '\0';
	*len = o;
	return s;
}

static void
split_matches(const char *const *ends, int nends)
{
	enum { LINES = 20000 };
	char *dir = tu_mkdtemp(), *path, t[48];
	size_t len;
	char *content = make(LINES, ends, nends, &len);
	lines l;
	int i = 0, rc;

	tu_write(dir, "x.csv", content);
	path = tu_path(dir, "x.csv");
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	lines_init(&l, fp, 1024, NULL);
	while ((rc = lines_next(&l)) == 1) {
		int n = text_of(i, t);
		assert_int_equal(l.len, n);
		assert_memory_equal(l.line, t, (size_t)n);
		i++;
	}
	assert_int_equal(rc, 0);
	assert_int_equal(i, LINES);
	assert_int_equal(lines_tell(&l), (off_t)len);
	lines_free(&l);
	fclose(fp);
	free(path);
	free(content);
	tu_rmdir(dir);
}

static void
lf_lines_cross_the_buffer(void **state)
{
	static const char *const ends[] = { "\n" };
	(void)state;
	split_matches(ends, 1);
}

static void
lone_cr_lines_cross_the_buffer(void **state)
{
	static const char *const ends[] = { "\r" };
	(void)state;
	split_matches(ends, 1);
}

static void
crlf_lines_cross_the_buffer(void **state)
{
	static const char *const ends[] = { "\r\n" };
	(void)state;
	split_matches(ends, 1);
}

static void
mixed_ends_cross_the_buffer(void **state)
{
	static const char *const ends[] = { "\n", "\r", "\r\n", "\r", "\n", "\n",
	    "\r\n" };
	(void)state;
	split_matches(ends, 7);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lf_lines_cross_the_buffer),
		cmocka_unit_test(lone_cr_lines_cross_the_buffer),
		cmocka_unit_test(crlf_lines_cross_the_buffer),
		cmocka_unit_test(mixed_ends_cross_the_buffer),
	};
	return cmocka_run_group_tests_name("lines", tests, NULL, NULL);
}
