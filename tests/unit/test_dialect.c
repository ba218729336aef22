#include "testutil.h"

#include "../../sample/dialect.h"

static const names nm = { "Ixelles", "Elsene", "Vol à la tire", "Zakkenrollerij",
	"pickpocketing", "pickpocket" };

static fact
a_fact(int zone)
{
	fact f;

	memset(&f, 0, sizeof f);
	f.zone = zone;
	f.nis = 21009;
	f.date_fact = 20241231;
	f.date_registered = 20250102;
	f.time_fact = 14 * 60 + 30;
	f.attempt = 1;
	f.victim_sex = 1;
	f.channel = "station";
	return f;
}

static const char *
row(int zone, enum defect def)
{
	static char buf[4096];
	fact f = a_fact(zone);

	dialect_row(dialect_of(zone), &f, "R1", &nm, def, buf, sizeof buf);
	return buf;
}

static void
six_zones_six_headers(void **state)
{
	char h[6][4096];

	(void)state;
	for (int i = 0; i < 6; i++)
		dialect_header(dialect_of(5339 + i), h[i], sizeof h[i]);
	for (int i = 0; i < 6; i++)
		for (int j = i + 1; j < 6; j++)
			assert_string_not_equal(h[i], h[j]);
	assert_true(strncmp(h[1], "\xEF\xBB\xBF\"numero_pv\";", 15) == 0);
	assert_non_null(strstr(h[2], "pv_nummer;gemeente;datum_feiten"));
	assert_non_null(strstr(h[4], "police_zone|id|nis|date"));
	assert_non_null(strstr(h[3], "numero_pv\tdate_faits"));
}

static void
each_zone_writes_dates_communes_and_labels_its_own_way(void **state)
{
	(void)state;
	assert_true(strncmp(row(5339, DEF_NONE), "R1,21009,2024-12-31,14:30,2025-01-02,Vol à la tire,1,", 52) == 0);
	assert_true(strncmp(row(5340, DEF_NONE), "\"R1\";\"Ixelles\";\"31/12/2024\";\"14h30\"", 35) == 0);
	assert_true(strncmp(row(5341, DEF_NONE), "R1;Elsene;31-12-2024;14:30;02-01-2025;Zakkenrollerij;ja;", 56) == 0);
	assert_true(strncmp(row(5343, DEF_NONE), "5343|R1|21009|2024-12-31|14:30|2025-01-02|pickpocketing|1|", 58) == 0);
	assert_non_null(strstr(row(5342, DEF_NONE), "R1\t31.12.2024\t14h30\tIxelles"));
	assert_non_null(strstr(row(5339, DEF_NONE), "\r\n"));
	assert_null(strstr(row(5341, DEF_NONE), "\r"));
}

static void
defects_break_what_they_say(void **state)
{
	(void)state;
	assert_non_null(strstr(row(5339, DEF_BAD_DATE), ",2024-02-31,"));
	assert_non_null(strstr(row(5339, DEF_UNKNOWN_COMMUNE), ",21099,"));
	assert_non_null(strstr(row(5341, DEF_UNKNOWN_COMMUNE), ";Atlantis;"));
	assert_non_null(strstr(row(5339, DEF_MISSING_PHENOMENON), ",2025-01-02,,1,"));
	assert_non_null(strstr(row(5339, DEF_UNBALANCED_QUOTE), ",\"Vol à la tire,"));
	assert_non_null(strstr(row(5339, DEF_BAD_BYTE), "tire\xE9,"));
	assert_non_null(strstr(row(5341, DEF_BAD_BYTE), "Zakkenrollerij\x01;"));
	const char *full = row(5339, DEF_NONE);
	int n_full = 0, n_short = 0;
	for (const char *p = full; *p; p++)
		n_full += *p == ',';
	for (const char *p = row(5339, DEF_FIELD_COUNT); *p; p++)
		n_short += *p == ',';
	assert_int_equal(n_short, n_full - 1);
}

static void
defects_name_the_reason_suivi_gives(void **state)
{
	(void)state;
	assert_string_equal(dialect_defect_reason(DEF_FIELD_COUNT), "field_count");
	assert_string_equal(dialect_defect_reason(DEF_BAD_BYTE), "bad_encoding");
	assert_string_equal(dialect_defect_name(DEF_BAD_BYTE), "invalid_byte");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(six_zones_six_headers),
		cmocka_unit_test(each_zone_writes_dates_communes_and_labels_its_own_way),
		cmocka_unit_test(defects_break_what_they_say),
		cmocka_unit_test(defects_name_the_reason_suivi_gives),
	};
	return cmocka_run_group_tests_name("dialect", tests, NULL, NULL);
}
