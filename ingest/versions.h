/*
 * versions — which version of each incident is current, once a reading
 * is in or a delivery retracted (core/delivery.h says the rule).
 *
 * Private to ingest/.  Works inside the caller's transaction.
 */
#ifndef SUIVI_VERSIONS_H
#define SUIVI_VERSIONS_H

#include <sqlite3.h>

#include "../core/err.h"

/* temp.settle, empty: the (zone, ref) a reading's rows touch, which
 * versions_settle() settles (the loader lists them as it puts rows). */
int versions_begin(sqlite3 *db, sv_err *e);

/*
 * Every reading's state computed and stored (extract.state); then every
 * (zone, ref) listed in temp.settle, and every one carried by a reading
 * that became or ceased to be current, given the version of the
 * highest-ranked current delivery that carries it, or withdrawn (moved
 * to incident_past) when none does.  *withdrawn counts the incidents that
 * had a current version and have none, but those reading `self` (0 for
 * none) had just put.
 */
int versions_settle(sqlite3 *db, sqlite3_int64 self, long *withdrawn,
    sv_err *e);

#endif
