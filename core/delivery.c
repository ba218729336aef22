/*
 * delivery — deliveries' identities and states (delivery.h).
 */
#include "delivery.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "grow.h"
#include "month.h"

static const char *const state_names[DS_COUNT] = {
	"current", "superseded", "retracted", "replaced", "unread",
};

const char *
delivery_state_name(enum delivery_state s)
{
	return s < DS_COUNT ? state_names[s] : "?";
}

/* Whether s[0..n) is all digits. */
static int
digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return n > 0;
}

/* The number the n digits at s write (n <= 9, checked by digits()). */
static int
value(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* The yyyymm of "YYYY-MM" (a real month), else 0. */
static int
name_month(const char *s, size_t n)
{
	if (n != 7 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2))
		return 0;
	int y = value(s, 4), m = value(s + 5, 2);
	return y >= 1900 && y <= 2199 && m >= 1 && m <= 12 ? y * 100 + m : 0;
}

void
delivery_name_parse(const char *path, delivery_name *dn)
{
	const char *base = strrchr(path, '/');
	size_t n;

	memset(dn, 0, sizeof *dn);
	dn->version = 1;
	base = base ? base + 1 : path;
	n = strlen(base);
	if (n > 4 && !strcasecmp(base + n - 4, ".csv"))
		n -= 4;
	/* a final -vN */
	size_t d = n;
	while (d > 0 && isdigit((unsigned char)base[d - 1]))
		d--;
	if (d < n && d >= 2 && (base[d - 1] == 'v' || base[d - 1] == 'V') &&
	    base[d - 2] == '-' && n - d <= 6) {
		dn->version = value(base + d, n - d);
		if (dn->version < 1)
			dn->version = 1;
		n = d - 2;
	}
	snprintf(dn->stem, sizeof dn->stem, "%.*s", (int)n, base);
	dn->month = name_month(base, n);
	/* the folder: DIR/<zone>/file */
	if (base > path) {
		const char *end = base - 1, *start = end;
		while (start > path && start[-1] != '/')
			start--;
		if (end - start == 4 && digits(start, 4))
			dn->folder_zone = value(start, 4);
	}
}

void
deliveries_free(deliveries *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].stem);
		free(d->v[i].sha256);
	}
	free(d->v);
	memset(d, 0, sizeof *d);
}

/* The readings loaded by as_of, with what decides their state. */
#define LEDGER_SQL \
	"SELECT e.id, coalesce(e.zone, 0), coalesce(e.month, 0), e.version, " \
	"e.legacy, e.rows_read > 0 AND e.rows_quarantined = e.rows_read, " \
	"e.stem, e.sha256, e.replaced_by IS NOT NULL AND (?1 IS NULL OR " \
	"EXISTS (SELECT 1 FROM extract r WHERE r.id = e.replaced_by AND " \
	"strftime('%Y-%m-%dT%H:%M:%fZ', r.loaded_at) <= ?1)), " \
	"EXISTS (SELECT 1 FROM retraction t WHERE t.zone = e.zone AND " \
	"t.month = e.month AND t.version >= e.version AND (?1 IS NULL OR " \
	"t.at <= ?1)) FROM extract e WHERE ?1 IS NULL OR " \
	"strftime('%Y-%m-%dT%H:%M:%fZ', e.loaded_at) <= ?1 ORDER BY e.id"

static int
read_ledger(sqlite3 *db, const char *as_of, deliveries *d, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, step;

	if ((rc = db_prepare(db, &st, LEDGER_SQL, e)))
		return rc;
	if (as_of)
		sqlite3_bind_text(st, 1, as_of, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (grow((void **)&d->v, &d->cap, d->n + 1, sizeof *d->v)) {
			sqlite3_finalize(st);
			return sv_errf(e, SV_NOMEM, "out of memory");
		}
		delivery *r = &d->v[d->n++];
		memset(r, 0, sizeof *r);
		r->id = sqlite3_column_int64(st, 0);
		r->zone = sqlite3_column_int(st, 1);
		r->month = sqlite3_column_int(st, 2);
		r->version = sqlite3_column_int(st, 3);
		r->legacy = sqlite3_column_int(st, 4);
		r->unread = sqlite3_column_int(st, 5);
		r->stem = strdup((const char *)sqlite3_column_text(st, 6));
		r->sha256 = strdup((const char *)sqlite3_column_text(st, 7));
		r->state = sqlite3_column_int(st, 8) ? DS_REPLACED : r->unread ?
		    DS_UNREAD : sqlite3_column_int(st, 9) ? DS_RETRACTED : DS_CURRENT;
		if (!r->stem || !r->sha256) {
			sqlite3_finalize(st);
			return sv_errf(e, SV_NOMEM, "out of memory");
		}
	}
	return db_finish(db, st, step, e);
}

/* Candidates grouped by delivery (zone, month, name), the highest
 * versions first. */
static int
by_group(const void *a, const void *b)
{
	const delivery *x = *(const delivery *const *)a;
	const delivery *y = *(const delivery *const *)b;
	int c;

	if (x->zone != y->zone)
		return x->zone < y->zone ? -1 : 1;
	if (x->month != y->month)
		return x->month < y->month ? -1 : 1;
	if ((c = strcmp(x->stem, y->stem)))
		return c;
	return (y->version > x->version) - (y->version < x->version);
}

static int
same_group(const delivery *x, const delivery *y)
{
	return x->zone == y->zone && x->month == y->month &&
	    !strcmp(x->stem, y->stem);
}

/* The order of the deliveries: (month, version, name, zone, SHA-256). */
static int
by_rank(const void *a, const void *b)
{
	const delivery *x = *(const delivery *const *)a;
	const delivery *y = *(const delivery *const *)b;
	int c;

	if (x->month != y->month)
		return x->month < y->month ? -1 : 1;
	if (x->version != y->version)
		return x->version < y->version ? -1 : 1;
	if ((c = strcmp(x->stem, y->stem)))
		return c;
	if (x->zone != y->zone)
		return x->zone < y->zone ? -1 : 1;
	if ((c = strcmp(x->sha256, y->sha256)))
		return c;
	return (x->id > y->id) - (x->id < y->id);
}

/* Within each delivery, what a later version supersedes: any reading of
 * a lower version, but a legacy one only by a reading of versions' time
 * (see delivery.h).  p holds the candidates sorted by by_group. */
static void
supersede(delivery **p, size_t n)
{
	for (size_t i = 0, j; i < n; i = j) {
		int top = 0, top_new = 0;
		for (j = i; j < n && same_group(p[j], p[i]); j++) {
			top = p[j]->version > top ? p[j]->version : top;
			if (!p[j]->legacy && p[j]->version > top_new)
				top_new = p[j]->version;
		}
		if (!p[i]->zone || !p[i]->month)
			continue;       /* no zone-month: it supersedes nothing */
		for (size_t k = i; k < j; k++)
			if (p[k]->version < (p[k]->legacy ? top_new : top))
				p[k]->state = DS_SUPERSEDED;
	}
}

int
deliveries_load(sqlite3 *db, const char *as_of, deliveries *d, sv_err *e)
{
	delivery **p;
	size_t n = 0;
	int rc;

	memset(d, 0, sizeof *d);
	if ((rc = read_ledger(db, as_of, d, e))) {
		deliveries_free(d);
		return rc;
	}
	if (!(p = malloc((d->n ? d->n : 1) * sizeof *p))) {
		deliveries_free(d);
		return sv_errf(e, SV_NOMEM, "out of memory");
	}
	for (size_t i = 0; i < d->n; i++) {
		d->v[i].rank = -1;
		if (d->v[i].state == DS_CURRENT)
			p[n++] = &d->v[i];
	}
	qsort(p, n, sizeof *p, by_group);
	supersede(p, n);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (p[i]->state == DS_CURRENT)
			p[k++] = p[i];
	qsort(p, k, sizeof *p, by_rank);
	for (size_t i = 0; i < k; i++)
		p[i]->rank = (int)i;
	d->ncurrent = (int)k;
	free(p);
	return SV_OK;
}

/* The reading id of d, or NULL. */
static const delivery *
find(const deliveries *d, sqlite3_int64 id)
{
	size_t lo = 0, hi = d->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (d->v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < d->n && d->v[lo].id == id ? &d->v[lo] : NULL;
}

int
deliveries_rank(const deliveries *d, sqlite3_int64 id)
{
	const delivery *r = find(d, id);

	return r ? r->rank : -1;
}

int
deliveries_save(sqlite3 *db, const deliveries *d, int flipped, sv_err *e)
{
	sqlite3_stmt *get, *put, *flip = NULL;
	int rc, step;

	if ((flipped && ((rc = db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS "
	    "flipped(id INTEGER PRIMARY KEY)", e)) || (rc = db_prepare(db, &flip,
	    "INSERT OR IGNORE INTO temp.flipped VALUES (?1)", e)))))
		return rc;
	if ((rc = db_prepare(db, &get, "SELECT id, state FROM extract", e))) {
		sqlite3_finalize(flip);
		return rc;
	}
	if ((rc = db_prepare(db, &put, "UPDATE extract SET state = ?2 WHERE id "
	    "= ?1", e))) {
		sqlite3_finalize(get);
		sqlite3_finalize(flip);
		return rc;
	}
	while (!rc && (step = sqlite3_step(get)) == SQLITE_ROW) {
		sqlite3_int64 id = sqlite3_column_int64(get, 0);
		const char *was = (const char *)sqlite3_column_text(get, 1);
		const delivery *r = find(d, id);
		if (!r || !strcmp(was, delivery_state_name(r->state)))
			continue;
		sqlite3_bind_int64(put, 1, id);
		sqlite3_bind_text(put, 2, delivery_state_name(r->state), -1,
		    SQLITE_STATIC);
		rc = db_step_done(put, e);
		if (!rc && flip && !strcmp(was, "current") != (r->state ==
		    DS_CURRENT)) {
			sqlite3_bind_int64(flip, 1, id);
			rc = db_step_done(flip, e);
		}
	}
	if (!rc)
		rc = db_finish(db, get, step, e);
	else
		sqlite3_finalize(get);
	sqlite3_finalize(put);
	sqlite3_finalize(flip);
	return rc;
}

#define VERSION_COLS DELIVERY_VERSION_COLS

/* The incidents as they stood at the moment temp.delivery_at holds:
 * where a (zone, ref) has a single version (asof_single), its incident
 * row if its delivery was current then; where it has several, some in
 * incident_past (asof_multi), the one of the highest-ranked delivery
 * current then.  Two views as well as their union, so that a condition
 * on the first (which holds nearly every incident) reaches its scan. */
static const char asof_view[] =
	"DROP VIEW IF EXISTS temp.asof_incident;"
	"DROP VIEW IF EXISTS temp.asof_single;"
	"DROP VIEW IF EXISTS temp.asof_multi;"
	"CREATE TEMP VIEW asof_single AS "
	"SELECT " VERSION_COLS " FROM incident i WHERE i.extract IN "
	"(SELECT id FROM temp.delivery_at WHERE rank IS NOT NULL) AND NOT EXISTS "
	"(SELECT 1 FROM incident_past p WHERE p.zone = i.zone AND p.ref = i.ref);"
	"CREATE TEMP VIEW asof_multi AS "
	"SELECT " VERSION_COLS " FROM (SELECT v.*, row_number() OVER "
	"(PARTITION BY v.zone, v.ref ORDER BY l.rank DESC) AS rn FROM (SELECT "
	VERSION_COLS " FROM incident WHERE id IN (SELECT i.id FROM (SELECT "
	"DISTINCT zone, ref FROM incident_past) k JOIN incident i ON i.zone = "
	"k.zone AND i.ref = k.ref) "    /* through the index, not a scan */
	"UNION ALL SELECT " VERSION_COLS " FROM incident_past) v JOIN "
	"temp.delivery_at l ON l.id = v.extract AND l.rank IS NOT NULL) WHERE "
	"rn = 1;"
	"CREATE TEMP VIEW asof_incident AS SELECT * FROM temp.asof_single "
	"UNION ALL SELECT * FROM temp.asof_multi;";

int
delivery_live(sqlite3 *db, const char *as_of, sv_err *e)
{
	deliveries d;
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS delivery_at("
	    "id INTEGER PRIMARY KEY, zone INTEGER, month INTEGER, named INTEGER,"
	    " state TEXT, rank INTEGER); DELETE FROM temp.delivery_at;", e)) ||
	    (rc = deliveries_load(db, as_of, &d, e)))
		return rc;
	if ((rc = db_prepare(db, &st, "INSERT INTO temp.delivery_at SELECT "
	    "id, zone, month, named, ?2, ?3 FROM extract WHERE id = ?1", e))) {
		deliveries_free(&d);
		return rc;
	}
	for (size_t i = 0; i < d.n && !rc; i++) {
		sqlite3_bind_int64(st, 1, d.v[i].id);
		sqlite3_bind_text(st, 2, delivery_state_name(d.v[i].state), -1,
		    SQLITE_STATIC);
		if (d.v[i].rank >= 0)
			sqlite3_bind_int(st, 3, d.v[i].rank);
		else
			sqlite3_bind_null(st, 3);
		rc = db_step_done(st, e);
	}
	sqlite3_finalize(st);
	deliveries_free(&d);
	if (!rc && as_of)
		rc = db_exec(db, asof_view, e);
	return rc;
}

/* The number two digits at s write, or -1 when they are not digits. */
static int
two(const char *s)
{
	return digits(s, 2) ? value(s, 2) : -1;
}

/* "+HH:MM", "+HHMM" or "+HH" (or -) into *east, seconds east of UTC:
 * 0, or -1 when s is not that. */
static int
parse_offset(const char *s, long *east)
{
	int sign, h, m = 0;

	if (*s != '+' && *s != '-')
		return -1;
	sign = *s++ == '-' ? -1 : 1;
	if ((h = two(s)) < 0)
		return -1;
	s += 2;
	if (*s) {
		s += *s == ':';
		if ((m = two(s)) < 0 || s[2])
			return -1;
	}
	if (h > 14 || m > 59)
		return -1;
	*east = sign * (h * 3600L + m * 60L);
	return 0;
}

int
delivery_time(const char *s, char *out, size_t n)
{
	/* what is not said is the end of what is: a day to its last
	 * millisecond, a minute to its last second's */
	int y, mo, d, h = 23, mi = 59, sec = 59, ms = 999, utc = 0;
	long east = 0;
	const char *p = s;

	if (!digits(p, 4) || p[4] != '-' || (mo = two(p + 5)) < 0 ||
	    p[7] != '-' || (d = two(p + 8)) < 0)
		return -1;
	y = value(p, 4);
	p += 10;
	if (*p == 'T' || *p == ' ') {
		if ((h = two(p + 1)) < 0 || p[3] != ':' || (mi = two(p + 4)) < 0)
			return -1;
		p += 6;
		if (*p == ':') {
			if ((sec = two(p + 1)) < 0)
				return -1;
			p += 3;
			if (*p == '.') {
				int k = 0;
				for (ms = 0, p++; isdigit((unsigned char)*p); p++, k++)
					if (k < 3)
						ms = ms * 10 + (*p - '0');
				if (k == 0)
					return -1;
				for (; k < 3; k++)
					ms *= 10;
			}
		}
	}
	if (*p == 'Z' && !p[1])
		utc = 1;
	else if (*p && parse_offset(p, &east) == 0)
		utc = 1;
	else if (*p)
		return -1;
	if (y < 1900 || y > 2199 || mo < 1 || mo > 12 || d < 1 ||
	    d > month_days(y, mo) || h > 23 || mi > 59 || sec > 59)
		return -1;
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
	    .tm_hour = h, .tm_min = mi, .tm_sec = sec, .tm_isdst = -1 };
	time_t t = utc ? timegm(&tm) - east : mktime(&tm);
	struct tm back;
	char when[32];
	if (t == (time_t)-1 || !gmtime_r(&t, &back) ||
	    !strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &back))
		return -1;
	return (size_t)snprintf(out, n, "%s.%03dZ", when, ms) < n ? 0 : -1;
}
