/*
 * countstate — a count's maps (scan.h) kept in the database between
 * runs, so that the next count reads only the incidents that changed.
 *
 * Schema 11.  count_state(month, kind, data): each kind's entries of one
 * month as a blob of fixed-size records in this machine's byte order
 * (key and count; author, what and count).  count_dict(kind, idx, text,
 * count): the strings in index order, a label with its incidents.
 * count_mark: the last incident id counted and the fingerprint of what
 * the keys mean.  Triggers log into incident_change, once per id, what
 * a counted row held before it was first revised or removed.
 *
 * Invariant after state_save(), in the same transaction as the tables
 * aggregate writes: the maps saved are the count of every incident with
 * id <= last_id as the rows stood then; incident_change is empty.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../core/db.h"
#include "scan.h"
#include "tally.h"

enum { DICT_LABELS, DICT_CHANNELS, DICT_PLACES, DICT_MOS, DICT_KINDS };

#define CELL_BYTES 12           /* key 8, count 4 */
#define AUTHOR_BYTES 20         /* author 8, what 8, count 4 */

/* The fingerprint as stored: with the records' layout and byte order,
 * so that a database moved to another machine counts afresh. */
static int64_t
stored_fingerprint(const scan *s)
{
	const uint32_t probe = 0x01020304;
	unsigned char first;

	memcpy(&first, &probe, 1);
	return (int64_t)(s->fingerprint * 31 + first * 131 + CELL_BYTES * 7 +
	    AUTHOR_BYTES);
}

static dict *
dict_of(scan *s, int kind)
{
	dict *d[DICT_KINDS] = { &s->labels, &s->channels, &s->places, &s->mos };

	return kind >= 0 && kind < DICT_KINDS ? d[kind] : NULL;
}

/* The strings back at their indexes; *ok = 0 when they cannot be. */
static int
load_dicts(sqlite3 *db, scan *s, int *ok, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, step = SQLITE_DONE;

	if ((rc = db_prepare(db, &st, "SELECT kind, idx, text, count FROM "
	    "count_dict ORDER BY kind, idx", e)))
		return rc;
	while (*ok && (step = sqlite3_step(st)) == SQLITE_ROW) {
		dict *d = dict_of(s, sqlite3_column_int(st, 0));
		const char *text = (const char *)sqlite3_column_text(st, 2);
		int i = d && text ? dict_add(d, text) : -2;
		if (i == -1) {
			sqlite3_finalize(st);
			return sv_errf(e, SV_SOFTWARE, "aggregate: out of memory");
		}
		if (i != sqlite3_column_int(st, 1)) {
			*ok = 0;
			break;
		}
		d->count[i] = (long)sqlite3_column_int64(st, 3);
		if (d == &s->labels)
			d->value[i] = tally_phenomenon(s, text);
	}
	if (!*ok) {
		sqlite3_finalize(st);
		return SV_OK;
	}
	return db_finish(db, st, step, e);
}

/* One blob's records into the map of its kind; *ok = 0 if malformed. */
static int
load_blob(scan *s, int kind, const unsigned char *b, size_t len, int *ok,
    sv_err *e)
{
	size_t size = kind == TALLY_AUTHORS ? AUTHOR_BYTES : CELL_BYTES;
	cellmap *m = kind == TALLY_CELLS ? &s->cells : kind == TALLY_DELAYS ?
	    &s->delays : &s->mo_cells;
	int rc = 0;

	if (kind < 0 || kind >= TALLY_KINDS || len % size) {
		*ok = 0;
		return SV_OK;
	}
	for (size_t at = 0; at < len && !rc; at += size) {
		uint64_t key, what;
		int32_t n;
		memcpy(&key, b + at, 8);
		if (kind == TALLY_AUTHORS) {
			memcpy(&what, b + at + 8, 8);
			memcpy(&n, b + at + 16, 4);
			rc = what && n > 0 ? authmap_add(&s->authors, key, what, n) : -2;
		} else {
			memcpy(&n, b + at + 8, 4);
			rc = key && n > 0 ? cellmap_add(m, key, n) : -2;
		}
	}
	if (rc == -1)
		return sv_errf(e, SV_SOFTWARE, "aggregate: out of memory");
	*ok = rc == 0;
	return SV_OK;
}

static int
load_maps(sqlite3 *db, scan *s, int *ok, sv_err *e)
{
	sqlite3_stmt *st;
	long long cells;
	int rc, step = SQLITE_DONE;

	if ((rc = db_integer(db, "SELECT coalesce(sum(length(data)), 0) FROM "
	    "count_state WHERE kind = 0", &cells, e)))
		return rc;
	if (cellmap_reserve(&s->cells, (size_t)cells / CELL_BYTES +
	    (size_t)cells / CELL_BYTES / 32))
		return sv_errf(e, SV_SOFTWARE, "aggregate: out of memory");
	if ((rc = db_prepare(db, &st, "SELECT kind, data FROM count_state", e)))
		return rc;
	while (*ok && (step = sqlite3_step(st)) == SQLITE_ROW)
		if ((rc = load_blob(s, sqlite3_column_int(st, 0),
		    sqlite3_column_blob(st, 1), (size_t)sqlite3_column_bytes(st, 1),
		    ok, e))) {
			sqlite3_finalize(st);
			return rc;
		}
	if (!*ok) {
		sqlite3_finalize(st);
		return SV_OK;
	}
	return db_finish(db, st, step, e);
}

int
state_load(sqlite3 *db, scan *s, long long *last_id, sv_err *e)
{
	sqlite3_stmt *st;
	long long saved;
	int rc, found, ok;

	*last_id = -1;
	if ((rc = db_prepare(db, &st, "SELECT last_id, fingerprint FROM "
	    "count_mark", e)))
		return rc;
	if ((rc = db_lookup(db, st, &found, e))) {
		sqlite3_finalize(st);
		return rc;
	}
	ok = found && sqlite3_column_int64(st, 1) == stored_fingerprint(s);
	saved = found ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	if (ok && !(rc = load_dicts(db, s, &ok, e)) && ok)
		rc = load_maps(db, s, &ok, e);
	if (!rc && ok)
		*last_id = saved;
	return rc;
}

/* The records of one kind, by month: a counting sort of the map's live
 * entries in the months to write. */
typedef struct bucket {
	unsigned char *data;
	size_t size, at[CUBE_MONTH_SPAN + 1];
} bucket;

static int
month_of(const scan *s, int kind, size_t i, int *m)
{
	if (kind == TALLY_AUTHORS) {
		const author_cell *x = &s->authors.v[i];
		*m = (int)(x->what >> 52);
		return x->count > 0 && (s->all_dirty || s->dirty[*m]);
	}
	const cellmap *map = kind == TALLY_CELLS ? &s->cells : kind ==
	    TALLY_DELAYS ? &s->delays : &s->mo_cells;
	*m = (int)(map->v[i].key >> 52);
	return map->v[i].count > 0 && (s->all_dirty || s->dirty[*m]);
}

static void
put_record(const scan *s, int kind, size_t i, unsigned char *to)
{
	if (kind == TALLY_AUTHORS) {
		const author_cell *x = &s->authors.v[i];
		memcpy(to, &x->author, 8);
		memcpy(to + 8, &x->what, 8);
		memcpy(to + 16, &x->count, 4);
		return;
	}
	const cellmap *map = kind == TALLY_CELLS ? &s->cells : kind ==
	    TALLY_DELAYS ? &s->delays : &s->mo_cells;
	memcpy(to, &map->v[i].key, 8);
	memcpy(to + 8, &map->v[i].count, 4);
}

static int
fill_bucket(const scan *s, int kind, bucket *b)
{
	size_t cap = kind == TALLY_AUTHORS ? s->authors.cap : (kind == TALLY_CELLS ?
	    &s->cells : kind == TALLY_DELAYS ? &s->delays : &s->mo_cells)->cap;
	size_t fill[CUBE_MONTH_SPAN] = { 0 }, n = 0;
	int m;

	b->size = kind == TALLY_AUTHORS ? AUTHOR_BYTES : CELL_BYTES;
	memset(b->at, 0, sizeof b->at);
	for (size_t i = 0; i < cap; i++)
		if (month_of(s, kind, i, &m))
			b->at[m + 1]++, n++;
	for (int k = 0; k < CUBE_MONTH_SPAN; k++)
		b->at[k + 1] += b->at[k];
	if (!(b->data = malloc(n ? n * b->size : 1)))
		return -1;
	for (size_t i = 0; i < cap; i++)
		if (month_of(s, kind, i, &m))
			put_record(s, kind, i, b->data + (b->at[m] + fill[m]++) *
			    b->size);
	return 0;
}

/* The months to write: deleted, then each kind's records inserted. */
static int
save_maps(sqlite3 *db, const scan *s, sv_err *e)
{
	sqlite3_stmt *del = NULL, *ins = NULL;
	bucket b = { 0 };
	int rc;

	if ((rc = s->all_dirty ? db_exec(db, "DELETE FROM count_state", e) :
	    db_prepare(db, &del, "DELETE FROM count_state WHERE month = ?1", e)))
		return rc;
	for (int m = 0; del && m < CUBE_MONTH_SPAN && !rc; m++)
		if (s->dirty[m]) {
			sqlite3_bind_int(del, 1, m);
			rc = db_step_done(del, e);
		}
	sqlite3_finalize(del);
	if (rc || (rc = db_prepare(db, &ins, "INSERT INTO count_state(month, "
	    "kind, data) VALUES (?1, ?2, ?3)", e)))
		return rc;
	for (int kind = 0; kind < TALLY_KINDS && !rc; kind++) {
		if (fill_bucket(s, kind, &b)) {
			rc = sv_errf(e, SV_SOFTWARE, "aggregate: out of memory");
			break;
		}
		for (int m = 0; m < CUBE_MONTH_SPAN && !rc; m++) {
			size_t n = b.at[m + 1] - b.at[m];
			if (!n)
				continue;
			sqlite3_bind_int(ins, 1, m);
			sqlite3_bind_int(ins, 2, kind);
			sqlite3_bind_blob64(ins, 3, b.data + b.at[m] * b.size,
			    n * b.size, SQLITE_STATIC);
			rc = db_step_done(ins, e);
		}
		free(b.data);
	}
	sqlite3_finalize(ins);
	return rc;
}

static int
save_dicts(sqlite3 *db, scan *s, sv_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_exec(db, "DELETE FROM count_dict", e)) ||
	    (rc = db_prepare(db, &st, "INSERT INTO count_dict(kind, idx, text, "
	    "count) VALUES (?1, ?2, ?3, ?4)", e)))
		return rc;
	for (int kind = 0; kind < DICT_KINDS && !rc; kind++) {
		const dict *d = dict_of(s, kind);
		for (int i = 0; i < d->n && !rc; i++) {
			sqlite3_bind_int(st, 1, kind);
			sqlite3_bind_int(st, 2, i);
			sqlite3_bind_text(st, 3, d->s[i], -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, 4, d->count[i]);
			rc = db_step_done(st, e);
		}
	}
	sqlite3_finalize(st);
	return rc;
}

int
state_save(sqlite3 *db, scan *s, sv_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = save_maps(db, s, e)) || (rc = save_dicts(db, s, e)) ||
	    (rc = db_exec(db, "DELETE FROM incident_change", e)) ||
	    (rc = db_prepare(db, &st, "INSERT OR REPLACE INTO count_mark(one, "
	    "last_id, fingerprint) VALUES (1, ?1, ?2)", e)))
		return rc;
	sqlite3_bind_int64(st, 1, s->last_id);
	sqlite3_bind_int64(st, 2, stored_fingerprint(s));
	rc = db_step_done(st, e);
	sqlite3_finalize(st);
	return rc;
}
