/*
 * aggregate — one transaction that rebuilds everything derived from the
 * incidents (see aggregate.h).
 */
#include "aggregate.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/db.h"
#include "../core/month.h"
#include "cube.h"
#include "derived.h"
#include <pthread.h>

static double
seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
record_run(sqlite3 *db, const cube *c, sv_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_prepare(db, &st, "INSERT INTO aggregate_run(through, "
	    "incidents, at) VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
	    e)))
		return rc;
	sqlite3_bind_int(st, 1, month_to_yyyymm(c->through));
	sqlite3_bind_int64(st, 2, c->incidents);
	rc = db_step_done(st, e);
	sqlite3_finalize(st);
	return rc;
}

typedef struct job {
	const cube *c;
	derived *d;
} job;

static void *
compute(void *arg)
{
	job *j = arg;

	derived_compute(j->c, j->d);
	return NULL;
}

/* Write the cube while another thread computes the indicators and
 * trends from it: the two take about the same time. */
static int
write_and_compute(sqlite3 *db, const cube *c, derived *d, sv_err *e)
{
	job j = { c, d };
	pthread_t worker;
	int rc, threaded = pthread_create(&worker, NULL, compute, &j) == 0;

	if (!threaded)
		derived_compute(c, d);
	rc = cube_write(db, c, e);
	if (threaded)
		pthread_join(worker, NULL);
	return rc ? rc : derived_write(db, c, d, e);
}

int
aggregate_run(sqlite3 *db, const aggregate_opts *o, FILE *log, sv_err *e)
{
	double t0 = seconds();
	cube *c = calloc(1, sizeof *c);
	farr_control ctl = farr_monthly;
	char month[16];
	derived d;
	int rc;

	memset(&d, 0, sizeof d);
	if (!c)
		return sv_errf(e, SV_SOFTWARE, "out of memory");
	if ((rc = db_begin(db, e)))
		goto out;
	ctl.method = o->nbplugin ? FARR_NBPLUGIN : FARR_DELTA;
	if ((rc = cube_scan(db, o->through, c, e)) ||
	    (rc = derived_plan(db, c, &ctl, o->backtest, &d, e)) ||
	    (rc = write_and_compute(db, c, &d, e)) ||
	    (rc = record_run(db, c, e)) || (rc = db_commit(db, e))) {
		db_rollback(db);
		goto out;
	}
	month_format(c->through, month, sizeof month);
	fprintf(log, "aggregate: %ld incidents through %s (%ld unmapped, "
	    "%ld outside the 20 years up to it); %lld cube cells, %ld indicator "
	    "values, %ld trends, %lld alarms in %s, %ld modus operandi "
	    "signals; %lld zone-months not delivered; %.2f s\n",
	    c->incidents, month, c->unmapped,
	    c->outside, db_scalar(db, "SELECT count(*) FROM cube"), (long)d.nrows,
	    (long)d.ntrends, db_scalar(db, "SELECT count(*) FROM alarm WHERE alarm "
	    "AND month = (SELECT max(month) FROM alarm)"), month, (long)d.nmodus,
	    db_scalar(db, "SELECT count(*) FROM coverage WHERE NOT delivered"),
	    seconds() - t0);
out:
	derived_free(&d);
	cube_free(c);
	free(c);
	return rc;
}
