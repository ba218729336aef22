/*
 * catalogue — the catalogue's words and their enums (see catalogue.h).
 */
#include "catalogue.h"

#include <stdio.h>
#include <string.h>

static const char *const kinds[] = {
	[KIND_NONE] = "none", [KIND_COUNT] = "count", [KIND_SHARE] = "share",
	[KIND_RATE] = "rate", [KIND_REPEAT] = "repeat",
	[KIND_PARTNER] = "partner", NULL
};

static const char *const frequencies[] = {
	[EVERY_MONTH] = "month", [EVERY_QUARTER] = "quarter",
	[EVERY_YEAR] = "year", NULL
};

static const char *const bases[] = {
	[BY_FACT] = "fact", [BY_REGISTRATION] = "registered", NULL
};

static const char *const breakdowns[] = {
	[BREAK_NONE] = "", [BREAK_PHENOMENON] = "phenomenon",
	[BREAK_VICTIM_SEX] = "victim_sex", [BREAK_AUTHOR_SEX] = "author_sex",
	[BREAK_COMMUNE] = "commune", [BREAK_MODUS] = "modus_operandi", NULL
};

static const char *const filters[] = {
	[FILTER_NONE] = "", [FILTER_WOMEN_VICTIMS] = "victim_sex=F",
	[FILTER_POLICE_ON_WEB] = "channel=police_on_web",
	[FILTER_PUBLIC_TRANSPORT] = "place_type=public_transport", NULL
};

static const char *const *const columns[] = {
	[CAT_KIND] = kinds, [CAT_BASIS] = bases,
	[CAT_BREAKDOWN] = breakdowns, [CAT_FILTER] = filters,
	[CAT_FREQUENCY] = frequencies,
};

int
cat_value(enum cat_column col, const char *word)
{
	const char *const *t = columns[col];

	for (int i = 0; t[i]; i++)
		if (strcmp(t[i], word ? word : "") == 0)
			return i;
	return -1;
}

const char *
cat_word(enum cat_column col, int v)
{
	return columns[col][v];
}

void
cat_words(enum cat_column col, char *out, size_t n)
{
	const char *const *t = columns[col];
	size_t len = 0;

	out[0] = '\0';
	for (int i = 0; t[i] && len < n; i++)
		len += (size_t)snprintf(out + len, n - len, "%s%s%s", i == 0 ? "" :
		    t[i + 1] ? ", " : " or ", *t[i] ? "" : "empty", t[i]);
}
