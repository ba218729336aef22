/*
 * series — a chart's series as aggregate wrote it, or computed from
 * aggregate's tables by band.h's code when it did not write that one
 * (aggregate.h: aggregate_series()).
 */
#include "band.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/db.h"
#include "../core/month.h"

int
aggregate_set_fill(sqlite3 *db, const char *set, long long *n, sv_err *e)
{
	sqlite3_stmt *st;
	int rc;
	const char *sql = !strncmp(set, "measure:", 8) ?
	    "INSERT OR IGNORE INTO series_set SELECT phenomenon FROM "
	    "phenomenon_measure WHERE measure = substr(?1, 9)" :
	    "INSERT OR IGNORE INTO series_set SELECT code FROM phenomenon WHERE "
	    "code = ?1";

	if (!strncmp(set, "indicator:", 10))
		sql = "INSERT OR IGNORE INTO series_set SELECT p.code FROM "
		    "indicator_def d, phenomenon p WHERE d.indicator = substr(?1, 11) "
		    "AND (' ' || d.phenomena || ' ' LIKE '% ' || p.code || ' %' OR "
		    "' ' || d.phenomena || ' ' LIKE '% all %' OR (' ' || d.phenomena "
		    "|| ' ' LIKE '% pow %' AND p.police_on_web) OR (' ' || d.phenomena "
		    "|| ' ' LIKE '% measure %' AND p.code IN (SELECT phenomenon FROM "
		    "phenomenon_measure WHERE measure = d.measure)))";
	if ((rc = db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS series_set("
	    "phenomenon TEXT PRIMARY KEY); DELETE FROM series_set", e)) ||
	    (rc = db_prepare(db, &st, sql, e)))
		return rc;
	sqlite3_bind_text(st, 1, set, -1, SQLITE_STATIC);
	rc = db_step_done(st, e);
	sqlite3_finalize(st);
	return rc ? rc : db_integer(db, "SELECT count(*) FROM series_set", n, e);
}

/* What the last aggregate run was: its months and its alarm settings
 * (a run by a suivi that did not record them had the defaults). */
typedef struct run {
	int first, through, as_of;      /* month indexes */
	farr_control ctl;
	int raw;                        /* no allowance for registrations */
} run;

static int
last_run(sqlite3 *db, run *r, sv_err *e)
{
	sqlite3_stmt *st;
	long long first;
	int rc, found;

	r->ctl = farr_monthly;
	r->raw = 0;
	if ((rc = db_integer(db, "SELECT coalesce(min(month), 0) FROM coverage",
	    &first, e)) || (rc = db_prepare(db, &st, "SELECT through, "
	    "coalesce(as_of, through), method, alpha, raw_alarms FROM "
	    "aggregate_run ORDER BY id DESC LIMIT 1", e)))
		return rc;
	if ((rc = db_lookup(db, st, &found, e)) == SV_OK && found && first > 0) {
		r->first = month_from_yyyymm((int)first);
		r->through = month_from_yyyymm(sqlite3_column_int(st, 0));
		r->as_of = month_from_yyyymm(sqlite3_column_int(st, 1));
		if (sqlite3_column_type(st, 2) != SQLITE_NULL)
			r->ctl.method = !strcmp((const char *)sqlite3_column_text(st,
			    2), "farrington_nbplugin") ? FARR_NBPLUGIN : FARR_DELTA;
		if (sqlite3_column_type(st, 3) != SQLITE_NULL)
			r->ctl.alpha = sqlite3_column_double(st, 3);
		r->raw = sqlite3_column_int(st, 4);
	}
	sqlite3_finalize(st);
	if (!rc && (!found || first <= 0))
		rc = sv_errf(e, SV_DATAERR, "nothing aggregated yet: run 'suivi "
		    "aggregate' first");
	return rc;
}

/* The counts of series_set in zone (0: the region) month by month,
 * NaN where the month was not delivered (by the zone; by any zone for
 * the region), as the cube had them. */
static int
load_counts(sqlite3 *db, const run *r, int zone, double *y, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, step, n = r->through - r->first + 1;

	for (int i = 0; i < n; i++)
		y[i] = 0;
	if ((rc = db_prepare(db, &st, "SELECT month, sum(n) FROM month_total "
	    "WHERE phenomenon IN (SELECT phenomenon FROM series_set) AND (?1 = 0 "
	    "OR zone = ?1) GROUP BY month UNION ALL SELECT month, NULL FROM "
	    "coverage WHERE NOT delivered AND (?1 = 0 OR zone = ?1)", e)))
		return rc;
	sqlite3_bind_int(st, 1, zone);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int i = month_from_yyyymm(sqlite3_column_int(st, 0)) - r->first;
		if (i < 0 || i >= n)
			continue;
		if (sqlite3_column_type(st, 1) == SQLITE_NULL)
			y[i] = NAN;
		else if (!isnan(y[i]))
			y[i] = sqlite3_column_double(st, 1);
	}
	return db_finish(db, st, step, e);
}

/* The reporting triangle of series_set for the region: rows[i][d], the
 * facts of month index from + i registered d months after it. */
static int
load_triangle(sqlite3 *db, int from, int n, int all,
    double (*rows)[NOWCAST_DELAYS], sv_err *e)
{
	sqlite3_stmt *st;
	int rc, step;

	memset(rows, 0, (size_t)n * sizeof *rows);
	if ((rc = db_prepare(db, &st, "SELECT month, delay, sum(count) FROM "
	    "delay WHERE (?3 OR phenomenon IN (SELECT phenomenon FROM "
	    "series_set)) AND month BETWEEN ?1 AND ?2 GROUP BY 1, 2", e)))
		return rc;
	sqlite3_bind_int(st, 1, month_to_yyyymm(from));
	sqlite3_bind_int(st, 2, month_to_yyyymm(from + n - 1));
	sqlite3_bind_int(st, 3, all);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int i = month_from_yyyymm(sqlite3_column_int(st, 0)) - from;
		int d = sqlite3_column_int(st, 1);
		if (i >= 0 && i < n && d >= 0 && d < NOWCAST_DELAYS)
			rows[i][d] = sqlite3_column_double(st, 2);
	}
	return db_finish(db, st, step, e);
}

/* ok[i]: whether every zone that delivered any of the n months from
 * `from` delivered month from + i (as nowcast.c's delivered_rows() says
 * from the cube, here from the coverage it wrote). */
static int
load_delivered(sqlite3 *db, int from, int n, unsigned char *ok, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, step;

	memset(ok, 0, (size_t)n);
	if ((rc = db_prepare(db, &st, "SELECT month FROM coverage WHERE month "
	    "BETWEEN ?1 AND ?2 AND zone IN (SELECT zone FROM coverage WHERE "
	    "month BETWEEN ?1 AND ?2 AND delivered = 1) GROUP BY month HAVING "
	    "min(delivered) = 1", e)))
		return rc;
	sqlite3_bind_int(st, 1, month_to_yyyymm(from));
	sqlite3_bind_int(st, 2, month_to_yyyymm(from + n - 1));
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int i = month_from_yyyymm(sqlite3_column_int(st, 0)) - from;
		if (i >= 0 && i < n)
			ok[i] = 1;
	}
	return db_finish(db, st, step, e);
}

/* The set's delays as nowcast_fit_cube() fits them: shrunk toward every
 * phenomenon's.  SV_OK with *fitted 0 where they cannot be. */
static int
load_fit(sqlite3 *db, const run *r, nowcast_delays *fit, int *fitted,
    sv_err *e)
{
	double rows[NOWCAST_ROWS][NOWCAST_DELAYS];
	unsigned char ok[NOWCAST_ROWS];
	nowcast_delays group;
	int rc, from = r->as_of - NOWCAST_ROWS + 1;

	*fitted = 0;
	if ((rc = load_delivered(db, from, NOWCAST_ROWS, ok, e)) ||
	    (rc = load_triangle(db, from, NOWCAST_ROWS, 1, rows, e)))
		return rc;
	if (nowcast_fit((const double (*)[NOWCAST_DELAYS])rows, NOWCAST_ROWS,
	    ok, NULL, &group))
		return SV_OK;
	if ((rc = load_triangle(db, from, NOWCAST_ROWS, 0, rows, e)))
		return rc;
	*fitted = !nowcast_fit((const double (*)[NOWCAST_DELAYS])rows,
	    NOWCAST_ROWS, ok, &group, fit);
	return SV_OK;
}

/* The series computed from aggregate's tables. */
static int
compute(sqlite3 *db, const run *r, int zone, int banded, series_point *pt,
    sv_err *e)
{
	double f[NOWCAST_DELAYS];
	int n = r->through - r->first + 1, rc, fitted = 0;
	double *y = malloc((size_t)n * sizeof *y);
	nowcast_delays fit;

	if (!y)
		return sv_errf(e, SV_NOMEM, "out of memory");
	if (!(rc = load_counts(db, r, zone, y, e)) &&
	    !(rc = load_fit(db, r, &fit, &fitted, e)))
		band_shares(fitted ? &fit : NULL, r->as_of - r->through, f);
	const nowcast_delays *delays = fitted && banded && !r->raw ? &fit : NULL;
	if (!rc)
		band_series(y, n, f, &r->ctl, delays, r->as_of - r->through, banded,
		    pt);
	free(y);
	return rc;
}

/* The series as aggregate wrote it: *found 0 when it did not (or not
 * its band, when banded is asked for). */
static int
load_written(sqlite3 *db, const run *r, const char *set, int zone,
    int banded, series_point *pt, int *found, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, step, n = r->through - r->first + 1, rows = 0, band = 0;

	if ((rc = db_prepare(db, &st, "SELECT month, observed, complete, "
	    "average, trend, expected, upper, alarm FROM series_month WHERE "
	    "series = ?1 AND zone = ?2", e)))
		return rc;
	sqlite3_bind_text(st, 1, set, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, zone);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int i = month_from_yyyymm(sqlite3_column_int(st, 0)) - r->first;
		if (i < 0 || i >= n)
			continue;
		pt[i] = (series_point){ 0, db_column_real(st, 1), db_column_real(st, 2),
		    db_column_real(st, 3), db_column_real(st, 4), db_column_real(st, 5), db_column_real(st, 6),
		    sqlite3_column_int(st, 7), NAN, NAN, NAN };
		band |= sqlite3_column_type(st, 7) != SQLITE_NULL;
		rows++;
	}
	*found = rows == n && (band || !banded);
	return db_finish(db, st, step, e);
}

/* The nowcasts aggregate made of the series' recent months. */
static int
load_nowcast(sqlite3 *db, const run *r, const char *set, int zone,
    series_point *pt, int n, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, step;

	if ((rc = db_prepare(db, &st, "SELECT month, nowcast, lower, upper FROM "
	    "nowcast WHERE phenomenon = ?1 AND coalesce(zone, 0) = ?2 AND "
	    "nowcast IS NOT NULL", e)))
		return rc;
	sqlite3_bind_text(st, 1, set, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, zone);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int i = month_from_yyyymm(sqlite3_column_int(st, 0)) - r->first;
		if (i < 0 || i >= n || isnan(pt[i].observed))
			continue;
		pt[i].nowcast = sqlite3_column_double(st, 1);
		pt[i].lower = sqlite3_column_double(st, 2);
		pt[i].higher = sqlite3_column_double(st, 3);
	}
	return db_finish(db, st, step, e);
}

int
aggregate_series(sqlite3 *db, const char *set, int zone, int banded,
    series_point **out, int *n, sv_err *e)
{
	series_point *pt = NULL;
	long long members;
	int rc, found = 0;
	run r;

	*out = NULL;
	*n = 0;
	if ((rc = last_run(db, &r, e)) ||
	    (rc = aggregate_set_fill(db, set, &members, e)))
		return rc;
	if (!members)
		return sv_errf(e, SV_USAGE, "'%s' names no phenomenon", set);
	if (r.through < r.first ||
	    !(pt = calloc((size_t)(r.through - r.first + 1), sizeof *pt)))
		return r.through < r.first ? sv_errf(e, SV_DATAERR, "nothing "
		    "aggregated yet: run 'suivi aggregate' first") :
		    sv_errf(e, SV_NOMEM, "out of memory");
	*n = r.through - r.first + 1;
	if (!(rc = load_written(db, &r, set, zone, banded, pt, &found, e)) &&
	    !found)
		rc = compute(db, &r, zone, banded, pt, e);
	for (int i = 0; !rc && i < *n; i++)
		pt[i].month = month_to_yyyymm(r.first + i);
	if (!rc && !(rc = load_nowcast(db, &r, set, zone, pt, *n, e))) {
		*out = pt;
		return SV_OK;
	}
	free(pt);
	*n = 0;
	return rc;
}
