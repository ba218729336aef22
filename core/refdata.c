/*
 * refdata — the reference loader (refdata.h): a table of the reference
 * files, each with the columns of its INSERT and their kinds, read and
 * checked row by row, all in one transaction; each file's own rules are
 * in refcheck.c.
 */
#include "refdata.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvfile.h"
#include "db.h"
#include "infile.h"
#include "refcheck.h"
#include "sha256.h"
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
	{ "partner_nl", REF_NAME_MAX }, { "filter_fr", REF_NAME_MAX },
	{ "filter_nl", REF_NAME_MAX },
};

typedef struct loader loader;

/* One reference file: its columns in the order of the INSERT's
 * parameters, and optional hooks run after each row is inserted, and
 * before (to say what is wrong in words before a constraint of the
 * schema can). */
struct loader {
	const char *file;
	const char *insert;
	colspec cols[20];
	int (*after_row)(sqlite3 *db, const csvfile *f, sv_err *e);
	int (*check_row)(sqlite3 *db, const csvfile *f, sv_err *e);
};

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
		return refcheck_row_error(f, e, "column '%s' is empty", c->name);
	for (size_t l = 0; l < sizeof lengths / sizeof *lengths; l++)
		if (!strcmp(c->name, lengths[l].name) && strlen(v) > lengths[l].max)
			return refcheck_row_error(f, e, "column '%s' is %zu bytes long, "
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
			return refcheck_row_error(f, e, "column '%s' has no letters or "
			    "digits ('%s')", c->name, v);
		return sqlite3_bind_text(st, i, key, -1, SQLITE_TRANSIENT) ?
		    SV_SOFTWARE : SV_OK;
	case K_INT:
	case K_BOOL:
		if (!parse_int(v, &n) || (c->kind == K_BOOL && n != 0 && n != 1))
			return refcheck_row_error(f, e, c->kind == K_BOOL ?
			    "column '%s': '%s' is not 0 or 1" :
			    "column '%s': '%s' is not a whole number", c->name, v);
		for (size_t b = 0; b < sizeof bounds / sizeof *bounds; b++)
			if (!strcmp(c->name, bounds[b].name) && (n < bounds[b].lo ||
			    n > bounds[b].hi))
				return refcheck_row_error(f, e, "column '%s': %lld is not between "
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
		return refcheck_row_error(f, e, "%s '%s' is already defined above",
		    l->cols[0].name, csvfile_get(f, l->cols[0].name));
	if (sqlite3_extended_errcode(db) == SQLITE_CONSTRAINT_FOREIGNKEY)
		return refcheck_row_error(f, e, "this row refers to something the other "
		    "reference files do not define (%s)", e->msg);
	return refcheck_row_error(f, e, "rejected: %s", e->msg);
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
	    { "short_nl", K_TEXT_OPT } }, refcheck_measure, NULL },
	{ "region.csv", "INSERT INTO region(one, name_fr, name_nl, name_en) "
	  "VALUES (?1, ?2, ?3, ?4)", { { "one", K_SEQ }, { "name_fr", K_TEXT },
	  { "name_nl", K_TEXT }, { "name_en", K_TEXT } }, NULL, NULL },
	{ "zones.csv", "INSERT INTO zone(zone, name_fr, name_nl) VALUES (?1, ?2, ?3)",
	  { { "zone", K_INT }, { "name_fr", K_TEXT }, { "name_nl", K_TEXT } },
	  NULL, NULL },
	{ "communes.csv", "INSERT INTO commune(nis, name_fr, name_nl, zone) "
	  "VALUES (?1, ?2, ?3, ?4)",
	  { { "nis", K_INT }, { "name_fr", K_TEXT }, { "name_nl", K_TEXT },
	    { "zone", K_INT } }, NULL, NULL },
	{ "population.csv", "INSERT INTO population(nis, year, sex, population, "
	  "source, source_nl) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	  { { "nis", K_INT }, { "year", K_INT }, { "sex", K_TEXT },
	    { "population", K_INT }, { "source", K_TEXT },
	    { "source_nl", K_TEXT } }, NULL, refcheck_population_row },
	{ "phenomena.csv", "INSERT INTO phenomenon(code, label_fr, label_nl, "
	  "category, axis, police_on_web, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	  { { "code", K_TEXT }, { "label_fr", K_TEXT }, { "label_nl", K_TEXT },
	    { "category", K_TEXT }, { "axis", K_INT }, { "police_on_web", K_BOOL },
	    { "seq", K_SEQ } }, refcheck_phenomenon, NULL },
	{ "phenomenon_aliases.csv", NULL,
	  { { "alias", K_TEXT }, { "code", K_TEXT } }, refcheck_alias, NULL },
	{ "header_synonyms.csv", "INSERT INTO header_synonym(key, synonym, field, "
	  "lang) VALUES (?1, ?2, ?3, ?4)",
	  { { "synonym", K_KEY }, { "synonym", K_TEXT }, { "field", K_TEXT },
	    { "lang", K_TEXT } }, refcheck_synonym, NULL },
	{ "indicators.csv", "INSERT INTO indicator_def(indicator, measure, kind, "
	  "phenomena, basis, breakdown, filter, unit, label_fr, label_nl, reason, "
	  "seq, reason_nl, frequency, partner, partner_nl, filter_fr, filter_nl) "
	  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
	  "?15, ?16, ?17, ?18)",
	  { { "indicator", K_TEXT }, { "measure", K_TEXT }, { "kind", K_TEXT },
	    { "phenomena", K_TEXT_OPT }, { "basis", K_TEXT_OPT },
	    { "breakdown", K_TEXT_OPT }, { "filter", K_TEXT_OPT },
	    { "unit", K_TEXT_OPT }, { "label_fr", K_TEXT_OPT },
	    { "label_nl", K_TEXT_OPT }, { "reason_fr", K_TEXT_OPT },
	    { "seq", K_SEQ }, { "reason_nl", K_TEXT_OPT },
	    { "frequency", K_TEXT_OPT }, { "partner", K_TEXT_OPT },
	    { "partner_nl", K_TEXT_OPT }, { "filter_fr", K_TEXT_OPT },
	    { "filter_nl", K_TEXT_OPT } }, NULL,
	  refcheck_indicator },
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

/* The fingerprint of dir's reference files: the SHA-256 of each one's
 * name, size and bytes, in the loaders' order; -1 when one cannot be
 * read. */
static int
fingerprint(const char *dir, char hex[65])
{
	static char buf[65536];
	sha256 h;

	sha256_init(&h);
	for (size_t i = 0; i < sizeof loaders / sizeof loaders[0]; i++) {
		char path[PATH_MAX];
		size_t n;
		FILE *fp;
		sv_err e;
		int fd;
		snprintf(path, sizeof path, "%s/%s", dir, loaders[i].file);
		if ((fd = infile_open(path, &e)) < 0)
			return -1;
		if (!(fp = fdopen(fd, "rb"))) {
			close(fd);
			return -1;
		}
		sha256_update(&h, loaders[i].file, strlen(loaders[i].file) + 1);
		while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
			sha256_update(&h, buf, n);
		n = (size_t)ferror(fp);
		fclose(fp);
		if (n)
			return -1;
		sha256_update(&h, "\n--\n", 5);
	}
	sha256_hex(&h, hex);
	return 0;
}

static int
record(sqlite3 *db, const char *dir, const char *hex, sv_err *e)
{
	sqlite3_stmt *st;
	char real[PATH_MAX];
	int rc;

	if ((rc = db_prepare(db, &st, "INSERT OR REPLACE INTO reference_state("
	    "one, dir, sha256, loaded_at) VALUES (1, ?1, ?2, "
	    "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))", e)))
		return rc;
	sqlite3_bind_text(st, 1, realpath(dir, real) ? real : dir, -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hex, -1, SQLITE_STATIC);
	rc = db_step_done(st, e);
	sqlite3_finalize(st);
	return rc;
}

int
refdata_load(sqlite3 *db, const char *dir, sv_err *e)
{
	char hex[65] = "";
	int rc;

	if ((rc = db_begin(db, e)) ||
	    (rc = db_exec(db, "DELETE FROM phenomenon_alias;"
	    "DELETE FROM phenomenon_measure; DELETE FROM phenomenon;"
	    "DELETE FROM header_synonym; DELETE FROM population;"
	    "DELETE FROM indicator_def; DELETE FROM modus_operandi;"
	    "DELETE FROM dictionary; DELETE FROM export_head;"
	    "DELETE FROM commune; DELETE FROM zone; DELETE FROM measure;"
	    "DELETE FROM axis; DELETE FROM region;", e)))
		goto fail;
	for (size_t i = 0; i < sizeof loaders / sizeof loaders[0]; i++) {
		const loader *l = &loaders[i];
		rc = l->insert ? load_file(db, dir, l, e) :
		    load_hook_only(db, dir, l, e);
		if (rc)
			goto fail;
	}
	fingerprint(dir, hex);  /* read just now: only a race makes it fail */
	if ((rc = refcheck_every_suivi_measure(db, dir, e)) ||
	    (rc = refcheck_bounds(db, dir, e)) ||
	    (rc = refcheck_every_population(db, dir, e)) ||
	    (rc = refcheck_still_used(db, dir, e)) ||
	    (rc = record(db, dir, hex, e)) ||
	    (rc = db_commit(db, e)))
		goto fail;
	return SV_OK;
fail:
	db_rollback(db);
	return rc;
}

int
refdata_use(sqlite3 *db, const char *dir, FILE *log, sv_err *e)
{
	sqlite3_stmt *st;
	char hex[65];
	int rc, found;

	if ((rc = db_prepare(db, &st, "SELECT sha256, dir, loaded_at FROM "
	    "reference_state", e)))
		return rc;
	if ((rc = db_lookup(db, st, &found, e)) || !found) {
		sqlite3_finalize(st);
		return rc ? rc : refdata_load(db, dir, e);
	}
	if (fingerprint(dir, hex) == 0 &&
	    strcmp(hex, (const char *)sqlite3_column_text(st, 0))) {
		fputs("suivi: note: the reference data in ", log);
		text_fputs_safe(log, dir);
		fputs(" differ from the database's copy (loaded from ", log);
		text_fputs_safe(log, (const char *)sqlite3_column_text(st, 1));
		fprintf(log, " at %s), which is used; to use these, load them "
		    "with 'suivi init --reference DIR'\n",
		    sqlite3_column_text(st, 2));
	}
	sqlite3_finalize(st);
	return SV_OK;
}
