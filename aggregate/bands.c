/*
 * bands — the series the report draws, computed from the cube by band.h
 * with the alarms' own counts, delays and settings (derived.h): every
 * trend set in the region, each measure's phenomena in each zone, and a
 * phenomenon in the zone of an alarm or a modus operandi signal of the
 * month under review; the band of the measures' in the region and of
 * the alarms' and signals' series.
 */
#include "derived.h"

#include <math.h>
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

/* Whether phenomenon p has an alarm or a modus operandi signal of the
 * month under review in zone index z (-1: the region). */
static int
signalled(const cube *c, const derived *o, int p, int z)
{
	for (size_t i = 0; i < o->nalarms; i++) {
		const alarm_row *a = &o->alarm_rows[i];
		if (a->alarm && a->month == c->through && a->phenomenon == p &&
		    a->zone == z)
			return 1;
	}
	for (size_t i = 0; i < o->nmodus; i++)
		if (o->modus_rows[i].phenomenon == p && o->modus_rows[i].zone == z)
			return 1;
	return 0;
}

/* The n months of set s in zone index z into the point rows. */
static void
put_series(derived *o, const trend_set *s, int z, int banded,
    const double *y, int n, const double *f, const nowcast_delays *delays,
    int age_last, series_point *pt, int first)
{
	band_series(y, n, f, &o->alarms, delays, age_last, banded, pt);
	for (int i = 0; i < n; i++) {
		point_row *r = derived_push(o, &o->points, &o->npoints,
		    &o->cappoints, sizeof *o->points);
		if (!r)
			return;
		*r = (point_row){ s, z, banded, pt[i] };
		r->pt.month = first + i;
	}
}

/* Set i's series: the region's, and the zones' where drawn. */
static void
bands_set(const cube *c, derived *o, int i, series_point *pt)
{
	const trend_set *s = &o->sets[i];
	int measure = !strncmp(s->name, "measure:", 8);
	int n = c->through - c->first + 1, fitted = 0;
	double y[CUBE_MONTHS], f[NOWCAST_DELAYS];
	double rows[BAND_SHARE_MONTHS][NOWCAST_DELAYS];
	nowcast_delays fit;

	nowcast_triangle(c, s->in, c->through - BAND_SHARE_FROM,
	    BAND_SHARE_MONTHS, rows);
	band_shares((const double (*)[NOWCAST_DELAYS])rows, BAND_SHARE_MONTHS,
	    f);
	for (int z = -1; z < c->nzones && !o->oom; z++) {
		int phen = i < c->nphen, banded = measure ? z < 0 :
		    phen && signalled(c, o, i, z);
		if ((z >= 0 && !measure && !banded) ||
		    (derived_counts(c, s->in, z, y) <= 0 && !banded))
			continue;
		if (banded && !o->raw_alarms && !fitted)
			fitted = nowcast_fit_cube(c, s->in, &fit) == 0 ? 1 : -1;
		put_series(o, s, z, banded, y, n, f, fitted > 0 ? &fit : NULL,
		    c->as_of - c->through, pt, c->first);
	}
}

void
bands_eval(const cube *c, derived *o)
{
	int n = c->through - c->first + 1;
	series_point pt[CUBE_MONTHS];

	for (int i = 0; i < o->nsets && n > 0 && !o->oom; i++)
		bands_set(c, o, i, pt);
}
