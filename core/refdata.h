/*
 * refdata — load the reference data (the CSV files of reference/) into the database.
 *
 * The CSV files are what analysts edit; the database holds the copy every
 * command works from, which `suivi init` (refdata_load()) loads or
 * updates: the whole copy in one transaction, so a load either succeeds
 * completely or leaves the previous copy untouched, and loading the same
 * files twice changes nothing.  A broken file is reported as
 * "file:line: what is wrong".
 *
 * Files read (each with a header row; columns in any order, extra columns
 * ignored): axes.csv, measures.csv, zones.csv, communes.csv,
 * population.csv, phenomena.csv, phenomenon_aliases.csv,
 * header_synonyms.csv, indicators.csv (every suivi measure must have a
 * row there).
 */
#ifndef SUIVI_REFDATA_H
#define SUIVI_REFDATA_H

#include <sqlite3.h>
#include <stdio.h>

#include "err.h"

/* The longest name (name_fr, name_nl, label_fr, label_nl, alias,
 * synonym, a partner figure's partner in either language), code (also an
 * indicator's id and unit), measure id and list
 * of phenomena, in bytes: the buffers that hold them elsewhere are sized
 * from these, and refdata_load() refuses a longer one, so nothing is
 * ever cut. */
#define REF_NAME_MAX 200
#define REF_CODE_MAX 47
#define REF_MEASURE_MAX 15
#define REF_LIST_MAX 1000       /* an indicator's list of phenomena */

/* The most phenomena and communes a reference may have: what a cube
 * cell's packed key can name (aggregate/scan.h).  refdata_load() refuses
 * more, so that a reference the database holds can always be counted. */
#define REF_MAX_PHENOMENA 1022
#define REF_MAX_COMMUNES 2047

/* Where the reference files are: $SUIVI_REFERENCE; else, for an installed
 * suivi, PREFIX/share/suivi/reference beside its PREFIX/bin; else the
 * reference/ folder of the source tree suivi was built from. */
const char *refdata_default_dir(void);

/* Load dir's reference into the database (suivi init): the whole copy
 * replaced in one transaction, and dir and its files' fingerprint
 * recorded.  Refused (SV_DATAERR, "file:line: what", the copy kept as it
 * was) when a file is broken, when a zone, commune or phenomenon the data
 * still use is gone, or when a commune has no population above 0 for the
 * year the rates use. */
int refdata_load(sqlite3 *db, const char *dir, sv_err *e);

/* The database's copy, for every other command that writes: loaded from
 * dir when the database has none yet (a database just made, or made
 * before it kept one); else used as it is, and when dir's files differ
 * from it a note on log says so. */
int refdata_use(sqlite3 *db, const char *dir, FILE *log, sv_err *e);

#endif
