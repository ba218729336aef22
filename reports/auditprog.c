/*
 * auditprog — the linear programme of a component of cells
 * (auditprog.h).
 *
 * The programmes are split by component: cells that share no atom, even
 * through others, cannot tell anything about each other, so each set of
 * linked (month, phenomenon) pairs is a programme of its own (in the
 * report, one per month for the older months, one spanning the two
 * 12-month periods of the tables).  A component's programme has a column
 * per atom and a row per cell; a hidden cell's row is free or bounded as
 * its mark says, so hiding one more cell changes a bound and not the
 * matrix, and the simplex starts from the last basis.
 */
#include "auditprog.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>


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
void
row_bounds(prog *g, const acell *c)
{
	if (c->state == AUDIT_SHOWN)
		glp_set_row_bnds(g->lp, c->row, GLP_FX, c->n, c->n);
	else if (c->state == AUDIT_SMALL && c->cls != AUDIT_APART)
		glp_set_row_bnds(g->lp, c->row, GLP_UP, 0, g->min_cell - 1);
	else
		glp_set_row_bnds(g->lp, c->row, GLP_FR, 0, 0);
}

void
prog_free(prog *g)
{
	if (g->lp)
		glp_delete_prob(g->lp);
	free(g->cells), free(g->pair);
	memset(g, 0, sizeof *g);
}

/* Build the programme of component comp. */
int
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
double
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
void
markers(audit *a, prog *g, acell *c)
{
	for (int i = 0; i < g->ncells; i++)
		if (g->cells[i]->state != AUDIT_SMALL)
			glp_set_row_bnds(g->lp, g->cells[i]->row, GLP_FR, 0, 0);
	c->mhi = bound(a, g, c, GLP_MAX);
	for (int i = 0; i < g->ncells; i++)
		row_bounds(g, g->cells[i]);
}

