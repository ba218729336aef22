/*
 * band — a monthly series' alarm band, shares registered, average and
 * trend (band.h).
 */
#include "band.h"

#include <math.h>
#include <stdlib.h>

#include "../core/stats.h"

int
band_at(const double *y, int n, int k, const farr_control *ctl,
    const nowcast_delays *delays, int age, band_alarm *out)
{
	double expected, upper, pvalue;
	farr_result r;

	farrington_at(y, n, k, ctl, &r);
	if (!r.computed)
		return -1;
	*out = (band_alarm){ r.expected, r.upper, r.pvalue, r.score, r.alarm,
	    ctl->method == FARR_DELTA ? "farrington_delta" :
	    "farrington_nbplugin", NAN };
	if (!delays || !isfinite(r.upper) || !isfinite(r.expected))
		return 0;
	if (nowcast_threshold(r.expected, r.phi, ctl->alpha, y[k], age, delays,
	    &expected, &upper, &pvalue) == 0) {
		out->expected = expected;
		out->upper = upper;
		out->pvalue = pvalue;
		out->score = NAN;
		out->alarm = y[k] > upper;
		out->completeness = delays->mean[age < NOWCAST_DELAYS ? age :
		    NOWCAST_DELAYS - 1];
	}
	return 0;
}

void
band_shares(const nowcast_delays *delays, int offset, double f[NOWCAST_DELAYS])
{
	for (int a = 0; a < NOWCAST_DELAYS; a++) {
		int at = a + offset < NOWCAST_DELAYS ? a + offset : NOWCAST_DELAYS - 1;
		/* a month after the one registrations are counted up to (a
		 * month under review beyond the last delivered) has none yet */
		f[a] = !delays ? 1 : at < 0 ? 0 : delays->mean[at];
	}
}

int
series_provisional(const series_point *pt, int n)
{
	int first = n;

	while (first > 0 && pt[first - 1].complete < SERIES_COMPLETE)
		first--;
	return first;
}

/* The 12-month moving average, over complete months only. */
static void
average(const double *y, int n, int upto, series_point *out)
{
	for (int i = 0; i < n; i++) {
		double sum = 0;
		int ok = i >= 11 && i < upto;
		for (int k = i - 11; ok && k <= i; k++)
			ok = !isnan(y[k]), sum += ok ? y[k] : 0;
		out[i].average = ok ? sum / 12 : NAN;
	}
}

/* exp(a + b t) fitted by Poisson regression over the complete months
 * (at least 12). */
static void
trend(const double *y, int n, int upto, series_point *out)
{
	double *X = malloc(2 * (size_t)n * sizeof *X);
	double *v = malloc((size_t)n * sizeof *v);
	int m = 0;
	glm_fit g;

	for (int i = 0; i < n; i++)
		out[i].trend = NAN;
	for (int i = 0; X && v && i < upto; i++) {
		if (isnan(y[i]))
			continue;
		X[2 * m] = 1;
		X[2 * m + 1] = i;
		v[m++] = y[i];
	}
	if (X && v && m >= 12 && !stats_glm_poisson(X, v, m, 2, &g) &&
	    g.converged)
		for (int i = 0; i < n; i++)
			out[i].trend = exp(g.coef[0] + g.coef[1] * i);
	free(X);
	free(v);
}

void
band_series(const double *y, int n, const double f[NOWCAST_DELAYS],
    const farr_control *ctl, const nowcast_delays *delays, int age_last,
    int banded, series_point *out)
{
	int first = farrington_first(ctl);

	for (int i = 0; i < n; i++) {
		int age = n - 1 - i;
		band_alarm a;
		out[i].observed = y[i];
		out[i].complete = age < NOWCAST_DELAYS ? f[age] : 1;
		out[i].expected = out[i].upper = NAN;
		out[i].alarm = 0;
		out[i].nowcast = out[i].lower = out[i].higher = NAN;
		if (banded && i >= first && band_at(y, n, i, ctl, delays,
		    age_last + age, &a) == 0) {
			out[i].expected = a.expected;
			out[i].upper = a.upper;
			out[i].alarm = a.alarm;
		}
	}
	int upto = series_provisional(out, n);
	average(y, n, upto, out);
	trend(y, n, upto, out);
}
