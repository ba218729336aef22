/*
 * band — the arithmetic of a monthly series as the alarms judge it and
 * the charts draw it, in one place: month k's alarm (the improved
 * Farrington method, with the allowance for registrations still to
 * come), the share of a month's facts registered by now, the 12-month
 * average and the log-linear trend.
 *
 * Private to aggregate/.  The alarm table (alarms.c), the series written
 * for the report (bands.c) and a series asked for by `suivi chart`
 * (series.c) all come from these functions, fed the same counts: a
 * chart's band and alarm points are the alarm table's by construction.
 */
#ifndef SUIVI_BAND_H
#define SUIVI_BAND_H

#include "aggregate.h"
#include "farrington.h"
#include "nowcast.h"

/* Month k's alarm: the Farrington band, and where registrations are
 * still to come, the band of the count expected by now. */
typedef struct band_alarm {
	double expected, upper, pvalue, score;  /* NaN where not given */
	int alarm;
	const char *method;     /* "farrington_delta" or "_nbplugin" */
	double completeness;    /* the month's expected share registered by
	                           now where the threshold allows for it
	                           (nowcast_threshold()); else NaN */
} band_alarm;

/* Month k of y[0..n-1] (NaN: not delivered) judged as the settings ctl
 * say; delays (NULL: none, as with --raw-alarms) and age (months from
 * month k to the month registrations are counted up to) give the
 * allowance for registrations to come.  0, or -1 where no model could
 * be fitted (out untouched). */
int band_at(const double *y, int n, int k, const farr_control *ctl,
    const nowcast_delays *delays, int age, band_alarm *out);

/* f[a]: the share of a month's facts expected to be registered by now
 * when it is a months before the month under review: the nowcast's mean
 * share (delays, nowcast.h) at age a + offset, offset the months from the
 * month under review to the month registrations are counted up to (0
 * for a month after that one); 1 throughout without delays (NULL: a
 * history too short to tell). */
void band_shares(const nowcast_delays *delays, int offset,
    double f[NOWCAST_DELAYS]);

/*
 * Everything a chart draws of the series y[0..n-1] (NaN: not delivered),
 * whose last month is the month under review: into out[i], observed,
 * complete (f at the month's age, 1 from NOWCAST_DELAYS months on), the
 * average and the trend over the months before the provisional ones
 * (series_provisional(), aggregate.h), and with `banded` the alarm band
 * of every month (delays and age_last as for band_at(), age_last the age
 * of y[n - 1]); expected and upper NaN, alarm 0 where there is none.  The
 * nowcast is left NaN (nowcast.c makes it); out[i].month is the caller's.
 */
void band_series(const double *y, int n, const double f[NOWCAST_DELAYS],
    const farr_control *ctl, const nowcast_delays *delays, int age_last,
    int banded, series_point *out);

#endif
