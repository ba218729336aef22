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

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>

#include "../core/stats.h"


#define MODUS_RECENT 3
#define MODUS_BASELINE 24
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
