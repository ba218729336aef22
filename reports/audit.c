/*
 * audit — the cells of a publication, the linear programmes that bound
 * what a reader can derive for a hidden one, and the choice of what else
 * to hide (audit.h).
 *
 * Each component's programme, and the bounds it gives, are
 * auditprog.c's.
 */
#include "auditprog.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/grow.h"

static int
slot(int month0, int yyyymm)
{
	return (yyyymm / 100 - month0 / 100) * 12 + yyyymm % 100 - month0 % 100;
}

audit *
audit_new(int min_cell)
{
	audit *a = calloc(1, sizeof *a);

	if (a) {
		a->min_cell = min_cell;
		a->sum.narrowest = INFINITY;
	}
	return a;
}

static int
phen_index(audit *a, const char *code)
{
	for (size_t i = 0; i < a->nphen; i++)
		if (!strcmp(a->phen[i], code))
			return (int)i;
	if (grow((void **)&a->phen, &a->capphen, a->nphen + 1, sizeof *a->phen) ||
	    !(a->phen[a->nphen] = strdup(code)))
		return -1;
	return (int)a->nphen++;
}

int
audit_add(audit *a, const audit_spec *s, sv_err *e)
{
	acell *c;

	if (grow((void **)&a->cells, &a->cap, a->n + 1, sizeof *a->cells))
		return sv_errf(e, SV_NOMEM, "out of memory");
	c = &a->cells[a->n];
	memset(c, 0, sizeof *c);
	if (!(c->key = strdup(s->key)) || !(c->phen = malloc((size_t)(s->nphen ?
	    s->nphen : 1) * sizeof *c->phen))) {
		free(c->key);
		return sv_errf(e, SV_NOMEM, "out of memory");
	}
	for (int i = 0; i < s->nphen; i++) {
		int k = phen_index(a, s->phen[i]), twice = 0;
		if (k < 0) {
			free(c->key), free(c->phen);
			return sv_errf(e, SV_NOMEM, "out of memory");
		}
		for (int j = 0; j < c->nphen; j++)
			twice |= c->phen[j] == k;
		if (!twice)     /* a list naming a phenomenon twice counts it once */
			c->phen[c->nphen++] = k;
	}
	c->from = s->from, c->to = s->to;       /* yyyymm until protect */
	c->vs = s->vs & AUDIT_ANY, c->as = s->as & AUDIT_ANY;
	c->n = s->n, c->cls = s->cls;
	c->lo = c->hi = NAN;
	c->mhi = INFINITY;
	c->state = s->n >= 1 && s->n < a->min_cell ? AUDIT_SMALL :
	    s->withheld ? AUDIT_WITHHELD : AUDIT_SHOWN;
	a->n++;
	return SV_OK;
}

static int
by_key(const void *x, const void *y)
{
	return strcmp(((const acell *)x)->key, ((const acell *)y)->key);
}

/* Union-find over the (slot, phenomenon) pairs. */
static int
root(int *up, int i)
{
	while (up[i] != i)
		i = up[i] = up[up[i]];
	return i;
}

/* Sort the cells by key (refusing a key twice), turn months into slots
 * and give each cell its component. */
static int
prepare(audit *a, sv_err *e)
{
	int lo = 0, hi = 0, *up;
	size_t npairs;

	qsort(a->cells, a->n, sizeof *a->cells, by_key);
	a->sorted = 1;
	for (size_t i = 0; i < a->n; i++) {
		if (i && !strcmp(a->cells[i].key, a->cells[i - 1].key))
			return sv_errf(e, SV_SOFTWARE, "audit: figure %s twice",
			    a->cells[i].key);
		if (!i || a->cells[i].from < lo)
			lo = a->cells[i].from;
		if (!i || a->cells[i].to > hi)
			hi = a->cells[i].to;
	}
	a->month0 = lo;
	a->nslots = a->n ? slot(lo, hi) + 1 : 0;
	npairs = (size_t)a->nslots * a->nphen;
	if (!(up = malloc((npairs ? npairs : 1) * sizeof *up)))
		return sv_errf(e, SV_NOMEM, "out of memory");
	for (size_t i = 0; i < npairs; i++)
		up[i] = (int)i;
	for (size_t i = 0; i < a->n; i++) {
		acell *c = &a->cells[i];
		int first = -1;
		c->from = slot(lo, c->from), c->to = slot(lo, c->to);
		for (int m = c->from; m <= c->to; m++)
			for (int k = 0; k < c->nphen; k++) {
				int pr = root(up, m * (int)a->nphen + c->phen[k]);
				if (first < 0)
					first = pr;
				else if (pr != first)
					up[pr] = first;
			}
	}
	for (size_t i = 0; i < a->n; i++) {
		acell *c = &a->cells[i];
		c->comp = c->nphen ? root(up, c->from * (int)a->nphen + c->phen[0])
		    : -1;
	}
	free(up);
	return SV_OK;
}

/* The least upper bound that protects the small cell c: min_cell, or
 * what the other "<min_cell" alone let it be, if less. */
static double
want_hi(const audit *a, const acell *c)
{
	return fmin(a->min_cell, c->mhi);
}

/* Whether the interval [lo, hi] protects the small cell c: it holds 0,
 * and min_cell or as near as want_hi() can.  The bounds are the linear
 * relaxation's; counts are whole, so what matters is the whole numbers
 * inside. */
static int
safe(const audit *a, const acell *c, double lo, double hi)
{
	return ceil(lo - EPS) <= 0 && floor(hi + EPS) >= floor(want_hi(a, c) +
	    EPS);
}

static int
by_cost(const void *x, const void *y)
{
	const acell *c = *(acell *const *)x, *d = *(acell *const *)y;

	if (c->cls != d->cls)
		return c->cls < d->cls ? -1 : 1;
	if (c->n != d->n)
		return c->n < d->n ? -1 : 1;
	return strcmp(c->key, d->key);
}

/* Hide one more shown cell that bounds c in direction dir (its row's dual
 * is not zero): the cheapest that loosens the bound, or else the cheapest.
 * *at is the current bound, updated.  0 when no shown cell bounds c. */
static int
loosen(audit *a, prog *g, acell *c, int dir, double *at)
{
	acell **cand = malloc((size_t)g->ncells * sizeof *cand);
	int nc = 0, done = 0;

	if (!cand)
		return 0;
	for (int i = 0; i < g->ncells; i++) {
		acell *d = g->cells[i];
		if (d->state == AUDIT_SHOWN && d->cls != AUDIT_KEEP &&
		    fabs(glp_get_row_dual(g->lp, d->row)) > EPS)
			cand[nc++] = d;
	}
	qsort(cand, (size_t)nc, sizeof *cand, by_cost);
	for (int i = 0; i < nc && !done; i++) {
		double b;
		cand[i]->state = AUDIT_COMPLEMENT;
		row_bounds(g, cand[i]);
		b = bound(a, g, c, dir);
		if (dir == GLP_MIN ? b < *at - EPS : b > *at + EPS) {
			*at = b;
			done = 1;
			a->sum.complement++;
		} else {
			cand[i]->state = AUDIT_SHOWN;
			row_bounds(g, cand[i]);
			bound(a, g, c, dir);    /* the duals of the bound again */
		}
	}
	if (!done && nc) {
		/* no one cell loosens it alone (the figure is pinned twice, e.g.
		 * by its month and by its 12-month sum less the other months):
		 * hide the cheapest, and look again at what bounds it then */
		cand[0]->state = AUDIT_COMPLEMENT;
		row_bounds(g, cand[0]);
		*at = bound(a, g, c, dir);
		a->sum.complement++;
		done = 1;
	}
	free(cand);
	return done;
}

/* Protect the small cell c of programme g. */
static int
protect_cell(audit *a, prog *g, acell *c, sv_err *e)
{
	double lo, hi;

	lo = bound(a, g, c, GLP_MIN);
	while (!isnan(lo) && lo > EPS && loosen(a, g, c, GLP_MIN, &lo))
		;
	hi = bound(a, g, c, GLP_MAX);
	if (!isnan(hi) && hi < a->min_cell - EPS) {
		/* below min_cell: is it as far as the other "<min_cell" go? */
		markers(a, g, c);
		hi = isnan(c->mhi) ? NAN : bound(a, g, c, GLP_MAX);
	}
	while (!isnan(hi) && hi < want_hi(a, c) - EPS && loosen(a, g, c, GLP_MAX,
	    &hi))
		;
	if (isnan(lo) || isnan(hi))
		return sv_errf(e, SV_SOFTWARE, "audit: the programme of %s could "
		    "not be solved", c->key);
	if (!safe(a, c, lo, hi))
		return sv_errf(e, SV_DATAERR, "audit: %s (%g facts, hidden) can be "
		    "recomputed from what the report shows: between %g and %g; "
		    "nothing else can be hidden to protect it", c->key, c->n, lo, hi);
	return SV_OK;
}

/* Whether every small cell of g is safe as g stands. */
static int
all_safe(audit *a, prog *g)
{
	for (int i = 0; i < g->ncells; i++) {
		const acell *c = g->cells[i];
		if (c->state == AUDIT_SMALL && !safe(a, c, bound(a, g, c, GLP_MIN),
		    bound(a, g, c, GLP_MAX)))
			return 0;
	}
	return 1;
}

/* Show again each cell hidden beside the small ones that none of them
 * needs any more (one chosen while looking, or made redundant by a later
 * choice): the dearest first. */
static void
reshow(audit *a, prog *g)
{
	acell **hid = malloc((size_t)g->ncells * sizeof *hid);
	int nh = 0;

	if (!hid)
		return;         /* keeps more hidden: safe */
	for (int i = 0; i < g->ncells; i++)
		if (g->cells[i]->state == AUDIT_COMPLEMENT)
			hid[nh++] = g->cells[i];
	qsort(hid, (size_t)nh, sizeof *hid, by_cost);
	for (int i = nh - 1; i >= 0; i--) {
		hid[i]->state = AUDIT_SHOWN;
		row_bounds(g, hid[i]);
		if (all_safe(a, g)) {
			a->sum.complement--;
			continue;
		}
		hid[i]->state = AUDIT_COMPLEMENT;
		row_bounds(g, hid[i]);
	}
	free(hid);
}

/* Audit the small cells of g again, every other cell being settled. */
static int
audit_prog(audit *a, prog *g, sv_err *e)
{
	for (int i = 0; i < g->ncells; i++) {
		acell *c = g->cells[i];
		double lo, hi;
		if (c->state != AUDIT_SMALL)
			continue;
		lo = bound(a, g, c, GLP_MIN), hi = bound(a, g, c, GLP_MAX);
		c->lo = lo, c->hi = hi;
		if (!safe(a, c, lo, hi))
			return sv_errf(e, SV_DATAERR, "audit: %s (%g facts, hidden) "
			    "can be recomputed from what the report shows: between "
			    "%g and %g", c->key, c->n, lo, hi);
		if (hi - lo < a->sum.narrowest) {
			a->sum.narrowest = hi - lo;
			snprintf(a->sum.narrowest_key, sizeof a->sum.narrowest_key,
			    "%s", c->key);
		}
	}
	return SV_OK;
}

int
audit_protect(audit *a, sv_err *e)
{
	struct timespec t0, t1;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	glp_term_out(GLP_OFF);
	if ((rc = prepare(a, e)))
		return rc;
	for (size_t i = 0; i < a->n && !rc; i++) {
		prog g;
		int seen = 0;
		if (a->cells[i].state != AUDIT_SMALL)
			continue;
		for (size_t j = 0; j < i && !seen; j++)
			seen = a->cells[j].state == AUDIT_SMALL &&
			    a->cells[j].comp == a->cells[i].comp;
		if (seen)
			continue;       /* its component is done */
		if ((rc = prog_build(a, a->cells[i].comp, &g, e)))
			break;
		for (int k = 0; k < g.ncells && !rc; k++)
			if (g.cells[k]->state == AUDIT_SMALL)
				rc = protect_cell(a, &g, g.cells[k], e);
		if (!rc) {
			reshow(a, &g);
			rc = audit_prog(a, &g, e);
		}
		prog_free(&g);
	}
	for (size_t i = 0; i < a->n; i++) {
		if (a->cells[i].cls == AUDIT_APART)
			continue;       /* not a figure of the page */
		a->sum.cells++;
		a->sum.small += a->cells[i].state == AUDIT_SMALL;
		a->sum.withheld += a->cells[i].state == AUDIT_WITHHELD;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	a->sum.seconds = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	return rc;
}

static const acell *
find(const audit *a, const char *key)
{
	acell k = { .key = (char *)key };

	if (!a || !a->sorted)
		return NULL;
	return bsearch(&k, a->cells, a->n, sizeof *a->cells, by_key);
}

enum audit_state
audit_state(const audit *a, const char *key)
{
	const acell *c = find(a, key);

	return c ? c->state : AUDIT_SHOWN;
}

int
audit_knows(const audit *a, const char *key)
{
	return find(a, key) != NULL;
}

const audit_summary *
audit_result(const audit *a)
{
	return &a->sum;
}

size_t
audit_size(const audit *a)
{
	return a->n;
}

int
audit_is_figure(const audit *a, size_t i)
{
	return a->cells[i].cls != AUDIT_APART;
}

const char *
audit_at(const audit *a, size_t i, enum audit_state *state, double *n,
    double *lo, double *hi)
{
	const acell *c = &a->cells[i];

	*state = c->state, *n = c->n, *lo = c->lo, *hi = c->hi;
	return c->key;
}

void
audit_free(audit *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->n; i++)
		free(a->cells[i].key), free(a->cells[i].phen);
	for (size_t i = 0; i < a->nphen; i++)
		free(a->phen[i]);
	free(a->cells), free(a->phen);
	free(a);
}
