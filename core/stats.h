/*
 * stats — the statistics behind every comparison and trend, done with GSL
 * exactly as R does them, so that results can be checked against R.
 *
 * Shared numerics (aggregate and the charts).  References (R 4.2):
 *   stats_rate_test     poisson.test(c(x1, x2), c(t1, t2)): conditional
 *                       binomial test, rate ratio, Clopper-Pearson interval
 *   stats_poisson_ci    poisson.test(x)$conf.int: exact interval, one count
 *   stats_glm_poisson   glm(y ~ X - 1, family = quasipoisson): IRLS started
 *                       at mu = y + 0.1, stopped when |dev - dev_old| /
 *                       (|dev| + 0.1) < 1e-8, at most 25 iterations;
 *                       standard errors scaled by the Pearson dispersion
 *   stats_trend         the quasi-Poisson model log mu = a + b t + month
 *                       effects; annual rate ratio exp(12 b), its interval
 *                       exp(12 (b +- qt(0.975, df) se)), p-value of the t
 *                       test of summary.glm
 *   stats_seasonal_mk   seasonal Mann-Kendall with tie correction and
 *                       continuity correction; seasonal Sen slope (median of
 *                       within-season pairwise slopes, per year)
 * Every function returns 0, or -1 when the data cannot support the
 * statistic (no counts, too few points); outputs are then NaN.
 */
#ifndef SUIVI_STATS_H
#define SUIVI_STATS_H

#include <stddef.h>

typedef struct rate_test {
	double ratio, low, high, p;
} rate_test;

int stats_rate_test(long x1, double t1, long x2, double t2, rate_test *out);

/* Benjamini-Hochberg q-values, as R's p.adjust(p, "BH"): of n values
 * `stride` bytes apart (sizeof (double) for arrays, the struct's size for
 * a field of an array of structs), the q of each p; a NaN p is no test
 * (its q NaN, and it does not count in n).  0, or -1 out of memory. */
int stats_bh(const double *p, double *q, int n, size_t stride);

/* The q-quantile of v[0..n) as R's quantile(type = 7) and GSL's
 * gsl_stats_quantile_from_sorted_data() give it, and the median as
 * gsl_stats_median_from_sorted_data(): the same bits, found by selection
 * in linear time instead of a sort.  v is reordered; n > 0. */
double stats_quantile(double *v, int n, double q);
double stats_median(double *v, int n);

void stats_poisson_ci(long x, double *low, double *high);

#define STATS_MAX_COEF 16

typedef struct glm_fit {
	int n, p, df, iterations, converged;
	double coef[STATS_MAX_COEF];
	double se[STATS_MAX_COEF];      /* quasi-Poisson: scaled */
	double cov[STATS_MAX_COEF][STATS_MAX_COEF];     /* (X'WX)^-1, unscaled */
	double deviance, dispersion;
} glm_fit;

/* X is n rows of p columns, row-major. */
int stats_glm_poisson(const double *X, const double *y, int n, int p,
    glm_fit *out);

/* The same with prior weights (NULL: all 1), as glm(weights = prior).
 * When mu and w are not NULL they receive, for each observation, the
 * fitted mean and the working weight of the last iteration (prior times
 * the mean it started from), which R's hatvalues() and summary() use. */
int stats_glm_poisson_weighted(const double *X, const double *y,
    const double *prior, int n, int p, glm_fit *out, double *mu, double *w);

typedef struct trend_fit {
	double rr_year, low, high, p;   /* per year: exp(12 b) */
	double b, se;                   /* per month, log scale */
	int n, df;
	double dispersion;
} trend_fit;

/* Below these a series gets no trend (-1). */
#define STATS_TREND_MIN_FACTS 10
#define STATS_TREND_MIN_MONTHS 3

/* y[i] observed in month t[i] (an integer month count; gaps allowed). */
int stats_trend(const double *y, const int *t, int n, trend_fit *out);

typedef struct mk_result {
	double s, var, z, p;
	double sen_slope;               /* per year */
} mk_result;

/* Observations: value y[i] of year[i] in season[i] (0..nseasons-1);
 * missing observations are simply absent. */
int stats_seasonal_mk(const double *y, const int *year, const int *season,
    int n, int nseasons, mk_result *out);

#endif
