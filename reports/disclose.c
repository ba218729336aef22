/*
 * disclose — primary and complementary suppression (disclose.h).
 */
#include "disclose.h"

#include <math.h>

int
disclose_small(double n, double base, int min_cell)
{
	if (isnan(n))
		return 0;
	if (n >= 1 && n < min_cell)
		return 1;
	return !isnan(base) && base - n >= 1 && base - n < min_cell;
}

/* The part to suppress next in g: the smallest published count >= 1;
 * -1 when there is none. */
static int
smallest_part(const disclose_cell *c, const disclose_group *g)
{
	int best = -1;

	for (int i = 0; i < g->nparts; i++) {
		const disclose_cell *p = &c[g->parts[i]];
		if (p->suppressed || isnan(p->n) || p->n < 1)
			continue;
		if (best < 0 || p->n < c[best].n)
			best = g->parts[i];
	}
	return best;
}

/* Whether g lets a suppressed cell, or a small sum of them, be
 * recomputed from the published ones; or, the total shown and every
 * hidden part marked "<min_cell" (each at most min_cell - 1, as the mark
 * says), their sum too large for any of them to be 0: three "<5" adding
 * up to 11 are each 3 or 4. */
static int
leaks(const disclose_cell *c, const disclose_group *g, int min_cell)
{
	int hidden = c[g->total].suppressed != 0, primary = 0;
	double sum = 0;

	for (int i = 0; i < g->nparts; i++)
		if (c[g->parts[i]].suppressed) {
			hidden++;
			primary += c[g->parts[i]].suppressed == 1;
			sum += isnan(c[g->parts[i]].n) ? 0 : c[g->parts[i]].n;
		}
	if (hidden == 0)
		return 0;
	if (hidden == 1)
		return 1;
	if (c[g->total].suppressed)
		return 0;
	if (sum >= 1 && sum < min_cell)
		return 1;
	return primary == hidden && sum > (double)(min_cell - 1) * (hidden - 1);
}

int
disclose_table(disclose_cell *cells, int ncells,
    const disclose_group *groups, int ngroups, int min_cell)
{
	int count = 0, changed = 1;

	for (int i = 0; i < ncells; i++) {
		/* small: primary; else what the caller marked, if anything */
		if (disclose_small(cells[i].n, cells[i].base, min_cell))
			cells[i].suppressed = 1;
		count += cells[i].suppressed != 0;
	}
	/* Each pass suppresses at least one more cell or ends. */
	while (changed) {
		changed = 0;
		for (int g = 0; g < ngroups; g++) {
			const disclose_group *gr = &groups[g];
			int pick;
			if (!leaks(cells, gr, min_cell))
				continue;
			pick = smallest_part(cells, gr);
			if (pick < 0 && !cells[gr->total].suppressed)
				pick = gr->total;
			if (pick < 0)
				continue;       /* everything with a count is hidden */
			cells[pick].suppressed = 2;
			count++;
			changed = 1;
		}
	}
	return count;
}
