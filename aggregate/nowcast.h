/*
 * nowcast — the final count of a recent month, from what is registered by
 * now and how long registrations take.
 *
 * Private to aggregate/.  Facts are registered weeks to months after they
 * happen, so a recent month's count by date of facts is still growing.
 * The reporting triangle (cube.h: facts by month and by months until
 * registration) says how recent months grew.  Registration is taken
 * step by step: q_d, the share of a month's facts in by d months that
 * were already in by d - 1, is learnt from the NOWCAST_WINDOW latest
 * months that have reached d.  The first steps, which matter most, come
 * from the months just before: when zones register faster or slower,
 * the nowcast follows within a year, not two to four years later (the
 * chain ladder of claims reserving, Höhle & an der Heiden 2014's moving
 * window).  The share registered by age a is the product of the steps
 * after a, and a nowcast scales what is in by now accordingly, with a
 * 95% prediction interval that carries both uncertainties:
 *
 *  - each step's share varies between months beyond their sizes'
 *    binomial noise (beta-binomial moments, each month weighted by its
 *    facts, so that a month of 3 facts cannot make the spread absurd);
 *    where a set's months are thin, its steps are shrunk toward the
 *    group's (every phenomenon in the region: nowcast_fit_cube()), so a
 *    phenomenon with a year of history is nowcast, and a rare one with
 *    the spread the region shows rather than that of its few facts;
 *  - the share p registered by age a is then a Beta with the mean and
 *    variance of the product of the steps after a (nowcast.c: fit_ages);
 *  - given p and the n facts in by now, the facts still to come are
 *    negative binomial NB(n + 1/2, p): the Poisson count of the month with
 *    Jeffreys' prior on its rate, thinned by p.
 *
 * The facts still to come are then beta negative binomial; the nowcast
 * is its median added to what is in, the interval its 2.5% and 97.5%
 * points, summed exactly from its probabilities (no draws: the same
 * database gives the same figures).  The assumptions: the steps of the
 * window's months hold for the months nowcast, and a delay longer than
 * the history shows is not there (a step no month has reached is 1).
 * Zones are nowcast with the region's delays.
 */
#ifndef SUIVI_NOWCAST_H
#define SUIVI_NOWCAST_H

#include <stdint.h>

#define NOWCAST_DELAYS 25       /* as CUBE_DELAYS: 24 stands for 24 or more */
#define NOWCAST_NODES 64        /* points of the share's integral */
#define NOWCAST_TAIL 1000        /* more facts still to come at the 97.5%
                                    point than this many times what is in
                                    (plus 10): no nowcast */
#define NOWCAST_WINDOW 12       /* months each step's share comes from */
#define NOWCAST_ROWS (NOWCAST_DELAYS - 1 + NOWCAST_WINDOW)  /* a fit's months */
#define NOWCAST_MIN_MONTHS 6    /* fewer of the NOWCAST_WINDOW months before
                                   the last with facts registered, in the
                                   group: no nowcast */
#define NOWCAST_PRIOR 20        /* facts the group's step counts for in a
                                   set's */
#define NOWCAST_RHO_PRIOR 100   /* facts the group's spread (or, for the
                                   group, all its steps') counts for in a
                                   step's */
#define NOWCAST_COMPLETE 0.99   /* a month this complete is not nowcast */
#define NOWCAST_LEAST 0.05      /* less registered by then: too little to
                                   scale up, no nowcast (NaN) */

/* What the months say about registration: step[d], the share of a
 * month's facts in by d months that were in by d - 1 (step[0] = 1), its
 * variance var[d] for a month to come, facts[d] the facts it was learnt
 * from; the share
 * registered by age a, its mean[a] and Beta(alpha[a], beta[a]) (mean[24]
 * = 1: a month 24 months old is complete). */
typedef struct nowcast_delays {
	double alpha[NOWCAST_DELAYS], beta[NOWCAST_DELAYS];
	double mean[NOWCAST_DELAYS];
	double step[NOWCAST_DELAYS], var[NOWCAST_DELAYS];
	double facts[NOWCAST_DELAYS];
	double rho;             /* the steps' spread between months beyond the
	                           binomial's (intra-month correlation),
	                           all steps pooled */
	int months;             /* of the NOWCAST_WINDOW months before the
	                           last, those with facts registered */
} nowcast_delays;

typedef struct nowcast_result {
	double nowcast;         /* the median final count */
	double lower, upper;    /* the 95% prediction interval */
	double completeness;    /* the expected share registered by now */
} nowcast_result;

/* Fit the delays from the triangle of n months rows[i][d], facts of
 * month i registered d months after it; the last row is of age 0 (the
 * month registrations are counted up to), row i of age n - 1 - i, and
 * its cells past its age are not read.  ok[i] (NULL: all 1): whether
 * every zone that delivers delivered the month of row i as a month of
 * registration; a
 * step d leaves out a row i whose ok[i + d] is 0 (a lagging zone's
 * registrations of then are missing, and its share would look higher).
 * group: the fit the set's steps are shrunk toward, or NULL.  0; -1 where fewer of the NOWCAST_WINDOW
 * months before the last have facts registered than NOWCAST_MIN_MONTHS
 * without a group (a short history), or than 1 with one (a set that has
 * nothing to scale up: no nowcast of 0 to 4 for what never happens). */
int nowcast_fit(const double (*rows)[NOWCAST_DELAYS], int n,
    const unsigned char *ok, const nowcast_delays *group,
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
