/*
 * layout — the shape of the cube from the reference tables: how many
 * phenomena, communes and zones, which commune is in which zone, and the
 * months the dense counts cover (cube.h).
 */
#include "cube.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/db.h"
#include "../core/delivery.h"
#include "../core/month.h"
#include "scan.h"

/* How many rows the reference's table holds, refused past max. */
static int
count_rows(sqlite3 *db, const char *table, const char *file, int max,
    int *n, sv_err *e)
{
	char sql[64];
	long long k;
	int rc;

	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
	if ((rc = db_integer(db, sql, &k, e)))
		return rc;
	if (k > max)
		return sv_errf(e, SV_DATAERR, "aggregate: %s has %lld rows, more "
		    "than the %d a cube cell can name (aggregate/cube.h): split "
		    "the work, or build suivi with a wider cell key", file, k, max);
	*n = (int)k;
	return SV_OK;
}

static int
zone_index(const cube *c, int zone)
{
	for (int z = 0; z < c->nzones; z++)
		if (c->zones[z] == zone)
			return z;
	return -1;
}

int
layout_commune(const cube *c, int nis)
{
	int lo = 0, hi = c->ncommunes - 1;

	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		if (c->nis[mid] == nis)
			return mid;
		if (c->nis[mid] < nis)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/* The arrays sized from the reference and the month window. */
static int
alloc_layout(cube *c)
{
	size_t np = (size_t)c->nphen + 1, nc = (size_t)c->ncommunes;
	size_t nz = (size_t)c->nzones, nm = (size_t)c->nmonths;

	c->codes = calloc(np, sizeof *c->codes);
	c->axis = calloc(np, sizeof *c->axis);
	c->pow = calloc(np, sizeof *c->pow);
	c->want = calloc(np, sizeof *c->want);
	c->nis = calloc(nc + 1, sizeof *c->nis);
	c->commune_zone = calloc(nc + 1, sizeof *c->commune_zone);
	c->commune_zi = calloc(nc + 1, sizeof *c->commune_zi);
	c->population = calloc(nc + 1, sizeof *c->population);
	c->in_zone = calloc(nc + 1, sizeof *c->in_zone);
	c->zones = calloc(nz + 1, sizeof *c->zones);
	c->zone_start = calloc(nz + 2, sizeof *c->zone_start);
	c->total = calloc(2 * np * nc * nm + 1, sizeof *c->total);
	c->delay = calloc(np * nm * CUBE_DELAYS, sizeof *c->delay);
	c->registered = calloc(nz * nm + 1, sizeof *c->registered);
	c->delivered = calloc(nz * nm + 1, sizeof *c->delivered);
	for (int w = 0; w < 2; w++) {
		c->sex[w] = calloc(np, sizeof *c->sex[w]);
		c->flag[w] = calloc(np, sizeof *c->flag[w]);
		if (!c->sex[w] || !c->flag[w])
			return -1;
	}
	return c->codes && c->axis && c->pow && c->want && c->nis &&
	    c->commune_zone && c->commune_zi && c->population && c->in_zone &&
	    c->zones && c->zone_start && c->total && c->delay &&
	    c->registered && c->delivered ? 0 : -1;
}

static int
load_phenomena(sqlite3 *db, cube *c, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, n = 0, step = SQLITE_DONE;

	if ((rc = db_prepare(db, &st, "SELECT code, axis, police_on_web FROM "
	    "phenomenon ORDER BY seq", e)))
		return rc;
	/* refdata bounded the code's length; count_rows() the rows */
	while (n < c->nphen && (step = sqlite3_step(st)) == SQLITE_ROW) {
		snprintf(c->codes[n], sizeof c->codes[n], "%s", sqlite3_column_text(st, 0));
		c->axis[n] = sqlite3_column_int(st, 1);
		c->pow[n++] = sqlite3_column_int(st, 2);
	}
	snprintf(c->codes[c->nphen], sizeof c->codes[0], "unmapped");
	return db_finish(db, st, step, e);
}

/* The communes of each zone, together: in_zone and zone_start; then
 * those of no known zone, which only the region counts. */
static void
group_by_zone(cube *c)
{
	int k = 0;

	for (int z = 0; z < c->nzones; z++) {
		c->zone_start[z] = k;
		for (int ci = 0; ci < c->ncommunes; ci++)
			if (c->commune_zi[ci] == z)
				c->in_zone[k++] = ci;
	}
	c->zone_start[c->nzones] = k;
	for (int ci = 0; ci < c->ncommunes; ci++)      /* the region has all */
		if (c->commune_zi[ci] < 0)
			c->in_zone[k++] = ci;
}

static int
load_places(sqlite3 *db, cube *c, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, n, step = SQLITE_DONE;

	if ((rc = db_prepare(db, &st, "SELECT zone FROM zone ORDER BY zone", e)))
		return rc;
	for (n = 0; n < c->nzones && (step = sqlite3_step(st)) == SQLITE_ROW; n++)
		c->zones[n] = sqlite3_column_int(st, 0);
	if ((rc = db_finish(db, st, step, e)))
		return rc;
	if ((rc = db_prepare(db, &st, "SELECT nis, zone, coalesce((SELECT "
	    "population FROM population p WHERE p.nis = c.nis AND sex = 'T' "
	    "ORDER BY year DESC LIMIT 1), 0) FROM commune c ORDER BY nis", e)))
		return rc;
	for (n = 0; n < c->ncommunes && (step = sqlite3_step(st)) == SQLITE_ROW;
	    n++) {
		c->nis[n] = sqlite3_column_int(st, 0);
		c->commune_zone[n] = sqlite3_column_int(st, 1);
		c->commune_zi[n] = zone_index(c, c->commune_zone[n]);
		c->population[n] = sqlite3_column_double(st, 2);
	}
	if ((rc = db_finish(db, st, step, e)))
		return rc;
	group_by_zone(c);
	return SV_OK;
}

/* The zone-months the current deliveries declare (temp.delivery_at,
 * core/delivery.h): a named delivery its month, another the months its
 * rows were registered in, each with at least a tenth of the rows of its
 * fullest month (a few rows registered the day after a month's export
 * are stragglers, not a delivery of the next month). */
#define DECLARED "SELECT zone, month FROM temp.delivery_at WHERE rank IS " \
	"NOT NULL AND named UNION SELECT l.zone, m.month FROM temp.delivery_at " \
	"l JOIN extract_month m ON m.extract = l.id WHERE l.rank IS NOT NULL " \
	"AND NOT l.named AND 10 * m.rows >= (SELECT max(x.rows) FROM " \
	"extract_month x WHERE x.extract = l.id)"

/* The month under review: the latest month more than half of the zones
 * that deliver declare (one stray delivery of a later month does not take
 * it over); the latest month any declares in *any.  Month indexes, -1 if
 * none. */
static int
last_month(sqlite3 *db, int *month, int *any, sv_err *e)
{
	long long most, max;
	int rc;

	if ((rc = db_integer(db, "WITH d AS (" DECLARED ") SELECT max(month) "
	    "FROM (SELECT month FROM d GROUP BY month HAVING 2 * count(DISTINCT "
	    "zone) > (SELECT count(DISTINCT zone) FROM d))", &most, e)) ||
	    (rc = db_integer(db, "SELECT max(month) FROM (" DECLARED ")", &max,
	    e)))
		return rc;
	*any = max > 0 ? month_from_yyyymm((int)max) : -1;
	*month = most > 0 ? month_from_yyyymm((int)most) : *any;
	return SV_OK;
}

/* The dense months: from the earliest fact a current delivery loaded
 * (the ledger keeps each one's) to `through`, at most CUBE_MONTHS of
 * them. */
static int
month_window(sqlite3 *db, cube *c, sv_err *e)
{
	long long from;
	int rc;

	if ((rc = db_integer(db, "SELECT coalesce(min(period_from), 0) FROM "
	    "extract WHERE id IN (SELECT id FROM temp.delivery_at WHERE rank IS "
	    "NOT NULL)", &from, e)))
		return rc;
	c->nmonths = CUBE_MONTHS;
	if (from > 0) {
		int n = c->through - month_from_ymd((int)from) + 1;
		c->nmonths = n < 1 ? 1 : n < CUBE_MONTHS ? n : CUBE_MONTHS;
	}
	return SV_OK;
}

/* The zone-months a current delivery declares: its month, for one named
 * by it; the months its rows were registered in, for another (a history
 * loaded in one file).  Also the first of them. */
static int
load_deliveries(sqlite3 *db, cube *c, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, step;

	c->first = c->through + 1;
	if ((rc = db_prepare(db, &st, DECLARED, e)))
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int z = zone_index(c, sqlite3_column_int(st, 0));
		int t = month_from_yyyymm(sqlite3_column_int(st, 1));
		int m = cube_slot(c, t);
		if (z < 0 || m < 0)
			continue;       /* a zone gone, a month outside the window */
		c->delivered[(size_t)z * (size_t)c->nmonths + (size_t)m] = 1;
		if (t < c->first)
			c->first = t;
	}
	return db_finish(db, st, step, e);
}

int
cube_layout(sqlite3 *db, int through, int cut, const char *as_of, cube *c,
    sv_err *e)
{
	int rc, aliases;

	memset(c, 0, sizeof *c);
	if ((rc = delivery_live(db, as_of, e)) ||
	    (rc = last_month(db, &c->through, &c->latest, e)))
		return rc;
	c->asof = as_of != NULL;
	if (c->through < 0)
		return sv_errf(e, SV_DATAERR, "aggregate: no incidents yet: ingest "
		    "extracts first (suivi ingest)");
	if (through && month_from_yyyymm(through) > c->latest) {
		char last[16];
		month_format(c->latest, last, sizeof last);
		return sv_errf(e, SV_USAGE, "aggregate: --through %04d-%02d is after "
		    "the last month delivered (%s): its figures would be zeros, not "
		    "facts; give a month up to %s", through / 100, through % 100,
		    last, last);
	}
	c->as_of = c->through;
	if (through)
		c->through = month_from_yyyymm(through);
	if ((c->cut = cut))
		c->as_of = c->through;
	if ((rc = month_window(db, c, e)) ||
	    (rc = count_rows(db, "phenomenon", "phenomena.csv", CUBE_MAX_PHEN,
	    &c->nphen, e)) ||
	    (rc = count_rows(db, "commune", "communes.csv", CUBE_MAX_COMMUNES,
	    &c->ncommunes, e)) ||
	    (rc = count_rows(db, "zone", "zones.csv", INT16_MAX, &c->nzones, e)) ||
	    (rc = count_rows(db, "phenomenon_alias", "phenomenon_aliases.csv",
	    INT32_MAX, &aliases, e)))
		return rc;
	if (alloc_layout(c)) {
		cube_free(c);
		return sv_errf(e, SV_NOMEM, "aggregate: out of memory for the "
		    "counts of %d phenomena in %d communes over %d months",
		    c->nphen, c->ncommunes, c->nmonths);
	}
	if ((rc = load_phenomena(db, c, e)) || (rc = load_places(db, c, e)) ||
	    (rc = load_deliveries(db, c, e)))
		cube_free(c);
	return rc;
}

void
cube_want(cube *c, int p, unsigned what)
{
	if (p >= 0 && p <= c->nphen)
		c->want[p] |= (unsigned char)what;
}

const int *
cube_communes(const cube *c, int z, int *n)
{
	if (z < 0) {
		*n = c->ncommunes;
		return c->in_zone;
	}
	*n = c->zone_start[z + 1] - c->zone_start[z];
	return c->in_zone + c->zone_start[z];
}

int
cube_phenomenon(const cube *c, const char *code)
{
	for (int p = 0; p <= c->nphen; p++)
		if (strcmp(c->codes[p], code) == 0)
			return p;
	return -1;
}
