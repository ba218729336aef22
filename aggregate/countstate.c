/*
 * countstate — a count's records (scan.h) kept in the database between
 * runs, so that the next count reads only the incidents that changed.
 *
 * Schema 11.  count_state(month, kind, data): a month_recs as a blob.
 * count_dict(kind, idx, text, count): the strings in index order, a label
 * with its incidents.  count_mark: the last incident id counted, the
 * fingerprint of what the keys mean, the month authors are kept from,
 * and whether the cube table holds the state's cells.  Triggers log into
 * incident_change, once per id, what a counted row held before it was
 * first revised or removed.
 *
 * Invariant after state_save(), in the same transaction as the tables
 * aggregate writes: the records saved are the count of every incident
 * with id <= last_id as the rows stood then; incident_change is empty.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../core/db.h"
#include "scan.h"
#include "tally.h"

enum { DICT_LABELS, DICT_CHANNELS, DICT_PLACES, DICT_MOS, DICT_KINDS };

/* The fingerprint as stored: with the records' layout and byte order,
 * so that a database moved to another machine counts afresh. */
static int64_t
stored_fingerprint(const scan *s)
{
	const uint32_t probe = 0x01020304;
	unsigned char first;

	memcpy(&first, &probe, 1);
	return (int64_t)(s->fingerprint * 31 + first * 131 +
	    tally_bytes(TALLY_CELLS) * 7 + tally_bytes(TALLY_AUTHORS));
}

static dict *
dict_of(scan *s, int kind)
{
	dict *d[DICT_KINDS] = { &s->labels, &s->channels, &s->places, &s->mos };

	return kind >= 0 && kind < DICT_KINDS ? d[kind] : NULL;
}

/* One row of the state: SV_OK, an error, or -1 when it cannot be used
 * (malformed: the count is then made afresh). */
typedef int load_fn(scan *s, sqlite3_stmt *st, sv_err *e);

/* Each row sql gives, to `row`; *ok = 0 at the first that cannot be
 * used. */
static int
load_rows(sqlite3 *db, scan *s, const char *sql, load_fn *row, int *ok,
    sv_err *e)
{
	sqlite3_stmt *st;
	int rc, step = SQLITE_DONE;

	if ((rc = db_prepare(db, &st, sql, e)))
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		if ((rc = row(s, st, e))) {
			sqlite3_finalize(st);
			*ok = rc > 0 ? *ok : 0;
			return rc > 0 ? rc : SV_OK;
		}
	return db_finish(db, st, step, e);
}

/* A string back at its index. */
static int
load_dict(scan *s, sqlite3_stmt *st, sv_err *e)
{
	dict *d = dict_of(s, sqlite3_column_int(st, 0));
	const char *text = (const char *)sqlite3_column_text(st, 2);
	int i = d && text ? dict_add(d, text) : -2;

	if (i == -1)
		return sv_errf(e, SV_NOMEM, "aggregate: out of memory");
	if (i != sqlite3_column_int(st, 1))
		return -1;
	d->count[i] = (long)sqlite3_column_int64(st, 3);
	if (d == &s->labels)
		d->value[i] = tally_phenomenon(s, text);
	return SV_OK;
}

/* Whether a record loaded can be what a count made: of its month, a
 * count above 0, and indexes within the layout and the dicts (a state
 * edited by hand must not send a count out of its arrays). */
static int
rec_valid(const scan *s, int kind, int m, uint64_t key, uint64_t what,
    int32_t n)
{
	const cube *c = s->c;
	uint64_t k = kind == TALLY_AUTHORS ? what : key;
	int ci = key_commune(k), p = key_phen(k);

	if (n <= 0 || key_month(k) != m || !(k & 1) || p > c->nphen)
		return 0;
	switch (kind) {
	case TALLY_CELLS:
		return ci < c->ncommunes && key_channel(k) <= s->channels.n &&
		    key_place(k) <= s->places.n;
	case TALLY_DELAYS:
		return key_delay(k) < CUBE_DELAYS;
	case TALLY_MOS:
		return ci < c->ncommunes && key_mo(k) < s->mos.n;
	default:
		return ci < c->ncommunes;
	}
}

/* A month's records of a kind as they were saved. */
static int
load_recs(scan *s, sqlite3_stmt *st, sv_err *e)
{
	int m = sqlite3_column_int(st, 0), kind = sqlite3_column_int(st, 1);
	size_t len = (size_t)sqlite3_column_bytes(st, 2);
	const void *data = sqlite3_column_blob(st, 2);
	month_recs *r;

	if (m < 0 || m >= CUBE_MONTH_SPAN || kind < 0 || kind >= TALLY_KINDS ||
	    !len || len % tally_bytes(kind) || (r = &s->recs[kind][m])->data)
		return -1;
	if (!(r->data = malloc(len)))
		return sv_errf(e, SV_NOMEM, "aggregate: out of memory");
	memcpy(r->data, data, len);
	r->n = len / tally_bytes(kind);
	for (size_t i = 0; i < r->n; i++) {
		uint64_t key, what = 0;
		int32_t n = rec_get(r, kind, i, &key, &what);
		if (!rec_valid(s, kind, m, key, what, n))
			return -1;
	}
	return SV_OK;
}

int
state_load(sqlite3 *db, scan *s, long long *last_id, sv_err *e)
{
	sqlite3_stmt *st;
	long long saved;
	int rc, found, ok;

	*last_id = -1;
	if ((rc = db_prepare(db, &st, "SELECT last_id, fingerprint, author_from, "
	    "synced FROM count_mark", e)))
		return rc;
	if ((rc = db_lookup(db, st, &found, e))) {
		sqlite3_finalize(st);
		return rc;
	}
	ok = found && sqlite3_column_int64(st, 1) == stored_fingerprint(s) &&
	    sqlite3_column_int(st, 2) <= s->author_from;
	saved = found ? sqlite3_column_int64(st, 0) : -1;
	s->synced = found && sqlite3_column_int(st, 3);
	sqlite3_finalize(st);
	if (ok && !(rc = load_rows(db, s, "SELECT kind, idx, text, count FROM "
	    "count_dict ORDER BY kind, idx", load_dict, &ok, e)) && ok)
		rc = load_rows(db, s, "SELECT month, kind, data FROM count_state",
		    load_recs, &ok, e);
	if (!rc && ok)
		*last_id = saved;
	return rc;
}

/*
 * Folding the changes in.  The changes of one kind are sorted by month
 * (a counting sort of the map's slots); each month with changes is then
 * rebuilt: its records and changes summed in a map of its own, or the
 * changes alone when it had none.
 */
typedef struct by_month {
	size_t *slot;                   /* the map's slots, month by month */
	size_t at[CUBE_MONTH_SPAN + 1];
} by_month;

/* Slot i of kind's change map: its key, what, count and month. */
static int32_t
change(const scan *s, int kind, size_t i, uint64_t *key, uint64_t *what,
    int *month)
{
	if (kind == TALLY_AUTHORS) {
		*key = s->authors.v[i].author;
		*what = s->authors.v[i].what;
		*month = key_month(*what);
		return *what ? s->authors.v[i].count : 0;
	}
	const cellmap *m = kind == TALLY_CELLS ? &s->cells : kind ==
	    TALLY_DELAYS ? &s->delays : &s->mo_cells;
	*key = m->v[i].key;
	*month = key_month(*key);
	return *key ? m->v[i].count : 0;
}

static size_t
change_slots(const scan *s, int kind)
{
	return kind == TALLY_AUTHORS ? s->authors.cap : (kind == TALLY_CELLS ?
	    &s->cells : kind == TALLY_DELAYS ? &s->delays : &s->mo_cells)->cap;
}

static int
sort_changes(const scan *s, int kind, by_month *b)
{
	size_t cap = change_slots(s, kind), fill[CUBE_MONTH_SPAN] = { 0 };
	uint64_t key, what;
	int m;

	memset(b->at, 0, sizeof b->at);
	for (size_t i = 0; i < cap; i++)
		if (change(s, kind, i, &key, &what, &m))
			b->at[m + 1]++;
	for (int k = 0; k < CUBE_MONTH_SPAN; k++)
		b->at[k + 1] += b->at[k];
	if (!(b->slot = malloc((b->at[CUBE_MONTH_SPAN] + 1) * sizeof *b->slot)))
		return -1;
	for (size_t i = 0; i < cap; i++)
		if (change(s, kind, i, &key, &what, &m))
			b->slot[b->at[m] + fill[m]++] = i;
	return 0;
}

/* Month m's records and its changes (nslots slots of the change map)
 * summed; -1 out of memory, -2 when a count falls below 0. */
static int
merge_month(scan *s, int kind, int m, const size_t *slot, size_t nslots)
{
	month_recs *r = &s->recs[kind][m], out = { NULL, 0, 0 };
	size_t size = tally_bytes(kind), cap = r->n + nslots;
	cellmap sum = { 0 };
	authmap asum = { 0 };
	uint64_t key, what = 0;
	int32_t n;
	int mm, rc = 0;

	if (!(out.data = malloc(cap * size)))
		return -1;
	if (!r->n) {            /* the changes are the counts */
		for (size_t i = 0; i < nslots && !rc; i++)
			if ((n = change(s, kind, slot[i], &key, &what, &mm)) < 0)
				rc = -2;
			else
				rec_put(out.data + size * out.n++, kind, key, what, n);
		goto done;
	}
	if (kind == TALLY_AUTHORS ? authmap_reserve(&asum, cap) :
	    cellmap_reserve(&sum, cap)) {
		free(out.data);
		return -1;
	}
	for (size_t i = 0; i < r->n + nslots && !rc; i++) {
		n = i < r->n ? rec_get(r, kind, i, &key, &what) :
		    change(s, kind, slot[i - r->n], &key, &what, &mm);
		rc = kind == TALLY_AUTHORS ? authmap_add(&asum, key, what, n) :
		    cellmap_add(&sum, key, n);
	}
	size_t slots = kind == TALLY_AUTHORS ? asum.cap : sum.cap;
	for (size_t i = 0; i < slots && !rc; i++) {
		if (kind == TALLY_AUTHORS)
			key = asum.v[i].author, what = asum.v[i].what,
			    n = what ? asum.v[i].count : 0;
		else
			key = sum.v[i].key, n = key ? sum.v[i].count : 0;
		if (n < 0)
			rc = -2;
		else if (n > 0)
			rec_put(out.data + size * out.n++, kind, key, what, n);
	}
	free(sum.v);
	free(asum.v);
done:
	if (rc) {
		free(out.data);
		return rc;
	}
	free(r->data);
	*r = out;
	return 0;
}

/* A count afresh: the changes are the counts, each month's records
 * made at their size and filled in one pass over the map. */
static int
fill_months(scan *s, int kind)
{
	size_t cap = change_slots(s, kind), size = tally_bytes(kind);
	uint64_t key, what;
	int32_t n;
	int m;

	for (size_t i = 0; i < cap; i++)
		if (change(s, kind, i, &key, &what, &m) > 0)
			s->recs[kind][m].cap += size;
	for (m = 0; m < CUBE_MONTH_SPAN; m++) {
		month_recs *r = &s->recs[kind][m];
		if (r->cap && !(r->data = malloc(r->cap)))
			return -1;
	}
	for (size_t i = 0; i < cap; i++)
		if ((n = change(s, kind, i, &key, &what, &m)) > 0) {
			month_recs *r = &s->recs[kind][m];
			rec_put(r->data + r->n++ * size, kind, key, what, n);
		}
	return 0;
}

int
state_merge(scan *s, sv_err *e)
{
	by_month b;
	int rc = 0;

	for (int kind = 0; kind < TALLY_KINDS && !rc; kind++) {
		if (s->c->afresh && kind != TALLY_AUTHORS) {
			if (fill_months(s, kind))
				return sv_errf(e, SV_SOFTWARE, "aggregate: out of "
				    "memory");
			continue;
		}
		if (sort_changes(s, kind, &b))
			return sv_errf(e, SV_NOMEM, "aggregate: out of memory");
		for (int m = 0; m < CUBE_MONTH_SPAN && !rc; m++)
			if (b.at[m + 1] > b.at[m])
				rc = merge_month(s, kind, m, b.slot + b.at[m],
				    b.at[m + 1] - b.at[m]);
		free(b.slot);
	}
	/* the authors the window can no longer ask for */
	for (int m = 0; m < s->author_from && !rc; m++)
		if (s->recs[TALLY_AUTHORS][m].n) {
			free(s->recs[TALLY_AUTHORS][m].data);
			s->recs[TALLY_AUTHORS][m] = (month_recs){ NULL, 0, 0 };
			s->dirty[m] = 1;
		}
	if (rc == -1)
		return sv_errf(e, SV_NOMEM, "aggregate: out of memory");
	if (rc == -2)
		return sv_errf(e, SV_DATAERR, "aggregate: the saved counts do not "
		    "hold an incident revised or removed since");
	return SV_OK;
}

/* The months to write: deleted, then each kind's records inserted. */
static int
save_recs(sqlite3 *db, const scan *s, sv_err *e)
{
	sqlite3_stmt *del = NULL, *ins = NULL;
	int rc;

	if ((rc = s->c->afresh ? db_exec(db, "DELETE FROM count_state", e) :
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
	for (int m = 0; m < CUBE_MONTH_SPAN && !rc; m++)
		for (int kind = 0; kind < TALLY_KINDS && !rc; kind++) {
			const month_recs *r = &s->recs[kind][m];
			if (!r->n || !(s->c->afresh || s->dirty[m]))
				continue;
			sqlite3_bind_int(ins, 1, m);
			sqlite3_bind_int(ins, 2, kind);
			sqlite3_bind_blob64(ins, 3, r->data, r->n * tally_bytes(kind),
			    SQLITE_STATIC);
			rc = db_step_done(ins, e);
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

	if ((rc = save_recs(db, s, e)) || (rc = save_dicts(db, s, e)) ||
	    (rc = db_exec(db, "DELETE FROM incident_change", e)) ||
	    (rc = db_prepare(db, &st, "INSERT OR REPLACE INTO count_mark(one, "
	    "last_id, fingerprint, author_from, synced) VALUES (1, ?1, ?2, ?3, "
	    "1)", e)))
		return rc;
	sqlite3_bind_int64(st, 1, s->last_id);
	sqlite3_bind_int64(st, 2, stored_fingerprint(s));
	sqlite3_bind_int(st, 3, s->author_from);
	rc = db_step_done(st, e);
	sqlite3_finalize(st);
	return rc;
}

int
state_unsync(sqlite3 *db, sv_err *e)
{
	return db_exec(db, "UPDATE count_mark SET synced = 0", e);
}
