/*
 * loader — the database side of ingesting one file: the ledger row
 * (ledger.h), each row put as a version of its incident, the quarantine,
 * and at the end which deliveries and versions are current (versions.h).
 *
 * Private to ingest/.  The caller brackets a file with loader_begin() and
 * loader_commit() (or loader_abort()); everything in between is one
 * transaction, in which SQLite does not check foreign keys (the loader's
 * rows refer to the extract row it wrote; loader.c says why) and after
 * which it does again.
 *
 * A row whose (zone, ref) nothing holds goes straight into incident (the
 * bulk of a file, LOADER_MANY at a time).  A row whose ref another
 * reading holds becomes this file's version of it, in incident_past,
 * until loader_commit() knows the file's identity and settles which
 * version is current: the order of the deliveries decides, never the
 * order of loading.
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

/* What loader_put() did with a row: a new incident; a version of one
 * another reading holds, with other content or the same (re-sent
 * identical); the same row again in this file; or a row with a ref this
 * file already gave to other content. */
enum put_result {
	PUT_LOADED, PUT_REVISED, PUT_UNCHANGED, PUT_DUPLICATE, PUT_CONFLICT
};

typedef struct loader loader;

/* Start a transaction and the ledger row.  *already is set (and nothing
 * started) when an extract with this sha256 is in the ledger; with
 * replace, that reading is replaced by this one instead.  lang is the
 * language of the file's header, taken to be that of its phenomenon
 * labels when it is "fr" or "nl" (another says nothing of them): table
 * label keeps, for each label, the languages of the files that typed it
 * ("fr", "nl", "fr nl", or "" for none), whatever their order. */
int loader_begin(sqlite3 *db, const char *sha256, const char *path,
    const char *lang, int replace, loader **out, int *already, sv_err *e);

/* A file found loaded by its sha256, read after the two seconds its
 * stat key needs: the key recorded, so that it is known without reading
 * next time (one loaded as soon as it was written had none). */
int loader_restat(sqlite3 *db, const char *sha256, const char *stat,
    sv_err *e);

/* Put one valid row.  On PUT_DUPLICATE and PUT_CONFLICT, *first_line is
 * the line of this file's row with the same ref. */
int loader_put(loader *l, const incident *inc, long line,
    enum put_result *res, long *first_line, sv_err *e);

/* Insert LOADER_MANY valid rows at once, each one that nothing in the
 * incident table holds (by zone and ref) yet: inserted[i] says which
 * were.  The others are then put one by one with loader_put(), in their
 * order. */
#define LOADER_MANY 32
int loader_put_many(loader *l, const incident *const *inc, const long *line,
    unsigned char *inserted, sv_err *e);

int loader_quarantine(loader *l, long line, const char *field,
    const char *code, const char *reason, const char *raw, sv_err *e);

/* Take this file's version of (zone, ref) back — it conflicts with a
 * later row — and say in *was what putting it had counted (PUT_LOADED,
 * PUT_REVISED or PUT_UNCHANGED).  No other reading's version is
 * touched. */
int loader_unload(loader *l, int zone, const char *ref,
    enum put_result *was, sv_err *e);

/* One month a file's rows were registered in, and how many. */
typedef struct ledger_month {
	int month;              /* yyyymm */
	long rows;
} ledger_month;

typedef struct ledger {
	/* the delivery's identity (core/delivery.h): zone 0 and month 0
	 * when not known */
	int zone, month, version, named;
	const char *stem;
	const char *encoding, *delimiter, *lang, *unknown;
	long read, loaded, revised, unchanged, duplicates, quarantined;
	int period_from, period_to;     /* yyyymmdd of facts put, or 0 */
	const ledger_month *months;     /* the registration months of the
	                                   rows put */
	size_t nmonths;
	const char *stat;       /* the file's stat key (ingest.c), or NULL */
} ledger;

/* Fill the ledger row, settle which deliveries and versions are current
 * (*withdrawn: the incidents that no longer have a current version),
 * and commit.  A file that delivers the zone, month and version another
 * reading delivers is refused (SV_DATAERR, nothing of it kept) unless
 * replace was given, which replaces that reading. */
int loader_commit(loader *l, const ledger *lg, long *withdrawn, sv_err *e);
void loader_abort(loader *l);

#endif
