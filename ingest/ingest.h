/*
 * ingest — the first stage: zone extracts (CSV) into the incident table.
 *
 * The public face of ingest/.  One call per file.  A file is loaded whole
 * or not at all (one transaction); the same bytes again (same SHA-256)
 * change nothing; a later file carrying an existing (zone, ref) replaces
 * the row and counts it as revised.  Every row read is accounted for:
 * read = loaded + revised + duplicates + quarantined, and a quarantined
 * row keeps its line number, raw text and a reason a person understands.
 * A file whose header names an identifying column is refused whole.
 *
 * Memory stays bounded by the longest record whatever the file's size:
 * rows stream from the file to prepared statements.
 */
#ifndef SUIVI_INGEST_H
#define SUIVI_INGEST_H

#include <sqlite3.h>
#include <stdio.h>

#include "../core/err.h"

/*
 * The file `suivi sample` leaves beside the extracts it generates.  An
 * extract whose folder, or the folder above it, holds this file is
 * recorded as synthetic (extract.origin = 'sample'), and every report made
 * from it says so.
 */
#define SAMPLE_MARK "SYNTHETIC-DATA.txt"

/* What a run of ingest did, file after file, for its one summary. */
typedef struct ingest_tally {
	long files, fresh, already, refused;
	long read, loaded, revised, unchanged, duplicates, quarantined;
	long withdrawn;         /* incidents that lost their current version */
	long files_quarantined; /* files with rows quarantined */
	long by_reason[32];     /* quarantined rows by reason */
} ingest_tally;

typedef struct ingest_opts {
	int zone;               /* --zone, or 0 */
	const char *profile;    /* --profile FILE, or NULL */
	int verbose;            /* a line for every file, not only those with
	                           something to say (rows quarantined, revised
	                           or duplicated, columns not recognised) */
	int progress;           /* a progress line is on the terminal */
	int replace;            /* read a file already loaded again, replacing
	                           what its earlier reading brought */
	int create;             /* --create: make the database if it is not
	                           there (the command line's) */
	ingest_tally *tally;    /* added to, when not NULL */
} ingest_opts;

/* The summary of a tally: files, rows read, loaded, revised, duplicates,
 * quarantined by reason, refused. */
void ingest_tally_print(const ingest_tally *t, const char *who, FILE *log);

/* Ingest path into db (reference data must be loaded).  Prints its
 * one-line summary to log when it has something to say (or verbose).  Returns SV_OK also when rows were
 * quarantined; SV_DATAERR when the file was refused whole; SV_NOINPUT
 * when it cannot be read. */
int ingest_file(sqlite3 *db, const char *path, const ingest_opts *o,
    FILE *log, sv_err *e);

/* The subfolder of an inbox that holds the partners' files, not extracts
 * (partners/partners.h reads them); ingest_inbox() leaves it alone. */
#define INBOX_PARTNERS "partners"

/* A zone's folder of an inbox may hold the profile its files are read
 * with (DIR/<zone>/profile), unless the command gives --profile. */
#define INBOX_PROFILE "profile"

/* Ingest every CSV file of dir and of its subfolders one level down (as
 * the sample writes them: DIR/<zone>/<YYYY-MM>.csv), but INBOX_PARTNERS,
 * in order: by name, numbers compared as numbers, and a re-delivery
 * "X-v2.csv" after "X.csv".
 * Files already loaded are recognised and skipped.  *loaded counts the
 * files that were new; a refused file does not stop the others (the
 * worst status is returned, as for ingest_file). */
int ingest_inbox(sqlite3 *db, const char *dir, const ingest_opts *o, FILE *log,
    int *loaded, sv_err *e);

/*
 * Withdraw zone's delivery of yyyymm — every version of it loaded so far —
 * for reason: the readings stay in the ledger, marked retracted, and
 * their incidents stop counting (those another delivery carries keep
 * that one's version); a later version delivers the month again.
 * *withdrawn: the incidents left without a current version.  SV_NOINPUT
 * when the zone has no delivery of that month, SV_DATAERR when it is
 * retracted already.
 */
int ingest_retract(sqlite3 *db, int zone, int yyyymm, const char *reason,
    long *withdrawn, sv_err *e);

/*
 * The ledger taken back to the moment at (the ledger's form of times,
 * core/delivery.h; to the millisecond): the readings loaded after it
 * and the retractions made after it removed with what they brought
 * (their incidents' versions, quarantined rows and months), and every
 * version settled again, so that the tables hold what they held then.  For a copy of the
 * database only (suivi report --publication); inside the caller's
 * transaction.  *removed: the readings removed; *restored: the readings
 * they had replaced (ingest --replace), their delivery's again, but
 * without their quarantined rows, which went with the replacing.
 */
int ingest_rollback(sqlite3 *db, const char *at, long *removed, long *restored,
    sv_err *e);

#endif
