#include "cube.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/db.h"
#include "../core/grow.h"
#include "../core/text.h"
#include "../core/month.h"
#include "../core/dict.h"
#include "relay.h"
#include "scan.h"

const int32_t cube_zeros[CUBE_MONTHS];

static uint64_t
mix(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return k;
}

/* Count key once more.  The map grows (doubling) past three quarters
 * full: with keys mixed, linear probing stays short there, and a large
 * cube needs half the memory it would at one half. */
static int
cellmap_add(cellmap *m, uint64_t key)
{
	if (4 * (m->n + 1) > 3 * m->cap) {
		cellmap g = { calloc(m->cap ? 2 * m->cap : 1 << 16, sizeof *g.v),
		    m->cap ? 2 * m->cap : 1 << 16, 0 };
		if (!g.v)
			return -1;
		for (size_t i = 0; i < m->cap; i++)
			if (m->v[i].key) {
				size_t j = mix(m->v[i].key) & (g.cap - 1);
				while (g.v[j].key)
					j = (j + 1) & (g.cap - 1);
				g.v[j] = m->v[i];
				g.n++;
			}
		free(m->v);
		*m = g;
	}
	size_t j = mix(key) & (m->cap - 1);
	while (m->v[j].key && m->v[j].key != key)
		j = (j + 1) & (m->cap - 1);
	if (!m->v[j].key) {
		m->v[j].key = key;
		m->n++;
	}
	m->v[j].count++;
	return 0;
}

/* Room for n cells without growing: the map's slots made at once, so
 * that counting does not hold the old and the doubled map together (at
 * 8 million incidents that was the aggregate's peak of memory). */
static int
cellmap_reserve(cellmap *m, size_t n)
{
	size_t cap = 1 << 16;

	while (cap < SIZE_MAX / 8 && 3 * cap < 4 * (n + 1))
		cap *= 2;
	if (!(m->v = calloc(cap, sizeof *m->v)))
		return -1;
	m->cap = cap;
	return 0;
}

int
cube_month0(const cube *c)
{
	return c->through - c->nmonths + 1;
}

int
cube_slot(const cube *c, int month)
{
	int m = month - cube_month0(c);

	return m >= 0 && m < c->nmonths ? m : -1;
}

int
cube_delivered(const cube *c, int z, int t)
{
	int m = cube_slot(c, t);

	if (m < 0 || t < c->first)
		return 0;
	if (z >= 0)
		return cube_registered(c, z, m) > 0;
	for (int i = 0; i < c->nzones; i++)
		if (!cube_registered(c, i, m))
			return 0;
	return 1;
}

/* The aliases as a dict: key -> phenomenon index. */
static int
load_aliases(sqlite3 *db, const cube *c, dict *aliases, sv_err *e)
{
	sqlite3_stmt *st;
	int rc = SV_OK, step;

	if ((rc = db_prepare(db, &st, "SELECT key, phenomenon FROM "
	    "phenomenon_alias", e)))
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *to = (const char *)sqlite3_column_text(st, 1);
		int i = dict_add(aliases, (const char *)sqlite3_column_text(st, 0));
		if (i < 0) {
			rc = sv_errf(e, SV_SOFTWARE, "out of memory");
			break;
		}
		if ((aliases->value[i] = cube_phenomenon(c, to ? to : "")) < 0) {
			rc = sv_errf(e, SV_DATAERR, "phenomenon_aliases.csv: '%s' is "
			    "not a phenomenon of phenomena.csv", to ? to : "");
			break;
		}
	}
	if (rc) {
		sqlite3_finalize(st);
		return rc;
	}
	return db_finish(db, st, step, e);
}

static int
map_label(scan *s, const char *raw)
{
	int i = dict_find(&s->labels, raw);
	char key[256];

	if (i < 0) {
		if ((i = dict_add(&s->labels, raw)) < 0)
			return -1;
		text_key(raw, key, sizeof key);
		int a = dict_find(&s->aliases, key);
		s->labels.value[i] = a >= 0 ? s->aliases.value[a] : s->c->nphen;
	}
	s->labels.count[i]++;
	return i;
}

static int
intern(dict *d, const unsigned char *s)
{
	return s ? dict_add(d, (const char *)s) + 1 : 0;
}

/* A cell's dimensions in its key (scan.h). */
static uint64_t
pack(int basis, int month, int commune, int p, int vsex, int asex,
    int attempt, int channel, int place)
{
	return (uint64_t)(month - CUBE_MONTH_BASE) << 52 |
	    (uint64_t)commune << 41 | (uint64_t)p << 31 | (uint64_t)vsex << 29 |
	    (uint64_t)asex << 27 | (uint64_t)attempt << 25 |
	    (uint64_t)channel << 14 | (uint64_t)place << 2 |
	    (uint64_t)basis << 1 | 1;
}

static int
note_author(cube *c, uint64_t author, int slot, int z, int p)
{
	if (grow((void **)&c->authors, &c->capauthors, c->nauthors + 1,
	    sizeof *c->authors))
		return -1;
	c->authors[c->nauthors++] = (struct author_fact){ author,
	    (int16_t)slot, (int16_t)z, (int16_t)p };
	return 0;
}

/* Block *b of n counts, made (zeroed) when first needed. */
static int32_t *
block(int32_t **b, size_t n)
{
	if (!*b)
		*b = calloc(n, sizeof **b);
	return *b;
}

/* The modus operandi counts of code k and phenomenon p, made when the
 * scan first meets them (as many codes as the data hold). */
static int32_t *
mo_block(cube *c, size_t k, int p)
{
	size_t np = (size_t)c->nphen + 1, need = (k + 1) * np;

	if (need > c->capmo) {
		size_t cap = c->capmo;
		if (grow((void **)&c->mo_count, &cap, need, sizeof *c->mo_count))
			return NULL;
		memset(c->mo_count + c->capmo, 0, (cap - c->capmo) *
		    sizeof *c->mo_count);
		c->capmo = cap;
	}
	return block(&c->mo_count[k * np + (size_t)p], (size_t)c->nzones *
	    CUBE_MO_MONTHS);
}

/* Count fact slot f of p in ci by known sex and by flag. */
static int
count_parts(cube *c, int p, int ci, int f, const int sex[2], const int flag[2])
{
	size_t one = (size_t)c->ncommunes * (size_t)c->nmonths;
	size_t at = (size_t)ci * (size_t)c->nmonths + (size_t)f;
	int32_t *b;

	for (int w = 0; w < 2; w++) {
		if (sex[w] && (c->want[p] & (w ? WANT_AUTHOR_SEX : WANT_VICTIM_SEX))) {
			if (!(b = block(&c->sex[w][p], 4 * one)))
				return -1;
			b[4 * at + (size_t)sex[w]]++;
		}
		if (flag[w] && (c->want[p] & (w ? WANT_PT : WANT_POW))) {
			if (!(b = block(&c->flag[w][p], one)))
				return -1;
			b[at]++;
		}
	}
	return 0;
}

/* The unknown sex: the facts without a known one (the blocks count only
 * known ones, so that a phenomenon whose sex is never told has none). */
static void
fill_unknown_sex(cube *c)
{
	for (int w = 0; w < 2; w++)
		for (int p = 0; p <= c->nphen; p++) {
			int32_t *b = c->sex[w][p];
			for (int ci = 0; b && ci < c->ncommunes; ci++) {
				const int32_t *n = cube_total(c, BASIS_FACT, p, ci);
				int32_t *x = b + (size_t)ci * (size_t)c->nmonths * 4;
				for (int m = 0; m < c->nmonths; m++, x += 4)
					x[0] = n[m] - x[1] - x[2] - x[3];
			}
		}
}

/* The index (1 up) of a channel or place type, 0 for none, or -1 with
 * e set: out of memory, or more distinct values than a cell can name. */
static int
value_index(dict *d, const unsigned char *v, const char *what, int max,
    sv_err *e)
{
	int i = intern(d, v);

	if (i < 0)
		return sv_errf(e, SV_SOFTWARE, "aggregate: out of memory"), -1;
	if (i > max)
		return sv_errf(e, SV_DATAERR, "aggregate: the incidents have more "
		    "than %d distinct %s values, more than a cube cell can name "
		    "(aggregate/cube.h): check the extracts' %s column",
		    max, what, what), -1;
	return i;
}

static int
is_value(const dict *d, int i, const char *v)
{
	return i && strcmp(d->s[i - 1], v) == 0;
}

static int32_t *
total_at(cube *c, enum basis b, int p, int ci)
{
	return (int32_t *)cube_total(c, b, p, ci);
}

/* One incident as the reading thread leaves it (relay.h): its strings
 * turned into indexes, its values checked. */
typedef struct tally {
	int fm, rm, ci, p, at, ch, pl;  /* months from 1900; ch, pl 1 up */
	int sex[2], flag[2];            /* flag: Police on Web, public transport */
	int mo;                         /* code index when counted, else -1 */
	int has_author;
	uint64_t author;                /* hash of author_ref */
} tally;

typedef struct reader {
	scan *s;
	sqlite3 *db;
	sqlite3_stmt *st;
} reader;

/* The parts of the next incident that need its strings: the label's
 * phenomenon, the channel and place, the modus operandi code and the
 * author (the two last only where the cube counts them); 1, 0 at the
 * end, or an error. */
static int
resolve(void *ctx, void *rec, sv_err *e)
{
	reader *r = ctx;
	scan *s = r->s;
	cube *c = s->c;
	sqlite3_stmt *st = r->st;
	tally *t = rec;
	int step = sqlite3_step(st);

	if (step == SQLITE_DONE)
		return 0;
	if (step != SQLITE_ROW)
		return db_fail(r->db, step, e);
	t->fm = month_from_ymd(sqlite3_column_int(st, 0));
	t->rm = month_from_ymd(sqlite3_column_int(st, 1));
	t->ci = layout_commune(c, sqlite3_column_int(st, 2));
	int li = map_label(s, (const char *)sqlite3_column_text(st, 3));
	t->sex[0] = sqlite3_column_int(st, 4) & 3;
	t->sex[1] = sqlite3_column_int(st, 5) & 3;
	t->at = sqlite3_column_type(st, 6) == SQLITE_NULL ? 0 :
	    1 + sqlite3_column_int(st, 6);
	if ((t->ch = value_index(&s->channels, sqlite3_column_text(st, 7),
	    "channel", CUBE_MAX_CHANNELS, e)) < 0 ||
	    (t->pl = value_index(&s->places, sqlite3_column_text(st, 8),
	    "place_type", CUBE_MAX_PLACES, e)) < 0)
		return e->code;
	if (t->fm < CUBE_MONTH_BASE || t->fm >= CUBE_MONTH_BASE + CUBE_MONTH_SPAN ||
	    t->rm < CUBE_MONTH_BASE || t->rm >= CUBE_MONTH_BASE + CUBE_MONTH_SPAN)
		return sv_errf(e, SV_DATAERR, "aggregate: an incident is dated %d "
		    "(registered %d), outside the years 1900-2240: check the extract it "
		    "came from", sqlite3_column_int(st, 0), sqlite3_column_int(st, 1));
	if (t->ci < 0)
		return sv_errf(e, SV_DATAERR, "aggregate: an incident is in commune "
		    "%d, which communes.csv does not list: put it back, or "
		    "remove that extract", sqlite3_column_int(st, 2));
	if (li < 0)
		return sv_errf(e, SV_SOFTWARE, "aggregate: out of memory");
	t->p = s->labels.value[li];
	t->flag[0] = is_value(&s->channels, t->ch, "police_on_web");
	t->flag[1] = is_value(&s->places, t->pl, "public_transport");
	int f = cube_slot(c, t->fm), z = c->commune_zi[t->ci];
	int mf = f - (c->nmonths - CUBE_MO_MONTHS);
	const unsigned char *mo = sqlite3_column_text(st, 9);
	t->has_author = f >= 0 && f >= c->nmonths - CUBE_AUTHOR_MONTHS && z >= 0 &&
	    sqlite3_column_type(st, 10) != SQLITE_NULL;
	if (t->has_author)
		t->author = dict_hash((const char *)sqlite3_column_text(st, 10));
	t->mo = -1;
	if (f >= 0 && mo && mf >= 0 && z >= 0 &&
	    (t->mo = dict_add(&s->mos, (const char *)mo)) < 0)
		return sv_errf(e, SV_SOFTWARE, "aggregate: out of memory");
	return 1;
}

/* Count one incident everywhere it belongs. */
static int
count_row(void *ctx, const void *rec, sv_err *e)
{
	scan *s = ctx;
	cube *c = s->c;
	const tally *t = rec;
	int p = t->p;

	c->incidents++;
	c->unmapped += p == c->nphen;
	if (cellmap_add(&s->cells, pack(0, t->fm, t->ci, p, t->sex[0], t->sex[1],
	    t->at, t->ch, t->pl)) || cellmap_add(&s->cells, pack(1, t->rm, t->ci,
	    p, t->sex[0], t->sex[1], 0, 0, 0)))
		return sv_errf(e, SV_SOFTWARE, "aggregate: out of memory");
	int f = cube_slot(c, t->fm), r = cube_slot(c, t->rm), z = c->commune_zi[t->ci];
	if (r >= 0) {
		total_at(c, BASIS_REGISTERED, p, t->ci)[r]++;
		if (z >= 0)
			c->registered[(size_t)z * (size_t)c->nmonths + (size_t)r]++;
	}
	if (f < 0) {
		c->outside++;
		return SV_OK;
	}
	int delay = t->rm - t->fm;
	total_at(c, BASIS_FACT, p, t->ci)[f]++;
	((int32_t *)cube_delay(c, p, f))[delay < 0 ? 0 : delay >= CUBE_DELAYS ?
	    CUBE_DELAYS - 1 : delay]++;
	if (count_parts(c, p, t->ci, f, t->sex, t->flag) ||
	    (t->has_author && note_author(c, t->author, f, z, p)))
		return sv_errf(e, SV_SOFTWARE, "aggregate: out of memory");
	if (t->mo >= 0) {
		int32_t *b = mo_block(c, (size_t)t->mo, p);
		if (!b)
			return sv_errf(e, SV_SOFTWARE, "aggregate: out of memory");
		b[(size_t)z * CUBE_MO_MONTHS + (size_t)(f - (c->nmonths -
		    CUBE_MO_MONTHS))]++;
	}
	return SV_OK;
}

/* The incidents, read and resolved in one thread while this one counts
 * them: the strings' lookups and SQLite's decoding weigh about what the
 * cells and the dense counts do. */
static int
scan_incidents(sqlite3 *db, scan *s, sv_err *e)
{
	reader r = { s, db, NULL };
	int rc;

	if ((rc = db_prepare(db, &r.st, "SELECT date_fact, date_registered, "
	    "commune, phenomenon_raw, victim_sex, author_sex, attempt, channel, "
	    "place_type, modus_operandi, author_ref FROM incident WHERE ?1 = 0 OR "
	    "date_registered <= ?1", e)))
		return rc;
	/* a cut counts only what was registered by the end of `through` */
	sqlite3_bind_int(r.st, 1, s->c->cut ? month_to_yyyymm(s->c->through) *
	    100 + 31 : 0);
	rc = relay_run(sizeof(tally), resolve, count_row, &r, s, e);
	sqlite3_finalize(r.st);
	return rc;
}

/* The first month any zone delivered. */
static void
find_first(cube *c)
{
	int m0 = cube_month0(c);

	c->first = c->through + 1;
	for (int m = 0; m < c->nmonths && c->first > c->through; m++)
		for (int z = 0; z < c->nzones; z++)
			if (cube_registered(c, z, m) && m0 + m < c->first)
				c->first = m0 + m;
}

static int
copy_mo_names(cube *c, const dict *mos)
{
	if (mos->n && !(c->mo = calloc((size_t)mos->n, sizeof *c->mo)))
		return -1;
	for (int k = 0; k < mos->n; k++)
		if (!(c->mo[c->nmo++] = strdup(mos->s[k])))
			return -1;
	return 0;
}

static void
scratch_free(cube *c)
{
	scan *s = c->scratch;

	if (!s)
		return;
	dict_free(&s->labels);
	dict_free(&s->aliases);
	dict_free(&s->channels);
	dict_free(&s->places);
	dict_free(&s->mos);
	free(s->cells.v);
	free(s);
	c->scratch = NULL;
}

int
cube_count(sqlite3 *db, cube *c, sv_err *e)
{
	scan *s;
	int rc;

	if (!(s = c->scratch = calloc(1, sizeof *s))) {
		rc = sv_errf(e, SV_SOFTWARE, "aggregate: out of memory");
		goto out;
	}
	s->c = c;
	/* as many cells as the last count wrote, and a little more */
	long long last;
	if (!(rc = db_integer(db, "SELECT coalesce(sum(cells), 0) FROM "
	    "cube_month", &last, e)) && cellmap_reserve(&s->cells, (size_t)last +
	    (size_t)last / 32))
		rc = sv_errf(e, SV_SOFTWARE, "aggregate: out of memory");
	if (!rc && !(rc = load_aliases(db, c, &s->aliases, e)))
		rc = scan_incidents(db, s, e);
	if (!rc && copy_mo_names(c, &s->mos))
		rc = sv_errf(e, SV_SOFTWARE, "aggregate: out of memory");
	if (!rc) {
		fill_unknown_sex(c);
		find_first(c);
	}
out:
	if (rc)
		cube_free(c);
	return rc;
}

int
cube_scan(sqlite3 *db, int through, cube *c, sv_err *e)
{
	int rc;

	if ((rc = cube_layout(db, through, 0, c, e)))
		return rc;
	for (int p = 0; p <= c->nphen; p++)
		cube_want(c, p, WANT_ALL);
	return cube_count(db, c, e);
}

void
cube_free(cube *c)
{
	scratch_free(c);
	for (int w = 0; w < 2; w++) {
		for (int p = 0; p <= c->nphen; p++) {
			if (c->sex[w])
				free(c->sex[w][p]);
			if (c->flag[w])
				free(c->flag[w][p]);
		}
		free(c->sex[w]);
		free(c->flag[w]);
	}
	for (size_t k = 0; k < c->capmo; k++)
		free(c->mo_count[k]);
	for (int k = 0; k < c->nmo; k++)
		free(c->mo[k]);
	free(c->mo_count);
	free(c->mo);
	free(c->codes);
	free(c->axis);
	free(c->pow);
	free(c->want);
	free(c->in_zone);
	free(c->zone_start);
	free(c->nis);
	free(c->commune_zone);
	free(c->commune_zi);
	free(c->population);
	free(c->zones);
	free(c->total);
	free(c->delay);
	free(c->registered);
	free(c->authors);
	memset(c, 0, sizeof *c);
}
