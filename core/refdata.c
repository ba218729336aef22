#include "refdata.h"

#include "catalogue.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalogue.h"
#include "csvfile.h"
#include "db.h"
#include "fields.h"
#include "text.h"

#ifndef SUIVI_REFDIR
#define SUIVI_REFDIR "reference"
#endif

/* How one CSV column becomes one bound parameter. */
enum kind {
	K_TEXT,         /* required, non-empty */
	K_TEXT_OPT,     /* may be empty */
	K_INT,          /* required whole number */
	K_BOOL,         /* 0 or 1 */
	K_SEQ,          /* not a column: the record's position in the file */
	K_KEY,          /* text_key() of the column, which must not be empty */
};

typedef struct colspec {
	const char *name;
	enum kind kind;
} colspec;

/* The whole numbers of the reference that have a shape, by column name:
 * a NIS code has five digits, a zone number four. */
static const struct {
	const char *name;
	long long lo, hi;
} bounds[] = {
	{ "nis", 10000, 99999 }, { "zone", 1000, 9999 }, { "axis", 1, 99 },
	{ "year", 1900, 2199 }, { "population", 0, 100000000 },
};

/* Names and codes have a longest length (see refdata.h). */
static const struct {
	const char *name;
	size_t max;
} lengths[] = {
	{ "name_fr", REF_NAME_MAX }, { "name_nl", REF_NAME_MAX },
	{ "label_fr", REF_NAME_MAX }, { "label_nl", REF_NAME_MAX },
	{ "code", REF_CODE_MAX }, { "measure", REF_MEASURE_MAX },
	{ "phenomena", REF_LIST_MAX }, { "indicator", REF_CODE_MAX },
	{ "unit", REF_CODE_MAX }, { "alias", REF_NAME_MAX },
	{ "synonym", REF_NAME_MAX }, { "partner", REF_NAME_MAX },
	{ "partner_nl", REF_NAME_MAX },
};

typedef struct loader loader;

/* One reference file: its columns in the order of the INSERT's
 * parameters, and optional hooks run after each row is inserted, and
 * before (to say what is wrong in words before a constraint of the
 * schema can). */
struct loader {
	const char *file;
	const char *insert;
	colspec cols[16];
	int (*after_row)(sqlite3 *db, const csvfile *f, sv_err *e);
	int (*check_row)(sqlite3 *db, const csvfile *f, sv_err *e);
};

/* "file:line: what"; the arguments may include e->msg itself. */
static int
row_error(const csvfile *f, sv_err *e, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
row_error(const csvfile *f, sv_err *e, const char *fmt, ...)
{
	char what[sizeof e->msg];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return sv_errf(e, SV_DATAERR, "%s:%ld: %s", csvfile_path(f),
	    csvfile_line(f), what);
}

static int
parse_int(const char *s, long long *out)
{
	char *end;

	if (!*s)
		return 0;
	errno = 0;
	*out = strtoll(s, &end, 10);
	return errno == 0 && *end == '\0';
}

/* A text column's value v: present if it must be, within its length. */
static int
check_text(const colspec *c, const csvfile *f, const char *v, sv_err *e)
{
	if (c->kind == K_TEXT && !*v)
		return row_error(f, e, "column '%s' is empty", c->name);
	for (size_t l = 0; l < sizeof lengths / sizeof *lengths; l++)
		if (!strcmp(c->name, lengths[l].name) && strlen(v) > lengths[l].max)
			return row_error(f, e, "column '%s' is %zu bytes long, "
			    "more than the %zu it may have", c->name, strlen(v),
			    lengths[l].max);
	return SV_OK;
}

static int
bind_column(sqlite3_stmt *st, int i, const colspec *c, const csvfile *f,
    long seq, sv_err *e)
{
	const char *v = c->kind == K_SEQ ? "" : csvfile_get(f, c->name);
	char key[256];
	long long n;
	int rc;

	switch (c->kind) {
	case K_SEQ:
		return sqlite3_bind_int64(st, i, seq) ? SV_SOFTWARE : SV_OK;
	case K_TEXT:
	case K_TEXT_OPT:
		if ((rc = check_text(c, f, v, e)))
			return rc;
		return sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT) ?
		    SV_SOFTWARE : SV_OK;
	case K_KEY:
		if (text_key(v, key, sizeof key) == 0)
			return row_error(f, e, "column '%s' has no letters or "
			    "digits ('%s')", c->name, v);
		return sqlite3_bind_text(st, i, key, -1, SQLITE_TRANSIENT) ?
		    SV_SOFTWARE : SV_OK;
	case K_INT:
	case K_BOOL:
		if (!parse_int(v, &n) || (c->kind == K_BOOL && n != 0 && n != 1))
			return row_error(f, e, c->kind == K_BOOL ?
			    "column '%s': '%s' is not 0 or 1" :
			    "column '%s': '%s' is not a whole number", c->name, v);
		for (size_t b = 0; b < sizeof bounds / sizeof *bounds; b++)
			if (!strcmp(c->name, bounds[b].name) && (n < bounds[b].lo ||
			    n > bounds[b].hi))
				return row_error(f, e, "column '%s': %lld is not between "
				    "%lld and %lld", c->name, n, bounds[b].lo, bounds[b].hi);
		return sqlite3_bind_int64(st, i, n) ? SV_SOFTWARE : SV_OK;
	}
	return SV_SOFTWARE;
}

static int
require_columns(const loader *l, const csvfile *f, sv_err *e)
{
	for (const colspec *c = l->cols; c->name; c++)
		if (c->kind != K_SEQ && csvfile_column(f, c->name) < 0)
			return sv_errf(e, SV_DATAERR, "%s:1: the header has no "
			    "column '%s'", csvfile_path(f), c->name);
	return SV_OK;
}

static int
insert_row(sqlite3 *db, sqlite3_stmt *st, const loader *l, const csvfile *f,
    long seq, sv_err *e)
{
	int i = 0, rc;

	if (l->check_row && (rc = l->check_row(db, f, e)))
		return rc;
	for (const colspec *c = l->cols; c->name; c++)
		if ((rc = bind_column(st, ++i, c, f, seq, e)))
			return rc;
	if (db_step_done(st, e) == SV_OK)
		return l->after_row ? l->after_row(db, f, e) : SV_OK;
	if (sqlite3_extended_errcode(db) == SQLITE_CONSTRAINT_PRIMARYKEY ||
	    sqlite3_extended_errcode(db) == SQLITE_CONSTRAINT_UNIQUE)
		return row_error(f, e, "%s '%s' is already defined above",
		    l->cols[0].name, csvfile_get(f, l->cols[0].name));
	if (sqlite3_extended_errcode(db) == SQLITE_CONSTRAINT_FOREIGNKEY)
		return row_error(f, e, "this row refers to something the other "
		    "reference files do not define (%s)", e->msg);
	return row_error(f, e, "rejected: %s", e->msg);
}

static int
load_file(sqlite3 *db, const char *dir, const loader *l, sv_err *e)
{
	char path[PATH_MAX];
	csvfile *f;
	sqlite3_stmt *st;
	int rc;
	long seq = 0;

	snprintf(path, sizeof path, "%s/%s", dir, l->file);
	if ((rc = csvfile_open(path, &f, e)))
		return rc;
	if ((rc = require_columns(l, f, e)) ||
	    (rc = db_prepare(db, &st, l->insert, e))) {
		csvfile_close(f);
		return rc;
	}
	while (!rc && csvfile_next(f))
		rc = insert_row(db, st, l, f, ++seq, e);
	sqlite3_finalize(st);
	csvfile_close(f);
	return rc;
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
			rc = row_error(f, e, "measure '%s' is listed twice", m);
		else if (sqlite3_changes(db) == 0)
			rc = row_error(f, e, "measure '%s' is not in measures.csv",
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
		return row_error(f, e, "alias '%s' has no letters or digits",
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
		rc = strcmp(other, code) == 0 ? SV_OK : row_error(f, e,
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
		rc = row_error(f, e, "phenomenon '%s' is not in phenomena.csv",
		    code);
	sqlite3_finalize(st);
	return rc;
}

/* A phenomenon's own code and labels are aliases of it too. */
static int
phenomenon_after(sqlite3 *db, const csvfile *f, sv_err *e)
{
	const char *code = csvfile_get(f, "code");
	int rc;

	if (strspn(code, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(code))
		return row_error(f, e, "phenomenon code '%s' may hold only a-z, 0-9 "
		    "and _", code);
	if ((rc = phenomenon_measures(db, f, e)))
		return rc;
	if ((rc = add_alias(db, f, code, code, e)) ||
	    (rc = add_alias(db, f, csvfile_get(f, "label_fr"), code, e)) ||
	    (rc = add_alias(db, f, csvfile_get(f, "label_nl"), code, e)))
		return rc;
	return SV_OK;
}

static int
alias_row(sqlite3 *db, const csvfile *f, sv_err *e)
{
	return add_alias(db, f, csvfile_get(f, "alias"), csvfile_get(f, "code"), e);
}

static int
synonym_check(sqlite3 *db, const csvfile *f, sv_err *e)
{
	const char *field = csvfile_get(f, "field");

	(void)db;
	if (field_by_name(field) < 0)
		return row_error(f, e, "'%s' is not an incident field (ref, zone, "
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
			return row_error(f, e, "a partner figure needs its %s",
			    needed[i]);
	for (size_t i = 0; i < sizeof unused / sizeof *unused; i++)
		if (*csvfile_get(f, unused[i]))
			return row_error(f, e, "a partner figure has no %s (it is "
			    "for incident figures)", unused[i]);
	if (cat_value(CAT_FREQUENCY, csvfile_get(f, "frequency")) < 0) {
		cat_words(CAT_FREQUENCY, known, sizeof known);
		return row_error(f, e, "frequency '%s' is not %s",
		    csvfile_get(f, "frequency"), known);
	}
	return SV_OK;
}

/* An indicator's fields must name things that exist: its measure is a
 * suivi measure, its phenomena are codes (or measure, all, pow), its
 * breakdown and filter are ones the aggregate stage knows. */
static int
indicator_check(sqlite3 *db, const csvfile *f, sv_err *e)
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
		return row_error(f, e, "'%s' is not a suivi measure",
		    csvfile_get(f, "measure"));
	if ((ok = cat_value(CAT_KIND, kind)) < 0) {
		cat_words(CAT_KIND, known, sizeof known);
		return row_error(f, e, "kind '%s' is not %s", kind, known);
	}
	if (ok == KIND_NONE)
		return *csvfile_get(f, "reason_fr") && *csvfile_get(f, "reason_nl") ?
		    SV_OK : row_error(f, e, "a measure incident data cannot serve "
		    "needs its reason in French and Dutch (reason_fr, reason_nl)");
	if (ok == KIND_PARTNER)
		return partner_check(f, e);
	for (size_t w = 0; w < sizeof words / sizeof *words; w++)
		if (cat_value(words[w].col, csvfile_get(f, words[w].name)) < 0) {
			cat_words(words[w].col, known, sizeof known);
			return row_error(f, e, "%s '%s' is not %s", words[w].name,
			    csvfile_get(f, words[w].name), known);
		}
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
			return row_error(f, e, "phenomenon '%s' is not in "
			    "phenomena.csv", p);
	}
	return SV_OK;
}

/* The report names every suivi measure in both languages, and shortly in
 * its table of contents and chart titles. */
static int
measure_check(sqlite3 *db, const csvfile *f, sv_err *e)
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
		return row_error(f, e, "measure '%s' is not M%s.<number> (its "
		    "axis is %s)", id, axis, axis);
	if (strcmp(csvfile_get(f, "pillar"), "suivi") != 0)
		return SV_OK;
	for (size_t i = 0; i < sizeof cols / sizeof *cols; i++)
		if (!*csvfile_get(f, cols[i]))
			return row_error(f, e, "the suivi measure %s needs its '%s' "
			    "(the report shows it)", csvfile_get(f, "measure"),
			    cols[i]);
	return SV_OK;
}

static const loader loaders[] = {
	{ "axes.csv", "INSERT INTO axis(axis, title_fr, title_nl) VALUES (?1, ?2, "
	  "?3)", { { "axis", K_INT }, { "title_fr", K_TEXT },
	  { "title_nl", K_TEXT } }, NULL, NULL },
	{ "measures.csv", "INSERT INTO measure(measure, axis, pillar, subtheme, "
	  "title, text, partners, seq, title_nl, short_fr, short_nl) VALUES (?1, "
	  "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	  { { "measure", K_TEXT }, { "axis", K_INT }, { "pillar", K_TEXT },
	    { "subtheme", K_TEXT_OPT }, { "title", K_TEXT }, { "text", K_TEXT },
	    { "partners", K_TEXT_OPT }, { "seq", K_SEQ },
	    { "title_nl", K_TEXT_OPT }, { "short_fr", K_TEXT_OPT },
	    { "short_nl", K_TEXT_OPT } }, measure_check, NULL },
	{ "zones.csv", "INSERT INTO zone(zone, name_fr, name_nl) VALUES (?1, ?2, ?3)",
	  { { "zone", K_INT }, { "name_fr", K_TEXT }, { "name_nl", K_TEXT } },
	  NULL, NULL },
	{ "communes.csv", "INSERT INTO commune(nis, name_fr, name_nl, zone) "
	  "VALUES (?1, ?2, ?3, ?4)",
	  { { "nis", K_INT }, { "name_fr", K_TEXT }, { "name_nl", K_TEXT },
	    { "zone", K_INT } }, NULL, NULL },
	{ "population.csv", "INSERT INTO population(nis, year, sex, population, "
	  "source) VALUES (?1, ?2, ?3, ?4, ?5)",
	  { { "nis", K_INT }, { "year", K_INT }, { "sex", K_TEXT },
	    { "population", K_INT }, { "source", K_TEXT } }, NULL, NULL },
	{ "phenomena.csv", "INSERT INTO phenomenon(code, label_fr, label_nl, "
	  "category, axis, police_on_web, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	  { { "code", K_TEXT }, { "label_fr", K_TEXT }, { "label_nl", K_TEXT },
	    { "category", K_TEXT }, { "axis", K_INT }, { "police_on_web", K_BOOL },
	    { "seq", K_SEQ } }, phenomenon_after, NULL },
	{ "phenomenon_aliases.csv", NULL,
	  { { "alias", K_TEXT }, { "code", K_TEXT } }, alias_row, NULL },
	{ "header_synonyms.csv", "INSERT INTO header_synonym(key, synonym, field, "
	  "lang) VALUES (?1, ?2, ?3, ?4)",
	  { { "synonym", K_KEY }, { "synonym", K_TEXT }, { "field", K_TEXT },
	    { "lang", K_TEXT } }, synonym_check, NULL },
	{ "indicators.csv", "INSERT INTO indicator_def(indicator, measure, kind, "
	  "phenomena, basis, breakdown, filter, unit, label_fr, label_nl, reason, "
	  "seq, reason_nl, frequency, partner, partner_nl) VALUES (?1, ?2, ?3, "
	  "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
	  { { "indicator", K_TEXT }, { "measure", K_TEXT }, { "kind", K_TEXT },
	    { "phenomena", K_TEXT_OPT }, { "basis", K_TEXT_OPT },
	    { "breakdown", K_TEXT_OPT }, { "filter", K_TEXT_OPT },
	    { "unit", K_TEXT_OPT }, { "label_fr", K_TEXT_OPT },
	    { "label_nl", K_TEXT_OPT }, { "reason_fr", K_TEXT_OPT },
	    { "seq", K_SEQ }, { "reason_nl", K_TEXT_OPT },
	    { "frequency", K_TEXT_OPT }, { "partner", K_TEXT_OPT },
	    { "partner_nl", K_TEXT_OPT } }, NULL,
	  indicator_check },
	{ "modus_operandi.csv", "INSERT INTO modus_operandi(code, label_fr, "
	  "label_nl) VALUES (?1, ?2, ?3)", { { "code", K_TEXT },
	  { "label_fr", K_TEXT }, { "label_nl", K_TEXT } }, NULL, NULL },
	{ "export_heads.csv", "INSERT INTO export_head(column, fr, nl) VALUES "
	  "(?1, ?2, ?3)", { { "column", K_TEXT }, { "fr", K_TEXT },
	  { "nl", K_TEXT } }, NULL, NULL },
	{ "dictionary.csv", "INSERT INTO dictionary(object, column, meaning, "
	  "unit) VALUES (?1, ?2, ?3, ?4)", { { "object", K_TEXT },
	  { "column", K_TEXT }, { "meaning", K_TEXT }, { "unit", K_TEXT_OPT } },
	  NULL, NULL },
};

/* A loader without an INSERT of its own does all its work in after_row. */
static int
load_hook_only(sqlite3 *db, const char *dir, const loader *l, sv_err *e)
{
	char path[PATH_MAX];
	csvfile *f;
	int rc;

	snprintf(path, sizeof path, "%s/%s", dir, l->file);
	if ((rc = csvfile_open(path, &f, e)))
		return rc;
	rc = require_columns(l, f, e);
	while (!rc && csvfile_next(f)) {
		for (const colspec *c = l->cols; c->name && !rc; c++)
			if (c->kind == K_TEXT || c->kind == K_TEXT_OPT)
				rc = check_text(c, f, csvfile_get(f, c->name), e);
		if (!rc)
			rc = l->after_row(db, f, e);
	}
	csvfile_close(f);
	return rc;
}

/* The catalogue must say something about every suivi measure: its
 * indicators, or why incident data cannot serve it. */
static int
every_suivi_measure_listed(sqlite3 *db, const char *dir, sv_err *e)
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

const char *
refdata_default_dir(void)
{
	static char installed[PATH_MAX];
	const char *env = getenv("SUIVI_REFERENCE");
	char exe[PATH_MAX], probe[PATH_MAX + 64];
	ssize_t n;

	if (env && *env)
		return env;
	/* An installed suivi (make install): PREFIX/bin/suivi finds
	 * PREFIX/share/suivi/reference, wherever PREFIX is. */
	if (!installed[0] && (n = readlink("/proc/self/exe", exe, sizeof exe - 1)) >
	    0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(probe, sizeof probe, "%s/../share/suivi/reference/axes.csv",
			    exe);
			if (access(probe, R_OK) == 0)
				snprintf(installed, sizeof installed, "%.*s", (int)(strlen(probe) -
				    strlen("/axes.csv")), probe);
		}
	}
	return installed[0] ? installed : SUIVI_REFDIR;
}

int
refdata_load(sqlite3 *db, const char *dir, sv_err *e)
{
	int rc;

	if ((rc = db_begin(db, e)) ||
	    (rc = db_exec(db, "DELETE FROM phenomenon_alias;"
	    "DELETE FROM phenomenon_measure; DELETE FROM phenomenon;"
	    "DELETE FROM header_synonym; DELETE FROM population;"
	    "DELETE FROM indicator_def; DELETE FROM modus_operandi;"
	    "DELETE FROM dictionary; DELETE FROM export_head;"
	    "DELETE FROM commune; DELETE FROM zone; DELETE FROM measure;"
	    "DELETE FROM axis;", e)))
		goto fail;
	for (size_t i = 0; i < sizeof loaders / sizeof loaders[0]; i++) {
		const loader *l = &loaders[i];
		rc = l->insert ? load_file(db, dir, l, e) :
		    load_hook_only(db, dir, l, e);
		if (rc)
			goto fail;
	}
	if ((rc = every_suivi_measure_listed(db, dir, e)) ||
	    (rc = db_commit(db, e)))
		goto fail;
	return SV_OK;
fail:
	db_rollback(db);
	return rc;
}
