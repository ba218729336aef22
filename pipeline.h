/*
 * pipeline — the month's whole job (suivi run): the inbox's extracts in
 * delivery order, its partners' files, aggregate, the report; stage
 * after stage on one database.
 *
 * Which error wins:
 *  - the run stops at once on what no later stage can mend: an inbox
 *    that is not there or holds no extract (66), a full disk or a
 *    database that cannot be written (74), out of memory (71), a bug
 *    (70); and on any error of aggregate or of the report, which are
 *    the month's figures;
 *  - a refused extract or partners' file (65) is said where it happens,
 *    and the run goes on and reports: it ends with 65, after all;
 *  - with require_all_zones, a zone that has not delivered the month
 *    under review is said, the report is written, and the run ends with
 *    75 when nothing else failed (run it again once the zone delivers).
 */
#ifndef SUIVI_PIPELINE_H
#define SUIVI_PIPELINE_H

#include <sqlite3.h>
#include <stdio.h>

#include "core/err.h"
#include "reports/reports.h"

typedef struct pipeline_opts {
	const char *inbox;              /* zones' folders, partners/ */
	int verbose;                    /* every file, known ones too */
	int progress;                   /* a progress line on log */
	int require_all_zones;
	const report_opts *report;      /* its month is aggregate's --through */
} pipeline_opts;

/* The pages' paths on out, what each stage did on log.  SV_OK when the
 * run went through, with *end the status it ends with (SV_OK, 65 or 75:
 * the rule above; what made it is said on log already); or the error
 * that stopped it, in e. */
int pipeline_run(sqlite3 *db, const pipeline_opts *o, FILE *out, FILE *log,
    int *end, sv_err *e);

#endif
