/*
 * msg — the catalogue of words in French, Dutch and English (msg.h).
 *
 * Every entry is a printf format: %s where the caller puts text it has
 * escaped, %% for a percent sign.  French takes a no-break space before
 * a colon or a semicolon.  Keep the three languages' conversions the same
 * (test_msg checks it).  The entries are in four parts, one file each,
 * in the order of the table (the order `export --what messages` lists):
 * the report, data quality and method, the plan and its partners, the
 * charts.
 */
#include "msg.h"

#include <string.h>

#define NBSP "\xc2\xa0"         /* U+00A0 no-break space */

static const msg_entry table[] = {
#include "msg-report.inc"
#include "msg-quality.inc"
#include "msg-plan.inc"
#include "msg-charts.inc"
};

const char *
msg(const char *lang, const char *key)
{
	for (size_t i = 0; i < sizeof table / sizeof *table; i++)
		if (strcmp(table[i].key, key) == 0)
			return !strcmp(lang, "fr") ? table[i].fr :
			    !strcmp(lang, "nl") ? table[i].nl : table[i].en;
	return key;
}

const msg_entry *
msg_table(size_t *n)
{
	*n = sizeof table / sizeof *table;
	return table;
}

int
msg_lang_known(const char *lang)
{
	return !strcmp(lang, "fr") || !strcmp(lang, "nl") || !strcmp(lang, "en");
}
