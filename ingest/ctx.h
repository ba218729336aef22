/*
 * ctx — the state of reading one extract, shared by ingest.c (reading,
 * loading, the ledger) and validate.c (a row's values checked).  Private
 * to ingest/.
 */
#ifndef SUIVI_CTX_H
#define SUIVI_CTX_H

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



typedef struct place {
	int code, zone;                 /* NIS and its zone; or zone and 0 */
	char key_fr[64], key_nl[64];
} place;

/* Everything needed to read one file. */
typedef struct ctx {
	const char *path;       /* as the user named it */
	const char *read_path;  /* what is read: it, or its spooled copy */
	const ingest_opts *o;
	profile prof;
	dialect d;
	header_map hm;
	place communes[32], zones[16];
	int ncommunes, nzones;
	long read, loaded, revised, dups, quarantined, by_reason[Q_COUNT];
	int zone_votes_zone[16];
	long zone_votes[16];
	int period_from, period_to;     /* dates of facts loaded or revised */
	int latest;             /* the latest date a row may bear: the day of
	                           the load, and one day's grace (yyyymmdd) */
	struct month_vote {     /* registration months of the rows put */
		int month;
		long n;
	} *months;
	size_t nmonths, capmonths;
	int oom;
} ctx;

/* The reference's communes and zones, for find_place(); a reference with
 * more than the arrays hold is refused, naming the limit. */
int validate_places(sqlite3 *db, ctx *c, sv_err *e);

/* Parse and check one record into inc: -1 when valid, else the reason
 * (enum qreason), the field at fault in *bad and why in words. */
int validate_row(ctx *c, const record *rec, incident *inc, enum field *bad,
    char *why, size_t whylen);

/* Today as yyyymmdd plus one: the latest date a row may bear. */
int validate_latest(void);

#endif
