/*
 * aggtest — a small database with incidents written by hand, for the
 * aggregate stage's unit tests (header-only, tests only).
 *
 * Every zone delivers every month from 2024-01 to 2026-10 (one speeding
 * fact registered each month: speeding feeds only M6.8), except what a
 * test leaves out with `skip_zone`/`skip_month`.
 */
#ifndef SUIVI_AGGTEST_H
#define SUIVI_AGGTEST_H

#include "testutil.h"

#include "../../core/db.h"
#include "../../core/refdata.h"

static int aggtest_ref;

static inline void
aggtest_add(sqlite3 *db, int zone, int nis, int date_fact, int date_reg,
    const char *raw, int vsex, int asex, const char *channel,
    const char *place, const char *mo, const char *author)
{
	sqlite3_stmt *st;
	char ref[32];

	snprintf(ref, sizeof ref, "R%d", ++aggtest_ref);
	assert_int_equal(sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO "
	    "label(text) VALUES (?1)", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, raw, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO incident(zone, ref, "
	    "commune, date_fact, date_registered, label, victim_sex, "
	    "author_sex, channel, place_type, modus_operandi, author_ref, extract, "
	    "line) VALUES (?1, ?2, ?3, ?4, ?5, (SELECT id FROM label WHERE text = "
	    "?6), ?7, ?8, ?9, ?10, ?11, ?12, 1, 1)", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int(st, 1, zone);
	sqlite3_bind_text(st, 2, ref, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, nis);
	sqlite3_bind_int(st, 4, date_fact);
	sqlite3_bind_int(st, 5, date_reg ? date_reg : date_fact);
	sqlite3_bind_text(st, 6, raw, -1, SQLITE_STATIC);
	vsex ? sqlite3_bind_int(st, 7, vsex) : sqlite3_bind_null(st, 7);
	asex ? sqlite3_bind_int(st, 8, asex) : sqlite3_bind_null(st, 8);
	sqlite3_bind_text(st, 9, channel, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, place, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, mo, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 12, author, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
}

/* Same fact n times. */
static inline void
aggtest_repeat(sqlite3 *db, int n, int zone, int nis, int date, const char *raw)
{
	for (int i = 0; i < n; i++)
		aggtest_add(db, zone, nis, date, 0, raw, 0, 0, NULL, NULL, NULL, NULL);
}

/* A reading that declares zone's yyyymm delivered (a header alone). */
static inline void
aggtest_deliver(sqlite3 *db, int zone, int yyyymm)
{
	char sql[512];
	sv_err e;

	snprintf(sql, sizeof sql, "INSERT INTO extract(sha256, path, zone, "
	    "month, named, stem, encoding, delimiter, header_lang, "
	    "unknown_columns, loaded_at) VALUES ('%d-%d', 'x', %d, %d, 1, 'm', "
	    "'', '', '', '', '')", zone, yyyymm, zone, yyyymm);
	assert_int_equal(db_exec(db, sql, &e), SV_OK);
}

static inline sqlite3 *
aggtest_db(int skip_zone, int skip_month)
{
	static const int commune_of_zone[6] = { 21004, 21012, 21001, 21016,
	    21005, 21015 };
	sqlite3 *db;
	sv_err e;

	aggtest_ref = 0;
	assert_int_equal(db_open(":memory:", 1, &db, &e), SV_OK);
	assert_int_equal(refdata_load(db, SUIVI_REFDIR, &e), SV_OK);
	/* the incidents' reading (no zone, no month: it declares nothing),
	 * and one reading a zone-month that declares it (a header alone) */
	assert_int_equal(db_exec(db, "INSERT INTO extract(id, sha256, path, "
	    "encoding, delimiter, header_lang, unknown_columns, loaded_at) VALUES "
	    "(1, 'x', 'x', '', '', '', '', '')", &e), SV_OK);
	for (int z = 0; z < 6; z++)
		for (int y = 2024; y <= 2026; y++)
			for (int m = 1; m <= 12 && (y < 2026 || m <= 10); m++)
				if (!(5339 + z == skip_zone && y * 100 + m == skip_month)) {
					aggtest_deliver(db, 5339 + z, y * 100 + m);
					aggtest_repeat(db, 1, 5339 + z, commune_of_zone[z],
					    y * 10000 + m * 100 + 15, "Excès de vitesse");
				}
	return db;
}

/* The one indicator_value row matching, as "value|compare|ratio|p|flag". */
static inline char *
aggtest_row(sqlite3 *db, const char *indicator, const char *period,
    int zone, int commune, const char *breakdown)
{
	static char buf[512];
	sqlite3_stmt *st;
	int n = 0;

	assert_int_equal(sqlite3_prepare_v2(db, "SELECT printf('%s|%s|%s|%s|%s', "
	    "CASE WHEN value IS NULL THEN '-' ELSE printf('%.6f', value) END, CASE WHEN compare_value IS NULL THEN '-' ELSE "
	    "printf('%.6f', compare_value) END, CASE WHEN rate_ratio IS NULL THEN "
	    "'-' ELSE printf('%.6f', rate_ratio) END, CASE WHEN p_value IS NULL "
	    "THEN '-' ELSE printf('%.9f', p_value) END, flag) FROM indicator_value "
	    "WHERE indicator = ?1 AND period = ?2 AND coalesce(zone, 0) = ?3 AND "
	    "coalesce(commune, 0) = ?4 AND breakdown = ?5", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, indicator, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, period, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, zone);
	sqlite3_bind_int(st, 4, commune);
	sqlite3_bind_text(st, 5, breakdown, -1, SQLITE_STATIC);
	snprintf(buf, sizeof buf, "(no row)");
	while (sqlite3_step(st) == SQLITE_ROW && ++n)
		snprintf(buf, sizeof buf, "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (n > 1)
		snprintf(buf, sizeof buf, "(%d rows)", n);
	return buf;
}

#endif
