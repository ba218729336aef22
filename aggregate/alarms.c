/*
 * alarms — emerging phenomena: for every phenomenon, the region and each
 * zone, the improved Farrington method on the monthly series by date of
 * facts (EARS C1-C3 where the history is too short for it), for the month
 * under review or, on request, every month (a back-test).  See
 * farrington.h for the method and derived.h for where it runs.
 */
#include "derived.h"

#include <math.h>
#include <stdlib.h>

#include "aggregate.h"

static alarm_row *
next_alarm(derived *o)
{
	return derived_push(o, &o->alarm_rows, &o->nalarms, &o->capalarms,
	    sizeof *o->alarm_rows);
}

/* The monthly series of phenomenon p for zone z (-1: region) from
 * c->first to c->through; NaN where the month was not delivered. */
static double
series(const cube *c, int p, int z, double *y)
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
		for (int i = 0; i < nc; i++)
			v += cube_total(c, BASIS_FACT, p, ci[i])[m];
		y[t - c->first] = v;
		total += v;
	}
	return total;
}

/* Month k's alarm: Farrington on the series as it is; then, for a month
 * whose registrations are not all in (and unless raw alarms are asked
 * for), the threshold for the count expected by now in its place. */
static void
put_farrington(derived *o, const double *y, int n, int k, int p, int z,
    const cube *c, const nowcast_delays *delays)
{
	double expected, upper, pvalue;
	farr_result r;
	alarm_row *a;

	farrington_at(y, n, k, &o->alarms, &r);
	if (!r.computed || !(a = next_alarm(o)))
		return;
	*a = (alarm_row){ c->first + k, p, z, y[k], r.expected, r.upper,
	    r.pvalue, r.score, r.alarm, o->alarms.method == FARR_DELTA ?
	    "farrington_delta" : "farrington_nbplugin", NAN };
	if (o->raw_alarms || !delays || !isfinite(r.upper) || !isfinite(r.expected))
		return;
	int age = c->as_of - a->month;

	if (nowcast_threshold(r.expected, r.phi, o->alarms.alpha, y[k], age,
	    delays, &expected, &upper, &pvalue) == 0) {
		a->expected = expected;
		a->upper = upper;
		a->pvalue = pvalue;
		a->score = NAN;
		a->alarm = y[k] > upper;
		a->completeness = delays->mean[age < NOWCAST_DELAYS ? age :
		    NOWCAST_DELAYS - 1];
	}
}

static void
put_ears(derived *o, const double *y, int n, int k, int p, int z,
    const cube *c)
{
	static const char *const names[] = { "", "ears_c1", "ears_c2", "ears_c3" };

	for (int method = 1; method <= 3; method++) {
		double upper;
		int alarm;
		alarm_row *a;
		if (ears_at(y, n, k, method, &upper, &alarm) || !(a = next_alarm(o)))
			continue;
		*a = (alarm_row){ c->first + k, p, z, y[k], NAN, upper, NAN, NAN,
		    alarm, names[method], NAN };
	}
}

void
alarms_eval(const cube *c, derived *o)
{
	int n = c->through - c->first + 1, first = farrington_first(&o->alarms);
	unsigned char *in = calloc((size_t)c->nphen + 1, 1);
	double y[CUBE_MONTHS];
	nowcast_delays fit;

	if (!in) {
		o->oom = 1;
		return;
	}
	for (int p = 0; p < c->nphen && n > 0; p++) {
		/* the phenomenon's delays, region-wide, for its zones too */
		in[p] = 1;
		int fitted = nowcast_fit_cube(c, in, &fit) == 0;
		in[p] = 0;
		for (int z = -1; z < c->nzones; z++) {
			if (series(c, p, z, y) <= 0)
				continue;
			for (int k = o->backtest ? 0 : n - 1; k < n; k++) {
				if (k >= first)
					put_farrington(o, y, n, k, p, z, c,
					    fitted ? &fit : NULL);
				else
					put_ears(o, y, n, k, p, z, c);
			}
		}
	}
	free(in);
}

void
aggregate_band(const double *y, int n, int nbplugin,
    const nowcast_delays *delays, int age_last, double *expected,
    double *upper, int *alarm)
{
	farr_control ctl = farr_monthly;
	int first = farrington_first(&ctl);

	ctl.method = nbplugin ? FARR_NBPLUGIN : FARR_DELTA;
	for (int k = 0; k < n; k++) {
		double e, u, pv;
		farr_result r;
		expected[k] = upper[k] = NAN;
		alarm[k] = 0;
		if (k < first)
			continue;
		farrington_at(y, n, k, &ctl, &r);
		if (!r.computed)
			continue;
		expected[k] = r.expected;
		upper[k] = r.upper;
		alarm[k] = r.alarm;
		/* as put_farrington() does, for the same figures */
		if (delays && isfinite(r.upper) && isfinite(r.expected) &&
		    nowcast_threshold(r.expected, r.phi, ctl.alpha, y[k],
		    age_last + n - 1 - k, delays, &e, &u, &pv) == 0) {
			expected[k] = e;
			upper[k] = u;
			alarm[k] = y[k] > u;
		}
	}
}
