/*
 * pipeline — the month's whole job (pipeline.h).
 */
#include "pipeline.h"

#include "aggregate/aggregate.h"
#include "core/db.h"
#include "core/text.h"
#include "ingest/ingest.h"
#include "partners/partners.h"

/* Whether an ingest or partners status stops the run (pipeline.h). */
static int
stops(int rc)
{
	return rc == SV_NOINPUT || rc == SV_SOFTWARE || rc == SV_NOMEM ||
	    rc == SV_IOERR;
}

/* Each zone that has not delivered the month under review, said on
 * log: how many, or -1 with e set. */
static int
zones_missing(sqlite3 *db, FILE *log, sv_err *e)
{
	sqlite3_stmt *st;
	int n = 0, step;

	if (db_prepare(db, &st, "SELECT c.zone, z.name_fr, c.month FROM coverage "
	    "c LEFT JOIN zone z ON z.zone = c.zone WHERE NOT c.delivered AND "
	    "c.month = (SELECT through FROM aggregate_run ORDER BY id DESC LIMIT "
	    "1) ORDER BY c.zone", e))
		return -1;
	for (; (step = sqlite3_step(st)) == SQLITE_ROW; n++) {
		int m = sqlite3_column_int(st, 2);
		fprintf(log, "suivi run: warning: zone %d (", sqlite3_column_int(st,
		    0));
		text_fputs_safe(log, (const char *)sqlite3_column_text(st, 1));
		fprintf(log, ") has not delivered %04d-%02d, the month under "
		    "review: its figures, and the region's, are flagged incomplete\n",
		    m / 100, m % 100);
	}
	return db_finish(db, st, step, e) ? -1 : n;
}

/* The inbox's extracts and partners' files: the worst status of a file
 * refused in *refused; SV_OK unless the run must stop. */
static int
bring_in(sqlite3 *db, const pipeline_opts *o, int *loaded, int *files,
    int *refused, FILE *log, sv_err *e)
{
	ingest_tally t = { 0 };
	ingest_opts io = { .tally = &t, .verbose = o->verbose,
	    .progress = o->progress };
	char partners[4200];
	int rc;

	rc = ingest_inbox(db, o->inbox, &io, log, loaded, e);
	ingest_tally_print(&t, "suivi run: ingest", log);
	if (stops(rc))
		return rc;
	*refused = rc;
	snprintf(partners, sizeof partners, "%s/%s", o->inbox, PARTNERS_DIR);
	rc = partners_inbox(db, partners, o->verbose, log, files, e);
	if (stops(rc) && rc != SV_NOINPUT)
		return rc;
	if (rc > *refused)
		*refused = rc;
	return SV_OK;
}

int
pipeline_run(sqlite3 *db, const pipeline_opts *o, FILE *out, FILE *log,
    int *end, sv_err *e)
{
	aggregate_opts ag = { .through = o->report->month };
	int rc, loaded = 0, files = 0, refused = SV_OK, missing;
	long long alarms;

	if ((rc = bring_in(db, o, &loaded, &files, &refused, log, e)) ||
	    (rc = aggregate_run(db, &ag, log, e)) ||
	    (rc = db_integer(db, "SELECT count(*) FROM (" AGGREGATE_ALARMS(
	    "(SELECT max(through) FROM aggregate_run)") ")", &alarms, e)))
		return rc;
	if ((missing = zones_missing(db, log, e)) < 0)
		return e->code;
	fprintf(log, "suivi run: %d new extract(s) and %d partner file(s) from "
	    "%s; %lld alarm(s) this month; the report:\n", loaded, files,
	    o->inbox, alarms);
	if ((rc = report_write(db, o->report, out, log, e)))
		return rc;
	*end = refused ? refused : o->require_all_zones && missing ?
	    SV_TEMPFAIL : SV_OK;
	return SV_OK;
}
