/*
 * ledger — a reading's row in the ledger (table extract): opened when a
 * file's load begins, filled with what the file was and what its rows
 * did when it ends, and the one reading of its delivery and version.
 *
 * Private to ingest/ (loader.c brackets a file with these, inside its
 * transaction).  struct ledger, what a reading says of itself, is in
 * loader.h.
 */
#ifndef SUIVI_LEDGER_H
#define SUIVI_LEDGER_H

#include <sqlite3.h>

#include "../core/delivery.h"
#include "../core/err.h"
#include "loader.h"

/*
 * The key a reading of the file at path is kept under (extract.sha256):
 * the file's SHA-256.  A file without rows delivers only what its name
 * declares, and two months' header-only files have the same bytes: when
 * sha256's reading read no row and was of another zone, month or version
 * than the file declares (dn: its name; zone: --zone, its profile's or
 * its folder's, 0 if none), the key is sha256 followed by that delivery
 * ("<sha256>:5339/201902-v1"), so that each month is recorded delivered.
 */
#define LEDGER_KEY_MAX 128
int ledger_key(sqlite3 *db, const char *sha256, const delivery_name *dn,
    int zone, char key[LEDGER_KEY_MAX], sv_err *e);

/*
 * The ledger row of a new reading of the file sha256 at path, in *ext.
 * A reading of the same file that loaded nothing is forgotten first;
 * one that loaded rows makes *already 1 (nothing written), unless
 * replace, which replaces it.
 */
int ledger_open(sqlite3 *db, const char *sha256, const char *path,
    int replace, sqlite3_int64 *ext, int *already, sv_err *e);

/* Reading ext's ledger row filled from lg, with the months its rows were
 * registered in. */
int ledger_write(sqlite3 *db, sqlite3_int64 ext, const ledger *lg,
    sv_err *e);

/* One reading a version of a delivery: a second file claiming the zone,
 * month, version and name of another reading is refused (SV_DATAERR),
 * or with replace replaces the first. */
int ledger_claim(sqlite3 *db, sqlite3_int64 ext, const ledger *lg,
    int replace, sv_err *e);

#endif
