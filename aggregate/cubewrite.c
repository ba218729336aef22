/*
 * cubewrite — the cube scan written out (cube.h): the cube, label_map,
 * coverage and delay tables, many rows per statement.
 */
#include <stdio.h>
#include <string.h>

#include "../core/db.h"
#include "../core/month.h"
#include "scan.h"

/* Bind cell x to the 11 parameters after `base`. */
static void
unpack_bind(const scan *s, sqlite3_stmt *st, int base, const cell *x)
{
	const cube *c = s->c;
	uint64_t k = x->key;
	int month = CUBE_MONTH_BASE + (int)(k >> 52), ci = (int)(k >> 41 & 0x7FF);
	int p = (int)(k >> 31 & 0x3FF), vs = (int)(k >> 29 & 3);
	int as = (int)(k >> 27 & 3), at = (int)(k >> 25 & 3);
	int ch = (int)(k >> 14 & 0x7FF), pl = (int)(k >> 2 & 0xFFF);

	sqlite3_bind_text(st, base + 1, k >> 1 & 1 ? "registered" : "fact", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, base + 2, month_to_yyyymm(month));
	sqlite3_bind_int(st, base + 3, c->commune_zone[ci]);
	sqlite3_bind_int(st, base + 4, c->nis[ci]);
	sqlite3_bind_text(st, base + 5, c->codes[p], -1, SQLITE_STATIC);
	vs ? sqlite3_bind_int(st, base + 6, vs) : sqlite3_bind_null(st, base + 6);
	as ? sqlite3_bind_int(st, base + 7, as) : sqlite3_bind_null(st, base + 7);
	at ? sqlite3_bind_int(st, base + 8, at - 1) : sqlite3_bind_null(st, base + 8);
	ch ? sqlite3_bind_text(st, base + 9, s->channels.s[ch - 1], -1, SQLITE_STATIC) :
	    sqlite3_bind_null(st, base + 9);
	pl ? sqlite3_bind_text(st, base + 10, s->places.s[pl - 1], -1, SQLITE_STATIC) :
	    sqlite3_bind_null(st, base + 10);
	sqlite3_bind_int(st, base + 11, x->count);
}

#define CELLS_PER_INSERT 64      /* rows per INSERT: a third less time */

static int
prepare_insert(sqlite3 *db, int rows, sqlite3_stmt **st, sv_err *e)
{
	char sql[CELLS_PER_INSERT * 28 + 256];
	size_t len = (size_t)snprintf(sql, sizeof sql, "INSERT INTO cube(basis, "
	    "month, zone, commune, phenomenon, victim_sex, author_sex, attempt, "
	    "channel, place_type, count) VALUES ");

	for (int r = 0; r < rows; r++)
		len += (size_t)snprintf(sql + len, sizeof sql - len,
		    "%s(?,?,?,?,?,?,?,?,?,?,?)", r ? "," : "");
	return db_prepare(db, st, sql, e);
}

static int
write_cells(sqlite3 *db, const scan *s, sv_err *e)
{
	sqlite3_stmt *many, *one;
	int rc, n = 0;

	if ((rc = db_exec(db, "DELETE FROM cube", e)) ||
	    (rc = prepare_insert(db, CELLS_PER_INSERT, &many, e)))
		return rc;
	if ((rc = prepare_insert(db, 1, &one, e))) {
		sqlite3_finalize(many);
		return rc;
	}
	for (size_t i = 0; i < s->cells.cap && !rc; i++) {
		if (!s->cells.v[i].key)
			continue;
		unpack_bind(s, many, 11 * n, &s->cells.v[i]);
		if (++n == CELLS_PER_INSERT) {
			rc = db_step_done(many, e);
			n = 0;
		}
	}
	/* The last partial group, one row at a time, from the end. */
	for (size_t i = s->cells.cap; n > 0 && !rc && i-- > 0;)
		if (s->cells.v[i].key) {
			unpack_bind(s, one, 0, &s->cells.v[i]);
			rc = db_step_done(one, e);
			n--;
		}
	sqlite3_finalize(many);
	sqlite3_finalize(one);
	/* No index: suivi reads the dense counts, not this table, and an
	 * index would cost a third of the whole aggregation. */
	return rc;
}

static int
write_labels(sqlite3 *db, const scan *s, sv_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_exec(db, "DELETE FROM label_map", e)) ||
	    (rc = db_prepare(db, &st, "INSERT INTO label_map(raw, phenomenon, "
	    "incidents) VALUES (?1, ?2, ?3)", e)))
		return rc;
	for (int i = 0; i < s->labels.n && !rc; i++) {
		sqlite3_bind_text(st, 1, s->labels.s[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, s->c->codes[s->labels.value[i]], -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, s->labels.count[i]);
		rc = db_step_done(st, e);
	}
	sqlite3_finalize(st);
	return rc;
}

/* Coverage from the first month any zone delivered to `through`. */
static int
write_coverage(sqlite3 *db, const cube *c, sv_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_exec(db, "DELETE FROM coverage", e)) ||
	    (rc = db_prepare(db, &st, "INSERT INTO coverage(zone, month, delivered, "
	    "registered) VALUES (?1, ?2, ?3, ?4)", e)))
		return rc;
	for (int t = c->first; t <= c->through && !rc; t++) {
		int m = cube_slot(c, t);
		for (int z = 0; z < c->nzones && !rc; z++) {
			sqlite3_bind_int(st, 1, c->zones[z]);
			sqlite3_bind_int(st, 2, month_to_yyyymm(t));
			sqlite3_bind_int(st, 3, cube_registered(c, z, m) > 0);
			sqlite3_bind_int(st, 4, cube_registered(c, z, m));
			rc = db_step_done(st, e);
		}
	}
	sqlite3_finalize(st);
	return rc;
}

/* The reporting triangle of every phenomenon, over the dense months (so
 * that a chart fits the delays on the same rows as the alarms do). */
static int
write_delays(sqlite3 *db, const cube *c, sv_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_exec(db, "DELETE FROM delay", e)) ||
	    (rc = db_prepare(db, &st, "INSERT INTO delay(month, phenomenon, "
	    "delay, count) VALUES (?1, ?2, ?3, ?4)", e)))
		return rc;
	for (int t = cube_month0(c); t <= c->through && !rc; t++) {
		int m = cube_slot(c, t);
		for (int p = 0; m >= 0 && p < c->nphen && !rc; p++)
			for (int d = 0; d < CUBE_DELAYS && !rc; d++) {
				int32_t n = cube_delay(c, p, m)[d];
				if (!n)
					continue;
				sqlite3_bind_int(st, 1, month_to_yyyymm(t));
				sqlite3_bind_text(st, 2, c->codes[p], -1, SQLITE_STATIC);
				sqlite3_bind_int(st, 3, d);
				sqlite3_bind_int(st, 4, n);
				rc = db_step_done(st, e);
			}
	}
	sqlite3_finalize(st);
	return rc;
}

/* The facts of phenomenon p in zone number `zone` (the communes in[]
 * of it), month by month, into month_total. */
static int
write_zone_totals(sqlite3_stmt *st, const cube *c, int p, int zone,
    const int *in, int n, sv_err *e)
{
	int rc = SV_OK;

	for (int m = 0; m < c->nmonths && !rc; m++) {
		long sum = 0;
		for (int i = 0; i < n; i++)
			sum += cube_total(c, BASIS_FACT, p, in[i])[m];
		if (!sum)
			continue;
		sqlite3_bind_int(st, 1, month_to_yyyymm(cube_month0(c) + m));
		sqlite3_bind_int(st, 2, zone);
		sqlite3_bind_text(st, 3, c->codes[p], -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, sum);
		rc = db_step_done(st, e);
	}
	return rc;
}

/* month_total: the dense counts by zone (a commune of no known zone
 * counts under its own zone number). */
static int
write_month_totals(sqlite3 *db, const cube *c, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, n, known = c->zone_start[c->nzones];
	const int *all = cube_communes(c, -1, &n);

	if ((rc = db_exec(db, "DELETE FROM month_total", e)) ||
	    (rc = db_prepare(db, &st, "INSERT INTO month_total(month, zone, "
	    "phenomenon, n) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO UPDATE SET "
	    "n = n + excluded.n", e)))
		return rc;
	for (int p = 0; p <= c->nphen && !rc; p++) {
		for (int z = 0; z < c->nzones && !rc; z++) {
			int k;
			const int *in = cube_communes(c, z, &k);
			rc = write_zone_totals(st, c, p, c->zones[z], in, k, e);
		}
		for (int i = known; i < n && !rc; i++)
			rc = write_zone_totals(st, c, p, c->commune_zone[all[i]],
			    &all[i], 1, e);
	}
	sqlite3_finalize(st);
	return rc;
}

int
cube_write(sqlite3 *db, const cube *c, sv_err *e)
{
	int rc;

	if ((rc = write_cells(db, c->scratch, e)) ||
	    (rc = write_labels(db, c->scratch, e)))
		return rc;
	if ((rc = write_coverage(db, c, e)) || (rc = write_month_totals(db, c, e)))
		return rc;
	return write_delays(db, c, e);
}
