/*
 * bands — the series the report draws, computed from the cube by band.h
 * with the alarms' own counts, delays and settings (derived.h): every
 * trend set in the region, each measure's phenomena in each zone, and a
 * phenomenon in the zone of an alarm or a modus operandi signal of the
 * month under review; the band of the measures' in the region and of
 * the alarms' and signals' series; and each incident indicator's
 * phenomena in the region, whose charts draw them.
 */
#include "derived.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "band.h"

double
derived_counts(const cube *c, const unsigned char *in, int z, double *y)
{
	double total = 0;
	int nc;
	const int *ci = cube_communes(c, z, &nc);

	for (int t = c->first; t <= c->through; t++) {
		int m = cube_slot(c, t);
		double v = 0;
		if (m < 0 || !cube_delivered(c, z, t)) {
			y[t - c->first] = NAN;
			continue;
		}
		for (int p = 0; p < c->nphen; p++)
			for (int i = 0; in[p] && i < nc; i++)
				v += cube_total(c, BASIS_FACT, p, ci[i])[m];
		y[t - c->first] = v;
		total += v;
	}
	return total;
}

/* flag[p * (nzones + 1) + z + 1]: phenomenon p has an alarm or a modus
 * operandi signal of the month under review in zone index z (-1: the
 * region), so the report draws its series with the band.  NULL when
 * memory runs out (d->oom set). */
static unsigned char *
signalled(const cube *c, derived *o)
{
	size_t w = (size_t)c->nzones + 1;
	unsigned char *flag = calloc((size_t)c->nphen * w + 1, 1);

	if (!flag) {
		o->oom = 1;
		return NULL;
	}
	for (size_t i = 0; i < o->nalarms; i++) {
		const alarm_row *a = &o->alarm_rows[i];
		if (a->alarm && a->month == c->through)
			flag[(size_t)a->phenomenon * w + (size_t)(a->zone + 1)] = 1;
	}
	for (size_t i = 0; i < o->nmodus; i++)
		flag[(size_t)o->modus_rows[i].phenomenon * w +
		    (size_t)(o->modus_rows[i].zone + 1)] = 1;
	return flag;
}

/* The series of s in zone index z (-1: the region), with its band or
 * not, as rows; f and fit (NULL: none) the set's delays.  Nothing for a
 * series without a fact that is not banded. */
static void
push_series(const cube *c, derived *o, const trend_set *s, int z,
    int banded, const double *f, const nowcast_delays *fit)
{
	int n = c->through - c->first + 1;
	double y[CUBE_MONTHS];
	series_point pt[CUBE_MONTHS];

	if (derived_counts(c, s->in, z, y) <= 0 && !banded)
		return;
	band_series(y, n, f, &o->alarms, fit && !o->raw_alarms ? fit : NULL,
	    c->as_of - c->through, banded, pt);
	for (int k = 0; k < n; k++) {
		point_row *r = derived_push(o, &o->points, &o->npoints,
		    &o->cappoints, sizeof *o->points);
		if (!r)
			return;
		*r = (point_row){ s, z, banded, pt[k] };
		r->pt.month = c->first + k;
	}
}

/* The months of s still provisional, as the nowcast's delays say: f,
 * and *fit where they could be fitted (1), else 0. */
static int
set_delays(const cube *c, const trend_set *s, double *f, nowcast_delays *fit)
{
	int fitted = nowcast_fit_cube(c, s->in, fit) == 0;

	band_shares(fitted ? fit : NULL, c->as_of - c->through, f);
	return fitted;
}

/* Set i's series: the region's, and the zones' where drawn; flag as
 * signalled() makes it. */
static void
bands_set(const cube *c, derived *o, int i, const unsigned char *flag)
{
	const trend_set *s = &o->sets[i];
	int measure = !strncmp(s->name, "measure:", 8);
	double f[NOWCAST_DELAYS];
	nowcast_delays fit;
	int fitted = set_delays(c, s, f, &fit);

	for (int z = -1; z < c->nzones && !o->oom; z++) {
		/* the trend sets' first nphen are the phenomena, one each */
		int banded = measure ? z < 0 : i < c->nphen &&
		    flag[(size_t)i * ((size_t)c->nzones + 1) + (size_t)(z + 1)];
		if (z < 0 || measure || banded)
			push_series(c, o, s, z, banded, f, fitted ? &fit : NULL);
	}
}

void
bands_eval(const cube *c, derived *o)
{
	unsigned char *flag;

	if (c->through < c->first || !(flag = signalled(c, o)))
		return;
	for (int i = 0; i < o->nsets && !o->oom; i++)
		bands_set(c, o, i, flag);
	free(flag);
	/* the indicators' phenomena, in the region, without a band */
	for (int i = 0; i < o->nchart_sets && !o->oom; i++) {
		const trend_set *s = &o->chart_sets[i];
		double f[NOWCAST_DELAYS];
		nowcast_delays fit;
		int fitted = set_delays(c, s, f, &fit);
		push_series(c, o, s, -1, 0, f, fitted ? &fit : NULL);
	}
}
