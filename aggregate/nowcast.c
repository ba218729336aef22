/*
 * nowcast — the delays fitted on complete months, the nowcast of a
 * recent one (nowcast.h), and the nowcasts of every trend set for the
 * region (derived.h).
 */
#include "nowcast.h"

#include <gsl/gsl_integration.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "derived.h"

/* The share registered by age a: its pooled mean m over the window, and
 * a Beta distribution with that mean and the variance the months show
 * beyond what their sizes explain (beta-binomial moments: the spread of
 * the months' shares less the binomial spread m(1-m)/n_i), plus that of
 * m itself, m(1-m)/N. */
static void
fit_age(const double (*rows)[NOWCAST_DELAYS], int n, int a, nowcast_delays *o)
{
	double sum = 0, sq = 0, inv = 0, in = 0, all = 0;
	int k = 0;

	for (int i = 0; i < n; i++) {
		double by = 0, total = 0;
		for (int d = 0; d < NOWCAST_DELAYS; d++) {
			total += rows[i][d];
			by += d <= a ? rows[i][d] : 0;
		}
		if (total <= 0)
			continue;
		sum += by / total;
		sq += (by / total) * (by / total);
		inv += 1 / total;
		in += by;
		all += total;
		k++;
	}
	double m = in / all, mk = sum / k;
	double spread = k > 1 ? (sq - k * mk * mk) / (k - 1) : 0;
	double between = spread - m * (1 - m) * inv / k;
	double v = (between > 0 ? between : 0) + m * (1 - m) / all;

	o->mean[a] = m;
	if (m <= 0 || m >= 1 || v <= 0 || v >= m * (1 - m)) {
		o->alpha[a] = in + 0.5;         /* Jeffreys on the pooled counts */
		o->beta[a] = all - in + 0.5;
		return;
	}
	double c = m * (1 - m) / v - 1;
	o->alpha[a] = m * c;
	o->beta[a] = (1 - m) * c;
}

int
nowcast_fit(const double (*rows)[NOWCAST_DELAYS], int n, nowcast_delays *o)
{
	memset(o, 0, sizeof *o);
	for (int i = 0; i < n; i++) {
		double total = 0;
		for (int d = 0; d < NOWCAST_DELAYS; d++)
			total += rows[i][d];
		o->months += total > 0;
	}
	if (o->months < NOWCAST_MIN_MONTHS)
		return -1;
	for (int a = 0; a < NOWCAST_DELAYS; a++)
		fit_age(rows, n, a, o);
	return 0;
}

/* The 2.5%, 50% and 97.5% points of the facts still to come, k ~ NB(r,
 * p) with p ~ Beta(a, b): the beta negative binomial, whose terms
 * P(k) = Gamma(r + k) / (Gamma(r) k!) B(a + r, b + k) / B(a, b) are
 * summed, each from the one before by their ratio (in logs only while
 * they are too small for a double), until 97.5% of the mass is in.  -1
 * past `most` facts: a tail too heavy to say anything. */
static int
to_come(double r, double a, double b, double most, double q[3])
{
	static const double at[3] = { 0.025, 0.5, 0.975 };
	double lp = gsl_sf_lnbeta(a + r, b) - gsl_sf_lnbeta(a, b);
	double pk = lp > -700 ? exp(lp) : 0, cdf = pk;
	int i = 0;

	for (double k = 0; k <= most; k++) {
		while (i < 3 && cdf >= at[i])
			q[i++] = k;
		if (i == 3)
			return 0;
		double ratio = (r + k) / (k + 1) * (b + k) / (a + r + b + k);
		if (pk > 0)
			pk *= ratio;
		else if ((lp += log(ratio)) > -700)
			pk = exp(lp);
		cdf += pk;
	}
	return -1;
}

int
nowcast_month(double observed, int age, const nowcast_delays *d,
    nowcast_result *r)
{
	int a = age < NOWCAST_DELAYS ? age : NOWCAST_DELAYS - 1;
	double q[3];

	r->completeness = d->mean[a];
	if (d->mean[a] >= 1) {
		r->nowcast = r->lower = r->upper = observed;
		return 0;
	}
	if (d->mean[a] < NOWCAST_LEAST ||
	    to_come(observed + 0.5, d->alpha[a], d->beta[a], NOWCAST_TAIL *
	    (observed + 10), q)) {
		r->nowcast = r->lower = r->upper = NAN;
		return 0;
	}
	r->lower = observed + q[0];
	r->nowcast = observed + q[1];
	r->upper = observed + q[2];
	return 0;
}

/* Gauss-Legendre points for the share's integral (all of them, and
 * half as many for each side of an open Beta), made once. */
static gsl_integration_glfixed_table *gl, *gl_half;
static pthread_once_t gl_once = PTHREAD_ONCE_INIT;

static void
gl_make(void)
{
	gl = gsl_integration_glfixed_table_alloc(NOWCAST_NODES);
	gl_half = gsl_integration_glfixed_table_alloc(NOWCAST_NODES / 2);
}

/* Beta(A, B) with A, B >= 1 (bounded): its mean +- 8 standard
 * deviations, in theta with p = sin^2 theta, where the density is smooth
 * at 0 and 1.  Weights in logs. */
static void
closed_points(double A, double B, double *p, double *w)
{
	double m = A / (A + B), sd = sqrt(A * B / ((A + B) * (A + B) * (A + B + 1)));
	double lo = asin(sqrt(fmax(0, m - 8 * sd))), hi = asin(sqrt(fmin(1, m + 8 * sd)));

	for (int i = 0; i < NOWCAST_NODES; i++) {
		double t, wi;
		gsl_integration_glfixed_point(lo, hi, (size_t)i, &t, &wi, gl);
		p[i] = sin(t) * sin(t);
		w[i] = log(wi) + (2 * A - 1) * log(sin(t)) + (2 * B - 1) * log(cos(t));
	}
}

/* Beta(A, B) with A or B below 1, its density unbounded at an end: below
 * 1/2 with p = s^(1/A), above with 1 - p = s^(1/B), where it is bounded
 * (p^(A-1) dp = ds / A).  Weights in logs. */
static void
open_points(double A, double B, double *p, double *w)
{
	int h = NOWCAST_NODES / 2;

	for (int i = 0; i < h; i++) {
		double s, ws;
		gsl_integration_glfixed_point(0, pow(0.5, A), (size_t)i, &s, &ws,
		    gl_half);
		p[i] = pow(s, 1 / A);
		w[i] = log(ws) - log(A) + (B - 1) * log1p(-p[i]);
		gsl_integration_glfixed_point(0, pow(0.5, B), (size_t)i, &s, &ws,
		    gl_half);
		p[h + i] = 1 - pow(s, 1 / B);
		w[h + i] = log(ws) - log(B) + (A - 1) * log(p[h + i]);
	}
}

/* The share registered by age a as NOWCAST_NODES points p[i] with
 * weights w[i] summing to 1: Beta(A, B) integrated by Gauss-Legendre. */
static int
share_points(double A, double B, double *p, double *w)
{
	double top = -INFINITY, sum = 0;

	pthread_once(&gl_once, gl_make);
	if (!gl || !gl_half || !(A > 0) || !(B > 0))
		return -1;
	if (A >= 1 && B >= 1)
		closed_points(A, B, p, w);
	else
		open_points(A, B, p, w);
	for (int i = 0; i < NOWCAST_NODES; i++)
		top = fmax(top, isfinite(w[i]) ? w[i] : -INFINITY);
	for (int i = 0; i < NOWCAST_NODES; i++)
		sum += (w[i] = isfinite(top) && isfinite(w[i]) ? exp(w[i] - top) : 0);
	for (int i = 0; i < NOWCAST_NODES && sum > 0; i++)
		w[i] /= sum;
	return sum > 0 ? 0 : -1;
}

/* What is registered by now of a final count NB(mu, phi) (Poisson for
 * phi <= 1), given the share p: thinned, NB with the same size and the
 * probability of success q' = q / (q + p (1 - q)), or Poisson(mu p).  Its
 * probability steps from k to k + 1 by (size + k) / (k + 1) (1 - q'), or
 * by lambda / (k + 1). */
typedef struct thinned {
	double size, fail;      /* NB: size, 1 - q'; Poisson: 0, lambda */
	double mean, sd;
} thinned;

static thinned
thin(double mu, double phi, double p)
{
	if (phi > 1) {
		double q = 1 / phi, size = mu / (phi - 1), qq = q / (q + p * (1 - q));
		double mean = size * (1 - qq) / qq;
		return (thinned){ size, 1 - qq, mean, sqrt(mean / qq) };
	}
	return (thinned){ 0, mu * p, mu * p, sqrt(mu * p) };
}

static double
log_pmf(const thinned *t, double k)
{
	if (t->size > 0)
		return gsl_sf_lngamma(t->size + k) - gsl_sf_lngamma(t->size) -
		    gsl_sf_lngamma(k + 1) + t->size * log1p(-t->fail) +
		    k * log(t->fail);
	return k * log(t->fail) - t->fail - gsl_sf_lngamma(k + 1);
}

int
nowcast_threshold(double mu, double phi, double alpha, double y, int age,
    const nowcast_delays *d, double *expected, double *upper, double *pvalue)
{
	int a = age < NOWCAST_DELAYS ? age : NOWCAST_DELAYS - 1;
	double p[NOWCAST_NODES], w[NOWCAST_NODES], pmf[NOWCAST_NODES];
	double from[NOWCAST_NODES];
	thinned t[NOWCAST_NODES];
	double k0 = INFINITY, cdf = 0, below_y = 0;

	if (age < 0 || d->mean[a] >= NOWCAST_COMPLETE || d->mean[a] <= 0 ||
	    !(mu > 0) || !isfinite(mu) || share_points(d->alpha[a], d->beta[a],
	    p, w))
		return 1;
	/* each point's probabilities from 12 standard deviations below its
	 * mean (what is below weighs less than 1e-30), by their ratios */
	for (int i = 0; i < NOWCAST_NODES; i++) {
		t[i] = thin(mu, phi, p[i]);
		from[i] = fmax(0, floor(t[i].mean - 12 * t[i].sd));
		k0 = fmin(k0, from[i]);
		pmf[i] = 0;
	}
	*upper = NAN;
	for (double k = k0; k < k0 + NOWCAST_TAIL * (mu + 10); k++) {
		double f = 0;
		for (int i = 0; i < NOWCAST_NODES; i++) {
			if (k < from[i] || w[i] <= 0)
				continue;
			if (k == from[i])       /* a share of 0: nothing registered */
				pmf[i] = t[i].fail > 0 ? exp(log_pmf(&t[i], k)) : k == 0;
			f += w[i] * pmf[i];
			pmf[i] *= t[i].size > 0 ? (t[i].size + k) / (k + 1) * t[i].fail :
			    t[i].fail / (k + 1);
		}
		cdf += f;
		if (k < y)
			below_y = cdf;
		if (isnan(*upper) && cdf >= 1 - alpha)
			*upper = k;
		if (!isnan(*upper) && (k >= y || cdf >= 1 - 1e-15))
			break;
	}
	if (isnan(*upper))
		return 1;
	*expected = mu * d->mean[a];
	*pvalue = fmin(1, fmax(0, 1 - below_y));
	return 0;
}

void
nowcast_triangle(const cube *c, const unsigned char *in, int from, int n,
    double (*rows)[NOWCAST_DELAYS])
{
	for (int i = 0; i < n; i++) {
		int m = cube_slot(c, from + i);
		for (int d = 0; d < NOWCAST_DELAYS; d++)
			rows[i][d] = 0;
		for (int p = 0; m >= 0 && p < c->nphen; p++)
			if (in[p])
				for (int d = 0; d < NOWCAST_DELAYS; d++)
					rows[i][d] += cube_delay(c, p, m)[d];
	}
}

static nowcast_row *
next_row(derived *o)
{
	return derived_push(o, &o->nowcasts, &o->nnowcasts, &o->capnowcasts,
	    sizeof *o->nowcasts);
}

/* The window ends NOWCAST_DELAYS months before the month counted up to,
 * where every delay but the last bucket is in. */
int
nowcast_fit_cube(const cube *c, const unsigned char *in, nowcast_delays *out)
{
	double rows[NOWCAST_WINDOW][NOWCAST_DELAYS];

	nowcast_triangle(c, in, c->as_of - NOWCAST_DELAYS - NOWCAST_WINDOW + 1,
	    NOWCAST_WINDOW, rows);
	return nowcast_fit((const double (*)[NOWCAST_DELAYS])rows,
	    NOWCAST_WINDOW, out);
}

/* The facts of set `in` in zone index z in month index t, as registered
 * by the month counted up to (the cube's totals hold no later one). */
static double
zone_count(const cube *c, const unsigned char *in, int z, int t)
{
	int n, m = cube_slot(c, t);
	const int *ci = cube_communes(c, z, &n);
	double sum = 0;

	for (int p = 0; m >= 0 && p < c->nphen; p++)
		for (int i = 0; in[p] && i < n; i++)
			sum += cube_total(c, BASIS_FACT, p, ci[i])[m];
	return sum;
}

/* One nowcast row: set i, zone z (-1: region), month t of age `age`. */
static int
put_nowcast(derived *o, int i, int z, int t, int age, double observed,
    const nowcast_delays *fit)
{
	nowcast_row *r;

	if (!(r = next_row(o)))
		return -1;
	*r = (nowcast_row){ &o->sets[i], z, t, observed, { 0, 0, 0, 0 } };
	if (nowcast_month(observed, age, fit, &r->result)) {
		o->oom = 1;
		return -1;
	}
	return 0;
}

/* The recent months of set i up to the month under review; a month's age
 * is from the month registrations are counted up to.  A measure's
 * phenomena together get each zone's too, with the region's delays
 * (zones are assumed to register as fast as the region; a single
 * phenomenon in a zone is too few facts to nowcast). */
static void
nowcast_set(const cube *c, derived *o, int i)
{
	double recent[NOWCAST_DELAYS][NOWCAST_DELAYS];
	int zones = !strncmp(o->sets[i].name, "measure:", 8) ? c->nzones : 0;
	nowcast_delays fit;

	if (nowcast_fit_cube(c, o->sets[i].in, &fit))
		return;
	nowcast_triangle(c, o->sets[i].in, c->as_of - (NOWCAST_DELAYS - 1),
	    NOWCAST_DELAYS, recent);
	for (int age = 0; age < NOWCAST_DELAYS - 1; age++) {
		int t = c->as_of - age, k = NOWCAST_DELAYS - 1 - age;
		double observed = 0;
		if (fit.mean[age] >= NOWCAST_COMPLETE || t < c->first ||
		    t > c->through)
			continue;
		for (int d = 0; d <= age; d++)
			observed += recent[k][d];
		if (put_nowcast(o, i, -1, t, age, observed, &fit))
			return;
		for (int z = 0; z < zones; z++)
			if (put_nowcast(o, i, z, t, age, zone_count(c, o->sets[i].in,
			    z, t), &fit))
				return;
	}
}

void
nowcast_eval(const cube *c, derived *o)
{
	for (int i = 0; i < o->nsets; i++)
		nowcast_set(c, o, i);
}
