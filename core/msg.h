/*
 * msg — every word that charts and the report print, in French, Dutch and
 * English, from one table (msg.c).  The reference data (measures,
 * phenomena, zones, communes, modus operandi) carries its own names; this
 * catalogue holds the rest: headings, sentences, table heads, units,
 * quarantine reasons.
 *
 * In core/ because the report and the partners' templates both speak
 * through it; listed by `suivi export --what messages` so a translator can
 * read them side by side.  A message may be an HTML
 * fragment (it is a constant of the program, never data) and may hold %s
 * conversions, the same number in every language, each filled with text
 * the caller has already escaped (page_say()).  msg() never fails: an
 * unknown key comes back as itself, so a missing message shows rather
 * than crashes, and test_msg checks that none is missing.
 */
#ifndef SUIVI_MSG_H
#define SUIVI_MSG_H

#include <stddef.h>

typedef struct msg_entry {
	const char *key, *fr, *nl, *en;
} msg_entry;

/* The message for key in lang ("fr", "nl"; anything else is English). */
const char *msg(const char *lang, const char *key);

/* The whole catalogue, for the export and the tests. */
const msg_entry *msg_table(size_t *n);

/* Whether lang is one the catalogue speaks: "fr", "nl" or "en". */
int msg_lang_known(const char *lang);

#endif
