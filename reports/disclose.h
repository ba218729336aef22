/*
 * disclose — which published figures to suppress so that no count of 1 to
 * min_cell - 1 can be read, or recomputed from what is published.
 *
 * Private to reports/.  A table is an array of cells and a list of
 * additive groups.  A cell stands for one published figure and holds the
 * count that figure reveals (n: the facts behind a count, a rate or a
 * share's numerator; for a share also its base, whose complement
 * base - n is revealed too when the base is known).  A group says that
 * its total cell is the sum of its part cells (a region and its zones, a
 * zone and its communes, a total and its breakdown), so that anyone can
 * subtract.
 *
 * disclose_table() marks, in place:
 *  - primary suppression: n, or base - n, in [1, min_cell - 1];
 *  - complementary suppression, group by group until nothing changes: a
 *    group must not hold exactly one suppressed cell (it would be the
 *    total minus the visible parts, or the sum of them), and when its
 *    total is published the suppressed parts must add up to at least
 *    min_cell (otherwise their sum, a small count, is revealed).  The
 *    cell added is the smallest part with a count; failing that, the
 *    total.
 * A cell marked suppressed on entry (by the publication's audit, audit.h)
 * stays suppressed, as a complementary one unless it is small itself.
 * A cell whose n is NaN publishes nothing and is never chosen.  Zero is a
 * publishable count.  Returns the number of cells suppressed.
 */
#ifndef SUIVI_DISCLOSE_H
#define SUIVI_DISCLOSE_H

typedef struct disclose_cell {
	double n;               /* the count the figure reveals; NaN: none */
	double base;            /* a share's base, or NaN */
	int suppressed;         /* out: 1 primary, 2 complementary */
} disclose_cell;

typedef struct disclose_group {
	int total;              /* index of the total cell */
	const int *parts;       /* indexes of the cells that sum to it */
	int nparts;
} disclose_group;

int disclose_table(disclose_cell *cells, int ncells,
    const disclose_group *groups, int ngroups, int min_cell);

/* Primary suppression of one figure: 1 when n (or base - n) is small. */
int disclose_small(double n, double base, int min_cell);

#endif
