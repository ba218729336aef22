/*
 * partners — what the plan's partners send: figures for the measures
 * incident data cannot serve (the catalogue's kind "partner"), and the
 * progress of all 120 measures.
 *
 * The public face of partners/.  A partner file is a spreadsheet saved as
 * CSV (the extracts' dialects: ',' ';' or tab, UTF-8 or Windows-1252),
 * its column names in French, Dutch or English; its kind is recognised by
 * its header.  A file is loaded whole or not at all: any row that is
 * wrong refuses the file, each named "file:line: what is wrong", and the
 * database is unchanged.  The same file twice changes nothing (its
 * SHA-256 is in the ledger, partner_file).  A row that gives another value
 * for a figure already loaded (same indicator, period and source), or
 * another status for a report already loaded (same measure, partner and
 * date), revises it: the earlier row is kept, superseded_by the new one.
 */
#ifndef SUIVI_PARTNERS_H
#define SUIVI_PARTNERS_H

#include <sqlite3.h>
#include <stdio.h>

#include "../core/err.h"
#include "../ingest/ingest.h"

enum partner_kind { PARTNER_FIGURES, PARTNER_PROGRESS };

/* The folder of an inbox that holds partner files (suivi run): the one
 * ingest leaves alone. */
#define PARTNERS_DIR INBOX_PARTNERS

/* Load one file, saying what it did on log (that it was loaded already
 * only when verbose). */
int partners_load(sqlite3 *db, const char *path, int verbose, FILE *log,
    sv_err *e);

/* Every *.csv of dir, as partners_load(); *loaded counts the files that
 * changed something.  The worst status, after trying every file; a
 * missing dir is no error; what is not a regular file is passed over,
 * said. */
int partners_inbox(sqlite3 *db, const char *dir, int verbose, FILE *log,
    int *loaded, sv_err *e);

/* An empty file to fill in, with its header in lang ("fr", "nl", "en"):
 * for figures, one row per partner indicator; for progress, one row per
 * measure and partner.  excel: ';' and a BOM, as a spreadsheet in fr-BE
 * or nl-BE opens it. */
int partners_template(sqlite3 *db, enum partner_kind kind, const char *lang,
    int excel, FILE *out, sv_err *e);

/* The partners' files loaded after at (the ledger's form of times) taken
 * back: their rows removed, and the rows they had superseded current
 * again.  For a copy of the database only (suivi report --publication);
 * inside the caller's transaction.  *removed: the files removed. */
int partners_rollback(sqlite3 *db, const char *at, long *removed, sv_err *e);

#endif
