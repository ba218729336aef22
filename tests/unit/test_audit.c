#include "testutil.h"

#include <math.h>

#include "../../reports/audit.h"

static const char *const pq[] = { "p", "q" }, *const p[] = { "p" },
    *const q[] = { "q" };

static void
add(audit *a, const char *key, int from, int to, const char *const *phen,
    int n, unsigned vs, double v, enum audit_class cls)
{
	audit_spec s = { key, from, to, phen, n, vs, AUDIT_ANY, v, cls, 0 };
	sv_err e;

	assert_int_equal(audit_add(a, &s, &e), SV_OK);
}

static void
interval(const audit *a, const char *key, double *lo, double *hi)
{
	for (size_t i = 0; i < audit_size(a); i++) {
		enum audit_state st;
		double n;
		if (!strcmp(audit_at(a, i, &st, &n, lo, hi), key))
			return;
	}
	fail_msg("no figure %s", key);
}

/* A total never hidden, a small part and a large one: the large part goes,
 * and a reader knows only that the small one is between 0 and the total. */
static void
a_small_part_takes_its_sibling_and_not_the_total(void **state)
{
	audit *a = audit_new(5);
	double lo, hi;
	sv_err e;

	(void)state;
	add(a, "total", 202601, 202601, pq, 2, AUDIT_ANY, 10, AUDIT_KEEP);
	add(a, "p", 202601, 202601, p, 1, AUDIT_ANY, 3, AUDIT_LINE);
	add(a, "q", 202601, 202601, q, 1, AUDIT_ANY, 7, AUDIT_LINE);
	assert_int_equal(audit_protect(a, &e), SV_OK);
	assert_int_equal(audit_state(a, "p"), AUDIT_SMALL);
	assert_int_equal(audit_state(a, "q"), AUDIT_COMPLEMENT);
	assert_int_equal(audit_state(a, "total"), AUDIT_SHOWN);
	interval(a, "p", &lo, &hi);
	assert_true(fabs(lo) < 1e-9 && fabs(hi - 10) < 1e-9);
	assert_int_equal(audit_result(a)->small, 1);
	assert_int_equal(audit_result(a)->complement, 1);
	audit_free(a);
}

/* The share chart's base links sexes: women + men + X is shown, so hiding
 * X takes the cheapest class first (the share's month, not the men's). */
static void
the_cheapest_class_goes_first(void **state)
{
	audit *a = audit_new(5);
	sv_err e;

	(void)state;
	add(a, "F", 202601, 202601, p, 1, 1u << 1, 300, AUDIT_LINE);
	add(a, "M", 202601, 202601, p, 1, 1u << 2, 60, AUDIT_LINE);
	add(a, "X", 202601, 202601, p, 1, 1u << 3, 2, AUDIT_LINE);
	add(a, "base", 202601, 202601, p, 1, 1u << 1 | 1u << 2 | 1u << 3, 362,
	    AUDIT_SHARE);
	assert_int_equal(audit_protect(a, &e), SV_OK);
	assert_int_equal(audit_state(a, "base"), AUDIT_COMPLEMENT);
	assert_int_equal(audit_state(a, "M"), AUDIT_SHOWN);
	assert_int_equal(audit_state(a, "F"), AUDIT_SHOWN);
	audit_free(a);
}

/* A month whose line is hidden is still the year's sum less the other
 * months: another month goes too (one is enough), and the year stays. */
static void
a_month_pinned_by_its_year_takes_another_month(void **state)
{
	audit *a = audit_new(5);
	double lo, hi;
	char key[32];
	sv_err e;

	(void)state;
	add(a, "year", 202601, 202612, p, 1, AUDIT_ANY, 12 * 40 + 3 - 40,
	    AUDIT_TABLE);
	for (int m = 1; m <= 12; m++) {
		snprintf(key, sizeof key, "m%02d", m);
		add(a, key, 202600 + m, 202600 + m, p, 1, AUDIT_ANY, m == 5 ? 3 : 40,
		    AUDIT_LINE);
	}
	assert_int_equal(audit_protect(a, &e), SV_OK);
	interval(a, "m05", &lo, &hi);
	assert_true(lo < 1e-9 && hi >= 5);
	assert_int_equal(audit_result(a)->complement, 1);
	assert_int_equal(audit_state(a, "m01"), AUDIT_COMPLEMENT);
	assert_int_equal(audit_state(a, "year"), AUDIT_SHOWN);
	audit_free(a);
}

/* A "<5" tells a reader at most 4: with a total of 6 shown, two parts
 * both "<5" give each other away (at least 2), so the total goes too.
 * Read as unknowns, each would seem to be anywhere in 0 to 6. */
static void
small_parts_bound_each_other(void **state)
{
	audit *a = audit_new(5);
	double lo, hi;
	sv_err e;

	(void)state;
	add(a, "total", 202601, 202601, pq, 2, AUDIT_ANY, 6, AUDIT_SHARE);
	add(a, "p", 202601, 202601, p, 1, AUDIT_ANY, 2, AUDIT_LINE);
	add(a, "q", 202601, 202601, q, 1, AUDIT_ANY, 4, AUDIT_LINE);
	assert_int_equal(audit_protect(a, &e), SV_OK);
	assert_int_equal(audit_state(a, "p"), AUDIT_SMALL);
	assert_int_equal(audit_state(a, "q"), AUDIT_SMALL);
	assert_int_equal(audit_state(a, "total"), AUDIT_COMPLEMENT);
	interval(a, "p", &lo, &hi);
	assert_true(fabs(lo) < 1e-9 && isinf(hi));
	audit_free(a);
}

/* Two figures that are never hidden pin a small one: refused, naming it. */
static void
what_cannot_be_protected_is_refused(void **state)
{
	audit *a = audit_new(5);
	sv_err e;

	(void)state;
	add(a, "both", 202601, 202601, pq, 2, AUDIT_ANY, 10, AUDIT_KEEP);
	add(a, "q", 202601, 202601, q, 1, AUDIT_ANY, 7, AUDIT_KEEP);
	add(a, "p", 202601, 202601, p, 1, AUDIT_ANY, 3, AUDIT_LINE);
	assert_int_equal(audit_protect(a, &e), SV_DATAERR);
	assert_non_null(strstr(e.msg, "p (3 facts"));
	audit_free(a);
}

/* Figures of other months or phenomena are not linked: untouched. */
static void
unlinked_figures_stay_shown(void **state)
{
	audit *a = audit_new(5);
	sv_err e;

	(void)state;
	add(a, "total", 202601, 202601, pq, 2, AUDIT_ANY, 10, AUDIT_KEEP);
	add(a, "p", 202601, 202601, p, 1, AUDIT_ANY, 3, AUDIT_LINE);
	add(a, "q", 202601, 202601, q, 1, AUDIT_ANY, 7, AUDIT_LINE);
	add(a, "q-feb", 202602, 202602, q, 1, AUDIT_ANY, 8, AUDIT_LINE);
	add(a, "total-feb", 202602, 202602, pq, 2, AUDIT_ANY, 9, AUDIT_KEEP);
	assert_int_equal(audit_protect(a, &e), SV_OK);
	assert_int_equal(audit_state(a, "q-feb"), AUDIT_SHOWN);
	assert_int_equal(audit_state(a, "no such figure"), AUDIT_SHOWN);
	audit_free(a);
}

static void
a_key_twice_is_a_bug(void **state)
{
	audit *a = audit_new(5);
	sv_err e;

	(void)state;
	add(a, "p", 202601, 202601, p, 1, AUDIT_ANY, 30, AUDIT_LINE);
	add(a, "p", 202601, 202601, p, 1, AUDIT_ANY, 30, AUDIT_LINE);
	assert_int_equal(audit_protect(a, &e), SV_SOFTWARE);
	audit_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_small_part_takes_its_sibling_and_not_the_total),
		cmocka_unit_test(the_cheapest_class_goes_first),
		cmocka_unit_test(a_month_pinned_by_its_year_takes_another_month),
		cmocka_unit_test(small_parts_bound_each_other),
		cmocka_unit_test(what_cannot_be_protected_is_refused),
		cmocka_unit_test(unlinked_figures_stay_shown),
		cmocka_unit_test(a_key_twice_is_a_bug),
	};
	return cmocka_run_group_tests_name("audit", tests, NULL, NULL);
}
