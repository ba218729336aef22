#include "testutil.h"

#include "../../core/db.h"
#include "../../core/refdata.h"
#include "../../partners/partners.h"
#include "../../partners/words.h"

static void
column_names_are_read_in_three_languages(void **state)
{
	(void)state;
	assert_int_equal(pwords_field("Période"), PF_PERIOD);
	assert_int_equal(pwords_field("periode"), PF_PERIOD);
	assert_int_equal(pwords_field("MAATREGEL"), PF_MEASURE);
	assert_int_equal(pwords_field("opmerking"), PF_NOTE);
	assert_int_equal(pwords_field("indicator"), PF_INDICATOR);
	assert_int_equal(pwords_field("statut"), PF_STATUS);
	assert_int_equal(pwords_field("commune"), -1);
	assert_string_equal(pwords_column(PF_VALUE, "nl"), "waarde");
}

static void
statuses_are_read_in_three_languages(void **state)
{
	(void)state;
	assert_string_equal(pwords_status("En cours"), "in_progress");
	assert_string_equal(pwords_status("lopend"), "in_progress");
	assert_string_equal(pwords_status("réalisée"), "done");
	assert_string_equal(pwords_status("Stopgezet"), "abandoned");
	assert_string_equal(pwords_status("not started"), "not_started");
	assert_string_equal(pwords_status("in_preparation"), "in_preparation");
	assert_null(pwords_status("klaar"));
	assert_null(pwords_status(""));
	/* the French statuses in the masculine too, and only those */
	assert_string_equal(pwords_status("Pas commencé"), "not_started");
	assert_string_equal(pwords_status("réalisé"), "done");
	assert_string_equal(pwords_status("abandonne"), "abandoned");
	assert_null(pwords_status("en cour"));
	assert_null(pwords_status("realis"));
}

/* A fresh database with the reference, in a folder of its own. */
typedef struct fixture {
	char *dir;
	sqlite3 *db;
	FILE *null;
	sv_err e;
} fixture;

static int
setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	char path[4200];

	assert_non_null(f);
	f->dir = tu_mkdtemp();
	f->null = fopen("/dev/null", "w");
	snprintf(path, sizeof path, "%s/t.db", f->dir);
	assert_int_equal(db_open(path, DB_CREATE, &f->db, &f->e), SV_OK);
	assert_int_equal(refdata_load(f->db, SUIVI_REFDIR, &f->e), SV_OK);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	fixture *f = *state;

	db_close(f->db);
	fclose(f->null);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

/* Write text as the file name and load it: partners_load()'s result. */
static int
load(fixture *f, const char *name, const char *text)
{
	char *path;
	int rc;

	tu_write(f->dir, name, text);
	path = tu_path(f->dir, name);
	rc = partners_load(f->db, path, 0, f->null, &f->e);
	free(path);
	return rc;
}

/* Excel's fr-BE CSV: Windows-1252, ';', CRLF; a decimal comma. */
static void
a_windows_1252_spreadsheet_loads(void **state)
{
	fixture *f = *state;

	assert_int_equal(load(f, "f.csv", "mesure;indicateur;p\xe9riode;valeur;"
	    "unit\xe9;source;note\r\nM3.11;product_analyses;2026-T2;12,5;;"
	    "Associations;\xe9t\xe9\r\n"), SV_OK);
	assert_int_equal(tu_scalar(f->db, "SELECT count(*) FROM partner_figure "
	    "WHERE period = '2026-Q2' AND value = 12.5 AND note = 'été' AND "
	    "period_end = 202606"), 1);
}

/* What a spreadsheet leaves around a value, and a lowercase measure id. */
static void
stray_spaces_and_a_lowercase_measure_are_forgiven(void **state)
{
	fixture *f = *state;

	assert_int_equal(load(f, "p.csv", " measure , partner ,date,status,note\n"
	    "m1.1 , Communes ,2026-09-30, en cours ,\n"), SV_OK);
	assert_int_equal(tu_scalar(f->db, "SELECT count(*) FROM progress WHERE "
	    "measure = 'M1.1' AND partner = 'Communes' AND status = "
	    "'in_progress'"), 1);
}

static void
a_file_with_a_wrong_row_leaves_nothing(void **state)
{
	fixture *f = *state;

	assert_int_equal(load(f, "p.csv", "measure,partner,date,status,note\n"
	    "M1.1,Communes,2026-09-30,done,\nM1.2,Parquet,2026-02-30,done,\n"),
	    SV_DATAERR);
	assert_non_null(strstr(f->e.msg, "1 row is wrong"));
	assert_int_equal(tu_scalar(f->db, "SELECT count(*) FROM progress"), 0);
	assert_int_equal(tu_scalar(f->db, "SELECT count(*) FROM partner_file"), 0);
}

static void
not_a_partner_file_is_refused_by_its_header(void **state)
{
	fixture *f = *state;

	assert_int_equal(load(f, "x.csv", "id,nis,date\n1,21004,2026-01-01\n"),
	    SV_DATAERR);
	assert_non_null(strstr(f->e.msg, "not a partner file"));
}

#define WITH_DB(t) cmocka_unit_test_setup_teardown(t, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(column_names_are_read_in_three_languages),
		cmocka_unit_test(statuses_are_read_in_three_languages),
		WITH_DB(a_windows_1252_spreadsheet_loads),
		WITH_DB(stray_spaces_and_a_lowercase_measure_are_forgiven),
		WITH_DB(a_file_with_a_wrong_row_leaves_nothing),
		WITH_DB(not_a_partner_file_is_refused_by_its_header),
	};
	return cmocka_run_group_tests_name("partners", tests, NULL, NULL);
}
