#include "testutil.h"

#include <stdlib.h>
#include <time.h>

#include "../../core/db.h"
#include "../../core/delivery.h"

static void
a_name_says_month_version_stem_and_folder(void **state)
{
	delivery_name dn;

	(void)state;
	delivery_name_parse("inbox/5341/2026-08-v2.csv", &dn);
	assert_int_equal(dn.month, 202608);
	assert_int_equal(dn.version, 2);
	assert_int_equal(dn.folder_zone, 5341);
	assert_string_equal(dn.stem, "2026-08");
	delivery_name_parse("2026-08.CSV", &dn);
	assert_int_equal(dn.month, 202608);
	assert_int_equal(dn.version, 1);
	assert_int_equal(dn.folder_zone, 0);
	delivery_name_parse("/x/export-juin.csv", &dn);
	assert_int_equal(dn.month, 0);
	assert_string_equal(dn.stem, "export-juin");
	delivery_name_parse("a/12345/2026-13.csv", &dn);      /* no month 13 */
	assert_int_equal(dn.month, 0);
	assert_int_equal(dn.folder_zone, 0);                  /* five digits */
	delivery_name_parse("2026-08-v12.csv", &dn);
	assert_int_equal(dn.version, 12);
	delivery_name_parse("2026-08v2.csv", &dn);            /* no dash: a name */
	assert_int_equal(dn.version, 1);
	assert_string_equal(dn.stem, "2026-08v2");
}

static void
a_moment_is_the_end_of_what_it_names(void **state)
{
	char t[32];

	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	assert_int_equal(delivery_time("2026-11-30", t, sizeof t), 0);
	assert_string_equal(t, "2026-11-30T23:59:59.999Z");
	assert_int_equal(delivery_time("2026-11-30T14:00", t, sizeof t), 0);
	assert_string_equal(t, "2026-11-30T14:00:59.999Z");
	assert_int_equal(delivery_time("2026-11-30 14:00:05", t, sizeof t), 0);
	assert_string_equal(t, "2026-11-30T14:00:05.999Z");
	assert_int_equal(delivery_time("2026-11-30T14:00:05.1Z", t, sizeof t), 0);
	assert_string_equal(t, "2026-11-30T14:00:05.100Z");
	assert_int_equal(delivery_time("2026-11-30T14:00:05+01:00", t, sizeof t),
	    0);
	assert_string_equal(t, "2026-11-30T13:00:05.999Z");
	setenv("TZ", "Europe/Brussels", 1);
	tzset();
	assert_int_equal(delivery_time("2026-07-01T12:00:00", t, sizeof t), 0);
	assert_string_equal(t, "2026-07-01T10:00:00.999Z");  /* summer time */
	assert_int_equal(delivery_time("2026-02-29", t, sizeof t), -1);
	assert_int_equal(delivery_time("2024-02-29", t, sizeof t), 0);
	assert_int_equal(delivery_time("2026-11-30T24:00", t, sizeof t), -1);
	assert_int_equal(delivery_time("2026-11-30T14", t, sizeof t), -1);
	assert_int_equal(delivery_time("2026-11-30x", t, sizeof t), -1);
	assert_int_equal(delivery_time("30/11/2026", t, sizeof t), -1);
	assert_int_equal(delivery_time("", t, sizeof t), -1);
	setenv("TZ", "UTC", 1);
	tzset();
}

/* A reading of zone 5341's month, named stem, in version v. */
static void
reading(sqlite3 *db, int id, int month, const char *stem, int v, int legacy,
    const char *at)
{
	char sql[512];
	sv_err e;

	snprintf(sql, sizeof sql, "INSERT INTO extract(id, sha256, path, zone, "
	    "month, stem, version, legacy, encoding, delimiter, header_lang, "
	    "unknown_columns, loaded_at, rows_read, rows_loaded) VALUES (%d, "
	    "'s%d', 'p', 5341, %d, '%s', %d, %d, '', '', '', '', '%s', 1, 1)", id,
	    id, month, stem, v, legacy, at);
	assert_int_equal(db_exec(db, sql, &e), SV_OK);
}

static enum delivery_state
state_of(const deliveries *d, sqlite3_int64 id)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].id == id)
			return d->v[i].state;
	return DS_COUNT;
}

static void
the_latest_version_counts_and_deliveries_rank_by_month(void **state)
{
	sqlite3 *db;
	deliveries d;
	sv_err e;

	(void)state;
	assert_int_equal(db_open(":memory:", DB_CREATE, &db, &e), SV_OK);
	reading(db, 1, 202608, "2026-08", 2, 0, "2026-09-01T00:00:00.000Z");
	reading(db, 2, 202608, "2026-08", 1, 0, "2026-09-02T00:00:00.000Z");
	reading(db, 3, 202607, "2026-07", 1, 0, "2026-09-03T00:00:00.000Z");
	reading(db, 4, 202607, "other", 1, 0, "2026-09-04T00:00:00.000Z");
	assert_int_equal(deliveries_load(db, NULL, &d, &e), SV_OK);
	assert_int_equal(state_of(&d, 1), DS_CURRENT);
	assert_int_equal(state_of(&d, 2), DS_SUPERSEDED);
	/* another name is another delivery: both count, ranked by name */
	assert_int_equal(state_of(&d, 4), DS_CURRENT);
	assert_true(deliveries_rank(&d, 3) < deliveries_rank(&d, 4));
	assert_true(deliveries_rank(&d, 4) < deliveries_rank(&d, 1));
	assert_int_equal(deliveries_rank(&d, 2), -1);
	deliveries_free(&d);
	/* as it stood before version 1 came: version 2 alone */
	assert_int_equal(deliveries_load(db, "2026-09-01T12:00:00.000Z", &d, &e),
	    SV_OK);
	assert_int_equal(d.n, 1);
	assert_int_equal(state_of(&d, 1), DS_CURRENT);
	deliveries_free(&d);
	/* retracted up to version 2: both; a version 3 delivers it again */
	assert_int_equal(db_exec(db, "INSERT INTO retraction(zone, month, "
	    "version, reason, at, withdrawn) VALUES (5341, 202608, 2, 'x', "
	    "'2026-09-05T00:00:00.000Z', 0)", &e), SV_OK);
	reading(db, 5, 202608, "2026-08", 3, 0, "2026-09-06T00:00:00.000Z");
	assert_int_equal(deliveries_load(db, NULL, &d, &e), SV_OK);
	assert_int_equal(state_of(&d, 1), DS_RETRACTED);
	assert_int_equal(state_of(&d, 2), DS_RETRACTED);
	assert_int_equal(state_of(&d, 5), DS_CURRENT);
	deliveries_free(&d);
	assert_int_equal(deliveries_load(db, "2026-09-05T12:00:00.000Z", &d, &e),
	    SV_OK);
	assert_int_equal(state_of(&d, 1), DS_RETRACTED);
	assert_int_equal(d.ncurrent, 2);        /* the two of 2026-07 */
	deliveries_free(&d);
	db_close(db);
}

static void
a_legacy_reading_counts_until_a_new_version_comes(void **state)
{
	sqlite3 *db;
	deliveries d;
	sv_err e;

	(void)state;
	assert_int_equal(db_open(":memory:", DB_CREATE, &db, &e), SV_OK);
	reading(db, 1, 202608, "2026-08", 1, 1, "2026-09-01T00:00:00Z");
	reading(db, 2, 202608, "2026-08", 2, 1, "2026-09-02T00:00:00Z");
	assert_int_equal(deliveries_load(db, NULL, &d, &e), SV_OK);
	assert_int_equal(state_of(&d, 1), DS_CURRENT);
	assert_int_equal(state_of(&d, 2), DS_CURRENT);
	deliveries_free(&d);
	reading(db, 3, 202608, "2026-08", 3, 0, "2026-10-01T00:00:00.000Z");
	assert_int_equal(deliveries_load(db, NULL, &d, &e), SV_OK);
	assert_int_equal(state_of(&d, 1), DS_SUPERSEDED);
	assert_int_equal(state_of(&d, 2), DS_SUPERSEDED);
	assert_int_equal(state_of(&d, 3), DS_CURRENT);
	deliveries_free(&d);
	db_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_name_says_month_version_stem_and_folder),
		cmocka_unit_test(a_moment_is_the_end_of_what_it_names),
		cmocka_unit_test(the_latest_version_counts_and_deliveries_rank_by_month),
		cmocka_unit_test(a_legacy_reading_counts_until_a_new_version_comes),
	};
	return cmocka_run_group_tests_name("delivery", tests, NULL, NULL);
}
