/*
 * cubewrite — the count written out (cube.h): the cube, label_map,
 * coverage and delay tables, many rows per statement.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/db.h"
#include "../core/month.h"
#include "../core/schema.h"
#include "scan.h"

/* A cell as the cube table holds it; 0 or NULL for SQL's NULL. */
typedef struct row {
	int registered, yyyymm, zone, nis, vs, as, at;  /* at: attempt + 1 */
	const char *code, *channel, *place;
	int32_t count;
} row;

static void
unpack(const scan *s, uint64_t k, int32_t count, row *r)
{
	const cube *c = s->c;
	int ci = key_commune(k), ch = key_channel(k), pl = key_place(k);

	r->registered = key_basis(k);
	r->yyyymm = month_to_yyyymm(CUBE_MONTH_BASE + key_month(k));
	r->zone = c->commune_zone[ci];
	r->nis = c->nis[ci];
	r->code = c->codes[key_phen(k)];
	r->vs = key_sex(k, 0);
	r->as = key_sex(k, 1);
	r->at = key_attempt(k);
	r->channel = ch ? s->channels.s[ch - 1] : NULL;
	r->place = pl ? s->places.s[pl - 1] : NULL;
	r->count = count;
}

/* Bind r to the 11 parameters after `base`. */
static void
bind_row(sqlite3_stmt *st, int base, const row *r)
{
	sqlite3_bind_text(st, base + 1, r->registered ? "registered" : "fact", -1,
	    SQLITE_STATIC);
	sqlite3_bind_int(st, base + 2, r->yyyymm);
	sqlite3_bind_int(st, base + 3, r->zone);
	sqlite3_bind_int(st, base + 4, r->nis);
	sqlite3_bind_text(st, base + 5, r->code, -1, SQLITE_STATIC);
	r->vs ? sqlite3_bind_int(st, base + 6, r->vs) : sqlite3_bind_null(st, base + 6);
	r->as ? sqlite3_bind_int(st, base + 7, r->as) : sqlite3_bind_null(st, base + 7);
	r->at ? sqlite3_bind_int(st, base + 8, r->at - 1) :
	    sqlite3_bind_null(st, base + 8);
	r->channel ? sqlite3_bind_text(st, base + 9, r->channel, -1, SQLITE_STATIC) :
	    sqlite3_bind_null(st, base + 9);
	r->place ? sqlite3_bind_text(st, base + 10, r->place, -1, SQLITE_STATIC) :
	    sqlite3_bind_null(st, base + 10);
	sqlite3_bind_int(st, base + 11, r->count);
}

/* FNV-1a's step, a 64-bit word or a string at a time. */
static uint64_t
fold(uint64_t h, uint64_t v)
{
	return (h ^ v) * 0x100000001b3ULL;
}

static uint64_t
fold_text(uint64_t h, const char *t)
{
	if (!t)
		return fold(h, ~0ULL);
	for (; *t; t++)
		h = fold(h, (unsigned char)*t);
	return fold(h, 0x100);
}

/* A row's hash from what the table holds, not from the scan's indexes
 * (which follow the order strings were first met), finished with
 * splitmix64's mixer so that a sum of them changes with any row. */
static uint64_t
row_hash(const row *r)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	h = fold(h, (uint64_t)r->registered);
	h = fold(h, (uint64_t)r->yyyymm);
	h = fold(h, (uint64_t)(uint32_t)r->zone);
	h = fold(h, (uint64_t)(uint32_t)r->nis);
	h = fold_text(h, r->code);
	h = fold(h, (uint64_t)(r->vs | r->as << 2 | r->at << 4));
	h = fold_text(h, r->channel);
	h = fold_text(h, r->place);
	h = fold(h, (uint64_t)(uint32_t)r->count);
	h = (h ^ h >> 30) * 0xbf58476d1ce4e5b9ULL;
	h = (h ^ h >> 27) * 0x94d049bb133111ebULL;
	return h ^ h >> 31;
}

#define CELLS_PER_INSERT 64      /* rows per INSERT: a third less time */
#define GROUPS (2 * CUBE_MONTH_SPAN)     /* basis x month */

/* The cells of one basis and month: what cube_month stores of them.
 * They are the records of their month (scan.h) of their basis. */
typedef struct group {
	long long cells, facts, first, last;
	uint64_t sum;           /* of row_hash(), modulo 2^64 */
	int present;
} group;

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

/* The counts and checksums of month m's two groups. */
static void
group_month(const scan *s, int m, group *g)
{
	const month_recs *r = &s->recs[TALLY_CELLS][m];
	uint64_t key, what;
	row w;

	for (size_t i = 0; i < r->n; i++) {
		int32_t n = rec_get(r, TALLY_CELLS, i, &key, &what);
		group *x = &g[m * 2 + key_basis(key)];
		unpack(s, key, n, &w);
		x->cells++;
		x->facts += n;
		x->sum += row_hash(&w);
	}
}

/* Whether the cube table is as aggregate left it: nothing else wrote it
 * since (the cube triggers would have marked count_mark), or, without a
 * mark (before the first kept count), as many rows as cube_month lists,
 * counted. */
static int
untouched(sqlite3 *db, long long listed, int *yes, sv_err *e)
{
	sqlite3_stmt *st;
	long long rows;
	int rc, found;

	if ((rc = db_prepare(db, &st, "SELECT cube_touched FROM count_mark", e)))
		return rc;
	if ((rc = db_lookup(db, st, &found, e)) == SV_OK && found)
		*yes = sqlite3_column_int(st, 0) == 0;
	sqlite3_finalize(st);
	if (rc || found)
		return rc;
	if ((rc = db_integer(db, "SELECT count(*) FROM cube", &rows, e)))
		return rc;
	*yes = rows == listed;
	return SV_OK;
}

/* What cube_month says the cube table holds, if that is what it holds
 * (*held = 1); else nothing, and the table is emptied. */
static int
read_groups(sqlite3 *db, int rebuild, group *old, int *held, sv_err *e)
{
	sqlite3_stmt *st;
	long long listed = 0;
	int rc, step = SQLITE_DONE;

	if ((rc = db_prepare(db, &st, "SELECT basis = 'registered', month, "
	    "first, last, cells, facts, checksum FROM cube_month", e)))
		return rc;
	while (!rebuild && (step = sqlite3_step(st)) == SQLITE_ROW) {
		int yyyymm = sqlite3_column_int(st, 1);
		int m = month_from_yyyymm(yyyymm) - CUBE_MONTH_BASE;
		if (m < 0 || m >= CUBE_MONTH_SPAN)
			continue;       /* cannot be: the cube is rewritten */
		group *x = &old[m * 2 + sqlite3_column_int(st, 0)];
		x->first = sqlite3_column_int64(st, 2);
		x->last = sqlite3_column_int64(st, 3);
		x->cells = sqlite3_column_int64(st, 4);
		x->facts = sqlite3_column_int64(st, 5);
		x->sum = (uint64_t)sqlite3_column_int64(st, 6);
		x->present = 1;
		listed += x->cells;
	}
	*held = 0;
	if ((rc = db_finish(db, st, step, e)) ||
	    (!rebuild && (rc = untouched(db, listed, held, e))))
		return rc;
	if (*held)
		return SV_OK;
	memset(old, 0, GROUPS * sizeof *old);
	return db_exec(db, "DELETE FROM cube", e);
}

/* Insert group k's cells, which take the rowids after the last. */
static int
insert_group(sqlite3 *db, const scan *s, int k, group *x, sqlite3_stmt *many,
    sqlite3_stmt *one, sv_err *e)
{
	const month_recs *recs = &s->recs[TALLY_CELLS][k / 2];
	long long top, left = x->cells;
	uint64_t key, what;
	int n = 0, rc;
	row r;

	if ((rc = db_integer(db, "SELECT coalesce(max(rowid), 0) FROM cube", &top,
	    e)))
		return rc;
	for (size_t i = 0; i < recs->n && !rc; i++) {
		int32_t count = rec_get(recs, TALLY_CELLS, i, &key, &what);
		if (key_basis(key) != k % 2)
			continue;
		/* whole groups of rows, then the rest one by one */
		sqlite3_stmt *st = n == 0 && left < CELLS_PER_INSERT ? one : many;
		unpack(s, key, count, &r);
		bind_row(st, st == one ? 0 : 11 * n, &r);
		left--;
		if (st == one)
			rc = db_step_done(one, e);
		else if (++n == CELLS_PER_INSERT) {
			rc = db_step_done(many, e);
			n = 0;
		}
	}
	x->first = top + 1;
	x->last = sqlite3_last_insert_rowid(db);
	if (!rc && x->last - x->first + 1 != x->cells)
		rc = sv_errf(e, SV_SOFTWARE, "aggregate: the cube's rows of a month "
		    "did not take consecutive rowids; run 'suivi aggregate "
		    "--rebuild'");
	return rc;
}

static int
write_groups(sqlite3 *db, const group *g, sv_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_exec(db, "DELETE FROM cube_month", e)) ||
	    (rc = db_prepare(db, &st, "INSERT INTO cube_month(basis, month, first, "
	    "last, cells, facts, checksum) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", e)))
		return rc;
	for (int k = 0; k < GROUPS && !rc; k++) {
		if (!g[k].cells)
			continue;
		sqlite3_bind_text(st, 1, k & 1 ? "registered" : "fact", -1,
		    SQLITE_STATIC);
		sqlite3_bind_int(st, 2, month_to_yyyymm(CUBE_MONTH_BASE + k / 2));
		sqlite3_bind_int64(st, 3, g[k].first);
		sqlite3_bind_int64(st, 4, g[k].last);
		sqlite3_bind_int64(st, 5, g[k].cells);
		sqlite3_bind_int64(st, 6, g[k].facts);
		sqlite3_bind_int64(st, 7, (sqlite3_int64)g[k].sum);
		rc = db_step_done(st, e);
	}
	sqlite3_finalize(st);
	return rc;
}

/* Rewrite the months whose cells changed: a month of one basis is a run
 * of consecutive rowids (cube_month says which), deleted by its range
 * and inserted anew at the end; a month whose cell count, facts and
 * checksum are those stored is left as it is.  When the cube table
 * holds the kept counts' cells (scan.h: synced), only the months this
 * run changed are even looked at.  The month a new extract registers
 * and the few its facts fall in are rewritten, not the history. */
static int
write_cells(sqlite3 *db, const scan *s, int rebuild, int *rewritten, sv_err *e)
{
	group *g = calloc(2 * GROUPS, sizeof *g), *old = g + GROUPS;
	sqlite3_stmt *many = NULL, *one = NULL, *del = NULL;
	int rc, held;

	*rewritten = 0;
	if (!g)
		return sv_errf(e, SV_NOMEM, "aggregate: out of memory");
	/* aggregate's own writes leave no mark (the triggers are made again
	 * below, in the same transaction: no one else sees them gone) */
	if ((rc = db_exec(db, "DROP TRIGGER IF EXISTS cube_INSERT; DROP TRIGGER "
	    "IF EXISTS cube_UPDATE; DROP TRIGGER IF EXISTS cube_DELETE", e)) ||
	    (rc = read_groups(db, rebuild, old, &held, e)) ||
	    (rc = prepare_insert(db, CELLS_PER_INSERT, &many, e)) ||
	    (rc = prepare_insert(db, 1, &one, e)) ||
	    (rc = db_prepare(db, &del, "DELETE FROM cube WHERE rowid BETWEEN ?1 "
	    "AND ?2", e)))
		goto out;
	for (int m = 0; m < CUBE_MONTH_SPAN; m++)
		if (!(held && s->synced) || s->dirty[m])
			group_month(s, m, g);
		else            /* as the table holds it */
			g[2 * m] = old[2 * m], g[2 * m + 1] = old[2 * m + 1];
	for (int k = 0; k < GROUPS && !rc; k++) {
		group *x = &g[k], *was = &old[k];
		if (was->present && was->cells == x->cells && was->facts ==
		    x->facts && was->sum == x->sum) {
			x->first = was->first, x->last = was->last;
			continue;
		}
		if (!x->cells && !was->present)
			continue;
		++*rewritten;
		if (was->present) {
			sqlite3_bind_int64(del, 1, was->first);
			sqlite3_bind_int64(del, 2, was->last);
			rc = db_step_done(del, e);
		}
		if (!rc && x->cells)
			rc = insert_group(db, s, k, x, many, one, e);
	}
	if (!rc && !(rc = write_groups(db, g, e)) &&
	    !(rc = db_exec(db, "UPDATE count_mark SET cube_touched = 0", e)))
		rc = db_exec(db, schema_cube_triggers(), e);
out:
	sqlite3_finalize(many);
	sqlite3_finalize(one);
	sqlite3_finalize(del);
	free(g);
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
		if (s->labels.count[i] <= 0)    /* its incidents all gone */
			continue;
		sqlite3_bind_text(st, 1, s->labels.s[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, s->c->codes[s->labels.value[i]], -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, s->labels.count[i]);
		rc = db_step_done(st, e);
	}
	sqlite3_finalize(st);
	return rc;
}

/* Coverage from the first month any zone delivered to `through`: a
 * zone-month a current delivery declares is delivered, with or without
 * facts registered in it. */
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
			sqlite3_bind_int(st, 3, cube_delivered(c, z, t));
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
cube_write(sqlite3 *db, const cube *c, int rebuild, int *rewritten, sv_err *e)
{
	int rc;

	if ((rc = write_cells(db, c->scratch, rebuild, rewritten, e)) ||
	    (rc = write_labels(db, c->scratch, e)))
		return rc;
	if ((rc = write_coverage(db, c, e)) || (rc = write_month_totals(db, c, e)))
		return rc;
	if ((rc = write_delays(db, c, e)))
		return rc;
	/* a cut's or an as-of's counts are not kept: the next run's are the
	 * whole table's */
	return c->cut || c->asof ? SV_OK : state_save(db, c->scratch, e);
}
