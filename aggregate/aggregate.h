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

/*
 * Net changes (table net_change, the last run's): every phenomenon with a
 * region-wide comparison of its last 12 months against the 12 before (an
 * indicator without a filter, no flag) is tested as quasi-Poisson with
 * its trend's dispersion, and a change is clear where its
 * Benjamini-Hochberg q-value across them all is below NET_CHANGE_Q, a
 * fall only where it holds once the facts still to come are counted.
 * Whether a period is too small to be published is the report's to say.
 */
#define NET_CHANGE_Q 0.05

/* A modus operandi signal (modus_signal) compares its last
 * MODUS_RECENT months with the MODUS_BASELINE before (aggregate/modus.c);
 * modus_month keeps its last 60 months. */
#define MODUS_RECENT 3
#define MODUS_BASELINE 24

/* The month the last run reviewed (yyyymm) into *through; SV_DATAERR,
 * saying to aggregate first, when none ran (who names the command). */
int aggregate_through(sqlite3 *db, const char *who, int *through, sv_err *e);

/* Prints a summary line to log. */
int aggregate_run(sqlite3 *db, const aggregate_opts *o, FILE *log, sv_err *e);

/*
 * The monthly series charts draw, as aggregate computed them.  A series
 * is a set of phenomena (a phenomenon's code, "measure:Mx.y": those
 * feeding the measure, or "indicator:NAME": those the indicator counts)
 * in the region (zone 0) or a zone, from the first month delivered to
 * the month under review.  Months with less than SERIES_COMPLETE of
 * their facts registered by now (as the nowcast's delays say, nowcast.h)
 * are provisional; the average and the trend leave them out.
 */
#define SERIES_COMPLETE 0.9

typedef struct series_point {
	int month;              /* yyyymm */
	double observed;        /* the facts; NaN: a month not delivered */
	double complete;        /* the expected share registered by now */
	double average;         /* of the 12 months to it; NaN: none */
	double trend;           /* exp(a + b t) on the complete months */
	double expected, upper; /* the alarm band; NaN: none */
	int alarm;
	double nowcast, lower, higher;  /* and its 95% interval; NaN: none */
} series_point;

/*
 * The series of set in zone (0: the region), *n months in a malloc'd
 * array.  aggregate writes the series the report draws (the table
 * series_month: every set in the region; each measure's in each zone;
 * a phenomenon in the zone of an alarm or a modus operandi signal of
 * the month under review) and their alarm bands (the measures' in the
 * region, the alarms' and signals' series), from the counts and by the
 * code the alarm table comes from: a band and its alarm points are the
 * alarm table's.  A series not written, or with banded a band not
 * written, is computed here from aggregate's tables by the same code
 * and with the settings of the last aggregate run.  SV_USAGE when set
 * names no phenomenon; temp.series_set then holds set's phenomena
 * (aggregate_set_fill()).
 */
int aggregate_series(sqlite3 *db, const char *set, int zone, int banded,
    series_point **out, int *n, sv_err *e);

/* The index of the first of the last months each less than
 * SERIES_COMPLETE registered, or n: where the provisional months begin. */
int series_provisional(const series_point *pt, int n);

/* The alarms of month MONTH (SQL: "?1", a subquery), one row per series
 * (phenomenon, zone): of the methods that raised one (a short series is
 * screened by EARS C1, C2 and C3 at once), the most certain: by p-value,
 * then (EARS gives none) a strict method's (C1, C2) before C3's, then the
 * margin over the threshold.  Columns: phenomenon, zone, observed,
 * expected, upper, p_value, method; AGGREGATE_ALARMS_ORDER lists them
 * the most certain first. */
#define AGGREGATE_ALARMS(MONTH) "SELECT phenomenon, zone, observed, " \
	"expected, upper, p_value, method FROM (SELECT *, row_number() OVER " \
	"(PARTITION BY phenomenon, coalesce(zone, 0) ORDER BY p_value IS " \
	"NULL, p_value, method = 'ears_c3', observed - upper DESC, method) AS " \
	"k FROM alarm WHERE alarm AND month = " MONTH ") WHERE k = 1"
#define AGGREGATE_ALARMS_ORDER " ORDER BY p_value IS NULL, p_value, " \
	"method = 'ears_c3', observed - upper DESC, phenomenon, zone"

/* The chance that a series with no real change crosses the threshold of
 * alarm method `method` (the alarm table's) in a month: alpha, the last
 * run's, for Farrington's; EARS's own for its three. */
double aggregate_method_alpha(const char *method, double alpha);

/* Fill the temp table series_set(phenomenon) with the phenomena of set,
 * *n of them. */
int aggregate_set_fill(sqlite3 *db, const char *set, long long *n,
    sv_err *e);

#endif
