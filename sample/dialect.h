/*
 * dialect — how each zone's system writes its monthly extract: encoding,
 * delimiter, header language, date format, quoting, line ends, and how it
 * spells communes, phenomena, sexes and attempts.  All six differ.
 *
 * Private to sample/.  dialect_row() formats one fact as one line (UTF-8;
 * the caller converts to Windows-1252 where the zone uses it), optionally
 * with a defect.
 */
#ifndef SUIVI_DIALECT_H
#define SUIVI_DIALECT_H

#include <stdio.h>

#include "model.h"

enum defect {
	DEF_NONE, DEF_BAD_DATE, DEF_UNKNOWN_COMMUNE, DEF_MISSING_PHENOMENON,
	DEF_UNBALANCED_QUOTE, DEF_FIELD_COUNT, DEF_BAD_BYTE, DEF_COUNT
};

/* The defect's name in truth.json, and the quarantine reason_code suivi
 * must give it. */
const char *dialect_defect_name(enum defect d);
const char *dialect_defect_reason(enum defect d);

typedef struct zone_dialect zone_dialect;

/* The dialect of zone z (5339..5344). */
const zone_dialect *dialect_of(int zone);
int dialect_cp1252(const zone_dialect *d);
const char *dialect_describe(const zone_dialect *d);

/* Names the generator needs for a fact: communes and phenomenon labels. */
typedef struct names {
	const char *commune_fr, *commune_nl;
	const char *label_fr, *label_nl, *code, *alias;
} names;

/* Write the header line (with its line end) to buf. */
void dialect_header(const zone_dialect *d, char *buf, size_t n);

/* Write one fact as a line (with its line end) to buf. */
void dialect_row(const zone_dialect *d, const fact *f, const char *ref,
    const names *nm, enum defect def, char *buf, size_t n);

#endif
