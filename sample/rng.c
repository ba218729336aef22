#include "rng.h"

static uint64_t
splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void
rng_seed(rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix(&seed);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return x << k | x >> (64 - k);
}

uint64_t
rng_next(rng *r)
{
	uint64_t *s = r->s, out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

double
rng_unit(rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

uint32_t
rng_below(rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * n) >> 32);
}

int
rng_chance(rng *r, double p)
{
	return rng_unit(r) < p;
}

/* exp(-mu) for 0 <= mu <= 20 by repeated squaring of a series: only
 * + - * / so that every machine gets the same bits. */
static double
exp_neg(double mu)
{
	double x = -mu / 64, term = 1, sum = 1;

	for (int k = 1; k < 30; k++) {
		term *= x / k;
		sum += term;
	}
	for (int i = 0; i < 6; i++)
		sum *= sum;
	return sum;
}

int
rng_poisson(rng *r, double mu)
{
	int n = 0;

	/* A sum of Poissons is Poisson: draw in slices of at most 16. */
	while (mu > 0) {
		double slice = mu > 16 ? 16 : mu, limit = exp_neg(slice), p = 1;
		mu -= slice;
		for (;;) {
			p *= rng_unit(r);
			if (p <= limit)
				break;
			n++;
		}
	}
	return n;
}

int
rng_pick(rng *r, const double *w, int n)
{
	double total = 0, x;

	for (int i = 0; i < n; i++)
		total += w[i];
	x = rng_unit(r) * total;
	for (int i = 0; i < n; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}
