/*
 * ctx — the state of reading one extract, shared by ingest.c (reading,
 * loading, the ledger) and validate.c (a row's values checked).  Private
 * to ingest/.
 */
#ifndef SUIVI_CTX_H
#define SUIVI_CTX_H

#include "../core/dict.h"
#include "../core/fields.h"
#include "header.h"
#include "ingest.h"
#include "loader.h"
#include "profile.h"
#include "records.h"
#include "sniff.h"

/* Why a row is quarantined: code (stored), words for people. */
enum qreason {
	Q_ENCODING, Q_QUOTE, Q_MALFORMED, Q_FIELD_COUNT, Q_MISSING_REF,
	Q_UNKNOWN_COMMUNE, Q_BAD_DATE, Q_MISSING_PHENOMENON, Q_BAD_TIME,
	Q_BAD_SEX, Q_BAD_ATTEMPT, Q_UNKNOWN_ZONE, Q_ZONE_MISMATCH,
	Q_REF_CONFLICT, Q_TOO_LONG, Q_BAD_AGE, Q_COUNT
};



/* The communes or the zones of the reference, as many as it holds:
 * code[i] is a NIS code (with zone[i] its zone) or a zone number (zone[i]
 * 0); keys maps the code in decimal and the text_key() of each FR and NL
 * name to i (the first place to claim a key keeps it). */
typedef struct places {
	int *code, *zone;
	int n;
	dict keys;
} places;

/* Values counted, each once in the order first met: the zones of the
 * rows put (for the zone of a file that does not say) and their
 * registration months (for the month the file delivers).  votes_add():
 * 0, or -1 out of memory.  votes_most(): the value with the most votes,
 * the first met of a tie; 0 with none. */
typedef struct votes {
	struct vote {
		int value;
		long n;
	} *v;
	size_t n, cap;
} votes;

int votes_add(votes *t, int value);
int votes_most(const votes *t);

/* Everything needed to read one file. */
typedef struct ctx {
	const char *path;       /* as the user named it */
	const char *read_path;  /* what is read: it, or its spooled copy */
	const ingest_opts *o;
	profile prof;
	dialect d;
	header_map hm;
	places communes, zones;
	long read, loaded, revised, unchanged, dups, quarantined;
	long by_reason[Q_COUNT];
	votes zones_put, months_put;    /* the rows put: zones, registration
	                                   months (yyyymm) */
	int period_from, period_to;     /* dates of facts loaded or revised */
	int latest;             /* the latest date a row may bear: the day of
	                           the load, and one day's grace (yyyymmdd) */
	long dates, date_misses;        /* with a profile's date_format: the
	                                   dates of facts read, and those it
	                                   does not read (the reading thread's) */
	long date_told, date_pairs;     /* dates of facts read whose day and
	                                   month cannot be swapped (a day after
	                                   the 12th), and those that read both
	                                   ways (validate.c: date_order) */
	unsigned months_read, months_swapped;   /* bit m - 1: month m of the
	                                   year among the latter, as read and
	                                   read day and month swapped */
	int oom;
} ctx;

/* The reference's communes and zones, for validate_row(); freed by
 * validate_free(). */
int validate_places(sqlite3 *db, ctx *c, sv_err *e);
void validate_free(ctx *c);

/* Parse and check one record into inc: -1 when valid, else the reason
 * (enum qreason), the field at fault in *bad and why in words. */
int validate_row(ctx *c, const record *rec, incident *inc, enum field *bad,
    char *why, size_t whylen);

/* Today as yyyymmdd plus one: the latest date a row may bear. */
int validate_latest(void);

/* Read the records after the header and load them through l (rows.c):
 * every row counted in c, quarantined or put; conflicts settled. */
int rows_load(ctx *c, records *rs, loader *l, sv_err *e);

/* A quarantine reason in words. */
const char *qreason_label(enum qreason q);

#endif
