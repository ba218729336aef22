#include "testutil.h"

#include "../../core/outfile.h"

static void
a_complete_file_replaces_the_target(void **state)
{
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "x.csv");
	outfile o;
	sv_err e;
	char buf[32] = "";
	FILE *fp;

	(void)state;
	tu_write(dir, "x.csv", "old\n");
	assert_int_equal(outfile_open(&o, path, &e), SV_OK);
	fputs("new\n", o.fp);
	assert_int_equal(outfile_close(&o, SV_OK, &e), SV_OK);
	assert_non_null(fp = fopen(path, "r"));
	assert_non_null(fgets(buf, sizeof buf, fp));
	fclose(fp);
	assert_string_equal(buf, "new\n");
	free(path);
	tu_rmdir(dir);
}

static void
a_failed_write_leaves_the_target_and_no_temporary(void **state)
{
	char *dir = tu_mkdtemp(), *path = tu_path(dir, "x.csv");
	char cmd[4200];
	outfile o;
	sv_err e;

	(void)state;
	tu_write(dir, "x.csv", "old\n");
	assert_int_equal(outfile_open(&o, path, &e), SV_OK);
	fputs("half", o.fp);
	assert_int_equal(outfile_close(&o, SV_IOERR, &e), SV_IOERR);
	snprintf(cmd, sizeof cmd, "test \"$(ls '%s')\" = x.csv && grep -qx old '%s'",
	    dir, path);
	assert_int_equal(system(cmd), 0);
	free(path);
	tu_rmdir(dir);
}

static void
an_impossible_place_is_cantcreat(void **state)
{
	outfile o;
	sv_err e;

	(void)state;
	assert_int_equal(outfile_open(&o, "/nonexistent/dir/x.csv", &e), SV_CANTCREAT);
	assert_non_null(strstr(e.msg, "/nonexistent/dir/x.csv: cannot create"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_complete_file_replaces_the_target),
		cmocka_unit_test(a_failed_write_leaves_the_target_and_no_temporary),
		cmocka_unit_test(an_impossible_place_is_cantcreat),
	};
	return cmocka_run_group_tests_name("outfile", tests, NULL, NULL);
}
