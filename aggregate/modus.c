/*
 * modus — new and rising modus operandi (M5.9, M9.10).  For every
 * phenomenon with modus-operandi codes, the region and each zone:
 *  - new: a code first seen in the last 3 months (nothing in the 57 months
 *    before, as far as the cube keeps them) with at least MODUS_NEW_MIN
 *    facts;
 *  - rising: a code seen before whose share of the phenomenon's coded
 *    facts in the last 3 months is above its share in the 24 months before, by the
 *    exact one-sided test (R: poisson.test(c(recent, baseline),
 *    c(total_recent, total_baseline), alternative = "greater")), with the
 *    Benjamini-Hochberg q-value across the codes of that phenomenon and
 *    level below 0.05.
 */
#include "derived.h"

#include "aggregate.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>

#include "../core/db.h"
#include "../core/month.h"
#include "../core/stats.h"


#define MODUS_NEW_MIN 5
#define MODUS_Q 0.05

typedef struct tally {
	long recent, baseline, earlier;
	int first;              /* first month index with a fact, or -1 */
} tally;

static void
count(const cube *c, int p, int z, int k, tally *t)
{
	int last = CUBE_MO_MONTHS - 1;
	int z0 = z < 0 ? 0 : z, z1 = z < 0 ? c->nzones - 1 : z;

	*t = (tally){ 0, 0, 0, -1 };
	for (int m = 0; m <= last; m++) {
		long n = 0;
		for (int zz = z0; zz <= z1; zz++)
			n += cube_mo(c, k, p, zz)[m];
		if (n && t->first < 0)
			t->first = c->through - last + m;
		if (m > last - MODUS_RECENT)
			t->recent += n;
		else if (m > last - MODUS_RECENT - MODUS_BASELINE)
			t->baseline += n;
		else
			t->earlier += n;
	}
}

/* P(X >= x) for X ~ Binomial(n, p0): the one-sided exact test. */
static double
greater(long x, long n, double p0)
{
	return x <= 0 ? 1 : gsl_cdf_binomial_Q((unsigned)(x - 1), p0, (unsigned)n);
}

/* Evaluate every code of phenomenon p at level z; keep the signals. */
static void
signals_at_level(const cube *c, derived *o, int p, int z)
{
	modus_row *cand = calloc((size_t)c->nmo + 1, sizeof *cand);
	tally *t = calloc((size_t)c->nmo + 1, sizeof *t);
	long tr = 0, tb = 0;
	int n = 0;

	if (!cand || !t) {
		o->oom = 1;
		goto out;
	}

	for (int k = 0; k < c->nmo; k++) {
		count(c, p, z, k, &t[k]);
		tr += t[k].recent;
		tb += t[k].baseline;
	}
	if (tr == 0)
		goto out;
	for (int k = 0; k < c->nmo; k++) {
		if (!t[k].recent)
			continue;
		modus_row *r = &cand[n];
		*r = (modus_row){ p, z, k, t[k].first, t[k].recent, t[k].baseline,
		    (double)t[k].recent / tr, tb ? (double)t[k].baseline / tb : NAN,
		    NAN, NAN, NULL };
		if (tb && t[k].recent + t[k].baseline > 0)
			r->pvalue = greater(t[k].recent, t[k].recent + t[k].baseline,
			    (double)tr / (tr + tb));
		if (!t[k].baseline && !t[k].earlier && t[k].recent >= MODUS_NEW_MIN)
			r->kind = "new";
		n++;
	}
	if (stats_bh(&cand[0].pvalue, &cand[0].qvalue, n, sizeof *cand)) {
		o->oom = 1;
		goto out;
	}
	for (int i = 0; i < n; i++) {
		modus_row *r = &cand[i];
		/* A code never seen before is new (with a handful of facts) or
		 * nothing yet, never "rising" from zero. */
		if (!r->kind && r->qvalue < MODUS_Q &&
		    t[r->mo].baseline + t[r->mo].earlier > 0)
			r->kind = "rising";
		if (!r->kind)
			continue;
		modus_row *to = derived_push(o, &o->modus_rows, &o->nmodus,
		    &o->capmodus, sizeof *o->modus_rows);
		if (!to)
			goto out;
		*to = *r;
	}
out:
	free(cand);
	free(t);
}

void
modus_eval(const cube *c, derived *o)
{
	for (int p = 0; p < c->nphen; p++)
		for (int z = -1; z < c->nzones; z++)
			signals_at_level(c, o, p, z);
}

/* The facts of phenomenon p at level z (zone index, -1: the region) in
 * modus-operandi month m: with code k, with any code, and all of them. */
static void
month_counts(const cube *c, int p, int z, int k, int m, long out[3])
{
	int z0 = z < 0 ? 0 : z, z1 = z < 0 ? c->nzones - 1 : z;
	int slot = cube_slot(c, c->through - (CUBE_MO_MONTHS - 1) + m);

	out[0] = out[1] = out[2] = 0;
	for (int zz = z0; zz <= z1; zz++) {
		int nci;
		const int *ci = cube_communes(c, zz, &nci);
		out[0] += cube_mo(c, k, p, zz)[m];
		for (int kk = 0; kk < c->nmo; kk++)
			out[1] += cube_mo(c, kk, p, zz)[m];
		for (int i = 0; slot >= 0 && i < nci; i++)
			out[2] += cube_total(c, BASIS_FACT, p, ci[i])[slot];
	}
}

/* A signal's months at level z, from the first delivered. */
static int
write_level(sqlite3_stmt *st, const cube *c, const modus_row *r, int z,
    sv_err *e)
{
	int rc = SV_OK;

	for (int m = 0; m < CUBE_MO_MONTHS && !rc; m++) {
		int t = c->through - (CUBE_MO_MONTHS - 1) + m;
		long n[3];
		if (t < c->first)
			continue;
		month_counts(c, r->phenomenon, z, r->mo, m, n);
		sqlite3_bind_text(st, 1, c->codes[r->phenomenon], -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, z < 0 ? 0 : c->zones[z]);
		sqlite3_bind_text(st, 3, c->mo[r->mo], -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 4, month_to_yyyymm(t));
		for (int i = 0; i < 3; i++)
			sqlite3_bind_int64(st, 5 + i, n[i]);
		rc = db_step_done(st, e);
	}
	return rc;
}

/* Whether the region's months of signal i's code come before it: its
 * own signal, or another zone's. */
static int
region_before(const derived *o, size_t i)
{
	const modus_row *r = &o->modus_rows[i];

	for (size_t j = 0; j < i; j++)
		if (o->modus_rows[j].phenomenon == r->phenomenon &&
		    o->modus_rows[j].mo == r->mo)
			return 1;
	for (size_t j = i + 1; j < o->nmodus; j++)
		if (o->modus_rows[j].phenomenon == r->phenomenon &&
		    o->modus_rows[j].mo == r->mo && o->modus_rows[j].zone < 0)
			return 1;
	return 0;
}

int
modus_write_months(sqlite3 *db, const cube *c, const derived *o, sv_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_exec(db, "DELETE FROM modus_month", e)) ||
	    (rc = db_prepare(db, &st, "INSERT INTO modus_month(phenomenon, "
	    "zone, modus_operandi, month, n, coded, facts) VALUES (?1, ?2, ?3, "
	    "?4, ?5, ?6, ?7)", e)))
		return rc;
	for (size_t i = 0; i < o->nmodus && !rc; i++) {
		const modus_row *r = &o->modus_rows[i];
		rc = write_level(st, c, r, r->zone, e);
		/* the region's, which a zone's chart is checked against: once */
		if (!rc && r->zone >= 0 && !region_before(o, i))
			rc = write_level(st, c, r, -1, e);
	}
	sqlite3_finalize(st);
	return rc;
}

