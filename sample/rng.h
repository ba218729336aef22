/*
 * rng — a small deterministic random number generator (xoshiro256**,
 * seeded by splitmix64) and the draws the sample generator needs.
 *
 * Private to sample/.  The same seed gives the same stream on every
 * machine: no libc rand(), no floating-point library calls whose last bit
 * could differ, so the same arguments give byte-identical sample files.
 */
#ifndef SUIVI_RNG_H
#define SUIVI_RNG_H

#include <stdint.h>

typedef struct rng {
	uint64_t s[4];
} rng;

void rng_seed(rng *r, uint64_t seed);
uint64_t rng_next(rng *r);
/* Uniform in [0, 1). */
double rng_unit(rng *r);
/* Uniform integer in [0, n). */
uint32_t rng_below(rng *r, uint32_t n);
/* 1 with probability p. */
int rng_chance(rng *r, double p);
/* Poisson(mu), exact (Knuth's product method, split for large mu). */
int rng_poisson(rng *r, double mu);
/* Index drawn with the given non-negative weights. */
int rng_pick(rng *r, const double *w, int n);

#endif
