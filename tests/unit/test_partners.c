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

static sqlite3 *
fresh_db(const char *dir)
{
	char path[4200];
	sqlite3 *db;
	sv_err e;

	snprintf(path, sizeof path, "%s/t.db", dir);
	assert_int_equal(db_open(path, DB_CREATE, &db, &e), SV_OK);
	assert_int_equal(refdata_load(db, SUIVI_REFDIR, &e), SV_OK);
	return db;
}

/* Excel's fr-BE CSV: Windows-1252, ';', CRLF; a decimal comma. */
static void
a_windows_1252_spreadsheet_loads(void **state)
{
	char *dir = tu_mkdtemp(), *path;
	FILE *null = fopen("/dev/null", "w");
	sqlite3 *db;
	sv_err e;

	(void)state;
	db = fresh_db(dir);
	tu_write(dir, "f.csv", "mesure;indicateur;p\xe9riode;valeur;unit\xe9;"
	    "source;note\r\nM3.11;product_analyses;2026-T2;12,5;;Associations;"
	    "\xe9t\xe9\r\n");
	path = tu_path(dir, "f.csv");
	assert_int_equal(partners_load(db, path, null, &e), SV_OK);
	assert_int_equal(tu_scalar(db, "SELECT count(*) FROM partner_figure "
	    "WHERE period = '2026-Q2' AND value = 12.5 AND note = 'été' AND "
	    "period_end = 202606"), 1);
	free(path);
	db_close(db);
	fclose(null);
	tu_rmdir(dir);
}

/* What a spreadsheet leaves around a value, and a lowercase measure id. */
static void
stray_spaces_and_a_lowercase_measure_are_forgiven(void **state)
{
	char *dir = tu_mkdtemp(), *path;
	FILE *null = fopen("/dev/null", "w");
	sqlite3 *db;
	sv_err e;

	(void)state;
	db = fresh_db(dir);
	tu_write(dir, "p.csv", " measure , partner ,date,status,note\n"
	    "m1.1 , Communes ,2026-09-30, en cours ,\n");
	path = tu_path(dir, "p.csv");
	assert_int_equal(partners_load(db, path, null, &e), SV_OK);
	assert_int_equal(tu_scalar(db, "SELECT count(*) FROM progress WHERE "
	    "measure = 'M1.1' AND partner = 'Communes' AND status = "
	    "'in_progress'"), 1);
	free(path);
	db_close(db);
	fclose(null);
	tu_rmdir(dir);
}

static void
a_file_with_a_wrong_row_leaves_nothing(void **state)
{
	char *dir = tu_mkdtemp(), *path;
	FILE *null = fopen("/dev/null", "w");
	sqlite3 *db;
	sv_err e;

	(void)state;
	db = fresh_db(dir);
	tu_write(dir, "p.csv", "measure,partner,date,status,note\n"
	    "M1.1,Communes,2026-09-30,done,\nM1.2,Parquet,2026-02-30,done,\n");
	path = tu_path(dir, "p.csv");
	assert_int_equal(partners_load(db, path, null, &e), SV_DATAERR);
	assert_non_null(strstr(e.msg, "1 row is wrong"));
	assert_int_equal(tu_scalar(db, "SELECT count(*) FROM progress"), 0);
	assert_int_equal(tu_scalar(db, "SELECT count(*) FROM partner_file"), 0);
	free(path);
	db_close(db);
	fclose(null);
	tu_rmdir(dir);
}

static void
not_a_partner_file_is_refused_by_its_header(void **state)
{
	char *dir = tu_mkdtemp(), *path;
	FILE *null = fopen("/dev/null", "w");
	sqlite3 *db;
	sv_err e;

	(void)state;
	db = fresh_db(dir);
	tu_write(dir, "x.csv", "id,nis,date\n1,21004,2026-01-01\n");
	path = tu_path(dir, "x.csv");
	assert_int_equal(partners_load(db, path, null, &e), SV_DATAERR);
	assert_non_null(strstr(e.msg, "not a partner file"));
	free(path);
	db_close(db);
	fclose(null);
	tu_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(column_names_are_read_in_three_languages),
		cmocka_unit_test(statuses_are_read_in_three_languages),
		cmocka_unit_test(a_windows_1252_spreadsheet_loads),
		cmocka_unit_test(stray_spaces_and_a_lowercase_measure_are_forgiven),
		cmocka_unit_test(a_file_with_a_wrong_row_leaves_nothing),
		cmocka_unit_test(not_a_partner_file_is_refused_by_its_header),
	};
	return cmocka_run_group_tests_name("partners", tests, NULL, NULL);
}
