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

#define TALLY_MAX_MOS (1 << 30)  /* modus operandi codes a key can name */

/* A cell's dimensions in its key (scan.h). */
static inline uint64_t
tally_cell(int basis, int month, int commune, int p, int vsex, int asex,
    int attempt, int channel, int place)
{
	return (uint64_t)(month - CUBE_MONTH_BASE) << 52 |
	    (uint64_t)commune << 41 | (uint64_t)p << 31 | (uint64_t)vsex << 29 |
	    (uint64_t)asex << 27 | (uint64_t)attempt << 25 |
	    (uint64_t)channel << 14 | (uint64_t)place << 2 |
	    (uint64_t)basis << 1 | 1;
}

/* The phenomenon a raw label maps to through s's aliases (nphen:
 * unmapped). */
int tally_phenomenon(const scan *s, const char *raw);

/* Count every incident into s; registered_by (yyyymmdd, 0 for no limit)
 * leaves out those registered later. */
int tally_all(sqlite3 *db, scan *s, int registered_by, sv_err *e);

/* The changes since the state that counted the incidents up to id
 * last_id: the rows revised or removed since (incident_change) out as
 * they were and in as they are, the new rows in. */
int tally_changes(sqlite3 *db, scan *s, long long last_id, sv_err *e);

#endif
