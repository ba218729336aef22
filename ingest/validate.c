/*
 * validate — a row's values checked and parsed (ctx.h): the commune or
 * zone by code or name, dates (none after the day of the load, no
 * registration before the facts), times, sexes, ages, attempts.
 */
#include "ctx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/db.h"
#include "../core/grow.h"
#include "../core/refdata.h"
#include "../core/text.h"
#include "values.h"

/* Give key to place i unless an earlier place has it. */
static int
add_key(places *ps, const char *key, int i)
{
	int k;

	if (!*key)
		return 0;
	if ((k = dict_add(&ps->keys, key)) < 0)
		return -1;
	if (ps->keys.value[k] < 0)
		ps->keys.value[k] = i;
	return 0;
}

static int
load_places(sqlite3 *db, const char *sql, places *ps, sv_err *e)
{
	sqlite3_stmt *st;
	size_t cap = 0, capz = 0;
	int rc = SV_OK, step;

	if ((rc = db_prepare(db, &st, sql, e)))
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		char key[4 * REF_NAME_MAX + 1];
		int i = ps->n;
		if (grow((void **)&ps->code, &cap, (size_t)i + 1, sizeof *ps->code) ||
		    grow((void **)&ps->zone, &capz, (size_t)i + 1, sizeof *ps->zone)) {
			rc = sv_errf(e, SV_NOMEM, "out of memory");
			break;
		}
		ps->code[i] = sqlite3_column_int(st, 0);
		ps->zone[i] = sqlite3_column_int(st, 1);
		ps->n++;
		snprintf(key, sizeof key, "%d", ps->code[i]);
		if (add_key(ps, key, i))
			rc = sv_errf(e, SV_NOMEM, "out of memory");
		for (int col = 2; col <= 3 && !rc; col++) {
			text_key((const char *)sqlite3_column_text(st, col), key,
			    sizeof key);
			if (add_key(ps, key, i))
				rc = sv_errf(e, SV_NOMEM, "out of memory");
		}
		if (rc)
			break;
	}
	if (rc) {
		sqlite3_finalize(st);
		return rc;
	}
	return db_finish(db, st, step, e);
}

/* A commune or zone given as its code or FR/NL name; 0 if none matches. */
static int
find_place(const places *ps, const char *s, int *zone)
{
	char key[4 * REF_NAME_MAX + 1];
	long code = 0;
	int k;

	/* a code is all digits ("21004xyz" is no commune), else a name */
	if (!text_int(s, 1, 99999, &code))
		snprintf(key, sizeof key, "%ld", code);
	else if (text_key(s, key, sizeof key) >= sizeof key - 1)
		return 0;       /* longer than any name of the reference */
	if ((k = dict_find(&ps->keys, key)) < 0)
		return 0;
	k = ps->keys.value[k];
	if (zone)
		*zone = ps->zone[k];
	return ps->code[k];
}

static const char *
field_text(const record *rec, const ctx *c, enum field f)
{
	int col = c->hm.col[f];
	const char *v = col >= 0 && (size_t)col < rec->nfields ? rec->fields[col] : "";

	return *v ? v : NULL;
}

/* Whether a date of facts also reads with day and month swapped, and the
 * months of the year either reading puts it in (ingest.c refuses a file
 * whose every date reads both ways and whose reading scatters them over
 * more months).  A day after the 12th tells the order; the 1st (often a
 * month's unknown day) and a day equal to its month tell nothing. */
static void
date_order(ctx *c, const char *s, int date)
{
	int swapped, day = date % 100, month = date / 100 % 100;

	if (values_date_swapped(s, c->prof.date_format, &swapped) != VAL_OK) {
		c->date_told++;
		return;
	}
	if (day == 1 || day == month)
		return;
	c->date_pairs++;
	c->months_read |= 1u << (month - 1);
	c->months_swapped |= 1u << (swapped / 100 % 100 - 1);
}

/* Parse and check one record into inc; on failure say why and which field. */
int
validate_row(ctx *c, const record *rec, incident *inc, enum field *bad, char *why,
    size_t whylen)
{
	const char *s;
	int rc, z = 0, commune_zone = 0;

	for (int f = 0; f < F_COUNT; f++)
		inc->text[f] = field_text(rec, c, (enum field)f);
#define FAIL(field, q, ...) do { *bad = field; snprintf(why, whylen, __VA_ARGS__); \
	return q; } while (0)
	if (rec->nfields != c->hm.ncols) {
		int extra_empty = rec->nfields > c->hm.ncols;
		for (size_t i = c->hm.ncols; extra_empty && i < rec->nfields; i++)
			extra_empty = rec->fields[i][0] == '\0';
		if (!extra_empty)
			FAIL(F_COUNT, Q_FIELD_COUNT, "%zu fields where the header has %zu",
			    rec->nfields, c->hm.ncols);
	}
	if (!inc->text[F_REF])
		FAIL(F_REF, Q_MISSING_REF, "no ref");
	s = inc->text[F_COMMUNE];
	if (!s || !(inc->commune = find_place(&c->communes, s, &commune_zone)))
		FAIL(F_COMMUNE, Q_UNKNOWN_COMMUNE, "commune '%s' is not one of the "
		    "reference (NIS code or FR/NL name)", s ? s : "");
	rc = values_date(inc->text[F_DATE_FACT] ? inc->text[F_DATE_FACT] : "",
	    c->prof.date_format, &inc->date_fact);
	if (rc != VAL_EMPTY && c->prof.date_format != DATE_AUTO) {
		c->dates++;             /* whether the profile's format fits */
		c->date_misses += rc == VAL_BAD;
	}
	if (rc == VAL_OK)
		date_order(c, inc->text[F_DATE_FACT], inc->date_fact);
	if (rc != VAL_OK)
		FAIL(F_DATE_FACT, Q_BAD_DATE, "date of facts '%s' is %s",
		    inc->text[F_DATE_FACT] ? inc->text[F_DATE_FACT] : "",
		    rc == VAL_EMPTY ? "missing" : "not a valid date");
	inc->date_registered = inc->date_fact;
	if ((s = inc->text[F_DATE_REGISTERED]) &&
	    values_date(s, c->prof.registered_format, &inc->date_registered) !=
	    VAL_OK)
		FAIL(F_DATE_REGISTERED, Q_BAD_DATE, "registration date '%s' is not "
		    "a valid date", s);
	if (inc->date_fact > c->latest)
		FAIL(F_DATE_FACT, Q_BAD_DATE, "date of facts '%s' is after the day "
		    "of the load", inc->text[F_DATE_FACT]);
	if (inc->date_registered > c->latest)
		FAIL(F_DATE_REGISTERED, Q_BAD_DATE, "registration date '%s' is after "
		    "the day of the load", inc->text[F_DATE_REGISTERED]);
	if (inc->date_registered < inc->date_fact)
		FAIL(F_DATE_REGISTERED, Q_BAD_DATE, "registration date '%s' is "
		    "before the date of facts '%s'", inc->text[F_DATE_REGISTERED],
		    inc->text[F_DATE_FACT]);
	if (!inc->text[F_PHENOMENON])
		FAIL(F_PHENOMENON, Q_MISSING_PHENOMENON, "no phenomenon");
	inc->time_fact = -1;
	if ((s = inc->text[F_TIME_FACT]) && values_time(s, &inc->time_fact) == VAL_BAD)
		FAIL(F_TIME_FACT, Q_BAD_TIME, "time '%s' is not a time of day", s);
	inc->victim_sex = inc->author_sex = inc->attempt = -1;
	if ((s = inc->text[F_VICTIM_SEX]) && values_sex(s, &inc->victim_sex) == VAL_BAD)
		FAIL(F_VICTIM_SEX, Q_BAD_SEX, "victim sex '%s' is not F, M or X", s);
	if ((s = inc->text[F_AUTHOR_SEX]) && values_sex(s, &inc->author_sex) == VAL_BAD)
		FAIL(F_AUTHOR_SEX, Q_BAD_SEX, "author sex '%s' is not F, M or X", s);
	if ((s = inc->text[F_VICTIM_AGE]) && values_age(s) == VAL_BAD)
		FAIL(F_VICTIM_AGE, Q_BAD_AGE, "victim age '%s' is not an age (0 to "
		    "120, or a band such as 30-39 or 80+)", s);
	if ((s = inc->text[F_AUTHOR_AGE]) && values_age(s) == VAL_BAD)
		FAIL(F_AUTHOR_AGE, Q_BAD_AGE, "author age '%s' is not an age (0 to "
		    "120, or a band such as 30-39 or 80+)", s);
	if ((s = inc->text[F_ATTEMPT]) && values_attempt(s, &inc->attempt) == VAL_BAD)
		FAIL(F_ATTEMPT, Q_BAD_ATTEMPT, "attempt '%s' is not yes/no", s);
	if ((s = inc->text[F_ZONE]) && !(z = find_place(&c->zones, s, NULL)))
		FAIL(F_ZONE, Q_UNKNOWN_ZONE, "zone '%s' is not one of the reference "
		    "(number or FR/NL name)", s);
	if (!z)
		z = c->o->zone ? c->o->zone : c->prof.zone ? c->prof.zone : commune_zone;
	if (z != commune_zone)
		FAIL(F_ZONE, Q_ZONE_MISMATCH, "zone %d, but commune %d belongs to "
		    "zone %d", z, inc->commune, commune_zone);
	inc->zone = z;
#undef FAIL
	return -1;
}

int
validate_places(sqlite3 *db, ctx *c, sv_err *e)
{
	int rc;

	if ((rc = load_places(db, "SELECT nis, zone, name_fr, name_nl FROM "
	    "commune", &c->communes, e)))
		return rc;
	return load_places(db, "SELECT zone, 0, name_fr, name_nl FROM zone",
	    &c->zones, e);
}

static void
places_free(places *ps)
{
	free(ps->code);
	free(ps->zone);
	dict_free(&ps->keys);
	memset(ps, 0, sizeof *ps);
}

void
validate_free(ctx *c)
{
	places_free(&c->communes);
	places_free(&c->zones);
}

/* Today as yyyymmdd plus one: the latest date a row may bear. */
int
validate_latest(void)
{
	time_t now = time(NULL);
	struct tm tm;

	if (!localtime_r(&now, &tm))
		return 99991231;
	return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 +
	    tm.tm_mday + 1;
}
