/*
 * tally — incidents read into a count's maps (scan.h).  Private to
 * aggregate/.
 */
#ifndef SUIVI_TALLY_H
#define SUIVI_TALLY_H

#include <sqlite3.h>
#include <stdint.h>

#include "../core/err.h"
#include "scan.h"

/* The phenomenon a raw label maps to through s's aliases (nphen:
 * unmapped). */
int tally_phenomenon(const scan *s, const char *raw);

/* Count every incident into s (asof: as they stood at the moment
 * temp.asof_incident holds, core/delivery.h); registered_by (yyyymmdd, 0
 * for no limit) leaves out those registered later. */
int tally_all(sqlite3 *db, scan *s, int asof, int registered_by,
    sv_err *e);

/* Only the incidents registered after the day after (yyyymmdd) whose facts
 * fall from the day from to the day to, of those counted as tally_all()
 * would count them (asof, registered_by). */
int tally_late(sqlite3 *db, scan *s, int asof, int after, int from, int to,
    int registered_by, sv_err *e);

/* The changes since the state that counted the incidents up to id
 * last_id: the rows revised or removed since (incident_change) out as
 * they were and in as they are, the new rows in. */
int tally_changes(sqlite3 *db, scan *s, long long last_id, sv_err *e);

#endif
