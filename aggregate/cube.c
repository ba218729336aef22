#include "cube.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/db.h"
#include "../core/grow.h"
#include "../core/text.h"
#include "../core/month.h"
#include "../core/schema.h"
#include "../core/dict.h"
#include "scan.h"
#include "tally.h"

const int32_t cube_zeros[CUBE_MONTHS];

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
		return c->delivered[(size_t)z * (size_t)c->nmonths + (size_t)m];
	for (int i = 0; i < c->nzones; i++)
		if (!c->delivered[(size_t)i * (size_t)c->nmonths + (size_t)m])
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
			rc = sv_errf(e, SV_NOMEM, "out of memory");
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

/* n facts of one author. */
static int
note_author(cube *c, uint64_t author, int slot, int z, int p, int32_t n)
{
	if (grow((void **)&c->authors, &c->capauthors, c->nauthors + (size_t)n,
	    sizeof *c->authors))
		return -1;
	while (n-- > 0)
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

/* Count n facts of slot f of p in ci by known sex and by flag. */
static int
count_parts(cube *c, int p, int ci, int f, const int sex[2], const int flag[2],
    int32_t n)
{
	size_t one = (size_t)c->ncommunes * (size_t)c->nmonths;
	size_t at = (size_t)ci * (size_t)c->nmonths + (size_t)f;
	int32_t *b;

	for (int w = 0; w < 2; w++) {
		if (sex[w] && (c->want[p] & (w ? WANT_AUTHOR_SEX : WANT_VICTIM_SEX))) {
			if (!(b = block(&c->sex[w][p], 4 * one)))
				return -1;
			b[4 * at + (size_t)sex[w]] += n;
		}
		if (flag[w] && (c->want[p] & (w ? WANT_PT : WANT_POW))) {
			if (!(b = block(&c->flag[w][p], one)))
				return -1;
			b[at] += n;
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

static int32_t *
total_at(cube *c, enum basis b, int p, int ci)
{
	return (int32_t *)cube_total(c, b, p, ci);
}

typedef struct named {
	const char *s;
	int k;
} named;

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const named *)a)->s, ((const named *)b)->s);
}

/* The modus operandi codes in the order of their text, whatever order
 * the count met them in (its dict's, kept between runs, differs from a
 * count afresh's): c->mo[r] is the code ranked r, s->mo_rank[k] the rank
 * of dict index k.  Made before derive(), which counts by rank. */
static int
copy_mo_names(cube *c, scan *s)
{
	int n = s->mos.n;
	named *v = malloc((size_t)(n ? n : 1) * sizeof *v);

	s->mo_rank = malloc((size_t)(n ? n : 1) * sizeof *s->mo_rank);
	if (!v || !s->mo_rank || (n && !(c->mo = calloc((size_t)n,
	    sizeof *c->mo)))) {
		free(v);
		return -1;
	}
	for (int k = 0; k < n; k++)
		v[k] = (named){ s->mos.s[k], k };
	qsort(v, (size_t)n, sizeof *v, by_name);
	for (int r = 0; r < n; r++) {
		s->mo_rank[v[r].k] = r;
		if (!(c->mo[c->nmo++] = strdup(v[r].s))) {
			free(v);
			return -1;
		}
	}
	free(v);
	return 0;
}


/* n facts (basis 0) or registrations (basis 1) of a cell key into the
 * dense counts. */
static int
derive_cell(cube *c, uint64_t k, int32_t n, int pow, int pt)
{
	int ci = key_commune(k), p = key_phen(k);
	int m = cube_slot(c, CUBE_MONTH_BASE + key_month(k));

	if (key_basis(k)) {             /* registered */
		int z = c->commune_zi[ci];
		if (m >= 0) {
			total_at(c, BASIS_REGISTERED, p, ci)[m] += n;
			if (z >= 0)
				c->registered[(size_t)z * (size_t)c->nmonths +
				    (size_t)m] += n;
		}
		return 0;
	}
	int sex[2] = { key_sex(k, 0), key_sex(k, 1) };
	int flag[2] = { pow && key_channel(k) == pow, pt && key_place(k) == pt };
	c->incidents += n;
	c->unmapped += p == c->nphen ? n : 0;
	if (m < 0) {
		c->outside += n;
		return 0;
	}
	total_at(c, BASIS_FACT, p, ci)[m] += n;
	return count_parts(c, p, ci, m, sex, flag, n);
}

/* A record of the other kinds into the dense counts: the reporting
 * triangle, the modus operandi of the last CUBE_MO_MONTHS months and the
 * authors of the last CUBE_AUTHOR_MONTHS. */
static int
derive_rec(cube *c, const int *mo_rank, int kind, uint64_t k, uint64_t what,
    int32_t n)
{
	uint64_t key = kind == TALLY_AUTHORS ? what : k;
	int m = cube_slot(c, CUBE_MONTH_BASE + key_month(key));
	int z = c->commune_zi[key_commune(key)], p = key_phen(key);
	int32_t *b;

	if (m < 0)
		return 0;
	if (kind == TALLY_DELAYS) {
		((int32_t *)cube_delay(c, p, m))[key_delay(key)] += n;
		return 0;
	}
	if (z < 0)
		return 0;
	if (kind == TALLY_AUTHORS)
		return m >= c->nmonths - CUBE_AUTHOR_MONTHS ?
		    note_author(c, k, m, z, p, n) : 0;
	if (m < c->nmonths - CUBE_MO_MONTHS)
		return 0;
	if (!(b = mo_block(c, (size_t)mo_rank[key_mo(key)], p)))
		return -1;
	b[(size_t)z * CUBE_MO_MONTHS + (size_t)(m - (c->nmonths -
	    CUBE_MO_MONTHS))] += n;
	return 0;
}

/* The dense counts of c's window from the count's records. */
static int
derive(cube *c, const scan *s)
{
	int pow = dict_find(&s->channels, "police_on_web") + 1;
	int pt = dict_find(&s->places, "public_transport") + 1;
	uint64_t key, what = 0;

	for (int kind = 0; kind < TALLY_KINDS; kind++)
		for (int m = 0; m < CUBE_MONTH_SPAN; m++) {
			const month_recs *r = &s->recs[kind][m];
			for (size_t i = 0; i < r->n; i++) {
				int32_t n = rec_get(r, kind, i, &key, &what);
				if (kind == TALLY_CELLS ? derive_cell(c, key, n, pow, pt) :
				    derive_rec(c, s->mo_rank, kind, key, what, n))
					return -1;
			}
		}
	return 0;
}

/* What the count's keys mean: the phenomena and communes in index order
 * and where each alias points.  A saved state made under another is not
 * used (countstate.c). */
static uint64_t
fingerprint(const cube *c, const dict *aliases)
{
	uint64_t h = dict_hash("suivi count state 1");
	char num[32];

	for (int p = 0; p <= c->nphen; p++)
		h = h * 31 + dict_hash(c->codes[p]);
	for (int i = 0; i < c->ncommunes; i++) {
		snprintf(num, sizeof num, "%d", c->nis[i]);
		h = h * 31 + dict_hash(num);
	}
	for (int i = 0; i < aliases->n; i++)
		h = (h * 31 + dict_hash(aliases->s[i])) * 31 +
		    (uint64_t)aliases->value[i];
	return h;
}

/* The changes, once folded into the records. */
static void
changes_free(scan *s)
{
	free(s->cells.v);
	free(s->delays.v);
	free(s->mo_cells.v);
	free(s->authors.v);
	memset(&s->cells, 0, sizeof s->cells);
	memset(&s->delays, 0, sizeof s->delays);
	memset(&s->mo_cells, 0, sizeof s->mo_cells);
	memset(&s->authors, 0, sizeof s->authors);
}

/* Empty the count's records, changes and dicts (not the aliases). */
static void
scratch_clear(scan *s)
{
	dict *d[] = { &s->labels, &s->channels, &s->places, &s->mos };

	for (size_t i = 0; i < sizeof d / sizeof *d; i++) {
		dict_free(d[i]);
		memset(d[i], 0, sizeof *d[i]);
	}
	changes_free(s);
	free(s->mo_rank);
	s->mo_rank = NULL;
	for (int k = 0; k < TALLY_KINDS; k++)
		for (int m = 0; m < CUBE_MONTH_SPAN; m++) {
			free(s->recs[k][m].data);
			s->recs[k][m] = (month_recs){ NULL, 0, 0 };
		}
	memset(s->dirty, 0, sizeof s->dirty);
}

static void
scratch_free(cube *c)
{
	scan *s = c->scratch;

	if (!s)
		return;
	scratch_clear(s);
	dict_free(&s->aliases);
	free(s);
	c->scratch = NULL;
}

/* Every incident counted afresh (registered by `through` for a cut; as
 * they stood at a moment, for an as-of), or only those registered late
 * for a comparison (cube_late(): a count apart, few, without authors). */
static int
count_afresh(sqlite3 *db, scan *s, sv_err *e)
{
	cube *c = s->c;
	int registered_by = c->cut ? month_to_yyyymm(c->through) * 100 + 31 : 0;
	long long last = 0;
	int rc;

	scratch_clear(s);
	s->synced = 0;
	/* as many cells as the last count wrote, and a little more */
	if (!c->late_after && (rc = db_integer(db, "SELECT coalesce(sum(cells), "
	    "0) FROM cube_month", &last, e)))
		return rc;
	if (cellmap_reserve(&s->cells, (size_t)last + (size_t)last / 32))
		return sv_errf(e, SV_NOMEM, "aggregate: out of memory");
	if (c->late_after)
		s->author_from = CUBE_MONTH_SPAN;
	c->afresh = 1;
	c->read = 0;
	if ((rc = c->late_after ? tally_late(db, s, c->asof, c->late_after,
	    c->late_from, c->late_to, registered_by, e) : tally_all(db, s,
	    c->asof, registered_by, e)))
		return rc;
	rc = state_merge(s, e);
	changes_free(s);
	return rc;
}

/* The incidents the records of a kind count (facts_only: the cells of
 * basis 0, one per incident). */
static long long
recs_total(const scan *s, int kind, int facts_only)
{
	uint64_t key, what;
	long long n = 0;

	for (int m = 0; m < CUBE_MONTH_SPAN; m++)
		for (size_t i = 0; i < s->recs[kind][m].n; i++) {
			int32_t c = rec_get(&s->recs[kind][m], kind, i, &key, &what);
			n += facts_only && key_basis(key) ? 0 : c;
		}
	return n;
}

/* Whether the state brought up to date adds up: its labels, its cells
 * and its delays count the same incidents (a state damaged behind
 * suivi's back is not used). */
static int
adds_up(const scan *s)
{
	long long labels = 0;

	for (int i = 0; i < s->labels.n; i++)
		labels += s->labels.count[i];
	return labels == recs_total(s, TALLY_CELLS, 1) &&
	    labels == recs_total(s, TALLY_DELAYS, 0);
}

/* Whether the triggers that log the incidents revised or removed are
 * there; if one was dropped, it is put back (*there = 0: what changed
 * meanwhile was not logged, and everything is counted afresh).  Checking
 * them costs nothing, where counting the incident table's rows would
 * read all of it. */
static int
change_log_there(sqlite3 *db, int *there, sv_err *e)
{
	long long n;
	int rc;

	if ((rc = db_integer(db, "SELECT count(*) FROM sqlite_master WHERE "
	    "type = 'trigger' AND name IN ('incident_revised', "
	    "'incident_removed')", &n, e)))
		return rc;
	if ((*there = n == 2))
		return SV_OK;
	return db_exec(db, schema_change_triggers(), e);
}

/* The saved state brought up to date when there is one to use, else a
 * count afresh.  A state that does not hold what a change takes out, or
 * does not add up, is dropped and the count made afresh, as when the
 * change log was dropped.  A cut leaves the state as it is, but not the
 * cube table. */
static int
count_incidents(sqlite3 *db, scan *s, int rebuild, sv_err *e)
{
	long long saved = -1;
	int rc, there;

	if ((rc = db_integer(db, "SELECT coalesce(max(id), 0) FROM incident",
	    &s->last_id, e)))
		return rc;
	if (s->c->late_after)   /* a count apart: the state as it is */
		return count_afresh(db, s, e);
	if (s->c->cut || s->c->asof)
		return (rc = state_unsync(db, e)) ? rc : count_afresh(db, s, e);
	/* the authors of every window from `through`'s on, or from the month
	 * a plain run reviews (as_of) when that is earlier: its run then finds
	 * them kept */
	s->author_from = (s->c->through < s->c->as_of ? s->c->through :
	    s->c->as_of) - (CUBE_AUTHOR_MONTHS - 1) - CUBE_MONTH_BASE;
	if ((rc = change_log_there(db, &there, e)))
		return rc;
	if (rebuild || !there)
		return count_afresh(db, s, e);
	if ((rc = state_load(db, s, &saved, e)))
		return rc;
	if (saved < 0)
		return count_afresh(db, s, e);
	if ((rc = tally_changes(db, s, saved, e)) ||
	    (rc = state_merge(s, e)) == SV_DATAERR)
		return rc == SV_DATAERR ? count_afresh(db, s, e) : rc;
	changes_free(s);
	if (rc)
		return rc;
	return adds_up(s) ? SV_OK : count_afresh(db, s, e);
}

int
cube_count(sqlite3 *db, cube *c, int rebuild, sv_err *e)
{
	scan *s;
	int rc;

	if (!(s = c->scratch = calloc(1, sizeof *s))) {
		rc = sv_errf(e, SV_NOMEM, "aggregate: out of memory");
		goto out;
	}
	s->c = c;
	if (!(rc = load_aliases(db, c, &s->aliases, e))) {
		s->fingerprint = fingerprint(c, &s->aliases);
		rc = count_incidents(db, s, rebuild, e);
	}
	if (!rc && (copy_mo_names(c, s) || derive(c, s)))
		rc = sv_errf(e, SV_NOMEM, "aggregate: out of memory");
	if (!rc)
		fill_unknown_sex(c);
out:
	if (rc)
		cube_free(c);
	return rc;
}

int
cube_late(sqlite3 *db, const cube *c, const char *as_of, cube *late,
    sv_err *e)
{
	int rc;

	if ((rc = cube_layout(db, month_to_yyyymm(c->through), c->cut, as_of,
	    late, e)))
		return rc;
	for (int p = 0; p <= c->nphen; p++)
		cube_want(late, p, c->want[p]);
	late->late_after = month_to_yyyymm(c->as_of - 12) * 100 + 31;
	late->late_from = month_to_yyyymm(c->through - 23) * 100 + 1;
	late->late_to = month_to_yyyymm(c->through - 12) * 100 + 31;
	return cube_count(db, late, 0, e);
}

int
cube_scan(sqlite3 *db, int through, cube *c, sv_err *e)
{
	int rc;

	if ((rc = cube_layout(db, through, 0, NULL, c, e)))
		return rc;
	for (int p = 0; p <= c->nphen; p++)
		cube_want(c, p, WANT_ALL);
	return cube_count(db, c, 1, e);
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
	free(c->delivered);
	free(c->authors);
	memset(c, 0, sizeof *c);
}
