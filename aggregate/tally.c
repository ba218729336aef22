/*
 * tally — incidents read into a count's maps (scan.h): every incident,
 * or only what changed since the state was written (countstate.c).
 *
 * One thread reads and resolves each incident's strings to indexes
 * while the calling one counts it (relay.h): SQLite's decoding and the
 * lookups weigh about what the counting does.
 */
#include "tally.h"

#include <stdint.h>
#include <string.h>

#include "../core/db.h"
#include "../core/dict.h"
#include "../core/grow.h"
#include "../core/month.h"
#include "../core/text.h"
#include "relay.h"

/* What a count reads of an incident x, in this order (resolve() below):
 * its raw phenomenon label is a number in table label, which
 * incident_change, logging the same of a row revised or removed, holds as
 * text. */
#define TALLY_COLS_WITH(label) "x.date_fact, x.date_registered, x.commune, " \
	label ", x.victim_sex, x.author_sex, x.attempt, x.channel, " \
	"x.place_type, x.modus_operandi, x.author_ref"
#define TALLY_COLS TALLY_COLS_WITH("(SELECT t.text FROM label t WHERE t.id = " \
	"x.label)")
#define TALLY_CHANGE_COLS TALLY_COLS_WITH("x.phenomenon_raw")

int
tally_phenomenon(const scan *s, const char *raw)
{
	char key[256];

	text_key(raw, key, sizeof key);
	int a = dict_find(&s->aliases, key);
	return a >= 0 ? s->aliases.value[a] : s->c->nphen;
}

/* The label's index, its incidents counted by delta; -1 out of memory. */
static int
map_label(scan *s, const char *raw, int delta)
{
	int i = dict_find(&s->labels, raw);

	if (i < 0) {
		if ((i = dict_add(&s->labels, raw)) < 0)
			return -1;
		s->labels.value[i] = tally_phenomenon(s, raw);
	}
	s->labels.count[i] += delta;
	return i;
}

/* The index (1 up) of a channel or place type, 0 for none, or -1 with
 * e set: out of memory, or more distinct values than a key can name. */
static int
value_index(dict *d, const unsigned char *v, const char *what, int max,
    sv_err *e)
{
	int i = v ? dict_add(d, (const char *)v) + 1 : 0;

	if (i < 0)
		return sv_errf(e, SV_NOMEM, "aggregate: out of memory"), -1;
	if (i > max)
		return sv_errf(e, SV_DATAERR, "aggregate: the incidents have more "
		    "than %d distinct %s values, more than a cube cell can name "
		    "(aggregate/cube.h): check the extracts' %s column",
		    max, what, what), -1;
	return i;
}

/* One incident as the reading thread leaves it: its strings turned into
 * indexes, its values checked, and whether it is counted in (+1) or
 * taken back out (-1). */
typedef struct tally {
	int fm, rm, ci, p, at, ch, pl;  /* months from 1900; ch, pl 1 up */
	int sex[2];
	int mo;                         /* modus operandi index, or -1 */
	int has_author, delta;
	uint64_t author;                /* hash of author_ref */
} tally;

typedef struct reader {
	scan *s;
	sqlite3 *db;
	sqlite3_stmt *st;
	int delta;
} reader;

static int
check_dates(const tally *t, sqlite3_stmt *st, sv_err *e)
{
	if (t->fm < CUBE_MONTH_BASE || t->fm >= CUBE_MONTH_BASE + CUBE_MONTH_SPAN ||
	    t->rm < CUBE_MONTH_BASE || t->rm >= CUBE_MONTH_BASE + CUBE_MONTH_SPAN)
		return sv_errf(e, SV_DATAERR, "aggregate: an incident is dated %d "
		    "(registered %d), outside the years 1900-2240: check the extract it "
		    "came from", sqlite3_column_int(st, 0), sqlite3_column_int(st, 1));
	return SV_OK;
}

/* The next incident's strings resolved (TALLY_COLS); 1, 0 at the end, or
 * an error. */
static int
resolve(void *ctx, void *rec, sv_err *e)
{
	reader *r = ctx;
	scan *s = r->s;
	sqlite3_stmt *st = r->st;
	tally *t = rec;
	int step = sqlite3_step(st), li;

	if (step == SQLITE_DONE)
		return 0;
	if (step != SQLITE_ROW)
		return db_fail(r->db, step, e);
	t->delta = r->delta;
	t->fm = month_from_ymd(sqlite3_column_int(st, 0));
	t->rm = month_from_ymd(sqlite3_column_int(st, 1));
	if (check_dates(t, st, e))
		return e->code;
	if ((t->ci = layout_commune(s->c, sqlite3_column_int(st, 2))) < 0)
		return sv_errf(e, SV_DATAERR, "aggregate: an incident is in commune "
		    "%d, which communes.csv does not list: put it back, or "
		    "remove that extract", sqlite3_column_int(st, 2));
	if ((li = map_label(s, (const char *)sqlite3_column_text(st, 3),
	    r->delta)) < 0)
		return sv_errf(e, SV_NOMEM, "aggregate: out of memory");
	t->p = s->labels.value[li];
	t->sex[0] = sqlite3_column_int(st, 4) & 3;
	t->sex[1] = sqlite3_column_int(st, 5) & 3;
	t->at = sqlite3_column_type(st, 6) == SQLITE_NULL ? 0 :
	    1 + sqlite3_column_int(st, 6);
	if ((t->ch = value_index(&s->channels, sqlite3_column_text(st, 7),
	    "channel", CUBE_MAX_CHANNELS, e)) < 0 ||
	    (t->pl = value_index(&s->places, sqlite3_column_text(st, 8),
	    "place_type", CUBE_MAX_PLACES, e)) < 0)
		return e->code;
	const unsigned char *mo = sqlite3_column_text(st, 9);
	t->mo = -1;
	if (mo && (t->mo = dict_add(&s->mos, (const char *)mo)) < 0)
		return sv_errf(e, SV_NOMEM, "aggregate: out of memory");
	if (t->mo >= TALLY_MAX_MOS)
		return sv_errf(e, SV_DATAERR, "aggregate: the incidents have more "
		    "than %d distinct modus operandi codes: check the extracts' "
		    "modus_operandi column", TALLY_MAX_MOS);
	if ((t->has_author = sqlite3_column_type(st, 10) != SQLITE_NULL))
		t->author = dict_hash((const char *)sqlite3_column_text(st, 10));
	return 1;
}

/* A fact with an author: a change, or, counting afresh, a record of its
 * month at once (no map: they are many and rarely share a key). */
static int
add_author(scan *s, uint64_t author, uint64_t what, int delta)
{
	month_recs *r = &s->recs[TALLY_AUTHORS][key_month(what)];
	size_t size = tally_bytes(TALLY_AUTHORS);

	if (!s->c->afresh)
		return authmap_add(&s->authors, author, what, delta);
	if (grow((void **)&r->data, &r->cap, (r->n + 1) * size, 1))
		return -1;
	rec_put(r->data + r->n++ * size, TALLY_AUTHORS, author, what, delta);
	return 0;
}

/* Count one incident in (or out) everywhere it belongs: as a change of
 * the counts (scan.h), folded in by state_merge(). */
static int
count_row(void *ctx, const void *rec, sv_err *e)
{
	scan *s = ctx;
	const tally *t = rec;
	int d = t->delta, delay = t->rm - t->fm;
	uint64_t fm = (uint64_t)(t->fm - CUBE_MONTH_BASE), where;

	delay = delay < 0 ? 0 : delay >= CUBE_DELAYS ? CUBE_DELAYS - 1 : delay;
	where = key_fact(t->fm, t->ci, t->p);
	if (cellmap_add(&s->cells, key_cell(0, t->fm, t->ci, t->p, t->sex[0],
	    t->sex[1], t->at, t->ch, t->pl), d) ||
	    cellmap_add(&s->cells, key_cell(1, t->rm, t->ci, t->p, t->sex[0],
	    t->sex[1], 0, 0, 0), d) ||
	    cellmap_add(&s->delays, key_fact(t->fm, 0, t->p) |
	    (uint64_t)delay << 2, d) ||
	    (t->mo >= 0 && cellmap_add(&s->mo_cells, where | (uint64_t)t->mo << 1,
	    d)) ||
	    (t->has_author && (int)fm >= s->author_from &&
	    add_author(s, t->author, where, d)))
		return sv_errf(e, SV_NOMEM, "aggregate: out of memory");
	s->dirty[fm] = 1;
	s->dirty[t->rm - CUBE_MONTH_BASE] = 1;
	s->c->read++;
	return SV_OK;
}

/* Read what sql selects (TALLY_COLS; ?1.. bound to the n binds) into s,
 * each incident counted by delta. */
static int
read_bound(sqlite3 *db, scan *s, const char *sql, const long long *binds,
    int n, int delta, sv_err *e)
{
	reader r = { s, db, NULL, delta };
	int rc;

	if ((rc = db_prepare(db, &r.st, sql, e)))
		return rc;
	for (int i = 0; i < n; i++)
		sqlite3_bind_int64(r.st, i + 1, binds[i]);
	rc = relay_run(sizeof(tally), resolve, count_row, &r, s, e);
	sqlite3_finalize(r.st);
	return rc;
}

static int
read_rows(sqlite3 *db, scan *s, const char *sql, long long bind, int delta,
    sv_err *e)
{
	return read_bound(db, s, sql, &bind, 1, delta, e);
}

int
tally_all(sqlite3 *db, scan *s, int asof, int registered_by, sv_err *e)
{
	/* a cut counts only what was registered by then */
	return read_rows(db, s, asof ? "SELECT " TALLY_COLS " FROM "
	    "temp.asof_incident x WHERE ?1 = 0 OR x.date_registered <= ?1" :
	    "SELECT " TALLY_COLS " FROM incident x WHERE ?1 = 0 OR "
	    "x.date_registered <= ?1", registered_by, 1, e);
}

int
tally_late(sqlite3 *db, scan *s, int asof, int after, int from, int to,
    int registered_by, sv_err *e)
{
	const long long binds[] = { after, from, to, registered_by };

	/* through the index on the registration day: the last year's */
	return read_bound(db, s, asof ? "SELECT " TALLY_COLS " FROM "
	    "temp.asof_incident x WHERE x.date_registered > ?1 AND x.date_fact "
	    "BETWEEN ?2 AND ?3 AND (?4 = 0 OR x.date_registered <= ?4)" :
	    "SELECT " TALLY_COLS " FROM incident x WHERE x.date_registered > ?1 "
	    "AND x.date_fact BETWEEN ?2 AND ?3 AND (?4 = 0 OR x.date_registered "
	    "<= ?4)", binds, 4, 1, e);
}

int
tally_changes(sqlite3 *db, scan *s, long long last_id, sv_err *e)
{
	int rc;

	/* what the state counted of each row revised or removed, out; then
	 * the rows as they are now, and the new ones, in (an id the state
	 * counted that is taken again is in incident_change: a removed
	 * row's id is reused only when it was the last) */
	if ((rc = read_rows(db, s, "SELECT " TALLY_CHANGE_COLS " FROM "
	    "incident_change x WHERE x.id <= ?1", last_id, -1, e)))
		return rc;
	return read_rows(db, s, "SELECT " TALLY_COLS " FROM incident x WHERE "
	    "x.id > ?1 UNION ALL SELECT " TALLY_COLS " FROM incident x WHERE "
	    "x.id <= ?1 AND x.id IN (SELECT id FROM incident_change)", last_id, 1,
	    e);
}
