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
#include "../core/text.h"
#include "cube.h"
#include "derived.h"
#include "farrington.h"
#include <pthread.h>

static double
seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The run and the settings its figures depend on, so that what reads
 * them later (a chart computing a series the run did not write) need
 * not guess. */
static int
record_run(sqlite3 *db, const cube *c, const aggregate_opts *o,
    const farr_control *ctl, int screened, sv_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_prepare(db, &st, "INSERT INTO aggregate_run(through, "
	    "incidents, at, as_of, as_of_time, method, alpha, raw_alarms, "
	    "backtest, cut, screened) VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', "
	    "'now'), ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", e)))
		return rc;
	sqlite3_bind_int(st, 1, month_to_yyyymm(c->through));
	sqlite3_bind_int64(st, 2, c->incidents);
	sqlite3_bind_int(st, 3, month_to_yyyymm(c->as_of));
	if (o->as_of)
		sqlite3_bind_text(st, 4, o->as_of, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, ctl->method == FARR_NBPLUGIN ?
	    "farrington_nbplugin" : "farrington_delta", -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 6, ctl->alpha);
	sqlite3_bind_int(st, 7, o->raw_alarms != 0);
	sqlite3_bind_int(st, 8, o->backtest != 0);
	sqlite3_bind_int(st, 9, o->cut != 0);
	sqlite3_bind_int(st, 10, screened);
	rc = db_step_done(st, e);
	sqlite3_finalize(st);
	return rc;
}

/* Keep the run's alarms and modus operandi signals as they were raised
 * (schema 15): a month's first stays; a back-test's gives way to the
 * month's own run. */
static int
keep_raised(sqlite3 *db, sv_err *e)
{
	int rc;

	if ((rc = db_exec(db, "INSERT INTO alarm_raised SELECT a.month, "
	    "a.phenomenon, coalesce(a.zone, 0), a.observed, a.expected, a.upper, "
	    "a.completeness, a.method, r.id, r.backtest FROM alarm a, (SELECT "
	    "id, backtest FROM aggregate_run ORDER BY id DESC LIMIT 1) r WHERE "
	    "a.alarm ON CONFLICT (month, phenomenon, zone, method) DO UPDATE SET "
	    "observed = excluded.observed, expected = excluded.expected, upper = "
	    "excluded.upper, completeness = excluded.completeness, run = "
	    "excluded.run, backtest = 0 WHERE "
	    "alarm_raised.backtest = 1 AND excluded.backtest = 0", e)))
		return rc;
	return db_exec(db, "INSERT OR IGNORE INTO modus_raised SELECT r.through, "
	    "s.phenomenon, coalesce(s.zone, 0), s.modus_operandi, s.kind, "
	    "s.recent, s.baseline, r.id FROM modus_signal s, (SELECT id, through "
	    "FROM aggregate_run ORDER BY id DESC LIMIT 1) r", e);
}

typedef struct job {
	const cube *c;
	derived *d;
	int thread;             /* the parts of derived_parts it runs */
	pthread_t id;
	int started;
} job;

static void *
compute(void *arg)
{
	job *j = arg;

	for (const derived_part *p = derived_parts; p->eval; p++)
		if (p->thread == j->thread)
			p->eval(j->c, j->d);
	return NULL;
}

/* Write the cube while more threads compute from it, each its parts of
 * derived_parts.  A thread that cannot be started runs here after. */
static int
write_and_compute(sqlite3 *db, const cube *c, derived *d, int rebuild,
    int *rewritten, sv_err *e)
{
	job jobs[DERIVED_THREADS];
	int rc;

	for (int i = 0; i < DERIVED_THREADS; i++) {
		jobs[i] = (job){ c, d, i, 0, 0 };
		jobs[i].started = pthread_create(&jobs[i].id, NULL, compute,
		    &jobs[i]) == 0;
	}
	rc = cube_write(db, c, rebuild, rewritten, e);
	for (int i = 0; i < DERIVED_THREADS; i++)
		if (jobs[i].started)
			pthread_join(jobs[i].id, NULL);
		else
			compute(&jobs[i]);
	return rc ? rc : derived_write(db, c, d, e);
}

/* One line saying what the run did. */
static int
log_run(sqlite3 *db, const cube *c, const derived *d, int rewritten,
    double t0, FILE *log, sv_err *e)
{
	long long cells, alarms, missing;
	char month[16];
	int rc;

	if ((rc = db_integer(db, "SELECT coalesce(sum(cells), 0) FROM "
	    "cube_month", &cells, e)) ||
	    (rc = db_integer(db, "SELECT count(*) FROM (" AGGREGATE_ALARMS(
	    "(SELECT max(month) FROM alarm)") ")", &alarms, e)) ||
	    (rc = db_integer(db, "SELECT count(*) FROM coverage WHERE NOT "
	    "delivered", &missing, e)))
		return rc;
	month_format(c->through, month, sizeof month);
	fprintf(log, "aggregate: %ld incidents through %s (%ld unmapped, "
	    "%ld outside the 20 years up to it; %ld read, %s); %lld cube cells "
	    "(%d months rewritten), %ld indicator values, %ld trends, %lld alarms "
	    "in %s, %ld modus operandi signals; %lld zone-months not delivered; "
	    "%.2f s\n", c->incidents, month, c->unmapped, c->outside, c->read,
	    c->afresh ? "all afresh" : "what changed since the last run", cells,
	    rewritten, (long)d->nrows,
	    (long)d->ntrends, alarms, month, (long)d->nmodus, missing,
	    seconds() - t0);
	return SV_OK;
}

/* A later month than the one under review that few zones delivered (a
 * stray row, a zone ahead of the others): named, with how to review it. */
static int
say_stray(sqlite3 *db, const cube *c, FILE *log, sv_err *e)
{
	sqlite3_stmt *st;
	char later[16], month[16];
	int rc, step;

	if (c->latest <= c->through)
		return SV_OK;
	month_format(c->latest, later, sizeof later);
	month_format(c->through, month, sizeof month);
	fprintf(log, "aggregate: %s is delivered by too few zones to be the "
	    "month under review, which is %s (aggregate --through %s reviews "
	    "it):", later, month, later);
	if ((rc = db_prepare(db, &st, "SELECT DISTINCT e.zone, e.path FROM "
	    "temp.delivery_at l JOIN extract e ON e.id = l.id LEFT JOIN "
	    "extract_month m ON m.extract = l.id WHERE l.rank IS NOT NULL AND "
	    "(l.month > ?1 OR m.month > ?1) ORDER BY 1, 2", e)))
		return rc;
	sqlite3_bind_int(st, 1, month_to_yyyymm(c->through));
	for (int n = 0; (step = sqlite3_step(st)) == SQLITE_ROW; n++) {
		fprintf(log, "%s zone %d, ", n ? ";" : "", sqlite3_column_int(st, 0));
		text_fputs_safe(log, (const char *)sqlite3_column_text(st, 1));
	}
	fputs(".\n", log);
	return db_finish(db, st, step, e);
}

int
aggregate_run(sqlite3 *db, const aggregate_opts *o, FILE *log, sv_err *e)
{
	double t0 = seconds();
	cube *c = calloc(1, sizeof *c), *late = calloc(1, sizeof *late);
	farr_control ctl = farr_monthly;
	derived d;
	int rc, rewritten = 0, screened = 0;

	memset(&d, 0, sizeof d);
	if (!c || !late) {
		free(c);
		free(late);
		return sv_errf(e, SV_NOMEM, "out of memory");
	}
	if ((rc = db_begin(db, e)))
		goto out;
	ctl.method = o->nbplugin ? FARR_NBPLUGIN : FARR_DELTA;
	if ((rc = cube_layout(db, o->through, o->cut, o->as_of, c, e)) ||
	    (!o->through && (rc = say_stray(db, c, log, e))) ||
	    (rc = derived_plan(db, c, &ctl, o->backtest, &d, e))) {
		db_rollback(db);
		goto out;
	}
	d.raw_alarms = o->raw_alarms;
	derived_wants(&d, c);
	/* the comparisons with a year before count what was registered by
	 * the same point then */
	d.late = late;
	if ((rc = cube_count(db, c, o->rebuild, e)) ||
	    (rc = cube_late(db, c, o->as_of, late, e)) ||
	    (rc = write_and_compute(db, c, &d, o->rebuild, &rewritten, e)) ||
	    (rc = netchange_write(db, c->through, &screened, e)) ||
	    (rc = record_run(db, c, o, &ctl, screened, e)) ||
	    (rc = keep_raised(db, e)) ||
	    (rc = db_commit(db, e))) {
		db_rollback(db);
		goto out;
	}
	if ((rc = log_run(db, c, &d, rewritten, t0, log, e)))
		goto out;
out:
	derived_free(&d);
	cube_free(c);
	cube_free(late);
	free(c);
	free(late);
	return rc;
}

int
aggregate_through(sqlite3 *db, const char *who, int *through, sv_err *e)
{
	long long last;
	int rc;

	/* a run before schema 18 screened no net change (NULL): -1 */
	if ((rc = db_integer(db, "SELECT coalesce((SELECT CASE WHEN screened "
	    "IS NULL THEN -1 ELSE through END FROM aggregate_run ORDER BY id "
	    "DESC LIMIT 1), 0)", &last, e)))
		return rc;
	*through = (int)last;
	if (last < 0)
		return sv_errf(e, SV_DATAERR, "%s: the database was aggregated by "
		    "an earlier suivi, without the net changes it lists: run "
		    "'suivi aggregate' again", who);
	return last > 0 ? SV_OK : sv_errf(e, SV_DATAERR, "%s: nothing aggregated "
	    "yet: run 'suivi aggregate' first", who);
}

double
aggregate_method_alpha(const char *method, double alpha)
{
	return !strcmp(method, "ears_c1") || !strcmp(method, "ears_c2") ?
	    EARS_ALPHA_C12 : !strcmp(method, "ears_c3") ? EARS_ALPHA_C3 : alpha;
}
