/*
 * refcheck — what each reference file must hold beyond the shape of its
 * columns (refcheck.h): phenomena and their aliases, header synonyms, the
 * indicator catalogue, the measures.
 */
#include "refcheck.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "catalogue.h"
#include "db.h"
#include "fields.h"
#include "refdata.h"
#include "text.h"

int
refcheck_row_error(const csvfile *f, sv_err *e, const char *fmt, ...)
{
	char what[sizeof e->msg];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return sv_errf(e, SV_DATAERR, "%s:%ld: %s", csvfile_path(f),
	    csvfile_line(f), what);
}

/* measures: a space-separated list of measure ids the phenomenon feeds. */
static int
phenomenon_measures(sqlite3 *db, const csvfile *f, sv_err *e)
{
	const char *code = csvfile_get(f, "code");
	char list[512], *save = NULL;
	sqlite3_stmt *st;
	int rc = SV_OK;

	snprintf(list, sizeof list, "%s", csvfile_get(f, "measures"));
	if ((rc = db_prepare(db, &st, "INSERT INTO phenomenon_measure "
	    "SELECT ?1, measure FROM measure WHERE measure = ?2", e)))
		return rc;
	for (char *m = strtok_r(list, " ", &save); m && !rc;
	    m = strtok_r(NULL, " ", &save)) {
		sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, m, -1, SQLITE_STATIC);
		if ((rc = db_step_done(st, e)))
			rc = refcheck_row_error(f, e, "measure '%s' is listed twice", m);
		else if (sqlite3_changes(db) == 0)
			rc = refcheck_row_error(f, e, "measure '%s' is not in measures.csv",
			    m);
	}
	sqlite3_finalize(st);
	return rc;
}

/* Add one alias, refusing one whose key already means another phenomenon. */
static int
add_alias(sqlite3 *db, const csvfile *f, const char *alias, const char *code,
    sv_err *e)
{
	char key[256];
	sqlite3_stmt *st;
	int rc, found;

	if (text_key(alias, key, sizeof key) == 0)
		return refcheck_row_error(f, e, "alias '%s' has no letters or digits",
		    alias);
	if ((rc = db_prepare(db, &st, "SELECT phenomenon FROM phenomenon_alias "
	    "WHERE key = ?1", e)))
		return rc;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if ((rc = db_lookup(db, st, &found, e))) {
		sqlite3_finalize(st);
		return rc;
	}
	if (found) {
		const char *other = (const char *)sqlite3_column_text(st, 0);
		rc = strcmp(other, code) == 0 ? SV_OK : refcheck_row_error(f, e,
		    "'%s' already means the phenomenon '%s'", alias, other);
		sqlite3_finalize(st);
		return rc;
	}
	sqlite3_finalize(st);
	if ((rc = db_prepare(db, &st, "INSERT INTO phenomenon_alias"
	    "(key, alias, phenomenon) VALUES (?1, ?2, ?3)", e)))
		return rc;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, alias, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, code, -1, SQLITE_STATIC);
	if ((rc = db_step_done(st, e)))
		rc = refcheck_row_error(f, e, "phenomenon '%s' is not in phenomena.csv",
		    code);
	sqlite3_finalize(st);
	return rc;
}

/* A phenomenon's own code and labels are aliases of it too. */
int
refcheck_phenomenon(sqlite3 *db, const csvfile *f, sv_err *e)
{
	const char *code = csvfile_get(f, "code");
	int rc;

	if (strspn(code, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(code))
		return refcheck_row_error(f, e, "phenomenon code '%s' may hold only a-z, 0-9 "
		    "and _", code);
	if ((rc = phenomenon_measures(db, f, e)))
		return rc;
	if ((rc = add_alias(db, f, code, code, e)) ||
	    (rc = add_alias(db, f, csvfile_get(f, "label_fr"), code, e)) ||
	    (rc = add_alias(db, f, csvfile_get(f, "label_nl"), code, e)))
		return rc;
	return SV_OK;
}

int
refcheck_alias(sqlite3 *db, const csvfile *f, sv_err *e)
{
	return add_alias(db, f, csvfile_get(f, "alias"), csvfile_get(f, "code"), e);
}

int
refcheck_synonym(sqlite3 *db, const csvfile *f, sv_err *e)
{
	const char *field = csvfile_get(f, "field");

	(void)db;
	if (field_by_name(field) < 0)
		return refcheck_row_error(f, e, "'%s' is not an incident field (ref, zone, "
		    "commune, date_fact, ...: see the README)", field);
	return SV_OK;
}

/* A figure a partner supplies: what it is called in French and Dutch,
 * its unit, how often it is due and who supplies it (named in French and
 * Dutch); nothing of what incident figures have. */
static int
partner_check(const csvfile *f, sv_err *e)
{
	static const char *const needed[] = { "label_fr", "label_nl", "unit",
	    "partner", "partner_nl" };
	static const char *const unused[] = { "phenomena", "basis", "breakdown",
	    "filter" };
	char known[64];

	for (size_t i = 0; i < sizeof needed / sizeof *needed; i++)
		if (!*csvfile_get(f, needed[i]))
			return refcheck_row_error(f, e, "a partner figure needs its %s",
			    needed[i]);
	for (size_t i = 0; i < sizeof unused / sizeof *unused; i++)
		if (*csvfile_get(f, unused[i]))
			return refcheck_row_error(f, e, "a partner figure has no %s (it is "
			    "for incident figures)", unused[i]);
	if (cat_value(CAT_FREQUENCY, csvfile_get(f, "frequency")) < 0) {
		cat_words(CAT_FREQUENCY, known, sizeof known);
		return refcheck_row_error(f, e, "frequency '%s' is not %s",
		    csvfile_get(f, "frequency"), known);
	}
	return SV_OK;
}

/* An indicator's fields must name things that exist: its measure is a
 * suivi measure, its phenomena are codes (or measure, all, pow), its
 * breakdown and filter are ones the aggregate stage knows, and a filter
 * is said in words in both languages. */
int
refcheck_indicator(sqlite3 *db, const csvfile *f, sv_err *e)
{
	static const struct {
		enum cat_column col;
		const char *name;
	} words[] = { { CAT_BREAKDOWN, "breakdown" }, { CAT_FILTER, "filter" },
	    { CAT_BASIS, "basis" } };
	const char *kind = csvfile_get(f, "kind");
	char list[REF_LIST_MAX + 1], known[160], *save = NULL;
	sqlite3_stmt *st;
	int ok = 0, rc;

	if (db_prepare(db, &st, "SELECT pillar = 'suivi' FROM measure WHERE "
	    "measure = ?1", e))
		return e->code;
	sqlite3_bind_text(st, 1, csvfile_get(f, "measure"), -1, SQLITE_STATIC);
	rc = db_lookup(db, st, &ok, e);
	ok = ok && sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (rc)
		return rc;
	if (!ok)
		return refcheck_row_error(f, e, "'%s' is not a suivi measure",
		    csvfile_get(f, "measure"));
	if ((ok = cat_value(CAT_KIND, kind)) < 0) {
		cat_words(CAT_KIND, known, sizeof known);
		return refcheck_row_error(f, e, "kind '%s' is not %s", kind, known);
	}
	if (ok == KIND_NONE)
		return *csvfile_get(f, "reason_fr") && *csvfile_get(f, "reason_nl") ?
		    SV_OK : refcheck_row_error(f, e, "a measure incident data cannot serve "
		    "needs its reason in French and Dutch (reason_fr, reason_nl)");
	if (ok == KIND_PARTNER)
		return partner_check(f, e);
	for (size_t w = 0; w < sizeof words / sizeof *words; w++)
		if (cat_value(words[w].col, csvfile_get(f, words[w].name)) < 0) {
			cat_words(words[w].col, known, sizeof known);
			return refcheck_row_error(f, e, "%s '%s' is not %s", words[w].name,
			    csvfile_get(f, words[w].name), known);
		}
	/* the report says what a filter keeps, in words */
	if (*csvfile_get(f, "filter") && (!*csvfile_get(f, "filter_fr") ||
	    !*csvfile_get(f, "filter_nl")))
		return refcheck_row_error(f, e, "filter '%s' needs its words in "
		    "French and Dutch (filter_fr, filter_nl: which facts it keeps)",
		    csvfile_get(f, "filter"));
	snprintf(list, sizeof list, "%s", csvfile_get(f, "phenomena"));
	for (char *p = strtok_r(list, " ", &save); p; p = strtok_r(NULL, " ", &save)) {
		char sql[] = "SELECT 1 FROM phenomenon WHERE code = ?1";
		int found;
		if (!strcmp(p, "measure") || !strcmp(p, "all") || !strcmp(p, "pow"))
			continue;
		if (db_prepare(db, &st, sql, e))
			return e->code;
		sqlite3_bind_text(st, 1, p, -1, SQLITE_STATIC);
		rc = db_lookup(db, st, &found, e);
		sqlite3_finalize(st);
		if (rc)
			return rc;
		if (!found)
			return refcheck_row_error(f, e, "phenomenon '%s' is not in "
			    "phenomena.csv", p);
	}
	return SV_OK;
}

/* The report names every suivi measure in both languages, and shortly in
 * its table of contents and chart titles. */
int
refcheck_measure(sqlite3 *db, const csvfile *f, sv_err *e)
{
	static const char *const cols[] = { "title_nl", "short_fr", "short_nl" };

	const char *id = csvfile_get(f, "measure"), *axis = csvfile_get(f, "axis");
	char want[32];
	size_t n;

	(void)db;
	/* M<axis>.<number>: the id says its axis */
	n = (size_t)snprintf(want, sizeof want, "M%s.", axis);
	if (strncmp(id, want, n) != 0 || !id[n] || strspn(id + n, "0123456789") !=
	    strlen(id + n))
		return refcheck_row_error(f, e, "measure '%s' is not M%s.<number> (its "
		    "axis is %s)", id, axis, axis);
	if (strcmp(csvfile_get(f, "pillar"), "suivi") != 0)
		return SV_OK;
	for (size_t i = 0; i < sizeof cols / sizeof *cols; i++)
		if (!*csvfile_get(f, cols[i]))
			return refcheck_row_error(f, e, "the suivi measure %s needs its '%s' "
			    "(the report shows it)", csvfile_get(f, "measure"),
			    cols[i]);
	return SV_OK;
}

/* The catalogue must say something about every suivi measure: its
 * indicators, or why incident data cannot serve it. */
int
refcheck_every_suivi_measure(sqlite3 *db, const char *dir, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, found;

	if (db_prepare(db, &st, "SELECT measure FROM measure WHERE pillar = "
	    "'suivi' AND measure NOT IN (SELECT measure FROM indicator_def) "
	    "ORDER BY seq", e))
		return e->code;
	if (!(rc = db_lookup(db, st, &found, e)) && found)
		rc = sv_errf(e, SV_DATAERR, "%s/indicators.csv: the suivi measure "
		    "%s has no row: list its indicators, or a row of kind none "
		    "with the reason incident data cannot serve it", dir,
		    sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc;
}
