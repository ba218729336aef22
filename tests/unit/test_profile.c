#include "testutil.h"

#include "../../core/fields.h"
#include "../../ingest/profile.h"
#include "../../ingest/sniff.h"
#include "../../ingest/values.h"

static int
load(const char *text, profile *p, sv_err *e)
{
	char *dir = tu_mkdtemp(), *path;
	int rc;

	tu_write(dir, "p.profile", text);
	path = tu_path(dir, "p.profile");
	rc = profile_load(path, p, e);
	free(path);
	tu_rmdir(dir);
	return rc;
}

static void
a_full_profile_is_read(void **state)
{
	profile p;
	sv_err e;

	(void)state;
	assert_int_equal(load("# zone 5342's old export\n"
	    "delimiter = tab\nencoding = latin-1\ndate_format = mm/dd/yyyy\n"
	    "zone = 5342\n\ncolumn.Num dossier = ref   # the PV\n"
	    "column.Loc = commune\n", &p, &e), SV_OK);
	assert_int_equal(p.delim, '\t');
	assert_int_equal(p.encoding, ENC_CP1252);
	assert_int_equal(p.date_format, DATE_MDY_SLASH);
	assert_int_equal(p.zone, 5342);
	assert_int_equal(p.ncolumns, 2);
	assert_string_equal(p.columns[0].key, "numdossier");
	assert_int_equal(p.columns[0].field, F_REF);
}

static void
bad_lines_are_reported_with_their_line(void **state)
{
	profile p;
	sv_err e;

	(void)state;
	assert_int_equal(load("delimiter = ;\ndate_format = yy-mm-dd\n", &p, &e),
	    SV_DATAERR);
	assert_non_null(strstr(e.msg, "p.profile:2: date_format = 'yy-mm-dd': "
	    "date_format is"));
	assert_int_equal(load("column.X = shoe_size\n", &p, &e), SV_DATAERR);
	assert_non_null(strstr(e.msg, ":1: column.X = 'shoe_size'"));
	assert_int_equal(load("just words\n", &p, &e), SV_DATAERR);
	assert_non_null(strstr(e.msg, ":1: expected 'key = value'"));
	assert_int_equal(load("colour = blue\n", &p, &e), SV_DATAERR);
	assert_non_null(strstr(e.msg, ":1: 'colour' is not a profile key"));
}

static void
an_empty_profile_changes_nothing(void **state)
{
	profile p;
	sv_err e;

	(void)state;
	assert_int_equal(load("# nothing\n", &p, &e), SV_OK);
	assert_int_equal(p.delim, 0);
	assert_int_equal(p.encoding, -1);
	assert_int_equal(p.date_format, DATE_AUTO);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_full_profile_is_read),
		cmocka_unit_test(bad_lines_are_reported_with_their_line),
		cmocka_unit_test(an_empty_profile_changes_nothing),
	};
	return cmocka_run_group_tests_name("profile", tests, NULL, NULL);
}
