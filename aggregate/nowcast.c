/*
 * nowcast — the delays fitted step by step on the latest months, the
 * nowcast of a recent one (nowcast.h), and the nowcasts of every trend
 * set for the region (derived.h).
 */
#include "nowcast.h"

#include <gsl/gsl_integration.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "derived.h"

/* Step d over its months, the NOWCAST_WINDOW latest of rows[0..n-1]
 * that have reached age d (row n - 1 is of age 0), whose registrations d
 * months on every zone delivered (ok, nowcast.h), and that have facts in
 * by d: k of them; X, what they had in by d - 1; N, by d; N2, the sum of the
 * squares of the latter; S, the sum over them of m_i (x_i / m_i - X /
 * N)^2, month i having x_i in by d - 1 and m_i by d. */
typedef struct step_sums {
	double X, N, N2, S;
	int k;
} step_sums;

static step_sums
step_of(const double (*rows)[NOWCAST_DELAYS], int n, const unsigned char *ok,
    int d)
{
	double x[NOWCAST_WINDOW], m[NOWCAST_WINDOW];
	int last = n - 1 - d, first = last - NOWCAST_WINDOW + 1;
	step_sums s = { 0, 0, 0, 0, 0 };

	for (int i = first < 0 ? 0 : first; i <= last; i++) {
		double by = 0;
		if (ok && !ok[i + d])   /* a zone's registrations of then missing */
			continue;
		for (int j = 0; j < d; j++)
			by += rows[i][j];
		if (by + rows[i][d] > 0) {
			x[s.k] = by;
			m[s.k++] = by + rows[i][d];
			s.X += by;
			s.N += by + rows[i][d];
			s.N2 += (by + rows[i][d]) * (by + rows[i][d]);
		}
	}
	for (int i = 0; i < s.k; i++)
		s.S += m[i] * (x[i] / m[i] - s.X / s.N) * (x[i] / m[i] - s.X / s.N);
	return s;
}

/* How much a step's share varies between months beyond their sizes'
 * binomial noise: the intra-month correlation rho of the beta-binomial,
 * by moments with each month weighted by its facts (a month of 2 facts
 * says little about the spread; unweighted, it says as much as one of
 * 2000): E[S] = p(1-p) (k - 1 + rho (N - N2 / N - k + 1)).  num and den
 * are the two sides' terms, the estimate num / den; both 0 where the
 * step cannot tell. */
static void
step_rho(const step_sums *s, double *num, double *den)
{
	double p = s->N > 0 ? s->X / s->N : 1;

	*num = *den = 0;
	if (s->k < 2 || p <= 0 || p >= 1 || s->N - s->N2 / s->N - (s->k - 1) <= 0)
		return;
	*num = s->S / (p * (1 - p)) - (s->k - 1);
	*den = s->N - s->N2 / s->N - (s->k - 1);
}

static double
clamp01(double x)
{
	return x > 0 ? fmin(1, x) : 0;
}

/* Each step's spread, rho[d]: its own estimate shrunk toward a centre,
 * the group's spread (NaN: all the set's steps together), which counts
 * for NOWCAST_RHO_PRIOR of den's units (about the step's facts): a step
 * learnt from a few small months cannot say it alone, one of thousands
 * of facts a month can.  Returns the set's steps' spread together. */
static double
steps_rho(const step_sums *s, double centre, double rho[NOWCAST_DELAYS])
{
	double num[NOWCAST_DELAYS], den[NOWCAST_DELAYS], all_num = 0, all_den = 0;

	for (int d = 1; d < NOWCAST_DELAYS; d++) {
		step_rho(&s[d], &num[d], &den[d]);
		all_num += num[d];
		all_den += den[d];
	}
	double pooled = all_den > 0 ? clamp01(all_num / all_den) : 0;
	if (isnan(centre))
		centre = pooled;
	for (int d = 1; d < NOWCAST_DELAYS; d++)
		rho[d] = (den[d] * (den[d] > 0 ? clamp01(num[d] / den[d]) : 0) +
		    NOWCAST_RHO_PRIOR * centre) / (den[d] + NOWCAST_RHO_PRIOR);
	return pooled;
}

/* Step d: q, the share of a month's facts in by d that were in by
 * d - 1, pooled over its months and, with a group, shrunk toward the
 * group's (NOWCAST_PRIOR facts' worth); its variance for a month to
 * come: the spread between months, q(1-q) rho, plus the pooled share's
 * own. */
static void
fit_step(const step_sums *s, int d, double rho, const nowcast_delays *g,
    nowcast_delays *o)
{
	double kappa = g ? NOWCAST_PRIOR : 0, N = s->N;
	double q = N + kappa > 0 ? (s->X + kappa * (g ? g->step[d] : 1)) /
	    (N + kappa) : 1;
	double own = N + kappa > 0 ? (1 + rho * (N > 0 ? s->N2 / N - 1 : 0)) /
	    (N + kappa) : 0;

	o->step[d] = q;
	o->var[d] = q * (1 - q) * fmin(1, rho + own);
	o->facts[d] = N;
}

/* The share registered by age a is the product of the steps after it;
 * steps taken as independent, its mean and variance are the products'
 * and a Beta with those moments stands for it. */
static void
fit_ages(nowcast_delays *o)
{
	double mean = 1, e2 = 1;

	for (int a = NOWCAST_DELAYS - 1; a >= 0; a--) {
		double v = e2 - mean * mean, c = mean * (1 - mean) / v - 1;
		o->mean[a] = mean;
		if (mean > 0 && mean < 1 && v > 0 && c > 0 && isfinite(c)) {
			o->alpha[a] = mean * c;
			o->beta[a] = (1 - mean) * c;
		} else if (v <= 0 || mean <= 0 || mean >= 1) {
			/* no spread: a Beta as narrow as a double can tell */
			o->alpha[a] = mean * 1e12 + 1e-12;
			o->beta[a] = (1 - mean) * 1e12 + 1e-12;
		} else          /* as spread as a share can be (months all in
			           or all out): no Beta, no nowcast */
			o->alpha[a] = o->beta[a] = 0;
		mean *= o->step[a];
		e2 *= o->var[a] + o->step[a] * o->step[a];
	}
}

int
nowcast_fit(const double (*rows)[NOWCAST_DELAYS], int n,
    const unsigned char *ok, const nowcast_delays *group, nowcast_delays *o)
{
	step_sums s[NOWCAST_DELAYS];

	memset(o, 0, sizeof *o);
	o->step[0] = 1;
	for (int i = n - 1 - NOWCAST_WINDOW; i < n - 1; i++) {
		double in = 0;
		for (int d = 0; i >= 0 && d < n - i && d < NOWCAST_DELAYS; d++)
			in += rows[i][d];
		o->months += in > 0;
	}
	for (int d = 1; d < NOWCAST_DELAYS; d++)
		s[d] = step_of(rows, n, ok, d);
	/* a set's steps' spread shrunk toward the group's */
	double rho[NOWCAST_DELAYS];
	o->rho = steps_rho(s, group ? group->rho : NAN, rho);
	for (int d = 1; d < NOWCAST_DELAYS; d++)
		fit_step(&s[d], d, rho[d], group, o);
	fit_ages(o);
	return o->months >= (group ? 1 : NOWCAST_MIN_MONTHS) ? 0 : -1;
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
	if (d->mean[a] < NOWCAST_LEAST || !(d->alpha[a] > 0) ||
	    !(d->beta[a] > 0) || to_come(observed + 0.5, d->alpha[a],
	    d->beta[a], NOWCAST_TAIL * (observed + 10), q)) {
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

/* ok[i]: whether month from + i was delivered by every zone that
 * delivered any of the NOWCAST_ROWS months from `from` (a zone that never
 * delivers, in a region where some do not take part, leaves no month
 * short; one that delivers, but not that month, does). */
static void
delivered_rows(const cube *c, int from, unsigned char ok[NOWCAST_ROWS])
{
	memset(ok, 1, NOWCAST_ROWS);
	for (int z = 0; z < c->nzones; z++) {
		int any = 0;
		for (int i = 0; i < NOWCAST_ROWS && !any; i++)
			any = cube_delivered(c, z, from + i);
		for (int i = 0; any && i < NOWCAST_ROWS; i++)
			ok[i] &= (unsigned char)cube_delivered(c, z, from + i);
	}
}

/* The group is every phenomenon, region-wide: what a thin set's delays
 * are shrunk toward. */
int
nowcast_fit_cube(const cube *c, const unsigned char *in, nowcast_delays *out)
{
	double rows[NOWCAST_ROWS][NOWCAST_DELAYS];
	unsigned char all[CUBE_MAX_PHEN], ok[NOWCAST_ROWS];
	nowcast_delays group;
	int from = c->as_of - NOWCAST_ROWS + 1;

	memset(all, 1, sizeof all);
	delivered_rows(c, from, ok);
	nowcast_triangle(c, all, from, NOWCAST_ROWS, rows);
	if (nowcast_fit((const double (*)[NOWCAST_DELAYS])rows, NOWCAST_ROWS,
	    ok, NULL, &group))
		return -1;
	nowcast_triangle(c, in, from, NOWCAST_ROWS, rows);
	return nowcast_fit((const double (*)[NOWCAST_DELAYS])rows, NOWCAST_ROWS,
	    ok, &group, out);
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
