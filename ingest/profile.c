#include "profile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/fields.h"
#include "../core/infile.h"
#include "../core/text.h"
#include "sniff.h"
#include "values.h"

void
profile_none(profile *p)
{
	memset(p, 0, sizeof *p);
	p->encoding = -1;
	p->date_format = p->registered_format = DATE_AUTO;
}

static char *
trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && strchr(" \t\r\n", end[-1]))
		*--end = '\0';
	return s;
}

static int
set(profile *p, const char *key, const char *val, const char **why)
{
	if (strcmp(key, "delimiter") == 0) {
		p->delim = strcmp(val, "tab") == 0 || strcmp(val, "\\t") == 0 ? '\t' :
		    strlen(val) == 1 && strchr(",;|", val[0]) ? val[0] : 0;
		*why = "the delimiter is one of , ; | tab";
		return p->delim ? 0 : -1;
	}
	if (strcmp(key, "encoding") == 0) {
		*why = "the encoding is utf-8 or windows-1252";
		return (p->encoding = sniff_encoding_by_name(val)) < 0 ? -1 : 0;
	}
	if (!strcmp(key, "date_format") || !strcmp(key, "date_format.date_fact") ||
	    !strcmp(key, "date_format.date_registered")) {
		int f = values_date_format(val), both = !strcmp(key, "date_format");
		*why = "date_format is dd/mm/yyyy, mm/dd/yyyy, yyyy-mm-dd, "
		    "dd-mm-yyyy, dd.mm.yyyy, yyyymmdd or yyyy-mm (dated to the "
		    "month); date_format.date_fact and date_format.date_registered "
		    "set one column's";
		if (f <= 0)
			return -1;
		if (both || !strcmp(key, "date_format.date_fact"))
			p->date_format = f;
		if (both || !strcmp(key, "date_format.date_registered"))
			p->registered_format = f;
		return 0;
	}
	if (strcmp(key, "zone") == 0) {
		long z;
		*why = "the zone is a 4-digit police zone code, as in zones.csv";
		if (text_int(val, 1000, 9999, &z))
			return -1;
		p->zone = (int)z;
		return 0;
	}
	if (strncmp(key, "column.", 7) == 0) {
		int f = field_by_name(val);
		*why = "a column maps to an incident field (ref, zone, commune, "
		    "date_fact, phenomenon, ...)";
		if (f < 0 || p->ncolumns == PROFILE_MAX_COLUMNS ||
		    text_key(key + 7, p->columns[p->ncolumns].key, 128) == 0)
			return -1;
		p->columns[p->ncolumns++].field = f;
		return 0;
	}
	if (strcmp(key, "allow_column") == 0) {
		*why = "allow_column names a column of the header (at most 64)";
		if (p->nallowed == PROFILE_MAX_COLUMNS ||
		    text_key(val, p->allowed[p->nallowed], 128) == 0)
			return -1;
		p->nallowed++;
		return 0;
	}
	*why = NULL;            /* not a key */
	return -1;
}

int
profile_allows(const profile *p, const char *key)
{
	for (int i = 0; p && i < p->nallowed; i++)
		if (strcmp(p->allowed[i], key) == 0)
			return 1;
	return 0;
}

int
profile_load(const char *path, profile *p, sv_err *e)
{
	FILE *fp = infile_fopen(path, "r", e);
	char *line = NULL;
	size_t cap = 0;
	long n = 0;
	int rc = SV_OK;

	profile_none(p);
	if (!fp)
		return e->code;
	while (!rc && getline(&line, &cap, fp) > 0) {
		char *hash = strchr(line, '#'), *eq, *s;
		const char *why = "";
		n++;
		if (hash)
			*hash = '\0';
		s = trim(line);
		if (!*s)
			continue;
		if (!(eq = strchr(s, '=')))
			rc = sv_errf(e, SV_DATAERR, "%s:%ld: expected 'key = value'",
			    path, n);
		else {
			*eq = '\0';
			char *key = trim(s), *val = trim(eq + 1);
			if (set(p, key, val, &why))
				rc = why ? sv_errf(e, SV_DATAERR, "%s:%ld: %s = '%s': %s",
				    path, n, key, val, why) : sv_errf(e, SV_DATAERR,
				    "%s:%ld: '%s' is not a profile key (the keys are "
				    "delimiter, encoding, date_format (also .date_fact, "
				    ".date_registered), zone, column.NAME, "
				    "allow_column)", path, n, key);
		}
	}
	free(line);
	fclose(fp);
	return rc;
}
