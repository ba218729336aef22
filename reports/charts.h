/*
 * charts — the charts of suivi, drawn by gnuplot through plot.h.
 *
 * Private to reports/ (the command line reaches them through reports.h).
 * Every chart reads the database only; series come from the cube by date
 * of facts, months not delivered are gaps (never zeros), and a label that
 * comes from data reaches gnuplot only through plot_string().
 */
#ifndef SUIVI_CHARTS_H
#define SUIVI_CHARTS_H

#include <sqlite3.h>

#include "../core/err.h"
#include "plot.h"

typedef struct chart_opts {
	const char *lang;       /* "fr", "nl" or "en" */
	int from, to;           /* yyyymm, 0: the whole history */
	enum plot_format fmt;
} chart_opts;

/* Monthly counts of `set` (a phenomenon code, or "measure:M5.9") for zone
 * (0: the region), with the 12-month moving average, the trend line, the
 * expected band and the alarms. */
int chart_series(sqlite3 *db, const char *set, int zone, const chart_opts *o,
    const char *path, sv_err *e);

/* The same set, one small chart per zone. */
int chart_zones(sqlite3 *db, const char *set, const chart_opts *o,
    const char *path, sv_err *e);

/* M1.10: partner violence by sex of the victim and of the author. */
int chart_sex(sqlite3 *db, const chart_opts *o, const char *path, sv_err *e);

/* How many months (of each zone, for zone -1; of zone, or of the region
 * for 0) hold between 1 and below - 1 facts of set: such a chart would
 * disclose small counts.  -1 on error. */
int chart_small_counts(sqlite3 *db, const char *set, int zone, int below,
    sv_err *e);

/* Zone x month: delivered or not. */
int chart_coverage(sqlite3 *db, const chart_opts *o, const char *path,
    sv_err *e);

#endif
