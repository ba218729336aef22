#include "farrington.h"

#include <float.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <string.h>

#include "../core/stats.h"

/*
 * Monthly defaults: 4 reference years (enough for the trend rule, which
 * needs 3, without reaching back into the 2020 lockdown for long), windows
 * of +-2 months, the rest of each year in 3 seasonal blocks (noPeriods 4:
 * the "improved" method uses all baseline months), the last 2 months
 * left out of the baseline (they may hold the outbreak), a one-sided 1%
 * threshold with the 2/3-power transform: on the generated sample it
 * finds all five injected anomalies with 0.83% false alarms, where the
 * negative binomial threshold finds four with 0.69% (bench/alarms.sh).
 */
const farr_control farr_monthly = {
	.b = 4, .w = 2, .no_periods = 4, .past_excluded = 2, .alpha = 0.01,
	.reweight = 1, .weights_threshold = 2.58, .trend = 1, .p_trend = 0.05,
	.limit_cases = 5, .limit_months = 4, .powertrans = 2.0 / 3,
	.method = FARR_DELTA,
};

#define MAXN 512

/* The baseline: responses, their time and seasonal block. */
typedef struct fdata {
	int n;
	double y[MAXN], wtime[MAXN];
	int group[MAXN];
	int levels[32], nlevels;        /* blocks present, ascending */
	double ymax;
} fdata;

int
farrington_first(const farr_control *ctl)
{
	return 12 * ctl->b + ctl->w;
}

/* R's blocks(): the seasonal block of every month (0: not in the
 * baseline), for the evaluation of month now. */
static void
blocks(const farr_control *ctl, int n, int now, int *f)
{
	int p = ctl->no_periods, w = ctl->w;

	memset(f, 0, (size_t)n * sizeof *f);
	for (int i = now - w; i <= now; i++)
		f[i] = p;
	for (int i = 1; i <= ctl->b; i++) {
		int ref = now - 12 * i, next = now - 12 * (i - 1);
		for (int j = ref - w; j <= ref + w; j++)
			f[j] = p;
		if (p == 1)
			continue;
		int period = next - 2 * w - 1 - ref, len[32], cum = 0;
		for (int j = 0; j < p - 1; j++)
			len[j] = period / (p - 1) + (j < period % (p - 1));
		for (int j = 1; j <= p - 1; j++) {
			for (int t = ref + w + 1 + cum; t < ref + w + 1 + cum + len[j - 1]; t++)
				if (t >= 0 && t < n)
					f[t] = j;
			cum += len[j - 1];
		}
	}
}

static void
baseline(const double *y, int n, int k, const farr_control *ctl, fdata *d)
{
	int f[MAXN * 2], seen[33] = { 0 };

	blocks(ctl, n, k, f);
	for (int t = k - ctl->past_excluded; t <= k; t++)
		if (t >= 0)
			f[t] = 0;
	d->n = 0;
	d->ymax = 0;
	for (int t = 0; t < n && d->n < MAXN; t++) {
		if (!f[t] || isnan(y[t]))
			continue;
		d->y[d->n] = y[t];
		d->wtime[d->n] = t + 1;         /* R's 1-based time index */
		d->group[d->n++] = f[t];
		seen[f[t]] = 1;
		if (y[t] > d->ymax)
			d->ymax = y[t];
	}
	d->nlevels = 0;
	for (int g = 1; g <= 32; g++)
		if (seen[g])
			d->levels[d->nlevels++] = g;
}

/* Design row: intercept, time (if trend), one dummy per block present but
 * the first (R's treatment contrasts). */
static int
design_row(const fdata *d, int trend, double wtime, int group, double *x)
{
	int p = 0;

	x[p++] = 1;
	if (trend)
		x[p++] = wtime;
	for (int l = 1; l < d->nlevels; l++)
		x[p++] = group == d->levels[l];
	return p;
}

/*
 * A fitted baseline model.  phi = max(dispersion, 1) feeds the threshold.
 * summary_dispersion is what R's summary() and predict() see afterwards:
 * fitGLM.flexible replaces model$weights by the reweighting weights omega,
 * so summary.glm computes sum(omega * working residual^2) / df instead of
 * the Pearson dispersion.  It decides the trend's t test and the
 * prediction's standard error, so it is reproduced here.
 */
typedef struct model {
	glm_fit g;
	int trend, p;
	double phi, summary_dispersion;
} model;

static int
fit(const fdata *d, int trend, const double *prior, model *m, double *mu,
    double *w)
{
	static _Thread_local double X[MAXN * STATS_MAX_COEF];
	double row[STATS_MAX_COEF];
	int p = design_row(d, trend, 0, 0, row);

	for (int i = 0; i < d->n; i++)
		design_row(d, trend, d->wtime[i], d->group[i], X + i * p);
	static _Thread_local double fitted[MAXN];

	m->trend = trend;
	m->p = p;
	if (stats_glm_poisson_weighted(X, d->y, prior, d->n, p, &m->g,
	    mu ? mu : fitted, w))
		return -1;
	m->phi = m->g.dispersion > 1 ? m->g.dispersion : 1;
	m->summary_dispersion = m->g.dispersion;
	if (prior) {
		double s = 0;
		mu = mu ? mu : fitted;
		for (int i = 0; i < d->n; i++)
			s += prior[i] * (d->y[i] - mu[i]) * (d->y[i] - mu[i]) /
			    (mu[i] * mu[i]);
		m->summary_dispersion = s / m->g.df;
	}
	return 0;
}

/* x' C x for the unscaled covariance C. */
static double
quad(const model *m, const double *x)
{
	double s = 0;

	for (int i = 0; i < m->p; i++)
		for (int j = 0; j < m->p; j++)
			s += x[i] * m->g.cov[i][j] * x[j];
	return s;
}

/* R's algo.farrington.fitGLM.flexible: fit, fall back to no trend when
 * the fit does not converge, then down-weight past outbreaks. */
static int
fit_flexible(const fdata *d, int trend, const farr_control *ctl, model *m)
{
	double mu[MAXN], w[MAXN], omega[MAXN], x[STATS_MAX_COEF], s[MAXN];
	double gamma = 0;

	if (fit(d, trend, NULL, m, mu, w) || !m->g.converged) {
		if (!trend || fit(d, 0, NULL, m, mu, w) || !m->g.converged)
			return -1;
	}
	if (!ctl->reweight)
		return 0;
	for (int i = 0; i < d->n; i++) {
		design_row(d, m->trend, d->wtime[i], d->group[i], x);
		double h = w[i] * quad(m, x);
		s[i] = 1.5 * (pow(d->y[i], 2.0 / 3) * pow(mu[i], -1.0 / 6) -
		    sqrt(mu[i])) / sqrt(m->phi * (1 - h));
		gamma += s[i] > ctl->weights_threshold ? 1 / (s[i] * s[i]) : 1;
	}
	gamma = d->n / gamma;
	for (int i = 0; i < d->n; i++)
		omega[i] = s[i] > ctl->weights_threshold ? gamma / (s[i] * s[i]) : gamma;
	return fit(d, m->trend, omega, m, NULL, NULL);
}

/* Prediction at month k: eta and its standard error with the dispersion
 * R's predict() uses (not phi: see model above and farrington.h). */
static void
predict(const fdata *d, const model *m, int k, int no_periods, double *eta,
    double *se)
{
	double x[STATS_MAX_COEF];

	design_row(d, m->trend, k + 1, no_periods, x);
	*eta = 0;
	for (int i = 0; i < m->p; i++)
		*eta += x[i] * m->g.coef[i];
	*se = sqrt(quad(m, x) * m->summary_dispersion);
}

/* R's qnbinom / qpois: the smallest q with P(X <= q) >= p, searched from
 * the Cornish-Fisher start with R's fuzz. */
static double
quantile_count(double p, double size, double prob, double lambda)
{
	int nb = size > 0;
	double mu = nb ? size * (1 - prob) / prob : lambda;
	double sigma = nb ? sqrt(size * (1 - prob)) / prob : sqrt(lambda);
	double gam = nb ? (2 - prob) / (prob * sigma) : 1 / sigma, z, q;

	if (p + 1.01 * DBL_EPSILON >= 1)
		return INFINITY;
	z = gsl_cdf_ugaussian_Pinv(p);
	q = floor(mu + sigma * (z + gam * (z * z - 1) / 6) + 0.5);
	if (q < 0 || !isfinite(q))
		q = 0;
	p *= 1 - 64 * DBL_EPSILON;
#define CDF(v) (nb ? gsl_cdf_negative_binomial_P((unsigned)(v), prob, size) : \
	gsl_cdf_poisson_P((unsigned)(v), lambda))
	if (CDF(q) >= p) {
		while (q > 0 && CDF(q - 1) >= p)
			q--;
	} else {
		while (CDF(q) < p)
			q++;
	}
#undef CDF
	return q;
}

void
farrington_threshold(double pred_fit, double pred_se, double phi,
    double e, double alpha, double y, enum farr_method method,
    double *upper, double *prob, double *score)
{
	gsl_set_error_handler_off();
	if (method == FARR_DELTA) {
		double mu0 = pred_fit, tau = phi + pred_se * pred_se / mu0, se;
		se = e == 1 ? sqrt(mu0 * tau) : e == 0.5 ? sqrt(tau / 4) :
		    sqrt(4.0 / 9 * pow(mu0, 1.0 / 3) * tau);
		*upper = pow(pow(mu0, e) + gsl_cdf_ugaussian_Pinv(1 - alpha) * se, 1 / e);
		*prob = gsl_cdf_gaussian_Q(pow(y, e) - pow(mu0, e), se);
	} else {
		double mu0 = exp(pred_fit);
		if (!isfinite(mu0)) {
			*upper = *prob = *score = NAN;
			return;
		}
		if (phi > 1) {
			double size = mu0 / (phi - 1), p = 1 / phi;
			*upper = quantile_count(1 - alpha, size, p, 0);
			*prob = y < 1 ? 1 : gsl_cdf_negative_binomial_Q((unsigned)(y - 1), p, size);
		} else {
			*upper = quantile_count(1 - alpha, 0, 0, mu0);
			*prob = y < 1 ? 1 : gsl_cdf_poisson_Q((unsigned)(y - 1), mu0);
		}
	}
	*score = (y - pred_fit) / (*upper - pred_fit);
}

/* R's algo.farrington.glm: the model, its trend kept or dropped. */
static int
final_model(const fdata *d, int k, const farr_control *ctl, model *m)
{
	double eta, se, t, p;

	if (fit_flexible(d, ctl->trend, ctl, m))
		return -1;
	if (!m->trend)
		return 0;
	predict(d, m, k, ctl->no_periods, &eta, &se);
	t = m->g.coef[1] / sqrt(m->g.cov[1][1] * m->summary_dispersion);
	p = 2 * gsl_cdf_tdist_P(-fabs(t), m->g.df);
	if (ctl->b >= 3 && p < ctl->p_trend && exp(eta) <= d->ymax)
		return 0;
	return fit_flexible(d, 0, ctl, m);
}

void
farrington_at(const double *y, int n, int k, const farr_control *ctl,
    farr_result *out)
{
	static _Thread_local fdata d;
	model m;
	double eta, se, upper, prob, score, recent = 0;
	int enough = 1;

	*out = (farr_result){ 0, NAN, NAN, NAN, NAN, 0, 0, NAN };
	if (k < farrington_first(ctl) || k >= n || n > MAXN || isnan(y[k]))
		return;
	baseline(y, n, k, ctl, &d);
	if (d.n <= d.nlevels + 2 || final_model(&d, k, ctl, &m))
		return;
	predict(&d, &m, k, ctl->no_periods, &eta, &se);
	if (ctl->method == FARR_DELTA)
		farrington_threshold(exp(eta), se * exp(eta), m.phi, ctl->powertrans,
		    ctl->alpha, y[k], FARR_DELTA, &upper, &prob, &score);
	else
		farrington_threshold(eta, se, m.phi, ctl->powertrans, ctl->alpha,
		    y[k], FARR_NBPLUGIN, &upper, &prob, &score);
	for (int t = k - ctl->limit_months + 1; t <= k; t++)
		if (t < 0 || isnan(y[t]))
			enough = 0;
		else
			recent += y[t];
	enough = enough && recent >= ctl->limit_cases;
	out->computed = 1;
	out->pvalue = prob;
	out->score = score;
	out->phi = m.phi;
	out->trend = m.trend;
	if (enough && isfinite(upper)) {
		out->upper = upper;
		out->expected = exp(eta);
	}
	out->alarm = enough && isfinite(score) && score > 1 && y[k] != 0;
}

static int
mean_sd(const double *y, int from, int to, double *mean, double *sd)
{
	double s = 0, ss = 0;
	int n = to - from + 1;

	for (int t = from; t <= to; t++) {
		if (t < 0 || isnan(y[t]))
			return -1;
		s += y[t];
	}
	*mean = s / n;
	for (int t = from; t <= to; t++)
		ss += (y[t] - *mean) * (y[t] - *mean);
	*sd = sqrt(ss / (n - 1));
	return 0;
}

/* R's pmax(0, x): x below 0 is 0, NaN stays NaN (a baseline without
 * variance gives no bound, as in surveillance::earsC, not one of 0). */
static double
pmax0(double x)
{
	return isnan(x) ? x : fmax(0, x);
}

int
ears_at(const double *y, int n, int k, int method, double *upper, int *alarm)
{
	const int base = 7;
	double mean, sd, z = gsl_cdf_ugaussian_Pinv(1 - (method == 3 ?
	    EARS_ALPHA_C3 : EARS_ALPHA_C12));

	*upper = NAN;
	*alarm = 0;
	if (k >= n || isnan(y[k]))
		return -1;
	if (method == 1) {
		if (mean_sd(y, k - base, k - 1, &mean, &sd))
			return -1;
		*upper = mean + z * sd;
	} else if (method == 2) {
		if (mean_sd(y, k - base - 2, k - 3, &mean, &sd))
			return -1;
		*upper = mean + z * sd;
	} else {
		double lag[2];
		for (int i = 0; i < 2; i++) {
			int t = k - 2 + i;
			if (t < 0 || isnan(y[t]) || mean_sd(y, t - base - 2, t - 3, &mean, &sd))
				return -1;
			lag[i] = pmax0((y[t] - mean) / sd - 1);
		}
		if (mean_sd(y, k - base - 2, k - 3, &mean, &sd))
			return -1;
		*upper = pmax0(y[k] + sd * (z - (lag[0] + lag[1])));
	}
	*alarm = !isnan(*upper) && y[k] > *upper;        /* no bound: no alarm */
	return 0;
}
