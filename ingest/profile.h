/*
 * profile — what to do with an export that recognition cannot read.
 *
 * Private to ingest/.  A profile is a small text file of "key = value"
 * lines ('#' starts a comment):
 *
 *     delimiter   = ;              # , ; | or tab
 *     encoding    = windows-1252   # or utf-8 (latin-1 means windows-1252)
 *     date_format = mm/dd/yyyy     # or dd/mm/yyyy, yyyy-mm-dd, dd-mm-yyyy,
 *                                  #    dd.mm.yyyy, yyyymmdd
 *     zone        = 1234           # a zone of zones.csv
 *     column.Num dossier = ref     # header "Num dossier" is the field ref
 *     allow_column = LSOA name     # not personal, whatever its words say
 *     date_format = yyyy-mm        # facts dated to the month only
 *     date_format.date_registered = dd/mm/yyyy   # one column's own
 *
 * Anything a profile leaves out is found as without one.
 */
#ifndef SUIVI_PROFILE_H
#define SUIVI_PROFILE_H

#include "../core/err.h"

#define PROFILE_MAX_COLUMNS 64

typedef struct profile {
	char delim;             /* 0: sniff */
	int encoding;           /* -1: sniff, else enum encoding */
	int date_format;        /* enum date_format of the date of facts
	                           (DATE_AUTO by default) */
	int registered_format;  /* of the registration date: date_format's,
	                           unless date_format.date_registered says */
	int zone;               /* 0: none */
	int ncolumns;
	struct {
		char key[128];  /* text_key() of the header name */
		int field;      /* enum field */
	} columns[PROFILE_MAX_COLUMNS];
	int nallowed;           /* columns declared not personal */
	char allowed[PROFILE_MAX_COLUMNS][128];         /* their keys */
} profile;

/* 1 when the profile declares the column (its key) not personal. */
int profile_allows(const profile *p, const char *key);

void profile_none(profile *p);

/* Read a profile; a bad line is "file:line: what is wrong" (SV_DATAERR). */
int profile_load(const char *path, profile *p, sv_err *e);

#endif
