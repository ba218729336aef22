#include "testutil.h"

#include "../../aggregate/relay.h"

/* A maker of the numbers 0 .. n - 1, failing at `fail` if it is set. */
typedef struct counter {
	long next, n, fail;
} counter;

static int
make(void *ctx, void *rec, sv_err *e)
{
	counter *c = ctx;

	if (c->fail >= 0 && c->next == c->fail)
		return sv_errf(e, SV_DATAERR, "made up to %ld", c->next);
	if (c->next == c->n)
		return 0;
	*(long *)rec = c->next++;
	return 1;
}

/* A user checking the order, stopping at `fail` if it is set. */
typedef struct user {
	long seen, fail;
	int out_of_order;
} user;

static int
use(void *ctx, const void *rec, sv_err *e)
{
	user *u = ctx;
	long v = *(const long *)rec;

	if (u->fail >= 0 && v == u->fail)
		return sv_errf(e, SV_SOFTWARE, "used up to %ld", v);
	u->out_of_order |= v != u->seen;
	u->seen++;
	return SV_OK;
}

static void
every_record_arrives_in_order(void **state)
{
	/* none, fewer than a batch, exactly batches, and many rounds of the
	 * ring */
	static const long sizes[] = { 0, 1, 4095, 4096, 4097, 16384, 100001 };
	sv_err e;

	(void)state;
	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		counter c = { 0, sizes[i], -1 };
		user u = { 0, -1, 0 };
		assert_int_equal(relay_run(sizeof(long), make, use, &c, &u, &e),
		    SV_OK);
		assert_int_equal(u.seen, sizes[i]);
		assert_false(u.out_of_order);
	}
}

static void
the_makers_failure_ends_the_run_with_its_message(void **state)
{
	counter c = { 0, 50000, 20000 };
	user u = { 0, -1, 0 };
	sv_err e;

	(void)state;
	assert_int_equal(relay_run(sizeof(long), make, use, &c, &u, &e),
	    SV_DATAERR);
	assert_string_equal(e.msg, "made up to 20000");
	assert_int_equal(u.seen, 20000);        /* what was made is used */
}

static void
the_users_failure_stops_the_maker(void **state)
{
	counter c = { 0, 10000000, -1 };
	user u = { 0, 5000, 0 };
	sv_err e;

	(void)state;
	assert_int_equal(relay_run(sizeof(long), make, use, &c, &u, &e),
	    SV_SOFTWARE);
	assert_string_equal(e.msg, "used up to 5000");
	assert_true(c.next < 10000000);         /* it did not make them all */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_record_arrives_in_order),
		cmocka_unit_test(the_makers_failure_ends_the_run_with_its_message),
		cmocka_unit_test(the_users_failure_stops_the_maker),
	};
	return cmocka_run_group_tests_name("relay", tests, NULL, NULL);
}
