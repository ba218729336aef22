/*
 * words — partner files' column names and statuses (words.h).
 */
#include "words.h"

#include <stdio.h>
#include <string.h>

#include "../core/msg.h"
#include "../core/text.h"

static const char *const codes[PF_COUNT] = {
	[PF_MEASURE] = "measure", [PF_INDICATOR] = "indicator",
	[PF_PERIOD] = "period", [PF_VALUE] = "value", [PF_UNIT] = "unit",
	[PF_SOURCE] = "source", [PF_PARTNER] = "partner", [PF_DATE] = "date",
	[PF_STATUS] = "status", [PF_NOTE] = "note",
};

const int pwords_fields[2][8] = {
	[PARTNER_FIGURES] = { PF_MEASURE, PF_INDICATOR, PF_PERIOD, PF_VALUE,
	    PF_UNIT, PF_SOURCE, PF_NOTE, -1 },
	[PARTNER_PROGRESS] = { PF_MEASURE, PF_PARTNER, PF_DATE, PF_STATUS,
	    PF_NOTE, -1 },
};

const char *const pwords_statuses[] = { "not_started", "in_preparation",
	"in_progress", "done", "abandoned", NULL };

static const char *const langs[] = { "fr", "nl", "en" };

/* Whether word means the message key in some language, or code itself. */
static int
means(const char *word, const char *key, const char *code)
{
	char a[256], b[256];

	text_key(word, a, sizeof a);
	text_key(code, b, sizeof b);
	if (*a && strcmp(a, b) == 0)
		return 1;
	for (size_t l = 0; l < sizeof langs / sizeof *langs; l++) {
		text_key(msg(langs[l], key), b, sizeof b);
		if (*a && strcmp(a, b) == 0)
			return 1;
	}
	return 0;
}

const char *
pwords_code(enum pfield f)
{
	return codes[f];
}

const char *
pwords_column(enum pfield f, const char *lang)
{
	char key[32];

	snprintf(key, sizeof key, "pcol_%s", codes[f]);
	return msg(lang, key);
}

int
pwords_field(const char *name)
{
	char key[32];

	for (int f = 0; f < PF_COUNT; f++) {
		snprintf(key, sizeof key, "pcol_%s", codes[f]);
		if (means(name, key, codes[f]))
			return f;
	}
	return -1;
}

const char *
pwords_status_word(const char *code, const char *lang)
{
	char key[48];

	snprintf(key, sizeof key, "status_%s", code);
	return msg(lang, key);
}

/* The French statuses agree with "la mesure"; a partner who writes them
 * in the masculine ("réalisé", "pas commencé") means the same. */
static int
means_masculine(const char *word, const char *key)
{
	char a[256], b[256];
	size_t n;

	text_key(word, a, sizeof a);
	text_key(msg("fr", key), b, sizeof b);
	n = strlen(b);
	return *a && n > 1 && b[n - 1] == 'e' && strlen(a) == n - 1 &&
	    strncmp(a, b, n - 1) == 0;
}

const char *
pwords_status(const char *word)
{
	char key[48];

	for (int i = 0; pwords_statuses[i]; i++) {
		snprintf(key, sizeof key, "status_%s", pwords_statuses[i]);
		if (means(word, key, pwords_statuses[i]) ||
		    means_masculine(word, key))
			return pwords_statuses[i];
	}
	return NULL;
}
