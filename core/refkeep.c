/*
 * refkeep — what a new copy of the reference must keep of the old
 * (refcheck.h): the zones, communes and phenomena the data still use, and
 * a population for every commune the rates divide by.
 */
#include "refcheck.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "refdata.h"

int
refcheck_population_row(sqlite3 *db, const csvfile *f, sv_err *e)
{
	(void)db;
	if (!strcmp(csvfile_get(f, "sex"), "T") &&
	    !strcmp(csvfile_get(f, "population"), "0"))
		return refcheck_row_error(f, e, "commune %s has a total population "
		    "of 0 in %s: the rates per 1,000 inhabitants divide by it; give "
		    "the real figure", csvfile_get(f, "nis"), csvfile_get(f, "year"));
	return SV_OK;
}

/* The line of communes.csv that defines nis (0 if none is found). */
static long
commune_line(const char *dir, int nis)
{
	char path[PATH_MAX], code[16];
	csvfile *f;
	sv_err e;
	long line = 0;

	snprintf(path, sizeof path, "%s/communes.csv", dir);
	snprintf(code, sizeof code, "%d", nis);
	if (csvfile_open(path, &f, &e))
		return 0;
	while (!line && csvfile_next(f))
		if (!strcmp(csvfile_get(f, "nis"), code))
			line = csvfile_line(f);
	csvfile_close(f);
	return line;
}

int
refcheck_every_population(sqlite3 *db, const char *dir, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, found;

	if ((rc = db_prepare(db, &st, "SELECT c.nis, c.name_fr, (SELECT max(year) "
	    "FROM population WHERE sex = 'T') FROM commune c WHERE NOT EXISTS "
	    "(SELECT 1 FROM population p WHERE p.nis = c.nis AND p.sex = 'T' AND "
	    "p.population > 0 AND p.year = (SELECT max(year) FROM population "
	    "WHERE sex = 'T')) ORDER BY c.nis", e)))
		return rc;
	if ((rc = db_lookup(db, st, &found, e)) == SV_OK && found) {
		int nis = sqlite3_column_int(st, 0);
		rc = sv_errf(e, SV_DATAERR, "%s/communes.csv:%ld: commune %d (%s) "
		    "has no total population (sex T, above 0) in population.csv for "
		    "%d, the year the rates use (the latest there): every commune "
		    "needs one", dir, commune_line(dir, nis), nis,
		    sqlite3_column_text(st, 1), sqlite3_column_int(st, 2));
	}
	sqlite3_finalize(st);
	return rc;
}

/* What the data use and the new copy lacks: the query gives the thing
 * missing, how many use it, and (for phenomena) the labels that map to
 * it. */
static const struct {
	const char *file, *what, *users, *sql;
} kept[] = {
	{ "zones.csv", "zone", "incidents and deliveries", "SELECT zone, count(*), '' FROM (SELECT zone "
	  "FROM incident UNION ALL SELECT zone FROM incident_past UNION ALL "
	  "SELECT zone FROM extract WHERE zone IS NOT NULL) WHERE zone NOT IN "
	  "(SELECT zone FROM zone) GROUP BY zone ORDER BY zone LIMIT 1" },
	{ "communes.csv", "commune", "incidents", "SELECT commune, count(*), '' FROM (SELECT "
	  "commune FROM incident UNION ALL SELECT commune FROM incident_past) "
	  "WHERE commune NOT IN (SELECT nis FROM commune) GROUP BY commune "
	  "ORDER BY commune LIMIT 1" },
	{ "phenomena.csv", "phenomenon", "incidents", "SELECT phenomenon, sum(incidents), "
	  "group_concat(raw, ', ') FROM label_map WHERE incidents > 0 AND "
	  "phenomenon <> 'unmapped' AND phenomenon NOT IN (SELECT code FROM "
	  "phenomenon) AND NOT EXISTS (SELECT 1 FROM phenomenon_alias a WHERE "
	  "a.key = suivi_key(label_map.raw)) GROUP BY phenomenon ORDER BY "
	  "phenomenon LIMIT 1" },
};

int
refcheck_still_used(sqlite3 *db, const char *dir, sv_err *e)
{
	sqlite3_stmt *st;
	int rc = SV_OK, found;

	for (size_t i = 0; i < sizeof kept / sizeof *kept && !rc; i++) {
		if ((rc = db_prepare(db, &st, kept[i].sql, e)))
			return rc;
		if ((rc = db_lookup(db, st, &found, e)) == SV_OK && found) {
			const char *labels = (const char *)sqlite3_column_text(st, 2);
			char also[320] = "";
			if (*labels)
				snprintf(also, sizeof also, " (labels %.280s)", labels);
			rc = sv_errf(e, SV_DATAERR, "%s/%s: refused: %s %s is not in it, "
			    "but %lld %s use it%s; keep it (the database keeps its copy "
			    "of the reference meanwhile)", dir, kept[i].file,
			    kept[i].what, sqlite3_column_text(st, 0),
			    sqlite3_column_int64(st, 1), kept[i].users, also);
		}
		sqlite3_finalize(st);
	}
	return rc;
}

int
refcheck_bounds(sqlite3 *db, const char *dir, sv_err *e)
{
	static const struct {
		const char *file, *sql;
		int max;
	} bound[] = {
		{ "phenomena.csv", "SELECT count(*) FROM phenomenon",
		  REF_MAX_PHENOMENA },
		{ "communes.csv", "SELECT count(*) FROM commune", REF_MAX_COMMUNES },
	};
	long long n;
	int rc;

	for (size_t i = 0; i < sizeof bound / sizeof *bound; i++) {
		if ((rc = db_integer(db, bound[i].sql, &n, e)))
			return rc;
		if (n > bound[i].max)
			return sv_errf(e, SV_DATAERR, "%s/%s has %lld rows, more than "
			    "the %d a cube cell can name (core/refdata.h): split the "
			    "work, or build suivi with a wider cell key", dir,
			    bound[i].file, n, bound[i].max);
	}
	return SV_OK;
}
