/*
 * schema — the ordered list of schema migrations (private to core/db.c and
 * its tests).  Migration i brings user_version from i to i + 1.
 */
#ifndef SUIVI_SCHEMA_H
#define SUIVI_SCHEMA_H

int schema_count(void);
const char *schema_migration(int i);

#endif
