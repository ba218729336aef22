/*
 * nowcast — the final count of a recent month, from what is registered by
 * now and how long registrations take.
 *
 * Private to aggregate/.  Facts are registered weeks to months after they
 * happen, so a recent month's count by date of facts is still growing.
 * The reporting triangle (cube.h: facts by month and by months until
 * registration) says how it grew for months long complete; a nowcast
 * scales what is in by now accordingly, with a 95% prediction interval
 * that carries both uncertainties:
 *
 *  - the share p registered by age a (months since the month of facts)
 *    is drawn from a Beta distribution with the window's pooled share as
 *    its mean, and as its variance what the months' shares vary beyond
 *    their sizes' binomial noise (beta-binomial moments) plus the pooled
 *    share's own sampling variance (nowcast.c: fit_age);
 *  - given p and the n facts in by now, the facts still to come are
 *    negative binomial NB(n + 1/2, p): the Poisson count of the month with
 *    Jeffreys' prior on its rate, thinned by p.
 *
 * The facts still to come are then beta negative binomial; the nowcast
 * is its median added to what is in, the interval its 2.5% and 97.5%
 * points, summed exactly from its probabilities (no draws: the same
 * database gives the same figures).  The assumption: the delays
 * of the window's months hold for the months nowcast (stationary delays).
 * A change in how fast zones register (a backlog cleared, a new
 * procedure) breaks it.
 */
#ifndef SUIVI_NOWCAST_H
#define SUIVI_NOWCAST_H

#include <stdint.h>

#define NOWCAST_DELAYS 25       /* as CUBE_DELAYS: 24 stands for 24 or more */
#define NOWCAST_NODES 64        /* points of the share's integral */
#define NOWCAST_TAIL 1000        /* more facts still to come at the 97.5%
                                    point than this many times what is in
                                    (plus 10): no nowcast */
#define NOWCAST_WINDOW 24       /* complete months the delays come from */
#define NOWCAST_MIN_MONTHS 6    /* fewer months with facts: no nowcast */
#define NOWCAST_COMPLETE 0.99   /* a month this complete is not nowcast */
#define NOWCAST_LEAST 0.05      /* less registered by then: too little to
                                   scale up, no nowcast (NaN) */

/* What the window's months say about the share registered by each age:
 * its Beta distribution, alpha[a] and beta[a], and mean[a]. */
typedef struct nowcast_delays {
	double alpha[NOWCAST_DELAYS], beta[NOWCAST_DELAYS];
	double mean[NOWCAST_DELAYS];
	int months;             /* window months with facts */
} nowcast_delays;

typedef struct nowcast_result {
	double nowcast;         /* the median final count */
	double lower, upper;    /* the 95% prediction interval */
	double completeness;    /* the expected share registered by now */
} nowcast_result;

/* Fit the delays from n complete months: rows[i][d] facts of month i
 * registered d months after it.  0, or -1 with fewer than
 * NOWCAST_MIN_MONTHS months with facts. */
int nowcast_fit(const double (*rows)[NOWCAST_DELAYS], int n,
    nowcast_delays *out);

/* The nowcast of a month of age `age` (0: the month under review) with
 * `observed` facts registered by now; NaN where too little is in
 * (NOWCAST_LEAST) or the tail is too heavy (NOWCAST_TAIL).
 * Returns 0. */
int nowcast_month(double observed, int age, const nowcast_delays *d,
    nowcast_result *r);

/*
 * An alarm threshold for a month not yet complete: the final count, were
 * nothing unusual, is negative binomial with mean mu and dispersion phi
 * (Poisson for phi <= 1), as the Farrington fit says; what is registered
 * of it by age `age` is binomial with the share p distributed as for a
 * nowcast.  Gives the expected count by now, the (1 - alpha) quantile of
 * the count by now (y above it is an alarm) and P(count by now >= y),
 * summed exactly from the thinned count's probabilities, the share
 * integrated by NOWCAST_NODES-point Gauss-Legendre (no draws: a chart and
 * the alarm table get the same threshold).  0; 1 when the month is
 * complete enough not to need it, or the threshold cannot be found
 * (nothing set).
 */
int nowcast_threshold(double mu, double phi, double alpha, double y, int age,
    const nowcast_delays *d, double *expected, double *upper, double *pvalue);

#endif
