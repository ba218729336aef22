/*
 * nowcast — the delays fitted on complete months, the nowcast of a
 * recent one (nowcast.h), and the nowcasts of every trend set for the
 * region (derived.h).
 */
#include "nowcast.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>
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

/* NOWCAST_DRAWS draws' room, and a generator seeded with seed; NULL if
 * out of memory. */
static gsl_rng *
draws_open(uint64_t seed, double **draw)
{
	gsl_rng *rng;

	if (!(*draw = malloc(NOWCAST_DRAWS * sizeof **draw)))
		return NULL;
	if (!(rng = gsl_rng_alloc(gsl_rng_mt19937))) {
		free(*draw);
		return NULL;
	}
	gsl_rng_set(rng, (unsigned long)(seed ^ seed >> 32));
	return rng;
}

/* The 2.5%, 50% and 97.5% points of the facts still to come, k ~ NB(r,
 * p) with p ~ Beta(a, b): the beta negative binomial, whose terms
 * P(k) = Gamma(r + k) / (Gamma(r) k!) B(a + r, b + k) / B(a, b) are
 * summed (in logs, by the ratio of one to the next) until 97.5% of the
 * mass is in.  -1 past NOWCAST_MAX_TO_COME facts (a tail too heavy to
 * say anything). */
static int
to_come(double r, double a, double b, double q[3])
{
	static const double at[3] = { 0.025, 0.5, 0.975 };
	double lp = gsl_sf_lnbeta(a + r, b) - gsl_sf_lnbeta(a, b), cdf = exp(lp);
	int i = 0;

	for (long k = 0; k <= NOWCAST_MAX_TO_COME; k++) {
		while (i < 3 && cdf >= at[i])
			q[i++] = (double)k;
		if (i == 3)
			return 0;
		lp += log((r + (double)k) / (double)(k + 1) * (b + (double)k) /
		    (a + r + b + (double)k));
		cdf += exp(lp);
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
	    to_come(observed + 0.5, d->alpha[a], d->beta[a], q)) {
		r->nowcast = r->lower = r->upper = NAN;
		return 0;
	}
	r->lower = observed + q[0];
	r->nowcast = observed + q[1];
	r->upper = observed + q[2];
	return 0;
}

static uint64_t
mix64(uint64_t h, double v)
{
	uint64_t b;

	memcpy(&b, &v, sizeof b);
	h ^= b + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	return h * 0xff51afd7ed558ccdULL;
}

int
nowcast_threshold(double mu, double phi, double alpha, double y, int age,
    const nowcast_delays *d, double *expected, double *upper, double *pvalue)
{
	int a = age < NOWCAST_DELAYS ? age : NOWCAST_DELAYS - 1;
	uint64_t seed = mix64(mix64(mix64(mix64(1, mu), phi), y), age);
	double *draw, above = 0;
	gsl_rng *rng;

	if (age < 0 || d->mean[a] >= NOWCAST_COMPLETE || d->mean[a] <= 0 ||
	    !(mu > 0))
		return 1;
	if (!(rng = draws_open(seed, &draw)))
		return -1;
	for (int s = 0; s < NOWCAST_DRAWS; s++) {
		double p = gsl_ran_beta(rng, d->alpha[a], d->beta[a]);
		unsigned n = phi > 1 ? gsl_ran_negative_binomial(rng, 1 / phi,
		    mu / (phi - 1)) : gsl_ran_poisson(rng, mu);
		draw[s] = gsl_ran_binomial(rng, p, n);
		above += draw[s] >= y;
	}
	*expected = mu * d->mean[a];
	*upper = stats_quantile(draw, NOWCAST_DRAWS, 1 - alpha);
	*pvalue = above / NOWCAST_DRAWS;
	gsl_rng_free(rng);
	free(draw);
	return 0;
}

/* The reporting triangle of a set for the region: its rows for the n
 * months of facts from month index `from` (zero outside the counts). */
static void
triangle(const cube *c, const unsigned char *in, int from, int n,
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

	triangle(c, in, c->as_of - NOWCAST_DELAYS - NOWCAST_WINDOW + 1,
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
	triangle(c, o->sets[i].in, c->as_of - (NOWCAST_DELAYS - 1),
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
