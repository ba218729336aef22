/*
 * catalogue — the words of the indicator catalogue (indicators.csv) that
 * the aggregate stage acts on: an indicator's kind, basis, breakdown and
 * filter.
 *
 * One table per column, read by the reference loader (which refuses a row
 * naming anything else, with file:line and the words it knows) and by the
 * aggregate stage (which parses each catalogue row once into these enums,
 * so that no string is compared inside its loops).  Adding a word means
 * adding it here and teaching aggregate/indicators.c what it counts.
 */
#ifndef SUIVI_CATALOGUE_H
#define SUIVI_CATALOGUE_H

#include <stddef.h>

enum cat_column { CAT_KIND, CAT_BASIS, CAT_BREAKDOWN, CAT_FILTER,
	CAT_FREQUENCY };

/* How often a partner figure is due: its periods. */
enum cat_frequency { EVERY_MONTH, EVERY_QUARTER, EVERY_YEAR };

enum cat_kind {
	KIND_NONE,              /* a measure incident data cannot serve */
	KIND_COUNT, KIND_SHARE, KIND_RATE, KIND_REPEAT,
	KIND_PARTNER            /* a figure a partner supplies (partners/) */
};

enum cat_basis { BY_FACT, BY_REGISTRATION };

enum cat_breakdown {
	BREAK_NONE, BREAK_PHENOMENON, BREAK_VICTIM_SEX, BREAK_AUTHOR_SEX,
	BREAK_COMMUNE, BREAK_MODUS
};

enum cat_filter {
	FILTER_NONE, FILTER_WOMEN_VICTIMS, FILTER_POLICE_ON_WEB,
	FILTER_PUBLIC_TRANSPORT
};

/* The value word names in column col (an enum above), or -1 for a word
 * the column does not know.  The empty word is BREAK_NONE and
 * FILTER_NONE. */
int cat_value(enum cat_column col, const char *word);

/* The word of value v in column col, as the catalogue writes it. */
const char *cat_word(enum cat_column col, int v);

/* The words column col knows, "count, share, ... or none", into out
 * (size n; cut to fit, which only an error message would notice). */
void cat_words(enum cat_column col, char *out, size_t n);

#endif
