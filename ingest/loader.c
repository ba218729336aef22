#include "loader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/db.h"
#include "../core/dict.h"
#include "ledger.h"
#include "versions.h"

/* Prepared once per file (many: when first needed); ext is this file's
 * ledger id.  find reads the current version of a (zone, ref), mine this
 * file's version of it in incident_past, stage writes one there and mark
 * lists the (zone, ref) for loader_commit() to settle. */
struct loader {
	sqlite3 *db;
	sqlite3_int64 ext;
	int replace;
	sqlite3_stmt *insert, *many, *find, *mine, *stage, *mark, *quarantine;
	sqlite3_stmt *label_find, *label_add, *label_lang;
	dict labels;            /* raw phenomenon labels met: value = number */
	char lang[3];           /* the file's header language, "fr" or "nl",
	                           taken to be its labels'; "" for another,
	                           which says nothing of them */
};

/* The incident columns in the order of their parameters ?1..?18 (label:
 * the raw phenomenon label's number in table label); the extract and
 * line follow. */
#define INCIDENT_COLS "zone, ref, commune, date_fact, time_fact, " \
	"date_registered, label, attempt, modus_operandi, place_type, " \
	"channel, victim_sex, victim_age, author_sex, author_age, relation, " \
	"author_ref, quartier"
#define NPARAMS 20

/* What a version says of its incident, but its zone and ref: the integers
 * first, then the texts (same_content() reads them in this order). */
#define CONTENT_COLS "commune, date_fact, time_fact, date_registered, " \
	"attempt, victim_sex, author_sex, label, modus_operandi, place_type, " \
	"channel, victim_age, author_age, relation, author_ref, quartier"
static const enum field content_texts[] = { F_MODUS_OPERANDI, F_PLACE_TYPE,
	F_CHANNEL, F_VICTIM_AGE, F_AUTHOR_AGE, F_RELATION, F_AUTHOR_REF,
	F_QUARTIER };

/* Whether the CONTENT_COLS that st holds from column `at` are inc's (with
 * label its label's number), value by value (no hash: two contents never
 * pass for one). */
static int
same_content(sqlite3_stmt *st, int at, const incident *inc, int label)
{
	const int ints[] = { inc->commune, inc->date_fact, inc->time_fact,
	    inc->date_registered, inc->attempt, inc->victim_sex,
	    inc->author_sex, label };
	const int nints = (int)(sizeof ints / sizeof *ints);

	for (int i = 0; i < nints; i++)
		if (sqlite3_column_type(st, at + i) == SQLITE_NULL ? ints[i] >= 0 :
		    ints[i] < 0 || sqlite3_column_int(st, at + i) != ints[i])
			return 0;
	for (size_t i = 0; i < sizeof content_texts / sizeof *content_texts;
	    i++) {
		const char *v = (const char *)sqlite3_column_text(st, at + nints +
		    (int)i), *w = inc->text[content_texts[i]];
		if (!v != !w || (v && strcmp(v, w)))
			return 0;
	}
	return 1;
}

static void
bind_int(sqlite3_stmt *st, int i, int v)
{
	if (v < 0)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int(st, i, v);
}

/* The number of a raw phenomenon label in table label (added when new),
 * through the loader's cache: -1 on a database error, in e. */
static int
label_of(loader *l, const char *text, sv_err *e)
{
	int k, found;

	if (!text)
		return sv_errf(e, SV_SOFTWARE, "a row without its phenomenon "
		    "reached the loader (a bug)"), -1;
	if ((k = dict_find(&l->labels, text)) >= 0)
		return l->labels.value[k];
	sqlite3_bind_text(l->label_find, 1, text, -1, SQLITE_STATIC);
	if (db_lookup(l->db, l->label_find, &found, e)) {
		sqlite3_reset(l->label_find);
		return -1;
	}
	sqlite3_int64 id = found ? sqlite3_column_int64(l->label_find, 0) : 0;
	sqlite3_reset(l->label_find);
	if (found && *l->lang) {
		sqlite3_bind_int64(l->label_lang, 1, id);
		sqlite3_bind_text(l->label_lang, 2, l->lang, -1, SQLITE_STATIC);
		if (db_step_done(l->label_lang, e))
			return -1;
	} else if (!found) {
		sqlite3_bind_text(l->label_add, 1, text, -1, SQLITE_STATIC);
		sqlite3_bind_text(l->label_add, 2, l->lang, -1, SQLITE_STATIC);
		if (db_step_done(l->label_add, e))
			return -1;
		id = sqlite3_last_insert_rowid(l->db);
	}
	if (id > INT32_MAX || (k = dict_add(&l->labels, text)) < 0)
		return sv_errf(e, SV_NOMEM, "out of memory"), -1;
	l->labels.value[k] = (int)id;
	return (int)id;
}

/* inc (with label its label's number), its extract and line to the
 * NPARAMS parameters after `at` (INCIDENT_COLS, extract, line). */
static void
bind_incident(sqlite3_stmt *st, int at, const incident *inc, int label,
    sqlite3_int64 ext, long line)
{
	static const enum field texts[] = { F_MODUS_OPERANDI, F_PLACE_TYPE,
	    F_CHANNEL };

	sqlite3_bind_int(st, at + 1, inc->zone);
	sqlite3_bind_text(st, at + 2, inc->text[F_REF], -1, SQLITE_STATIC);
	sqlite3_bind_int(st, at + 3, inc->commune);
	sqlite3_bind_int(st, at + 4, inc->date_fact);
	bind_int(st, at + 5, inc->time_fact);
	sqlite3_bind_int(st, at + 6, inc->date_registered);
	sqlite3_bind_int(st, at + 7, label);
	bind_int(st, at + 8, inc->attempt);
	for (int i = 0; i < 3; i++)
		sqlite3_bind_text(st, at + 9 + i, inc->text[texts[i]], -1,
		    SQLITE_STATIC);
	bind_int(st, at + 12, inc->victim_sex);
	sqlite3_bind_text(st, at + 13, inc->text[F_VICTIM_AGE], -1, SQLITE_STATIC);
	bind_int(st, at + 14, inc->author_sex);
	sqlite3_bind_text(st, at + 15, inc->text[F_AUTHOR_AGE], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, at + 16, inc->text[F_RELATION], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, at + 17, inc->text[F_AUTHOR_REF], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, at + 18, inc->text[F_QUARTIER], -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, at + 19, ext);
	sqlite3_bind_int64(st, at + 20, line);
}

static void
finalize_all(loader *l)
{
	sqlite3_finalize(l->insert);
	sqlite3_finalize(l->many);
	sqlite3_finalize(l->find);
	sqlite3_finalize(l->mine);
	sqlite3_finalize(l->stage);
	sqlite3_finalize(l->mark);
	sqlite3_finalize(l->quarantine);
	sqlite3_finalize(l->label_find);
	sqlite3_finalize(l->label_add);
	sqlite3_finalize(l->label_lang);
	dict_free(&l->labels);
}

#define VALUES20 "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, " \
	"?14, ?15, ?16, ?17, ?18, ?19, ?20)"

static int
prepare_all(loader *l, sv_err *e)
{
	int rc;

	if ((rc = db_prepare(l->db, &l->insert, "INSERT OR FAIL INTO incident("
	    INCIDENT_COLS ", extract, line) VALUES " VALUES20 " ON CONFLICT "
	    "(zone, ref) DO NOTHING", e)) ||
	    (rc = db_prepare(l->db, &l->find, "SELECT extract, line, "
	    CONTENT_COLS " FROM incident WHERE zone = ?1 AND ref = ?2", e)) ||
	    (rc = db_prepare(l->db, &l->mine, "SELECT line, " CONTENT_COLS
	    " FROM incident_past WHERE zone = ?1 AND ref = ?2 AND extract = ?3",
	    e)) ||
	    (rc = db_prepare(l->db, &l->stage, "INSERT INTO incident_past("
	    INCIDENT_COLS ", extract, line) VALUES " VALUES20, e)) ||
	    (rc = db_prepare(l->db, &l->mark, "INSERT OR IGNORE INTO temp.settle "
	    "VALUES (?1, ?2)", e)) ||
	    (rc = db_prepare(l->db, &l->quarantine, "INSERT INTO quarantine("
	    "extract, line, field, reason_code, reason, raw) VALUES (?1, ?2, ?3, "
	    "?4, ?5, ?6)", e)) ||
	    (rc = db_prepare(l->db, &l->label_find, "SELECT id FROM label WHERE "
	    "text = ?1", e)) ||
	    (rc = db_prepare(l->db, &l->label_add, "INSERT INTO label(text, "
	    "lang) VALUES (?1, ?2)", e)) ||
	    (rc = db_prepare(l->db, &l->label_lang, "UPDATE label SET lang = "
	    "CASE lang WHEN '' THEN ?2 ELSE 'fr nl' END WHERE id = ?1 AND lang "
	    "NOT IN (?2, 'fr nl')", e)))
		return rc;
	return SV_OK;
}

/* Whether SQLite checks foreign keys (heard only outside a transaction):
 * not while a file loads (loader_begin says why). */
static int
check_keys(sqlite3 *db, int on, sv_err *e)
{
	return db_exec(db, on ? "PRAGMA foreign_keys = ON" :
	    "PRAGMA foreign_keys = OFF", e);
}

int
loader_begin(sqlite3 *db, const char *sha256, const char *path,
    const char *lang, int replace, loader **out, int *already, sv_err *e)
{
	loader *l;
	int rc;

	*out = NULL;
	*already = 0;
	if (!(l = calloc(1, sizeof *l)))
		return sv_errf(e, SV_NOMEM, "out of memory");
	l->db = db;
	if (!strcmp(lang, "fr") || !strcmp(lang, "nl"))
		memcpy(l->lang, lang, 3);
	/* Every row this transaction writes refers to the extract row it
	 * writes first (or deletes its children before their extract), so
	 * SQLite's lookup of that parent for each incident is not needed: it
	 * was a tenth of a bulk load's time.  Enforcement is back on when the
	 * transaction ends (loader_commit, loader_abort).  The ledger is read
	 * inside the write transaction: a second ingest of the same file at
	 * the same time waits, then finds it loaded. */
	if ((rc = check_keys(db, 0, e)) || (rc = db_begin(db, e)) ||
	    (rc = ledger_open(db, sha256, path, replace, &l->ext, already, e)))
		goto fail;
	if (*already) {
		loader_abort(l);
		return SV_OK;
	}
	if ((rc = versions_begin(db, e)) || (rc = prepare_all(l, e)))
		goto fail;
	l->replace = replace;
	*out = l;
	return SV_OK;
fail:
	loader_abort(l);
	return rc;
}

int
loader_put(loader *l, const incident *inc, long line, enum put_result *res,
    long *first_line, sv_err *e)
{
	int rc, found, same, label = label_of(l, inc->text[F_PHENOMENON], e);

	if (label < 0)
		return e->code;
	bind_incident(l->insert, 0, inc, label, l->ext, line);
	if ((rc = db_step_done(l->insert, e)))
		return rc;
	if (sqlite3_changes(l->db) == 1) {
		*res = PUT_LOADED;
		return SV_OK;
	}
	/* the ref is held: by this file (the same row again, or a conflict),
	 * or by another reading, of which this is a version */
	sqlite3_bind_int(l->find, 1, inc->zone);
	sqlite3_bind_text(l->find, 2, inc->text[F_REF], -1, SQLITE_STATIC);
	if ((rc = db_lookup(l->db, l->find, &found, e)) || !found) {
		sqlite3_reset(l->find);
		return rc ? rc : sv_errf(e, SV_SOFTWARE, "database: a row vanished");
	}
	sqlite3_int64 ext = sqlite3_column_int64(l->find, 0);
	*first_line = (long)sqlite3_column_int64(l->find, 1);
	same = same_content(l->find, 2, inc, label);
	sqlite3_reset(l->find);
	if (ext == l->ext) {
		*res = same ? PUT_DUPLICATE : PUT_CONFLICT;
		return SV_OK;
	}
	sqlite3_bind_int(l->mine, 1, inc->zone);
	sqlite3_bind_text(l->mine, 2, inc->text[F_REF], -1, SQLITE_STATIC);
	sqlite3_bind_int64(l->mine, 3, l->ext);
	if ((rc = db_lookup(l->db, l->mine, &found, e)) == SV_OK && found) {
		*first_line = (long)sqlite3_column_int64(l->mine, 0);
		*res = same_content(l->mine, 1, inc, label) ? PUT_DUPLICATE :
		    PUT_CONFLICT;
	}
	sqlite3_reset(l->mine);
	if (rc || found)
		return rc;
	*res = same ? PUT_UNCHANGED : PUT_REVISED;
	bind_incident(l->stage, 0, inc, label, l->ext, line);
	if ((rc = db_step_done(l->stage, e)))
		return rc;
	sqlite3_bind_int(l->mark, 1, inc->zone);
	sqlite3_bind_text(l->mark, 2, inc->text[F_REF], -1, SQLITE_STATIC);
	return db_step_done(l->mark, e);
}

/* The statement that inserts LOADER_MANY rows at once: a third of the
 * time one row a statement takes (the statement's own work is most of a
 * row's).  OR FAIL, here and for one row: a row SQLite refuses (which
 * validation makes impossible) fails the whole file, whose transaction
 * is rolled back, so a statement need not be able to undo its own first
 * rows; the journal SQLite keeps for that (OR ABORT, the default) took
 * 8 % of a bulk load's time. */
static int
prepare_many(loader *l, sv_err *e)
{
	char sql[LOADER_MANY * 80 + 256];
	size_t len = (size_t)snprintf(sql, sizeof sql, "INSERT OR FAIL INTO "
	    "incident(" INCIDENT_COLS ", extract, line) VALUES ");

	for (int r = 0; r < LOADER_MANY; r++)
		len += (size_t)snprintf(sql + len, sizeof sql - len,
		    "%s(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", r ? "," : "");
	snprintf(sql + len, sizeof sql - len, " ON CONFLICT (zone, ref) DO "
	    "NOTHING");
	return db_prepare(l->db, &l->many, sql, e);
}

int
loader_put_many(loader *l, const incident *const *inc, const long *line,
    unsigned char *inserted, sv_err *e)
{
	int rc;

	if (!l->many && (rc = prepare_many(l, e)))
		return rc;
	for (int r = 0; r < LOADER_MANY; r++) {
		int label = label_of(l, inc[r]->text[F_PHENOMENON], e);
		if (label < 0)
			return e->code;
		bind_incident(l->many, NPARAMS * r, inc[r], label, l->ext, line[r]);
	}
	if ((rc = db_step_done(l->many, e)))
		return rc;
	int all = sqlite3_changes(l->db) == LOADER_MANY;
	/* some were not: a row is in when its ref holds it, line and all */
	for (int r = 0; r < LOADER_MANY; r++) {
		if ((inserted[r] = (unsigned char)all))
			continue;
		sqlite3_bind_int(l->find, 1, inc[r]->zone);
		sqlite3_bind_text(l->find, 2, inc[r]->text[F_REF], -1, SQLITE_STATIC);
		inserted[r] = sqlite3_step(l->find) == SQLITE_ROW &&
		    sqlite3_column_int64(l->find, 0) == l->ext &&
		    sqlite3_column_int64(l->find, 1) == line[r];
		sqlite3_reset(l->find);
	}
	return SV_OK;
}

int
loader_restat(sqlite3 *db, const char *sha256, const char *stat, sv_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_prepare(db, &st, "UPDATE extract SET stat = ?2 WHERE "
	    "sha256 = ?1 AND stat IS NOT ?2", e)))
		return rc;
	sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, stat, -1, SQLITE_STATIC);
	rc = db_step_done(st, e);
	sqlite3_finalize(st);
	return rc;
}

int
loader_quarantine(loader *l, long line, const char *field, const char *code,
    const char *reason, const char *raw, sv_err *e)
{
	sqlite3_bind_int64(l->quarantine, 1, l->ext);
	sqlite3_bind_int64(l->quarantine, 2, line);
	sqlite3_bind_text(l->quarantine, 3, field, -1, SQLITE_STATIC);
	sqlite3_bind_text(l->quarantine, 4, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(l->quarantine, 5, reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(l->quarantine, 6, raw, -1, SQLITE_STATIC);
	return db_step_done(l->quarantine, e);
}

/* Whether this file's version of (zone, ref) in incident_past says what
 * the current version says (it was counted unchanged, not revised). */
#define SAME(c) "i." c " IS p." c
static const char same_as_current[] =
	"SELECT " SAME("commune") " AND " SAME("date_fact") " AND "
	SAME("time_fact") " AND " SAME("date_registered") " AND "
	SAME("attempt") " AND " SAME("victim_sex") " AND " SAME("author_sex")
	" AND " SAME("label") " AND " SAME("modus_operandi") " AND "
	SAME("place_type") " AND " SAME("channel") " AND " SAME("victim_age")
	" AND " SAME("author_age") " AND " SAME("relation") " AND "
	SAME("author_ref") " AND " SAME("quartier") " FROM incident_past p "
	"JOIN incident i ON i.zone = p.zone AND i.ref = p.ref WHERE p.zone = ?1 "
	"AND p.ref = ?2 AND p.extract = ?3";

/* Run sql on (zone, ref, ext): its first column in *out, when asked. */
static int
on_version(sqlite3 *db, const char *sql, int zone, const char *ref,
    sqlite3_int64 ext, int *out, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, found;

	if ((rc = db_prepare(db, &st, sql, e)))
		return rc;
	sqlite3_bind_int(st, 1, zone);
	sqlite3_bind_text(st, 2, ref, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, ext);
	if ((rc = db_lookup(db, st, &found, e)) == SV_OK && out)
		*out = found && sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc;
}

int
loader_unload(loader *l, int zone, const char *ref, enum put_result *was,
    sv_err *e)
{
	int rc, same;

	if ((rc = on_version(l->db, "DELETE FROM incident WHERE zone = ?1 AND "
	    "ref = ?2 AND extract = ?3", zone, ref, l->ext, NULL, e)))
		return rc;
	if (sqlite3_changes(l->db) == 1) {
		*was = PUT_LOADED;
		return SV_OK;
	}
	if ((rc = on_version(l->db, same_as_current, zone, ref, l->ext, &same,
	    e)) || (rc = on_version(l->db, "DELETE FROM incident_past WHERE "
	    "zone = ?1 AND ref = ?2 AND extract = ?3", zone, ref, l->ext, NULL,
	    e)))
		return rc;
	if (sqlite3_changes(l->db) != 1)
		return sv_errf(e, SV_SOFTWARE, "database: a row vanished");
	*was = same ? PUT_UNCHANGED : PUT_REVISED;
	return SV_OK;
}

int
loader_commit(loader *l, const ledger *lg, long *withdrawn, sv_err *e)
{
	int rc;

	*withdrawn = 0;
	if (!(rc = ledger_write(l->db, l->ext, lg, e)) &&
	    !(rc = ledger_claim(l->db, l->ext, lg, l->replace, e)) &&
	    !(rc = versions_settle(l->db, l->ext, withdrawn, e)) &&
	    !(rc = db_run_ids(l->db, "UPDATE extract SET rows_withdrawn = ?2 "
	    "WHERE id = ?1", l->ext, *withdrawn, e)))
		rc = db_commit(l->db, e);
	if (rc) {
		loader_abort(l);
		return rc;
	}
	finalize_all(l);
	rc = check_keys(l->db, 1, e);
	free(l);
	return rc;
}

void
loader_abort(loader *l)
{
	sv_err e;

	if (!l)
		return;
	finalize_all(l);
	db_rollback(l->db);
	/* as the rollback's, its failure goes unsaid: an abort (after an
	 * error, or of a file already loaded) returns nothing */
	(void)check_keys(l->db, 1, &e);
	free(l);
}
