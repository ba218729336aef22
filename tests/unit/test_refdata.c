#include "testutil.h"

#include "../../core/db.h"
#include "../../core/refdata.h"

typedef struct fixture {
	char *dir;      /* a copy of reference/ the test may break */
	sqlite3 *db;
} fixture;

static int
setup(void **state)
{
	fixture *fx = calloc(1, sizeof *fx);
	char cmd[8192], *path;
	sv_err e;

	fx->dir = tu_mkdtemp();
	snprintf(cmd, sizeof cmd, "cp '%s'/*.csv '%s'/", SUIVI_REFDIR, fx->dir);
	assert_int_equal(system(cmd), 0);
	path = tu_path(fx->dir, "t.db");
	assert_int_equal(db_open(path, 1, &fx->db, &e), SV_OK);
	free(path);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	fixture *fx = *state;

	db_close(fx->db);
	tu_rmdir(fx->dir);
	free(fx);
	return 0;
}

/* Replace line n of file name (in the copy) by text. */
static void
set_line(fixture *fx, const char *name, int n, const char *text)
{
	char cmd[8192];

	snprintf(cmd, sizeof cmd, "sed -i '%dc\\\n%s' '%s/%s'", n, text, fx->dir,
	    name);
	assert_int_equal(system(cmd), 0);
}

static void
append_line(fixture *fx, const char *name, const char *text)
{
	char cmd[8192];

	snprintf(cmd, sizeof cmd, "printf '%%s\\n' \"%s\" >> '%s/%s'", text,
	    fx->dir, name);
	assert_int_equal(system(cmd), 0);
}

static long long
n(fixture *fx, const char *sql)
{
	return tu_scalar(fx->db, sql);
}

static void
loads_the_whole_plan_and_the_nomenclature(void **state)
{
	fixture *fx = *state;
	sv_err e;

	assert_int_equal(refdata_load(fx->db, fx->dir, &e), SV_OK);
	assert_int_equal(n(fx, "SELECT count(*) FROM axis"), 10);
	assert_int_equal(n(fx, "SELECT count(*) FROM measure"), 120);
	assert_int_equal(n(fx, "SELECT count(*) FROM measure WHERE pillar='prevention'"), 48);
	assert_int_equal(n(fx, "SELECT count(*) FROM measure WHERE pillar='reaction'"), 50);
	assert_int_equal(n(fx, "SELECT count(*) FROM measure WHERE pillar='suivi'"), 22);
	assert_int_equal(n(fx, "SELECT count(*) FROM zone"), 6);
	assert_int_equal(n(fx, "SELECT count(*) FROM commune"), 19);
	assert_int_equal(n(fx, "SELECT sum(population) FROM population "
	    "WHERE year = 2020 AND sex = 'T'"), 1218255);
	assert_true(n(fx, "SELECT count(*) FROM phenomenon") >= 50);
	assert_int_equal(n(fx, "SELECT count(DISTINCT axis) FROM phenomenon "
	    "WHERE axis BETWEEN 1 AND 9"), 9);
}

static void
subthemes_are_set_for_axes_six_and_eight_only(void **state)
{
	fixture *fx = *state;
	sv_err e;

	assert_int_equal(refdata_load(fx->db, fx->dir, &e), SV_OK);
	assert_int_equal(n(fx, "SELECT count(*) FROM measure WHERE subtheme <> '' "
	    "AND axis NOT IN (6, 8)"), 0);
	assert_int_equal(n(fx, "SELECT count(*) FROM measure WHERE subtheme = '' "
	    "AND axis IN (6, 8)"), 0);
	assert_int_equal(n(fx, "SELECT count(*) FROM measure WHERE measure = "
	    "'M6.16' AND subtheme = 'public_transport'"), 1);
}

static void
labels_and_codes_become_aliases(void **state)
{
	fixture *fx = *state;
	sv_err e;

	assert_int_equal(refdata_load(fx->db, fx->dir, &e), SV_OK);
	/* "Fietsdiefstal" (NL label), "bike_theft" (code), "vol de velo" */
	assert_int_equal(n(fx, "SELECT count(*) FROM phenomenon_alias WHERE "
	    "phenomenon = 'bike_theft' AND key IN ('fietsdiefstal', 'biketheft', "
	    "'voldevelo')"), 3);
}

static void
loading_twice_changes_nothing(void **state)
{
	fixture *fx = *state;
	const char *sig = "SELECT (SELECT group_concat(measure || pillar || title "
	    "|| seq) FROM measure) || (SELECT group_concat(key || phenomenon) "
	    "FROM phenomenon_alias) || (SELECT group_concat(nis || zone) FROM "
	    "commune)";
	sqlite3_stmt *st;
	char *first;
	sv_err e;

	assert_int_equal(refdata_load(fx->db, fx->dir, &e), SV_OK);
	sqlite3_prepare_v2(fx->db, sig, -1, &st, NULL);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	first = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	assert_int_equal(refdata_load(fx->db, fx->dir, &e), SV_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal(first, (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	free(first);
}

/* Load the good copy, break it, load again: the error names the file and
 * line, and the database still holds the good copy. */
static void
expect_refused(fixture *fx, const char *where, const char *what)
{
	sv_err e;

	assert_int_equal(refdata_load(fx->db, SUIVI_REFDIR, &e), SV_OK);
	assert_int_equal(refdata_load(fx->db, fx->dir, &e), SV_DATAERR);
	if (!strstr(e.msg, where) || !strstr(e.msg, what))
		fail_msg("message '%s' lacks '%s' or '%s'", e.msg, where, what);
	assert_int_equal(n(fx, "SELECT count(*) FROM commune"), 19);
	assert_int_equal(n(fx, "SELECT count(*) FROM measure"), 120);
	assert_true(n(fx, "SELECT count(*) FROM phenomenon") >= 50);
}

static void
commune_of_unknown_zone_is_refused_and_nothing_changes(void **state)
{
	fixture *fx = *state;

	set_line(fx, "communes.csv", 4, "21003,Berchem,Berchem,9999");
	expect_refused(fx, "communes.csv:4:", "refers to something");
}

static void
bad_number_is_refused_with_its_column(void **state)
{
	fixture *fx = *state;

	set_line(fx, "population.csv", 3, "21002,2020,T,34 404,x,x");
	expect_refused(fx, "population.csv:3:", "'34 404' is not a whole number");
}

static void
repeated_key_is_refused(void **state)
{
	fixture *fx = *state;

	append_line(fx, "zones.csv", "5341,Midi bis,Zuid bis");
	expect_refused(fx, "zones.csv:8:", "zone '5341' is already defined above");
}

static void
alias_meaning_two_phenomena_is_refused(void **state)
{
	fixture *fx = *state;

	append_line(fx, "phenomenon_aliases.csv", "Vol de vélo,car_theft");
	expect_refused(fx, "phenomenon_aliases.csv:", "already means the phenomenon 'bike_theft'");
}

static void
phenomenon_feeding_an_unknown_measure_is_refused(void **state)
{
	fixture *fx = *state;

	append_line(fx, "phenomena.csv", "x_new,X,X,Cat,5,M5.99,0");
	expect_refused(fx, "phenomena.csv:", "measure 'M5.99' is not in measures.csv");
}

static void
synonym_for_an_unknown_field_is_refused(void **state)
{
	fixture *fx = *state;

	append_line(fx, "header_synonyms.csv", "shoe_size,pointure,fr");
	expect_refused(fx, "header_synonyms.csv:", "'shoe_size' is not an incident field");
}

static void
missing_column_is_refused(void **state)
{
	fixture *fx = *state;

	set_line(fx, "axes.csv", 1, "axis,titre");
	expect_refused(fx, "axes.csv:1:", "no column 'title_fr'");
}

static void
a_suivi_measure_missing_from_the_catalogue_is_refused(void **state)
{
	fixture *fx = *state;
	char cmd[4200];

	snprintf(cmd, sizeof cmd, "sed -i '/^[^,]*,M10.14,/d' '%s/indicators.csv'", fx->dir);
	assert_int_equal(system(cmd), 0);
	expect_refused(fx, "indicators.csv", "the suivi measure M10.14 has no row");
}

static void
an_indicator_of_a_measure_that_is_not_suivi_is_refused(void **state)
{
	fixture *fx = *state;

	append_line(fx, "indicators.csv", "x,M5.1,count,measure,fact,,,facts,x,x,,");
	expect_refused(fx, "indicators.csv:", "'M5.1' is not a suivi measure");
}

static void
an_indicator_of_an_unknown_phenomenon_is_refused(void **state)
{
	fixture *fx = *state;

	append_line(fx, "indicators.csv", "x,M5.9,count,bike_thief,fact,,,facts,x,x,,");
	expect_refused(fx, "indicators.csv:", "phenomenon 'bike_thief' is not in");
}

static void
missing_file_is_reported(void **state)
{
	fixture *fx = *state;
	char *path = tu_path(fx->dir, "zones.csv");
	sv_err e;

	assert_int_equal(unlink(path), 0);
	assert_int_equal(refdata_load(fx->db, fx->dir, &e), SV_NOINPUT);
	assert_non_null(strstr(e.msg, "zones.csv: cannot open"));
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(loads_the_whole_plan_and_the_nomenclature),
		T(subthemes_are_set_for_axes_six_and_eight_only),
		T(labels_and_codes_become_aliases),
		T(loading_twice_changes_nothing),
		T(commune_of_unknown_zone_is_refused_and_nothing_changes),
		T(bad_number_is_refused_with_its_column),
		T(repeated_key_is_refused),
		T(alias_meaning_two_phenomena_is_refused),
		T(phenomenon_feeding_an_unknown_measure_is_refused),
		T(synonym_for_an_unknown_field_is_refused),
		T(missing_column_is_refused),
		T(a_suivi_measure_missing_from_the_catalogue_is_refused),
		T(an_indicator_of_a_measure_that_is_not_suivi_is_refused),
		T(an_indicator_of_an_unknown_phenomenon_is_refused),
		T(missing_file_is_reported),
#undef T
	};
	return cmocka_run_group_tests_name("refdata", tests, NULL, NULL);
}
