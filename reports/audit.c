/*
 * audit — the cells of a publication, the linear programmes that bound
 * what a reader can derive for a hidden one, and the choice of what else
 * to hide (audit.h).
 *
 * The programmes are split by component: cells that share no atom, even
 * through others, cannot tell anything about each other, so each set of
 * linked (month, phenomenon) pairs is a programme of its own (in the
 * report, one per month for the older months, one spanning the two
 * 12-month periods of the tables).  A component's programme has a column
 * per atom and a row per cell; a hidden cell's row is free, so hiding one
 * more cell changes a bound and not the matrix, and the simplex starts
 * from the last basis.
 */
#include "audit.h"

#include <glpk.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/grow.h"

#define EPS 1e-6

/* One figure.  Its atoms are months [from, to] x phen[] x the sexes of
 * vs x the sexes of as; phen indexes audit.phen. */
typedef struct acell {
	char *key;
	int from, to;                   /* month slots */
	int *phen, nphen;
	unsigned vs, as;
	double n;
	enum audit_class cls;
	enum audit_state state;
	int comp;                       /* its component */
	int row;                        /* its row in the component's
	                                   programme, 1-based */
	double lo, hi;                  /* a small cell's interval, audited */
	double mhi;                     /* the most the other "<min_cell"
	                                   alone let it be (markers(); until
	                                   it is asked, INFINITY) */
} acell;

/* Invariants: cells[] are in the order added until audit_protect(), by
 * key after (audit_state() searches them); phen[] holds each code once. */
struct audit {
	int min_cell;
	acell *cells;
	size_t n, cap;
	char **phen;
	size_t nphen, capphen;
	int month0, nslots;             /* slot 0 is month0 (yyyymm) */
	int sorted;
	audit_summary sum;
};

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

/* A component's programme: its cells, its atoms, GLPK's problem. */
typedef struct prog {
	glp_prob *lp;
	acell **cells;
	int ncells;
	int *pair;                      /* (slot, phen) -> local pair or -1 */
	int nv, na;                     /* sexes told apart: 4 or 1 each */
	int natoms;
	int min_cell;
	const struct acell *open;       /* the cell whose row bound() freed */
} prog;

/* The columns of cell c's atoms into cols (1-based); returns how many. */
static int
atoms_of(const audit *a, const prog *g, const acell *c, int *cols)
{
	int k = 0;

	for (int m = c->from; m <= c->to; m++)
		for (int p = 0; p < c->nphen; p++) {
			int pr = g->pair[m * (int)a->nphen + c->phen[p]];
			for (int v = 0; v < g->nv; v++)
				for (int s = 0; s < g->na; s++)
					if ((g->nv == 1 || c->vs & 1u << v) &&
					    (g->na == 1 || c->as & 1u << s))
						cols[k++] = 1 + (pr * g->nv + v) * g->na + s;
		}
	return k;
}

/* What the page tells a reader of cell c: its value when shown; at most
 * min_cell - 1 when it shows "<min_cell" (a small figure of the page),
 * which bounds what it is summed with (a total less two "<5" is at least
 * the total less 8); nothing when it is hidden otherwise, or not on the
 * page.  A "<min_cell" also says "at least 1", which the programme leaves
 * out: every "<min_cell" says it of itself, and read into a sum it would
 * make a 12-month "<5" over months shown "<5" at least their number,
 * which no hiding can change, against a rule asking that 0 stay possible
 * (safe()). */
static void
row_bounds(prog *g, const acell *c)
{
	if (c->state == AUDIT_SHOWN)
		glp_set_row_bnds(g->lp, c->row, GLP_FX, c->n, c->n);
	else if (c->state == AUDIT_SMALL && c->cls != AUDIT_APART)
		glp_set_row_bnds(g->lp, c->row, GLP_UP, 0, g->min_cell - 1);
	else
		glp_set_row_bnds(g->lp, c->row, GLP_FR, 0, 0);
}

static void
prog_free(prog *g)
{
	if (g->lp)
		glp_delete_prob(g->lp);
	free(g->cells), free(g->pair);
	memset(g, 0, sizeof *g);
}

/* Build the programme of component comp. */
static int
prog_build(audit *a, int comp, prog *g, sv_err *e)
{
	size_t npairs = (size_t)a->nslots * a->nphen;
	int npair = 0, *cols = NULL, *rows = NULL, maxatoms = 0, rc = SV_OK;
	double *ones = NULL;

	memset(g, 0, sizeof *g);
	g->nv = g->na = 1;
	g->min_cell = a->min_cell;
	if (!(g->pair = malloc(npairs * sizeof *g->pair)) ||
	    !(g->cells = malloc(a->n * sizeof *g->cells)))
		goto oom;
	for (size_t i = 0; i < npairs; i++)
		g->pair[i] = -1;
	for (size_t i = 0; i < a->n; i++) {
		acell *c = &a->cells[i];
		if (c->comp != comp)
			continue;
		g->cells[g->ncells++] = c;
		if (c->vs != AUDIT_ANY)
			g->nv = AUDIT_SEXES;
		if (c->as != AUDIT_ANY)
			g->na = AUDIT_SEXES;
		for (int m = c->from; m <= c->to; m++)
			for (int p = 0; p < c->nphen; p++) {
				int *pr = &g->pair[m * (int)a->nphen + c->phen[p]];
				if (*pr < 0)
					*pr = npair++;
			}
	}
	g->natoms = npair * g->nv * g->na;
	for (int i = 0; i < g->ncells; i++) {
		const acell *c = g->cells[i];
		int k = (c->to - c->from + 1) * c->nphen * g->nv * g->na;
		if (k > maxatoms)
			maxatoms = k;
	}
	if (!(cols = malloc((size_t)(maxatoms + 1) * sizeof *cols)) ||
	    !(rows = malloc(sizeof *rows)) ||
	    !(ones = malloc((size_t)(maxatoms + 1) * sizeof *ones)))
		goto oom;
	for (int k = 0; k <= maxatoms; k++)
		ones[k] = 1;
	g->lp = glp_create_prob();
	glp_add_cols(g->lp, g->natoms);
	for (int j = 1; j <= g->natoms; j++)
		glp_set_col_bnds(g->lp, j, GLP_LO, 0, 0);
	glp_add_rows(g->lp, g->ncells);
	for (int i = 0; i < g->ncells; i++) {
		acell *c = g->cells[i];
		int k = atoms_of(a, g, c, cols + 1);
		c->row = i + 1;
		glp_set_mat_row(g->lp, c->row, k, cols, ones);
		row_bounds(g, c);
	}
	goto out;
oom:
	rc = sv_errf(e, SV_NOMEM, "out of memory");
	prog_free(g);
out:
	free(cols), free(rows), free(ones);
	return rc;
}

/* The bound of cell c's sum in direction dir (GLP_MIN, GLP_MAX), from
 * everything else the page tells (its own "<min_cell" apart: the bound
 * is what the rest gives of it): INFINITY when nothing bounds it above.
 * c's row stays free until the next bound, so that the duals of this
 * one can be read (loosen()). */
static double
bound(audit *a, prog *g, const acell *c, int dir)
{
	glp_smcp parm;
	int *cols = malloc((size_t)((c->to - c->from + 1) * c->nphen * g->nv *
	    g->na + 1) * sizeof *cols), k, status;

	if (!cols)
		return NAN;
	if (g->open && g->open != c)
		row_bounds(g, g->open);
	g->open = c;
	glp_set_row_bnds(g->lp, c->row, GLP_FR, 0, 0);
	for (int j = 1; j <= g->natoms; j++)
		glp_set_obj_coef(g->lp, j, 0);
	k = atoms_of(a, g, c, cols);
	for (int i = 0; i < k; i++)
		glp_set_obj_coef(g->lp, cols[i], 1);
	free(cols);
	glp_set_obj_dir(g->lp, dir);
	glp_init_smcp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	a->sum.programmes++;
	if (glp_simplex(g->lp, &parm) != 0) {
		glp_std_basis(g->lp);           /* start afresh once */
		if (glp_simplex(g->lp, &parm) != 0)
			return NAN;
	}
	status = glp_get_status(g->lp);
	if (status == GLP_UNBND)
		return dir == GLP_MAX ? INFINITY : -INFINITY;
	return status == GLP_OPT ? glp_get_obj_val(g->lp) : NAN;
}

/* The most the other "<min_cell" of c's programme alone let c be, every
 * shown figure set aside, into c->mhi: a part of a "<5" is at most 4
 * whatever else the page shows, and no hiding changes that.  (Alone they
 * let it be 0: they bound from above only.) */
static void
markers(audit *a, prog *g, acell *c)
{
	for (int i = 0; i < g->ncells; i++)
		if (g->cells[i]->state != AUDIT_SMALL)
			glp_set_row_bnds(g->lp, g->cells[i]->row, GLP_FR, 0, 0);
	c->mhi = bound(a, g, c, GLP_MAX);
	for (int i = 0; i < g->ncells; i++)
		row_bounds(g, g->cells[i]);
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
