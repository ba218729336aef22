/*
 * audit — disclosure over the whole publication: the figures the pages
 * show, as one set of cells over the same unknown counts, so that what one
 * figure hides no other figure gives back, and a proof of it.
 *
 * Private to reports/.  A cell is one published figure: the facts of a
 * set of phenomena over a span of months, restricted to some victims'
 * and authors' sexes.  Every cell is the sum of "atoms" (a month, a
 * phenomenon, a victim's sex, an author's sex), whose counts no reader
 * knows; two cells are linked when they share atoms.  A reader who knows
 * every shown cell knows, for a hidden cell, only the interval its sum
 * can take with every atom >= 0 and every shown cell at its value: a
 * linear programme (GLPK), solved twice per hidden small cell.
 *
 * The rule (README, "Disclosure"): a cell of 1 to min_cell - 1 facts is
 * hidden, and the interval a reader can derive for it must contain 0 and
 * a value >= min_cell: nobody can tell whether anything happened, nor
 * that it was few.  audit_protect() hides more cells until the rule
 * holds (for each small cell, of the shown cells that bound its interval,
 * the cheapest class first, then the smallest count, then the key: a
 * deterministic choice), then audits every small cell again.
 *
 * Keys name figures the way the pages find them again (auditplan.c):
 * "m/INDICATOR/PART/YYYYMM", "s/INDICATOR/num|base/YYYYMM",
 * "t/INDICATOR/BREAKDOWN/0|1", "S/MEASURE/YYYYMM".
 */
#ifndef SUIVI_AUDIT_H
#define SUIVI_AUDIT_H

#include <sqlite3.h>

#include "../core/err.h"

/* Sexes as aggregate numbers them: 0 unknown, 1 F, 2 M, 3 X. */
#define AUDIT_SEXES 4
#define AUDIT_ANY 0xFu          /* every sex: no restriction */

/* Which shown cells complementary suppression takes first. */
enum audit_class {
	AUDIT_SHARE,            /* a share chart's month (bar and line) */
	AUDIT_LINE,             /* a month of a breakdown's line */
	AUDIT_TABLE,            /* a cell of an indicator's table */
	AUDIT_KEEP,             /* never hidden: a measure's own series */
	AUDIT_APART,            /* never shown, known by subtraction: a
	                           table's 12 months less its year to date;
	                           protected when small, like any count */
};

enum audit_state {
	AUDIT_SHOWN,
	AUDIT_SMALL,            /* 1 to min_cell - 1: hidden */
	AUDIT_WITHHELD,         /* hidden by its chart's choice (a line with
	                           a small month is left out whole) */
	AUDIT_COMPLEMENT,       /* hidden so that a small cell stays hidden */
};

typedef struct audit audit;

/* One figure to add. */
typedef struct audit_spec {
	const char *key;
	int from, to;                   /* yyyymm, inclusive */
	const char *const *phen;        /* phenomenon codes */
	int nphen;
	unsigned vs, as;                /* victims' and authors' sexes: bit
	                                   1 << sex, or AUDIT_ANY */
	double n;                       /* the count it shows */
	enum audit_class cls;
	int withheld;                   /* its chart leaves it out */
} audit_spec;

/* What the audit found (the method section prints it). */
typedef struct audit_summary {
	int cells;                      /* figures in the problem */
	int small, complement, withheld;
	int programmes;                 /* linear programmes solved */
	double narrowest;               /* the narrowest interval of a small
	                                   cell (hi - lo), INFINITY: none */
	char narrowest_key[96];
	double seconds;
} audit_summary;

audit *audit_new(int min_cell);
/* Add a figure; SV_DATAERR when its key is there already. */
int audit_add(audit *a, const audit_spec *s, sv_err *e);
/* Choose what else to hide, then audit: SV_DATAERR, naming the cell and
 * its interval, when some small cell cannot be protected. */
int audit_protect(audit *a, sv_err *e);
/* A figure's state by key (AUDIT_SHOWN for a key not in the audit), and
 * whether the audit has the key. */
enum audit_state audit_state(const audit *a, const char *key);
int audit_knows(const audit *a, const char *key);
const audit_summary *audit_result(const audit *a);
/* The figures, by key after audit_protect(): the i-th's key, state and
 * count, and for a small one the interval a reader can derive (NaN for
 * the others). */
size_t audit_size(const audit *a);
/* Whether the i-th is a figure of the page (not the months apart, which
 * the audit protects but nothing shows). */
int audit_is_figure(const audit *a, size_t i);
const char *audit_at(const audit *a, size_t i, enum audit_state *state,
    double *n, double *lo, double *hi);
void audit_free(audit *a);

/* The report's figures for the month under review from the database
 * (auditplan.c), protected: *out is the audit, to free. */
int audit_build(sqlite3 *db, int month, int min_cell, audit **out,
    sv_err *e);

#endif
