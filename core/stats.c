#include "stats.h"

#include <assert.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* GSL's error handler is process-wide: turned off once, whichever thread
 * computes first, instead of written by every call. */
static pthread_once_t gsl_quiet = PTHREAD_ONCE_INIT;

static void
quiet_gsl(void)
{
	gsl_set_error_handler_off();
}

/* How many of dbinom(i) for i in [lo, hi] are at most d: the terms are
 * monotone there (rising when up, else falling), so the count is found
 * by bisection on the same dbinom values R's sum compares. */
static long
binom_at_most(long lo, long hi, int up, long n, double p, double d)
{
	long a = lo, b = hi + 1;        /* the boundary is in [a, b] */

	while (a < b) {
		long mid = a + (b - a) / 2;
		int small = gsl_ran_binomial_pdf((unsigned)mid, p, (unsigned)n) <= d;
		if (small == up)        /* up: the small ones come first */
			a = mid + 1;
		else
			b = mid;
	}
	return up ? a - lo : hi + 1 - a;
}

/* R's binom.test two-sided p-value: the probability of outcomes no more
 * likely than the one observed (with R's relative tolerance 1e-7).  R
 * sums the other side's terms; they are monotone (the mode is within a
 * unit of n p), so here they are counted by bisection. */
static double
binom_two_sided(long x, long n, double p)
{
	double d = gsl_ran_binomial_pdf((unsigned)x, p, (unsigned)n);
	double m = n * p, rel = 1 + 1e-7, pv;
	long y;

	if (x == m)
		return 1;
	if (x < m) {
		y = binom_at_most((long)ceil(m), n, 0, n, p, d * rel);
		pv = gsl_cdf_binomial_P((unsigned)x, p, (unsigned)n) +
		    (n - y < 0 ? 1 : gsl_cdf_binomial_Q((unsigned)(n - y), p,
		    (unsigned)n));
	} else {
		y = binom_at_most(0, (long)floor(m), 1, n, p, d * rel);
		pv = (y - 1 < 0 ? 0 : gsl_cdf_binomial_P((unsigned)(y - 1), p,
		    (unsigned)n)) + gsl_cdf_binomial_Q((unsigned)(x - 1), p,
		    (unsigned)n);
	}
	return pv < 1 ? pv : 1;
}

static void
swap(double *v, long i, long j)
{
	double t = v[i];

	v[i] = v[j];
	v[j] = t;
}

/* The k-th smallest of v[0..n) (from 0): v[k] holds it afterwards, with
 * nothing larger before it and nothing smaller after it (Hoare's
 * selection, median-of-three pivots). */
static double
select_kth(double *v, long n, long k)
{
	long lo = 0, hi = n - 1;

	while (hi > lo) {
		long mid = lo + (hi - lo) / 2, i = lo, j = hi;
		if (v[mid] < v[lo])
			swap(v, lo, mid);
		if (v[hi] < v[lo])
			swap(v, lo, hi);
		if (v[hi] < v[mid])
			swap(v, mid, hi);
		double pivot = v[mid];
		while (i <= j) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j)
				swap(v, i++, j--);
		}
		/* v[lo..j] <= pivot <= v[i..hi], and between them the pivot */
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			break;
	}
	return v[k];
}

/* The smallest of v[from..n). */
static double
least(const double *v, long from, long n)
{
	double m = v[from];

	for (long i = from + 1; i < n; i++)
		if (v[i] < m)
			m = v[i];
	return m;
}

double
stats_quantile(double *v, int n, double q)
{
	double index = q * (n - 1);
	long lhs = (long)index;
	double delta = index - (double)lhs, a = select_kth(v, n, lhs);

	return lhs == n - 1 ? a : (1 - delta) * a + delta * least(v, lhs + 1, n);
}

double
stats_median(double *v, int n)
{
	long lhs = (n - 1) / 2, rhs = n / 2;
	double a = select_kth(v, n, lhs);

	return lhs == rhs ? a : (a + least(v, rhs, n)) / 2;
}

/* The q-quantile of Beta(a, b): Newton's steps on GSL's incomplete beta,
 * kept inside a bracket that shrinks as bisection's would (a step that
 * leaves it is replaced by the bracket's middle).  gsl_cdf_beta_Pinv
 * fails to converge for the large counts of a city's year (tens of
 * thousands), where this stays exact to the last bits; bisection alone
 * took 60 evaluations, this about 6. */
static double
beta_quantile(double q, double a, double b)
{
	double lo = 0, hi = 1, x = a / (a + b);

	for (int i = 0; i < 200 && hi > lo; i++) {
		double f = gsl_cdf_beta_P(x, a, b) - q, d = gsl_ran_beta_pdf(x, a, b);
		if (f < 0)
			lo = x;
		else
			hi = x;
		double next = d > 0 ? x - f / d : NAN;
		if (!(next > lo && next < hi))
			next = lo + (hi - lo) / 2;
		if (next <= lo || next >= hi || fabs(next - x) <= 1e-15 * x)
			return next > lo && next < hi ? next : x;
		x = next;
	}
	return x;
}

int
stats_rate_test(long x1, double t1, long x2, double t2, rate_test *out)
{
	long n = x1 + x2;
	double pl, pu, scale = t1 / t2;

	pthread_once(&gsl_quiet, quiet_gsl);
	out->ratio = out->low = out->high = out->p = NAN;
	if (n == 0 || t1 <= 0 || t2 <= 0)
		return -1;
	out->ratio = x2 > 0 ? ((double)x1 / t1) / ((double)x2 / t2) : INFINITY;
	out->p = binom_two_sided(x1, n, t1 / (t1 + t2));
	pl = x1 == 0 ? 0 : beta_quantile(0.025, (double)x1, (double)(n - x1 + 1));
	pu = x1 == n ? 1 : beta_quantile(0.975, (double)(x1 + 1), (double)(n - x1));
	out->low = pl / (1 - pl) / scale;
	out->high = pu < 1 ? pu / (1 - pu) / scale : INFINITY;
	return 0;
}

void
stats_poisson_ci(long x, double *low, double *high)
{
	*low = x == 0 ? 0 : gsl_cdf_gamma_Pinv(0.025, (double)x, 1);
	*high = gsl_cdf_gamma_Pinv(0.975, (double)(x + 1), 1);
}

static double
poisson_deviance(const double *y, const double *mu, const double *prior, int n)
{
	double d = 0;

	for (int i = 0; i < n; i++)
		d += (prior ? prior[i] : 1) * 2 * ((y[i] > 0 ? y[i] *
		    log(y[i] / mu[i]) : 0) - (y[i] - mu[i]));
	return d;
}

/* Weighted least squares of z on X (n x p, row-major) with weights w,
 * by Householder QR of sqrt(w) X, as R's glm.fit does it (LINPACK's
 * dqrdc2): the coefficients, and cov = (X'WX)^-1 = R^-1 R^-T.  a is
 * room for n * p values, b for n.  Returns -1 when X is rank deficient
 * (what is left of a column below 1e-7 of its norm, R's tolerance): the
 * caller then solves by SVD.  For the few columns of suivi's models this
 * is about ten times faster than GSL's SVD, which it replaced.  The
 * columns are kept apart (a holds column j at a + j * n, b is column p)
 * so that each reflection runs down contiguous memory; the sums are
 * taken in the same order as over rows. */
static int
wls_qr(const double *X, const double *w, const double *z, int n, int p,
    double *a, double *b, double *coef, double (*cov)[STATS_MAX_COEF])
{
	double rinv[STATS_MAX_COEF][STATS_MAX_COEF], orig[STATS_MAX_COEF] = { 0 };
	double *col[STATS_MAX_COEF + 1];

	for (int j = 0; j <= p; j++)
		col[j] = j < p ? a + (size_t)j * (size_t)n : b;
	for (int i = 0; i < n; i++) {
		double s = sqrt(w[i]);
		for (int j = 0; j < p; j++) {
			col[j][i] = s * X[i * p + j];
			orig[j] += col[j][i] * col[j][i];
		}
		b[i] = s * z[i];
	}
	for (int j = 0; j < p; j++) {
		double *v = col[j], norm = 0;
		for (int i = j; i < n; i++)
			norm += v[i] * v[i];
		norm = sqrt(norm);
		if (!(norm > 1e-7 * sqrt(orig[j])))
			return -1;
		double alpha = v[j] > 0 ? -norm : norm;
		double v0 = v[j] - alpha;       /* v = (v0, v[j+1..]) */
		double vv = v0 * v0 + (norm * norm - v[j] * v[j]);
		v[j] = v0;
		for (int k = j + 1; k <= p; k++) {      /* k == p: b */
			double *c = col[k], dot = 0;
			for (int i = j; i < n; i++)
				dot += v[i] * c[i];
			dot = vv > 0 ? 2 * dot / vv : 0;
			for (int i = j; i < n; i++)
				c[i] -= dot * v[i];
		}
		v[j] = alpha;   /* R's diagonal; below it, v */
	}
	for (int j = p - 1; j >= 0; j--) {
		double s = b[j];
		for (int k = j + 1; k < p; k++)
			s -= col[k][j] * coef[k];
		coef[j] = s / col[j][j];
	}
	for (int j = p - 1; j >= 0; j--) {     /* R^-1, upper triangular */
		for (int k = 0; k < p; k++)
			rinv[j][k] = 0;
		rinv[j][j] = 1 / col[j][j];
		for (int k = j + 1; k < p; k++) {
			double s = 0;
			for (int l = j + 1; l <= k; l++)
				s += col[l][j] * rinv[l][k];
			rinv[j][k] = -s / col[j][j];
		}
	}
	for (int j = 0; j < p; j++)
		for (int k = j; k < p; k++) {
			double s = 0;
			for (int l = k; l < p; l++)
				s += rinv[j][l] * rinv[k][l];
			cov[j][k] = cov[k][j] = s;
		}
	return 0;
}

/* The same by SVD (GSL), for a rank-deficient X: the minimum-norm
 * solution. */
static int
wls_svd(const double *Xd, const double *wd, const double *zd, int n, int p,
    double *coef, double (*cov)[STATS_MAX_COEF])
{
	gsl_matrix *X = gsl_matrix_alloc((size_t)n, (size_t)p);
	gsl_matrix *C = gsl_matrix_alloc((size_t)p, (size_t)p);
	gsl_vector *c = gsl_vector_alloc((size_t)p);
	gsl_vector *w = gsl_vector_alloc((size_t)n), *z = gsl_vector_alloc((size_t)n);
	gsl_multifit_linear_workspace *ws = gsl_multifit_linear_alloc((size_t)n,
	    (size_t)p);
	double chisq;
	int rc = -1;

	if (X && C && c && w && z && ws) {
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < p; j++)
				gsl_matrix_set(X, (size_t)i, (size_t)j, Xd[i * p + j]);
			gsl_vector_set(w, (size_t)i, wd[i]);
			gsl_vector_set(z, (size_t)i, zd[i]);
		}
		rc = gsl_multifit_wlinear(X, w, z, c, C, &chisq, ws) ? -1 : 0;
		for (int j = 0; !rc && j < p; j++) {
			coef[j] = gsl_vector_get(c, (size_t)j);
			for (int k = 0; k < p; k++)
				cov[j][k] = gsl_matrix_get(C, (size_t)j, (size_t)k);
		}
	}
	gsl_matrix_free(X);
	gsl_matrix_free(C);
	gsl_vector_free(c);
	gsl_vector_free(w);
	gsl_vector_free(z);
	gsl_multifit_linear_free(ws);
	return rc;
}

/* One IRLS step: weighted least squares of the working response z on X
 * with the working weights w, then the new linear predictor and mean.
 * a and b are wls_qr()'s room. */
static int
irls_step(const double *X, const double *y, const double *w, double *mu,
    double *eta, int n, int p, double *a, double *b, double *coef,
    double (*cov)[STATS_MAX_COEF])
{
	double *z = eta;        /* eta is replaced below: z takes its room */

	for (int i = 0; i < n; i++)
		z[i] = eta[i] + (y[i] - mu[i]) / mu[i];
	if (wls_qr(X, w, z, n, p, a, b, coef, cov) &&
	    wls_svd(X, w, z, n, p, coef, cov))
		return -1;
	for (int i = 0; i < n; i++) {
		double e = 0;
		for (int j = 0; j < p; j++)
			e += X[i * p + j] * coef[j];
		eta[i] = e;
		mu[i] = exp(e);
	}
	return 0;
}

int
stats_glm_poisson(const double *Xd, const double *y, int n, int p, glm_fit *out)
{
	return stats_glm_poisson_weighted(Xd, y, NULL, n, p, out, NULL, NULL);
}

int
stats_glm_poisson_weighted(const double *X, const double *y,
    const double *prior, int n, int p, glm_fit *out, double *mu_out,
    double *w_out)
{
	double *mu, *eta, *w, *a, *b, dev, devold, pearson = 0;
	int rc = 0;

	memset(out, 0, sizeof *out);
	out->n = n;
	out->p = p;
	out->df = n - p;
	if (p < 1 || p > STATS_MAX_COEF || n <= p)
		return -1;
	pthread_once(&gsl_quiet, quiet_gsl);
	if (!(mu = malloc((size_t)n * (size_t)(p + 4) * sizeof *mu)))
		return -1;
	eta = mu + n;
	w = eta + n;
	b = w + n;
	a = b + n;
	for (int i = 0; i < n; i++) {
		mu[i] = y[i] + 0.1;
		eta[i] = log(mu[i]);
	}
	devold = poisson_deviance(y, mu, prior, n);
	for (out->iterations = 1; out->iterations <= 25; out->iterations++) {
		for (int i = 0; i < n; i++)     /* this step's weights */
			w[i] = (prior ? prior[i] : 1) * mu[i];
		if ((rc = irls_step(X, y, w, mu, eta, n, p, a, b, out->coef,
		    out->cov)))
			break;
		dev = poisson_deviance(y, mu, prior, n);
		if (fabs(dev - devold) / (fabs(dev) + 0.1) < 1e-8) {
			out->converged = 1;
			break;
		}
		devold = dev;
	}
	if (!rc) {
		out->deviance = poisson_deviance(y, mu, prior, n);
		/* As R's summary.glm: the working weights of the last step
		 * times the squared working residuals of the final fit. */
		for (int i = 0; i < n; i++)
			pearson += w[i] * (y[i] - mu[i]) * (y[i] - mu[i]) /
			    (mu[i] * mu[i]);
		out->dispersion = pearson / out->df;
		for (int j = 0; j < p; j++)
			out->se[j] = sqrt(out->cov[j][j] * out->dispersion);
		if (mu_out)
			memcpy(mu_out, mu, (size_t)n * sizeof *mu);
		if (w_out)
			memcpy(w_out, w, (size_t)n * sizeof *w);
	}
	free(mu);
	return rc ? -1 : 0;
}

int
stats_trend(const double *y, const int *t, int n, trend_fit *out)
{
	int present[12] = { 0 }, col[12], p = 2, base = -1, rc, nonzero = 0;
	double *X, total = 0;
	glm_fit g;

	memset(out, 0, sizeof *out);
	out->rr_year = out->low = out->high = out->p = NAN;
	for (int i = 0; i < n; i++) {
		present[((t[i] % 12) + 12) % 12] = 1;
		total += y[i];
		nonzero += y[i] > 0;
	}
	/* A handful of facts in a few months gives a model that "converges"
	 * to an infinite slope: say nothing rather than a nonsense ratio. */
	if (total < STATS_TREND_MIN_FACTS || nonzero < STATS_TREND_MIN_MONTHS)
		return -1;
	/* Month effects: treatment contrasts against the first month present,
	 * one column per other month present. */
	for (int m = 0; m < 12; m++)
		col[m] = !present[m] ? -1 : base < 0 ? (base = m, -1) : p++;
	out->n = n;
	if (total <= 0 || n <= p + 1)
		return -1;
	X = calloc((size_t)(n * p), sizeof *X);
	for (int i = 0; i < n; i++) {
		int m = ((t[i] % 12) + 12) % 12;
		X[i * p] = 1;
		X[i * p + 1] = t[i] - t[0];
		if (col[m] >= 0)
			X[i * p + col[m]] = 1;
	}
	rc = stats_glm_poisson(X, y, n, p, &g);
	free(X);
	if (rc || !g.converged)
		return -1;
	double q = gsl_cdf_tdist_Pinv(0.975, g.df);
	out->b = g.coef[1];
	out->se = g.se[1];
	out->df = g.df;
	out->dispersion = g.dispersion;
	out->rr_year = exp(12 * out->b);
	out->low = exp(12 * (out->b - q * out->se));
	out->high = exp(12 * (out->b + q * out->se));
	out->p = 2 * gsl_cdf_tdist_P(-fabs(out->b / out->se), g.df);
	return 0;
}

static int
sign(double d)
{
	return (d > 0) - (d < 0);
}

/* Variance of S for one season of n values, with the ties correction. */
static double
mk_var(double *v, int n)
{
	double var = n * (n - 1.0) * (2 * n + 5) / 18;

	gsl_sort(v, 1, (size_t)n);
	for (int i = 0; i < n;) {
		int j = i;
		while (j < n && v[j] == v[i])
			j++;
		double t = j - i;
		var -= t * (t - 1) * (2 * t + 5) / 18;
		i = j;
	}
	return var;
}

int
stats_seasonal_mk(const double *y, const int *year, const int *season, int n,
    int nseasons, mk_result *out)
{
	double *vals = malloc((size_t)(n ? n : 1) * sizeof *vals);
	double *slopes = malloc((size_t)(n ? n : 1) * (size_t)(n ? n : 1) / 2 *
	    sizeof *slopes + sizeof *slopes);
	size_t nslopes = 0;

	out->s = out->var = 0;
	out->z = out->p = out->sen_slope = NAN;
	for (int s = 0; s < nseasons; s++) {
		int k = 0;
		for (int i = 0; i < n; i++) {
			if (season[i] != s)
				continue;
			vals[k++] = y[i];
			for (int j = 0; j < n; j++)
				if (season[j] == s && year[j] > year[i]) {
					out->s += sign(y[j] - y[i]);
					slopes[nslopes++] = (y[j] - y[i]) / (year[j] - year[i]);
				}
		}
		if (k > 1)
			out->var += mk_var(vals, k);
	}
	free(vals);
	if (out->var <= 0 || nslopes == 0) {
		free(slopes);
		return -1;
	}
	out->z = (out->s - sign(out->s)) / sqrt(out->var);
	out->p = 2 * gsl_cdf_ugaussian_Q(fabs(out->z));
	out->sen_slope = stats_median(slopes, (int)nslopes);
	free(slopes);
	return 0;
}

int
stats_bh(const double *p, double *q, int n, size_t stride)
{
	assert(n >= 0 && stride >= sizeof (double));
	double *tested = calloc((size_t)(n > 0 ? n : 1), sizeof *tested), run = 1;
	size_t *order = malloc((size_t)(n > 0 ? n : 1) * sizeof *order);
	int *at = malloc((size_t)(n > 0 ? n : 1) * sizeof *at), m = 0;
#define BH_AT(base, i) (*(double *)((char *)(base) + (size_t)(i) * stride))

	if (!tested || !order || !at) {
		free(tested);
		free(order);
		free(at);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		double v = BH_AT(p, i);
		BH_AT(q, i) = NAN;
		if (!isnan(v)) {
			at[m] = i;
			tested[m++] = v;
		}
	}
	gsl_sort_index(order, tested, 1, (size_t)m);
	for (int r = m - 1; r >= 0; r--) {
		run = fmin(run, tested[order[r]] * m / (r + 1));
		BH_AT(q, at[order[r]]) = run;
	}
#undef BH_AT
	free(tested);
	free(order);
	free(at);
	return 0;
}
