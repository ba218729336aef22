/*
 * netchange — every phenomenon's change over the last 12 months against
 * the 12 before, region-wide, tested once for all (aggregate.h's
 * net_change): the report lists the clear ones and says how many were
 * screened; it computes nothing.
 *
 * Read back from the rows derived_write() has just stored in the run's
 * transaction: the phenomenon's count in an indicator without a filter
 * (all its facts, not those in public transport only), the least
 * completeness of the indicators counting it, and the dispersion of its
 * region-wide trend over the last 36 months.
 */
#include "derived.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/db.h"
#include "../core/grow.h"
#include "../core/month.h"

/* One phenomenon screened.  phi >= 1 (a trend without a dispersion, or
 * with less than a Poisson count's, counts as Poisson); complete in
 * (0, 1]. */
typedef struct net_test {
	char *code;
	double now, before, ratio, phi, complete, p, q;
} net_test;

static void
free_tests(net_test *v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i].code);
	free(v);
}

/* Every phenomenon with a region-wide comparison of the period (no
 * flag), into *v, *n of them. */
static int
screen(sqlite3 *db, const char *period, net_test **v, int *n, sv_err *e)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc, step;

	*v = NULL;
	*n = 0;
	/* a phenomenon's rows in several indicators have the same counts;
	 * its completeness is each indicator's phenomena's: the least */
	if ((rc = db_prepare(db, &st, "SELECT substr(v.breakdown, 12), "
	    "max(v.value), max(v.compare_value), max(v.rate_ratio), "
	    "min(coalesce(v.completeness, 1)), (SELECT t.dispersion FROM trend "
	    "t WHERE t.phenomenon = substr(v.breakdown, 12) AND t.zone IS NULL "
	    "ORDER BY t.from_month DESC LIMIT 1) FROM indicator_value v JOIN "
	    "indicator_def d ON d.indicator = v.indicator WHERE v.zone IS NULL "
	    "AND v.period = ?1 AND v.unit = 'facts' AND v.flag = '' AND "
	    "d.filter = '' AND v.breakdown LIKE 'phenomenon=%' AND v.value IS "
	    "NOT NULL AND v.compare_value IS NOT NULL GROUP BY 1 ORDER BY 1", e)))
		return rc;
	sqlite3_bind_text(st, 1, period, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		net_test *c;
		if (grow((void **)v, &cap, (size_t)*n + 1, sizeof **v)) {
			sqlite3_finalize(st);
			return sv_errf(e, SV_NOMEM, "aggregate: out of memory");
		}
		c = &(*v)[*n];
		if (!(c->code = strdup((const char *)sqlite3_column_text(st, 0)))) {
			sqlite3_finalize(st);
			return sv_errf(e, SV_NOMEM, "aggregate: out of memory");
		}
		(*n)++;
		c->now = db_column_real(st, 1);
		c->before = db_column_real(st, 2);
		c->ratio = db_column_real(st, 3);
		c->complete = db_column_real(st, 4);
		c->phi = db_column_real(st, 5);
		c->phi = isfinite(c->phi) && c->phi > 1 ? c->phi : 1;
	}
	return db_finish(db, st, step, e);
}

/* Quasi-Poisson: of the two periods' facts T, the last 12 months hold
 * T / 2 if nothing changed, with the variance phi T / 4 (a Poisson
 * count's, phi times): z = (now - before) / sqrt(phi T), two-sided; then
 * the Benjamini-Hochberg q-values over every phenomenon screened. */
static int
test_all(net_test *v, int n, sv_err *e)
{
	for (int i = 0; i < n; i++) {
		double t = v[i].now + v[i].before;
		v[i].p = t > 0 ? erfc(fabs(v[i].now - v[i].before) /
		    sqrt(v[i].phi * t) / M_SQRT2) : 1;
	}
	if (n && stats_bh(&v[0].p, &v[0].q, n, sizeof *v))
		return sv_errf(e, SV_NOMEM, "aggregate: out of memory");
	return SV_OK;
}

/* Whether the change is clear: its q below NET_CHANGE_Q.  Both periods
 * are counted as registered by the same point (the 12 before as they
 * stood a year ago, indicators.c), so a fall is one as much as a rise. */
static int
clear(const net_test *t)
{
	return t->q < NET_CHANGE_Q;
}

static int
store(sqlite3 *db, const char *period, const net_test *v, int n, sv_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_exec(db, "DELETE FROM net_change", e)) ||
	    (rc = db_prepare(db, &st, "INSERT INTO net_change(phenomenon, "
	    "period, now, before, rate_ratio, dispersion, completeness, p_value, "
	    "q_value, clear) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	    e)))
		return rc;
	for (int i = 0; i < n && !rc; i++) {
		sqlite3_bind_text(st, 1, v[i].code, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, period, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, (long long)v[i].now);
		sqlite3_bind_int64(st, 4, (long long)v[i].before);
		db_bind_real(st, 5, v[i].ratio);
		db_bind_real(st, 6, v[i].phi);
		db_bind_real(st, 7, v[i].complete);
		db_bind_real(st, 8, v[i].p);
		db_bind_real(st, 9, v[i].q);
		sqlite3_bind_int(st, 10, clear(&v[i]));
		rc = db_step_done(st, e);
	}
	sqlite3_finalize(st);
	return rc;
}

int
netchange_write(sqlite3 *db, int through, int *screened, sv_err *e)
{
	char period[40];
	net_test *v;
	int n, rc;

	month_span(through - 11, through, period, sizeof period);
	if (!(rc = screen(db, period, &v, &n, e)) && !(rc = test_all(v, n, e)))
		rc = store(db, period, v, n, e);
	*screened = n;
	free_tests(v, n);
	return rc;
}
