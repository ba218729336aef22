/*
 * fields — the canonical incident fields: what a row of an extract says.
 *
 * One list shared by the reference loader (which checks that every header
 * synonym names a real field) and by ingest (which maps an extract's
 * columns onto these).  The order is the order of the incident export.
 */
#ifndef SUIVI_FIELDS_H
#define SUIVI_FIELDS_H

enum field {
	F_REF,
	F_ZONE,
	F_COMMUNE,
	F_DATE_FACT,
	F_TIME_FACT,
	F_DATE_REGISTERED,
	F_PHENOMENON,
	F_ATTEMPT,
	F_MODUS_OPERANDI,
	F_PLACE_TYPE,
	F_CHANNEL,
	F_VICTIM_SEX,
	F_VICTIM_AGE,
	F_AUTHOR_SEX,
	F_AUTHOR_AGE,
	F_RELATION,
	F_AUTHOR_REF,
	F_QUARTIER,
	F_COUNT
};

/* "ref", "zone", ... indexed by enum field. */
const char *field_name(enum field f);

/* The field called name, or -1. */
int field_by_name(const char *name);

/* 1 if an extract must have a column for f (ref, commune, date_fact,
 * phenomenon); the zone may come from elsewhere. */
int field_required(enum field f);

#endif
