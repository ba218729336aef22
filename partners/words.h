/*
 * words — the column names and the status words of partner files, in
 * French, Dutch and English, from the message catalogue (reports/msg.c:
 * the keys pcol_<field> and status_<code>), so that the template writes
 * the words the reader recognises.  Private to partners/.
 */
#ifndef SUIVI_PARTNER_WORDS_H
#define SUIVI_PARTNER_WORDS_H

#include "partners.h"

enum pfield {
	PF_MEASURE, PF_INDICATOR, PF_PERIOD, PF_VALUE, PF_UNIT, PF_SOURCE,
	PF_PARTNER, PF_DATE, PF_STATUS, PF_NOTE, PF_COUNT
};

/* The fields of a kind's file, in the template's order; -1 ends it. */
extern const int pwords_fields[2][8];

/* The field a column name (any language, or the field's own name) is,
 * or -1. */
int pwords_field(const char *name);

/* A field's code ("measure") and its column name in lang. */
const char *pwords_code(enum pfield f);
const char *pwords_column(enum pfield f, const char *lang);

/* The status code ("in_progress") a word names in any language, or
 * NULL; the codes in order, NULL-terminated. */
const char *pwords_status(const char *word);
extern const char *const pwords_statuses[];

/* Status code's word in lang ("en cours"). */
const char *pwords_status_word(const char *code, const char *lang);

#endif
