/*
 * derived — what aggregate derives from the cube: the catalogue's
 * indicator values (indicators.c) and the trends (trends.c).
 *
 * Private to aggregate/.  For the month under review t and every level
 * (the region, each zone, or each commune for commune breakdowns), each
 * indicator gets three periods — the month (against the same month a year
 * before), the year to date (against the same months a year before) and
 * the last 12 months (against the 12 before) — with the rate ratio, its
 * 95% interval and the exact test's p-value (stats.h).  Periods touching a
 * month not delivered are flagged "incomplete" and carry no comparison.
 *
 * The series the report draws, with their alarm bands (bands.c, band.h).
 *
 * Trends: every phenomenon, and every measure's phenomena together
 * ("measure:M1.10"), for the region and each zone, over the last 36 months
 * and the whole history; months not delivered are left out of a series.
 *
 * Three steps, so that the arithmetic can run in a thread of its own while
 * the cube is written: derived_plan() reads what it needs from the
 * database; derived_compute() touches neither the database nor anything
 * but its own results (thread-safe); derived_write() stores the results.
 */
#ifndef SUIVI_DERIVED_H
#define SUIVI_DERIVED_H

#include <sqlite3.h>

#include "../core/catalogue.h"
#include "../core/err.h"
#include "cube.h"
#include "farrington.h"
#include "aggregate.h"
#include "nowcast.h"
#include "../core/stats.h"

/* One catalogue row, parsed (the reference loader bounded its lengths and
 * checked its words). */
typedef struct def {
	char indicator[REF_CODE_MAX + 1], measure[REF_MEASURE_MAX + 1];
	char unit[REF_CODE_MAX + 1];
	enum cat_kind kind;
	enum cat_breakdown breakdown;
	enum cat_filter filter;
	int axis;
	enum basis basis;
	unsigned char in[CUBE_MAX_PHEN + 1];    /* the phenomena it counts */
} def;

/* A set of phenomena whose monthly series gets a trend. */
typedef struct trend_set {
	char name[64];
	unsigned char in[CUBE_MAX_PHEN + 1];
} trend_set;

/* Where a value is: the region (zone and commune -1), a zone index, or a
 * commune index (with its zone). */
typedef struct level {
	int zone, commune;
} level;

typedef struct ind_row {
	const def *d;
	level lv;
	char period[32];
	const char *bkey, *bvalue;      /* the breakdown, key=value (the cube's
	                                   strings, whole); NULL key: all */
	double value, compare, ratio, low, high, p;
	/* the counts behind value and compare: facts (count, rate; the base
	 * of a rate is its population), or numerator and base (share,
	 * repeat); NaN where there is none */
	double n, base, n0, base0;
	double completeness;    /* the expected share of the period's facts
	                           registered by now, where under
	                           NOWCAST_COMPLETE (the delays of the
	                           indicator's phenomena, nowcast.h); else NaN */
	const char *flag;
} ind_row;

typedef struct trend_row {
	const trend_set *set;
	int zone, from, to, months;
	trend_fit fit;
	mk_result mk;
} trend_row;

typedef struct alarm_row {
	int month, phenomenon, zone;    /* month index, cube indexes (-1 region) */
	double observed, expected, upper, pvalue, score;
	int alarm;
	const char *method;
	double completeness;    /* the month's expected share registered by
	                           now, when the threshold allows for it
	                           (nowcast_threshold()); NaN otherwise */
} alarm_row;

typedef struct modus_row {
	int phenomenon, zone, mo, first_seen;   /* first_seen: month index */
	long recent, baseline;
	double share_recent, share_baseline, pvalue, qvalue;
	const char *kind;
} modus_row;

/* One month of an indicator's series for the region, as its chart draws
 * it (indicators_eval()): a share's numerator and base; each part's facts
 * (a sex, a modus operandi code) with the base of all the parts; or the
 * authors of the 12 months to the month (base) and those among them
 * involved more than once (n).  part points into static text or into
 * the cube's codes: it lives as long as the cube. */
typedef struct series_row {
	const def *d;
	int month;              /* month index */
	const char *part;       /* "", a sex word or a modus operandi code */
	long n, base;
} series_row;

/* The nowcast of a trend set's recent month, for the region; for each
 * zone too for a measure's phenomena together (nowcast.c). */
typedef struct nowcast_row {
	const trend_set *set;
	int zone;               /* zone index, -1 for the region */
	int month;              /* month index */
	double observed;        /* facts registered by `through` */
	nowcast_result result;
} nowcast_row;

/* One month of a series the report draws (bands.c): set in zone index
 * zone (-1: the region), pt.month a month index until written. */
typedef struct point_row {
	const trend_set *set;
	int zone;
	int banded;             /* its alarm band was computed */
	series_point pt;
} point_row;

typedef struct derived {
	farr_control alarms;    /* the Farrington settings */
	int backtest;           /* alarms for every month, not only the last */
	int raw_alarms;         /* thresholds for complete months even where
	                           registrations are still to come */
	const cube *late;       /* what the comparisons with a year before
	                           leave out (cube_late()), or NULL: they
	                           count every fact registered since */
	alarm_row *alarm_rows;
	size_t nalarms, capalarms;
	modus_row *modus_rows;
	size_t nmodus, capmodus;
	nowcast_row *nowcasts;
	size_t nnowcasts, capnowcasts;
	point_row *points;
	size_t npoints, cappoints;
	def *defs;
	int ndefs;
	trend_set *sets;
	int nsets;
	trend_set *chart_sets;  /* the incident indicators' phenomena
	                           ("indicator:NAME"), whose series their
	                           charts draw in the region */
	int nchart_sets;
	ind_row *rows;
	size_t nrows, caprows;
	series_row *series;
	size_t nseries, capseries;
	trend_row *trends;
	size_t ntrends, captrends;
	_Atomic int oom;        /* set by any part, from any thread */
} derived;

/* Room for one more row at the end of an array of d's (*v, *n of them in
 * *cap): its address, or NULL with d->oom set when memory runs out.  The
 * one way the parts of derived_compute() add a row. */
void *derived_push(derived *d, void *v, size_t *n, size_t *cap, size_t size);

/* Read the catalogue and trend sets; alarms as in ctl, for the month under
 * review or (backtest) every month.  c needs only its layout. */
int derived_plan(sqlite3 *db, const cube *c, const farr_control *ctl,
    int backtest, derived *d, sv_err *e);

/* Tell the cube, before it counts, which phenomena the catalogue wants
 * by sex, channel or place (cube_want()). */
void derived_wants(const derived *d, cube *c);
/* Every part below, in the order of derived_parts: what aggregate's
 * threads run, one after the other (for the tests, and a machine
 * without threads). */
void derived_compute(const cube *c, derived *d);
int derived_write(sqlite3 *db, const cube *c, const derived *d, sv_err *e);
void derived_free(derived *d);

/* The parts of derived_compute(): each writes only its own rows (and
 * oom), so that they may run in threads of their own. */
void indicators_eval(const cube *c, derived *d);
void trends_eval(const cube *c, derived *d);
void alarms_eval(const cube *c, derived *d);
void modus_eval(const cube *c, derived *d);
void nowcast_eval(const cube *c, derived *d);
/* After alarms_eval() and modus_eval(), whose rows say which series of
 * a phenomenon in a zone the report draws. */
void bands_eval(const cube *c, derived *d);

/* The parts, each with the thread aggregate runs it in (DERIVED_THREADS
 * of them, each running its parts in this order): the trends' and the
 * alarms' model fits weigh about the same, and grow with zones x
 * phenomena.  NULL-terminated. */
#define DERIVED_THREADS 2
typedef struct derived_part {
	void (*eval)(const cube *, derived *);
	int thread;
} derived_part;
extern const derived_part derived_parts[];

/* The monthly facts of the phenomena in `in` in zone index z (-1: the
 * region) from c->first to c->through into y, NaN where the month was
 * not delivered; their sum. */
double derived_counts(const cube *c, const unsigned char *in, int z,
    double *y);

/* The reporting triangle of the phenomena in `in` for the region:
 * rows[i][d], the facts of month index from + i registered d months
 * after it (zero outside the cube's months). */
void nowcast_triangle(const cube *c, const unsigned char *in, int from,
    int n, double (*rows)[NOWCAST_DELAYS]);

/* The delays of the phenomena in `in`, for the region, fitted on the
 * window before c's month under review (nowcast.h); -1: too few months. */
int nowcast_fit_cube(const cube *c, const unsigned char *in,
    nowcast_delays *out);

/* The months behind each modus-operandi signal into modus_month: at its
 * level and, for a zone's, the region's, the last CUBE_MO_MONTHS months
 * from the first delivered (modus.c). */
int modus_write_months(sqlite3 *db, const cube *c, const derived *o,
    sv_err *e);

/* The net changes of the month under review (aggregate.h), from the rows
 * derived_write() stored, into net_change; the phenomena screened in
 * *screened (netchange.c). */
int netchange_write(sqlite3 *db, int through, int *screened, sv_err *e);

#endif
