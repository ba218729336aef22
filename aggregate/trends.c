/*
 * trends — the quasi-Poisson trend and the seasonal Mann-Kendall test of
 * each trend set's monthly series (see derived.h).  Months not delivered
 * are left out of a series, never counted as zeros.
 */
#include "derived.h"

#include <stdlib.h>
#include <string.h>

typedef struct series {
	double y[CUBE_MONTHS];
	int t[CUBE_MONTHS], year[CUBE_MONTHS], season[CUBE_MONTHS];
	int n;
	double total;
} series;

/* The monthly counts of the phenomena in `in` for zone z (-1: region)
 * over [from, to], delivered months only. */
static void
build(const cube *c, const unsigned char *in, int z, int from, int to,
    series *s)
{
	s->n = 0;
	s->total = 0;
	int nc;
	const int *ci = cube_communes(c, z, &nc);

	for (int t = from; t <= to; t++) {
		int m = cube_slot(c, t);
		double y = 0;
		if (m < 0 || !cube_delivered(c, z, t))
			continue;
		for (int p = 0; p < c->nphen; p++) {
			if (!in[p])
				continue;
			for (int i = 0; i < nc; i++)
				y += cube_total(c, BASIS_FACT, p, ci[i])[m];
		}
		s->y[s->n] = y;
		s->t[s->n] = t;
		s->year[s->n] = t / 12;
		s->season[s->n++] = t % 12;
		s->total += y;
	}
}

static trend_row *
next_row(derived *o)
{
	return derived_push(o, &o->trends, &o->ntrends, &o->captrends,
	    sizeof *o->trends);
}

void
trends_eval(const cube *c, derived *o)
{
	series *s = malloc(sizeof *s);
	int windows[2] = { c->through - 35, c->first };

	if (!s) {
		o->oom = 1;
		return;
	}
	for (int i = 0; i < o->nsets; i++)
		for (int w = 0; w < 2; w++) {
			int from = windows[w] > c->first ? windows[w] : c->first;
			for (int z = -1; z < c->nzones; z++) {
				trend_row *r;
				build(c, o->sets[i].in, z, from, c->through, s);
				if (s->total <= 0 || !(r = next_row(o)))
					continue;
				r->set = &o->sets[i];
				r->zone = z;
				r->from = from;
				r->to = c->through;
				r->months = s->n;
				stats_trend(s->y, s->t, s->n, &r->fit);
				stats_seasonal_mk(s->y, s->year, s->season, s->n, 12, &r->mk);
			}
		}
	free(s);
}
