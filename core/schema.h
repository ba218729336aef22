/*
 * schema — the ordered list of schema migrations (private to core/db.c and
 * its tests; aggregate restores the change triggers).  Migration i brings
 * user_version from i to i + 1.
 */
#ifndef SUIVI_SCHEMA_H
#define SUIVI_SCHEMA_H

#include <sqlite3.h>

#include "err.h"

int schema_count(void);
const char *schema_migration(int i);

/* What migration i does that SQL cannot, run after its SQL in the same
 * transaction (most have nothing: SV_OK). */
int schema_step(sqlite3 *db, int i, sv_err *e);

/* The triggers that log a counted incident's old values when it is
 * revised or removed (CREATE TRIGGER IF NOT EXISTS: run again, they
 * restore one that was dropped). */
const char *schema_change_triggers(void);

/* The triggers that mark count_mark.cube_touched when the cube table is
 * written (aggregate drops them while it writes, then makes them again). */
const char *schema_cube_triggers(void);

#endif
