/*
 * revisions — what moved since the last publication, and why: for each
 * month of each measure's series that the previous publication (of an
 * earlier month) showed and that has moved since by min_cell facts and
 * 5 % or more, the count then and now, and the change split into its
 * causes, found by comparing the incidents as they stood when that
 * publication was written (core/delivery.h: delivery_live()) with the
 * incidents now:
 *  - late: incidents no delivery had carried then (registered later, in
 *    later deliveries);
 *  - corrected: incidents carried then whose new version (a corrected
 *    delivery) moved them into or out of the figure (another month of
 *    facts, another phenomenon), net;
 *  - withdrawn: incidents counted then that no current delivery carries
 *    (a delivery re-sent without them, or retracted);
 *  - other: what the recount does not explain (the figure as aggregate
 *    counted it less the incidents recounted here: a changed mapping of
 *    labels, a zone's coverage); the four add up to the change.
 *
 * Private to reports/: built once per report (report.c), read by both
 * pages (revisions_write()).
 */
#ifndef SUIVI_REVISIONS_H
#define SUIVI_REVISIONS_H

#include <sqlite3.h>

#include "../core/err.h"

typedef struct revision {
	char measure[32];
	int month;                      /* yyyymm of the facts */
	long long then, now;            /* as published, and now */
	long long late, corrected, withdrawn, other;
} revision;

/* How the previous publication's nowcasts of the measures' series fared:
 * of its months now registered to REVISIONS_COMPLETE or more (aggregate's
 * expected share), how many counts lie inside the 95 % interval it gave,
 * below and above; the others are still being registered. */
#define REVISIONS_COMPLETE 0.95
typedef struct nowcast_fared {
	int judged, inside, below, above, pending;
} nowcast_fared;

typedef struct revisions {
	long long publication;          /* the previous one; 0: none */
	int pub_month;                  /* its month under review */
	char written_at[32];
	revision *v;
	size_t n, cap;
	nowcast_fared fared;
} revisions;

/* The revisions of month's report against the last publication of an
 * earlier month; none when there is no such publication. */
int revisions_build(sqlite3 *db, int month, int min_cell, revisions *r,
    sv_err *e);
void revisions_free(revisions *r);

#endif
