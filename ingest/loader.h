/*
 * loader — the database side of ingesting one file: the ledger row, the
 * incident upsert with its revision / duplicate / conflict logic, and the
 * quarantine.
 *
 * Private to ingest/.  The caller brackets a file with loader_begin() and
 * loader_commit() (or loader_abort()); everything in between is one
 * transaction, in which SQLite does not check foreign keys (the loader's
 * rows refer to the extract row it wrote; loader.c says why) and after
 * which it does again.
 */
#ifndef SUIVI_LOADER_H
#define SUIVI_LOADER_H

#include <sqlite3.h>
#include <stdint.h>

#include "../core/err.h"
#include "../core/fields.h"

/* One incident, parsed.  Text fields are NULL when empty; integer fields
 * use -1 for "no value". */
typedef struct incident {
	int zone, commune, date_fact, time_fact, date_registered;
	int attempt, victim_sex, author_sex;
	const char *text[F_COUNT];      /* ref, phenomenon, and the free text
	                                   fields, indexed by enum field */
} incident;

/* What loader_put() did with a row. */
enum put_result { PUT_LOADED, PUT_REVISED, PUT_DUPLICATE, PUT_CONFLICT };

typedef struct loader loader;

/* Start a transaction and the ledger row.  *already is set (and nothing
 * started) when an extract with this sha256 is in the ledger. */
int loader_begin(sqlite3 *db, const char *sha256, const char *path, int replace,
    loader **out, int *already, sv_err *e);

/* A file found loaded by its sha256, read after the two seconds its
 * stat key needs: the key recorded, so that it is known without reading
 * next time (one loaded as soon as it was written had none). */
int loader_restat(sqlite3 *db, const char *sha256, const char *stat,
    sv_err *e);

/* What identifies a row's content: two rows with one ref and the same
 * hash are duplicates, with different hashes a conflict.  (Computed by the
 * reading thread, off the loading one.) */
uint64_t loader_hash(const incident *inc);

/* Put one valid row, whose loader_hash() is row_hash.  On PUT_CONFLICT,
 * *first_line is the line of the row in this file that has the same ref
 * but other content. */
int loader_put(loader *l, const incident *inc, uint64_t row_hash, long line,
    enum put_result *res, long *first_line, sv_err *e);

/* Insert LOADER_MANY valid rows at once, each one that nothing in the
 * table holds (by zone and ref) yet: inserted[i] says which were.  The
 * others are then put one by one with loader_put(), in their order (a
 * revision, a duplicate or a conflict). */
#define LOADER_MANY 32
int loader_put_many(loader *l, const incident *const *inc,
    const uint64_t *hash, const long *line, unsigned char *inserted,
    sv_err *e);

int loader_quarantine(loader *l, long line, const char *field,
    const char *code, const char *reason, const char *raw, sv_err *e);

/* Remove this file's row with ref (zone, ref) — it conflicts with a later
 * row — and say whether it had been a revision. */
int loader_unload(loader *l, int zone, const char *ref, int *was_revision,
    sv_err *e);

typedef struct ledger {
	int zone;
	const char *encoding, *delimiter, *lang, *unknown;
	long read, loaded, revised, duplicates, quarantined;
	int period_from, period_to;     /* yyyymmdd of facts put, or 0 */
	int month;              /* the registration month most rows put bear
	                           (yyyymm), or 0 */
	const char *stat;       /* the file's stat key (ingest.c), or NULL */
} ledger;

/* Fill the ledger row and commit. */
int loader_commit(loader *l, const ledger *lg, sv_err *e);
void loader_abort(loader *l);

#endif
