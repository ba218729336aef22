/*
 * refcheck — the reference files' own rules (refcheck.c), beyond the
 * columns' types and lengths that refdata.c's loader checks.
 *
 * Private to core/refdata*.c and refcheck.c.  The row hooks take the row
 * csvfile holds (after or before its INSERT, as refdata.c's table of
 * loaders says) and return SV_OK, or SV_DATAERR with "file:line: what
 * is wrong" in e, or the database's error.
 */
#ifndef SUIVI_REFCHECK_H
#define SUIVI_REFCHECK_H

#include <sqlite3.h>

#include "csvfile.h"
#include "err.h"

/* "file:line: what" for the row f is on, as SV_DATAERR; the arguments may
 * include e->msg itself. */
int refcheck_row_error(const csvfile *f, sv_err *e, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* phenomena.csv, after the row: a code of a-z, 0-9 and _, its measures,
 * and its code and labels as aliases. */
int refcheck_phenomenon(sqlite3 *db, const csvfile *f, sv_err *e);

/* phenomenon_aliases.csv: one alias, whose key means no other phenomenon. */
int refcheck_alias(sqlite3 *db, const csvfile *f, sv_err *e);

/* header_synonyms.csv: the field is an incident field. */
int refcheck_synonym(sqlite3 *db, const csvfile *f, sv_err *e);

/* indicators.csv, before the row: a suivi measure, known words, existing
 * phenomena; a reason for kind none; a partner figure's own columns. */
int refcheck_indicator(sqlite3 *db, const csvfile *f, sv_err *e);

/* measures.csv: the id names its axis; a suivi measure has its Dutch
 * title and its short titles. */
int refcheck_measure(sqlite3 *db, const csvfile *f, sv_err *e);

/* Once everything is loaded: every suivi measure has a catalogue row. */
int refcheck_every_suivi_measure(sqlite3 *db, const char *dir, sv_err *e);

/* population.csv, before the row: no total population of 0 (refkeep.c). */
int refcheck_population_row(sqlite3 *db, const csvfile *f, sv_err *e);

/* Once everything is loaded: every commune has a total population above
 * 0 for the year the rates use, the latest of population.csv. */
int refcheck_every_population(sqlite3 *db, const char *dir, sv_err *e);

/* Once everything is loaded: no more phenomena and communes than a cube
 * cell can name (refdata.h). */
int refcheck_bounds(sqlite3 *db, const char *dir, sv_err *e);

/* Once everything is loaded: no zone, commune or phenomenon the data use
 * (incidents and their versions, deliveries, labels mapped) is gone. */
int refcheck_still_used(sqlite3 *db, const char *dir, sv_err *e);

#endif
