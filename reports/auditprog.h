/*
 * auditprog — the linear programme of one component of a publication's
 * cells (audit.c): its columns the atoms the cells share, its rows the
 * cells, bounded by what the page tells of each; and the bound a reader
 * can derive for a cell.
 *
 * Private to audit.c, which owns the cells and chooses what to hide.
 */
#ifndef SUIVI_AUDITPROG_H
#define SUIVI_AUDITPROG_H

#include <glpk.h>

#include "audit.h"

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

/* Build the programme of component comp; free it. */
int prog_build(audit *a, int comp, prog *g, sv_err *e);
void prog_free(prog *g);

/* Cell c's row bounded by what the page tells of it (a shown figure's
 * value, a "<min_cell"'s at most min_cell - 1, nothing else). */
void row_bounds(prog *g, const acell *c);

/* The bound of cell c's sum in direction dir (GLP_MIN, GLP_MAX) from
 * everything else the page tells: INFINITY when nothing bounds it above,
 * NaN when the programme cannot be solved.  c's row stays free until the
 * next bound, so that the duals of this one can be read. */
double bound(audit *a, prog *g, const acell *c, int dir);

/* What the other "<min_cell" alone let c be, into c->mhi. */
void markers(audit *a, prog *g, acell *c);

#endif
