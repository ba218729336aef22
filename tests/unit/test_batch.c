#include "testutil.h"

#include "../../ingest/batch.h"

/* The producer: n rows, row i's texts "i" and a long field. */
typedef struct source {
	int i, n, len;
	char text[256];
} source;

static int
produce(void *arg, batch *b, parsed *row)
{
	source *s = arg;
	int full = 0;
	char num[32];

	if (s->i == s->n)
		return 0;
	memset(row, 0, sizeof *row);
	row->line = s->i + 1;
	row->q = 0;
	snprintf(num, sizeof num, "%d", s->i);
	memset(s->text, 'a' + s->i % 26, (size_t)s->len);
	s->text[s->len] = '\0';
	row->raw = batch_copy(b, num, &full);
	row->why = batch_copy(b, s->text, &full);
	if (full < 0)
		return -SV_SOFTWARE;
	if (full)
		return BATCH_FULL;
	s->i++;
	return 1;
}

typedef struct sink {
	int seen, bad;
} sink;

static int
consume(void *arg, const parsed *rows, int n, sv_err *e)
{
	sink *k = arg;
	char num[32];

	(void)e;
	for (int i = 0; i < n; i++) {
		const parsed *row = &rows[i];
		snprintf(num, sizeof num, "%d", k->seen);
		/* every row whole, in order, its texts intact after the batch
		 * moved on */
		if (row->line != k->seen + 1 || strcmp(row->raw, num) != 0 ||
		    row->why[0] != 'a' + k->seen % 26)
			k->bad++;
		k->seen++;
	}
	return 0;
}

static void
rows_cross_tiny_batches_whole_and_in_order(void **state)
{
	source s = { 0, 1000, 20, "" };
	sink k = { 0, 0 };
	sv_err pe, e;

	(void)state;
	/* three rows, or fewer when their texts fill 64 bytes */
	batch_limits(3, 64);
	assert_int_equal(batch_run(produce, consume, &s, &k, &pe, &e), SV_OK);
	assert_int_equal(k.seen, 1000);
	assert_int_equal(k.bad, 0);
}

static void
a_row_larger_than_a_batch_is_an_error_not_a_move(void **state)
{
	source s = { 0, 10, 100, "" };
	sink k = { 0, 0 };
	sv_err pe, e;

	(void)state;
	batch_limits(3, 64);
	sv_errf(&pe, SV_SOFTWARE, "row too large");
	assert_int_not_equal(batch_run(produce, consume, &s, &k, &pe, &e), SV_OK);
	assert_int_equal(k.seen, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rows_cross_tiny_batches_whole_and_in_order),
		cmocka_unit_test(a_row_larger_than_a_batch_is_an_error_not_a_move),
	};
	return cmocka_run_group_tests_name("batch", tests, NULL, NULL);
}
