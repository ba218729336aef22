/*
 * aggregate — the second stage: incidents into what the plan's monitoring
 * measures ask for.
 *
 * The public face of aggregate/.  aggregate_run() rebuilds, in one
 * transaction, everything derived from the incidents: the label mapping
 * (raw phenomenon labels onto the nomenclature, "unmapped" kept and
 * counted), the monthly cube by date of facts and by date of
 * registration, zone-month coverage, the indicator values of the catalogue
 * (reference/indicators.csv) for the month under review, and the trends.
 * Nothing is edited in place, so fixing an alias and aggregating again
 * fixes every figure without re-ingesting.  A zone-month not delivered is
 * never a zero: values touching it are flagged "incomplete" and their
 * comparisons are not computed.
 */
#ifndef SUIVI_AGGREGATE_H
#define SUIVI_AGGREGATE_H

#include <sqlite3.h>
#include <stdio.h>

#include "../core/err.h"
#include "nowcast.h"

typedef struct aggregate_opts {
	int through;            /* the month under review, yyyymm; 0: the last
	                           month with a delivery */
	int backtest;           /* alarms for every month of the history */
	int nbplugin;           /* alarms with the negative binomial threshold
	                           instead of the 2/3-power "delta" one */
	int raw_alarms;         /* no allowance for registrations still to
	                           come in the thresholds of recent months */
	int cut;                /* as the database stood at the end of
	                           `through`: only what was registered by then */
	int rebuild;            /* rewrite every month of the cube table */
	const char *as_of;      /* the deliveries and incidents as they stood
	                           at that moment (core/delivery.h's form), or
	                           NULL for now */
} aggregate_opts;

/* Prints a summary line to log. */
int aggregate_run(sqlite3 *db, const aggregate_opts *o, FILE *log, sv_err *e);

/*
 * The expected band of a monthly series as the alarms compute it: for
 * every month k of y[0..n-1] (NaN: not delivered) from which the improved
 * Farrington method can run, the expected count, the upper bound and
 * whether the month is an alarm, by the same code and settings as the
 * alarm table (nbplugin: the negative binomial threshold); NaN and 0
 * before that, or where no model could be fitted.  With delays (the
 * series' phenomena's, nowcast_fit()), the months not yet complete get
 * the threshold for the count expected by now, as the alarm table's do;
 * y[n - 1] is age_last months before the month under review.  For charts.
 */
void aggregate_band(const double *y, int n, int nbplugin,
    const nowcast_delays *delays, int age_last, double *expected,
    double *upper, int *alarm);

#endif
