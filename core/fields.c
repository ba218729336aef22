#include "fields.h"

#include <string.h>

static const char *const names[F_COUNT] = {
	"ref", "zone", "commune", "date_fact", "time_fact", "date_registered",
	"phenomenon", "attempt", "modus_operandi", "place_type", "channel",
	"victim_sex", "victim_age", "author_sex", "author_age", "relation",
	"author_ref", "quartier",
};

const char *
field_name(enum field f)
{
	return f < F_COUNT ? names[f] : "?";
}

int
field_by_name(const char *name)
{
	for (int i = 0; i < F_COUNT; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

int
field_required(enum field f)
{
	return f == F_REF || f == F_COMMUNE || f == F_DATE_FACT ||
	    f == F_PHENOMENON;
}
