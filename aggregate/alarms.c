/*
 * alarms — emerging phenomena: for every phenomenon, the region and each
 * zone, the improved Farrington method on the monthly series by date of
 * facts (EARS C1-C3 where the history is too short for it), for the month
 * under review or, on request, every month (a back-test).  See
 * farrington.h for the method and derived.h for where it runs.
 */
#include "derived.h"

#include <math.h>

#include "band.h"

static alarm_row *
next_alarm(derived *o)
{
	return derived_push(o, &o->alarm_rows, &o->nalarms, &o->capalarms,
	    sizeof *o->alarm_rows);
}

/* Month k's alarm: Farrington on the series as it is; then, for a month
 * whose registrations are not all in (and unless raw alarms are asked
 * for), the threshold for the count expected by now in its place. */
static void
put_farrington(derived *o, const double *y, int n, int k, int p, int z,
    const cube *c, const nowcast_delays *delays)
{
	band_alarm b;
	alarm_row *a;

	if (band_at(y, n, k, &o->alarms, o->raw_alarms ? NULL : delays,
	    c->as_of - (c->first + k), &b) || !(a = next_alarm(o)))
		return;
	*a = (alarm_row){ c->first + k, p, z, y[k], b.expected, b.upper,
	    b.pvalue, b.score, b.alarm, b.method, b.completeness };
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
	double y[CUBE_MONTHS];
	nowcast_delays fit;

	/* the trend sets' first nphen are the phenomena, one each */
	for (int p = 0; p < c->nphen && n > 0; p++) {
		const unsigned char *in = o->sets[p].in;
		/* the phenomenon's delays, region-wide, for its zones too */
		int fitted = nowcast_fit_cube(c, in, &fit) == 0;
		for (int z = -1; z < c->nzones; z++) {
			if (derived_counts(c, in, z, y) <= 0)
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
}
