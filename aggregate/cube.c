#include "cube.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/db.h"
#include "../core/grow.h"
#include "../core/text.h"
#include "../core/month.h"
#include "../core/dict.h"
#include "scan.h"

static uint64_t
mix(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return k;
}

static int
cellmap_add(cellmap *m, uint64_t key)
{
	if (2 * (m->n + 1) > m->cap) {
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

int
cube_month0(const cube *c)
{
	return c->through - CUBE_MONTHS + 1;
}

int
cube_slot(const cube *c, int month)
{
	int m = month - cube_month0(c);

	return m >= 0 && m < CUBE_MONTHS ? m : -1;
}

int
cube_delivered(const cube *c, int z, int t)
{
	int m = cube_slot(c, t);

	if (m < 0 || t < c->first)
		return 0;
	if (z >= 0)
		return c->registered[z][m] > 0;
	for (int i = 0; i < c->nzones; i++)
		if (!c->registered[i][m])
			return 0;
	return 1;
}

int
cube_phenomenon(const cube *c, const char *code)
{
	for (int p = 0; p <= c->nphen; p++)
		if (strcmp(c->codes[p], code) == 0)
			return p;
	return -1;
}

/* How many rows sql counts, refused past max with what to do. */
static int
within(sqlite3 *db, const char *sql, int max, const char *what, sv_err *e)
{
	long long n = db_scalar(db, sql);

	if (n > max)
		return sv_errf(e, SV_DATAERR, "aggregate: the reference has %lld %s, "
		    "more than the %d this suivi can count (a limit of its dense "
		    "counts, aggregate/cube.h): use fewer, or a suivi built for more",
		    n, what, max);
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

static int
load_reference(sqlite3 *db, cube *c, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, n = 0, step = SQLITE_DONE;

	if ((rc = within(db, "SELECT count(*) FROM phenomenon", CUBE_MAX_PHEN,
	    "phenomena (phenomena.csv)", e)) ||
	    (rc = within(db, "SELECT count(*) FROM commune", CUBE_NCOMMUNES,
	    "communes (communes.csv)", e)) ||
	    (rc = within(db, "SELECT count(*) FROM zone", CUBE_NZONES,
	    "zones (zones.csv)", e)))
		return rc;
	if ((rc = db_prepare(db, &st, "SELECT code, axis, police_on_web FROM "
	    "phenomenon ORDER BY seq", e)))
		return rc;
	/* within() bounded the counts; refdata bounded the code's length */
	while (n < CUBE_MAX_PHEN && (step = sqlite3_step(st)) == SQLITE_ROW) {
		snprintf(c->codes[n], sizeof c->codes[n], "%s", sqlite3_column_text(st, 0));
		c->axis[n] = sqlite3_column_int(st, 1);
		c->pow[n++] = sqlite3_column_int(st, 2);
	}
	if ((rc = db_finish(db, st, step, e)))
		return rc;
	c->nphen = n;
	snprintf(c->codes[n], sizeof c->codes[n], "unmapped");
	if ((rc = db_prepare(db, &st, "SELECT zone FROM zone ORDER BY zone", e)))
		return rc;
	for (n = 0; n < CUBE_NZONES && (step = sqlite3_step(st)) == SQLITE_ROW; n++)
		c->zones[n] = sqlite3_column_int(st, 0);
	if ((rc = db_finish(db, st, step, e)))
		return rc;
	c->nzones = n;
	if ((rc = db_prepare(db, &st, "SELECT nis, zone, coalesce((SELECT "
	    "population FROM population p WHERE p.nis = c.nis AND sex = 'T' "
	    "ORDER BY year DESC LIMIT 1), 0) FROM commune c ORDER BY nis", e)))
		return rc;
	for (n = 0; n < CUBE_NCOMMUNES && (step = sqlite3_step(st)) == SQLITE_ROW;
	    n++) {
		c->nis[n] = sqlite3_column_int(st, 0);
		c->commune_zone[n] = sqlite3_column_int(st, 1);
		c->commune_zi[n] = zone_index(c, c->commune_zone[n]);
		c->population[n] = sqlite3_column_double(st, 2);
	}
	if ((rc = db_finish(db, st, step, e)))
		return rc;
	c->ncommunes = n;
	return SV_OK;
}

static int
commune_index(const cube *c, int nis)
{
	for (int i = 0; i < c->ncommunes; i++)
		if (c->nis[i] == nis)
			return i;
	return -1;
}

/* The aliases as a dict: key -> phenomenon index. */
static int
load_aliases(sqlite3 *db, const cube *c, dict *aliases, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, step;

	if ((rc = db_prepare(db, &st, "SELECT key, phenomenon FROM "
	    "phenomenon_alias", e)))
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int i = dict_add(aliases, (const char *)sqlite3_column_text(st, 0));
		if (i < 0) {
			rc = sv_errf(e, SV_SOFTWARE, "out of memory");
			break;
		}
		aliases->value[i] = cube_phenomenon(c,
		    (const char *)sqlite3_column_text(st, 1));
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

static uint64_t
pack(int basis, int month, int commune, int p, int vsex, int asex,
    int attempt, int channel, int place)
{
	return (uint64_t)(month & 0xFFFF) << 48 | (uint64_t)commune << 43 |
	    (uint64_t)p << 35 | (uint64_t)vsex << 33 | (uint64_t)asex << 31 |
	    (uint64_t)attempt << 29 | (uint64_t)(channel & 0x7F) << 22 |
	    (uint64_t)(place & 0x7F) << 15 | (uint64_t)basis << 14 | 1;
}

static int
note_author(cube *c, const char *ref, int slot, int z, int p)
{
	if (grow((void **)&c->authors, &c->capauthors, c->nauthors + 1,
	    sizeof *c->authors))
		return -1;
	c->authors[c->nauthors++] = (struct author_fact){ dict_hash(ref),
	    (int16_t)slot, (int16_t)z, (int16_t)p };
	return 0;
}

/* Make sure code k has its block of counts. */
static int
mo_block(cube *c, size_t k)
{
	if (k >= c->capmo) {
		size_t cap = c->capmo;
		if (grow((void **)&c->mo_count, &cap, k + 1, sizeof *c->mo_count))
			return -1;
		memset(c->mo_count + c->capmo, 0, (cap - c->capmo) *
		    sizeof *c->mo_count);
		c->capmo = cap;
	}
	if (!c->mo_count[k] && !(c->mo_count[k] = calloc(CUBE_MAX_PHEN + 1,
	    sizeof *c->mo_count[k])))
		return -1;
	return 0;
}

/* Count one incident everywhere it belongs. */
static int
count_row(scan *s, sqlite3_stmt *st)
{
	cube *c = s->c;
	int fm = month_from_ymd(sqlite3_column_int(st, 0));
	int rm = month_from_ymd(sqlite3_column_int(st, 1));
	int ci = commune_index(c, sqlite3_column_int(st, 2));
	int li = map_label(s, (const char *)sqlite3_column_text(st, 3));
	int vs = sqlite3_column_type(st, 4) == SQLITE_NULL ? 0 : sqlite3_column_int(st, 4);
	int as = sqlite3_column_type(st, 5) == SQLITE_NULL ? 0 : sqlite3_column_int(st, 5);
	int at = sqlite3_column_type(st, 6) == SQLITE_NULL ? 0 : 1 + sqlite3_column_int(st, 6);
	int ch = intern(&s->channels, sqlite3_column_text(st, 7));
	int pl = intern(&s->places, sqlite3_column_text(st, 8));

	if (ci < 0 || li < 0 || ch < 0 || pl < 0 || ch > 127 || pl > 127)
		return -1;
	int p = s->labels.value[li];
	c->incidents++;
	c->unmapped += p == c->nphen;
	if (cellmap_add(&s->cells, pack(0, fm, ci, p, vs, as, at, ch, pl)) ||
	    cellmap_add(&s->cells, pack(1, rm, ci, p, vs, as, 0, 0, 0)))
		return -1;
	int f = cube_slot(c, fm), r = cube_slot(c, rm), z = c->commune_zi[ci];
	if (r >= 0) {
		c->total[BASIS_REGISTERED][p][ci][r]++;
		if (z >= 0)
			c->registered[z][r]++;
	}
	if (f < 0) {
		c->outside++;
		return 0;
	}
	c->total[BASIS_FACT][p][ci][f]++;
	c->delay[p][f][rm - fm < 0 ? 0 : rm - fm >= CUBE_DELAYS ? CUBE_DELAYS - 1 :
	    rm - fm]++;
	c->vsex[p][ci][f][vs & 3]++;
	c->asex[p][ci][f][as & 3]++;
	if (ch && strcmp(s->channels.s[ch - 1], "police_on_web") == 0)
		c->pow_count[p][ci][f]++;
	if (pl && strcmp(s->places.s[pl - 1], "public_transport") == 0)
		c->pt_count[p][ci][f]++;
	if (f >= CUBE_MONTHS - CUBE_AUTHOR_MONTHS && z >= 0 &&
	    sqlite3_column_type(st, 10) != SQLITE_NULL &&
	    note_author(c, (const char *)sqlite3_column_text(st, 10), f, z, p))
		return -1;
	int mf = f - (CUBE_MONTHS - CUBE_MO_MONTHS);
	const unsigned char *mo = sqlite3_column_text(st, 9);
	if (mo && mf >= 0 && z >= 0) {
		int k = dict_add(&s->mos, (const char *)mo);
		if (k < 0 || mo_block(c, (size_t)k))
			return -1;
		c->mo_count[k][p][z][mf]++;
	}
	return 0;
}

static int
last_month(sqlite3 *db)
{
	long long max;

	/* the latest month an extract delivers (extracts loaded before
	 * schema 6 do not say: their latest registration then) */
	max = db_scalar(db, "SELECT max(month) FROM extract");
	if (max <= 0 || db_scalar(db, "SELECT count(*) FROM extract WHERE month "
	    "IS NULL") > 0)
		max = db_scalar(db, "SELECT max(date_registered) / 100 FROM incident");
	return max > 0 ? month_from_yyyymm((int)max) : -1;
}

static int
alloc_dense(cube *c)
{
	c->total = calloc(2, sizeof *c->total);
	c->vsex = calloc(CUBE_MAX_PHEN + 1, sizeof *c->vsex);
	c->asex = calloc(CUBE_MAX_PHEN + 1, sizeof *c->asex);
	c->pow_count = calloc(CUBE_MAX_PHEN + 1, sizeof *c->pow_count);
	c->pt_count = calloc(CUBE_MAX_PHEN + 1, sizeof *c->pt_count);
	c->delay = calloc(CUBE_MAX_PHEN + 1, sizeof *c->delay);
	return c->total && c->vsex && c->asex && c->pow_count && c->pt_count &&
	    c->delay ? 0 : -1;
}

static int
scan_incidents(sqlite3 *db, scan *s, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, step;

	if ((rc = db_prepare(db, &st, "SELECT date_fact, date_registered, commune, "
	    "phenomenon_raw, victim_sex, author_sex, attempt, channel, place_type, "
	    "modus_operandi, author_ref FROM incident", e)))
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		if (count_row(s, st)) {
			rc = sv_errf(e, SV_SOFTWARE, "aggregate: out of memory, or an "
			    "incident outside the reference communes");
			break;
		}
	if (!rc && step != SQLITE_DONE)
		rc = db_fail(db, step, e);
	sqlite3_finalize(st);
	return rc;
}

/* The first month any zone delivered. */
static void
find_first(cube *c)
{
	int m0 = cube_month0(c);

	c->first = c->through + 1;
	for (int m = 0; m < CUBE_MONTHS && c->first > c->through; m++)
		for (int z = 0; z < c->nzones; z++)
			if (c->registered[z][m] && m0 + m < c->first)
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
cube_scan(sqlite3 *db, int through, cube *c, sv_err *e)
{
	scan *s;
	int rc;

	memset(c, 0, sizeof *c);
	if ((c->through = last_month(db)) < 0)
		return sv_errf(e, SV_DATAERR, "aggregate: no incidents yet: ingest "
		    "extracts first (suivi ingest)");
	if (through && month_from_yyyymm(through) > c->through) {
		char last[16];
		month_format(c->through, last, sizeof last);
		return sv_errf(e, SV_USAGE, "aggregate: --through %04d-%02d is after "
		    "the last month delivered (%s): its figures would be zeros, not "
		    "facts; give a month up to %s", through / 100, through % 100,
		    last, last);
	}
	if (through)
		c->through = month_from_yyyymm(through);
	if ((rc = load_reference(db, c, e)))
		return rc;
	if (alloc_dense(c) || !(s = c->scratch = calloc(1, sizeof *s))) {
		cube_free(c);
		return sv_errf(e, SV_SOFTWARE, "aggregate: out of memory");
	}
	s->c = c;
	if (!(rc = load_aliases(db, c, &s->aliases, e)))
		rc = scan_incidents(db, s, e);
	if (!rc && copy_mo_names(c, &s->mos))
		rc = sv_errf(e, SV_SOFTWARE, "aggregate: out of memory");
	find_first(c);
	if (rc)
		cube_free(c);
	return rc;
}

void
cube_free(cube *c)
{
	scratch_free(c);
	free(c->total);
	free(c->vsex);
	free(c->asex);
	free(c->pow_count);
	free(c->pt_count);
	for (size_t k = 0; k < c->capmo; k++)
		free(c->mo_count[k]);
	free(c->mo_count);
	for (int k = 0; k < c->nmo; k++)
		free(c->mo[k]);
	free(c->mo);
	c->mo = NULL;
	c->nmo = 0;
	c->capmo = 0;
	free(c->delay);
	c->delay = NULL;
	free(c->authors);
	c->authors = NULL;
	c->nauthors = c->capauthors = 0;
	c->total = NULL;
	c->vsex = c->asex = NULL;
	c->pow_count = c->pt_count = NULL;
	c->mo_count = NULL;
}
