/*
 * publish — a report's pages recorded as a publication (publish.h).
 */
#include "publish.h"
#include "reports.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/db.h"
#include "../core/month.h"
#include "../core/sha256.h"
#include "../core/version.h"

int
publish_file_sha(const char *path, char hex[65], long long *bytes, sv_err *e)
{
	unsigned char buf[65536];
	FILE *fp = fopen(path, "rb");
	sha256 h;
	size_t n;

	if (!fp)
		return sv_errf(e, SV_IOERR, "%s: cannot read the file just written: "
		    "%s", path, strerror(errno));
	sha256_init(&h);
	*bytes = 0;
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0) {
		sha256_update(&h, buf, n);
		*bytes += (long long)n;
	}
	if (ferror(fp)) {
		fclose(fp);
		return sv_errf(e, SV_IOERR, "%s: cannot read the file just written",
		    path);
	}
	fclose(fp);
	sha256_hex(&h, hex);
	return SV_OK;
}

/* The state the figures were computed on: how many deliveries are
 * current, and a SHA-256 over their SHA-256s in order. */
static int
state_of(sqlite3 *db, long long *n, char hex[65], sv_err *e)
{
	sqlite3_stmt *st;
	sha256 h;
	int rc, step;

	if ((rc = db_prepare(db, &st, "SELECT sha256 FROM extract WHERE state = "
	    "'current' ORDER BY sha256", e)))
		return rc;
	sha256_init(&h);
	*n = 0;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		sha256_update(&h, sqlite3_column_text(st, 0),
		    (size_t)sqlite3_column_bytes(st, 0));
		sha256_update(&h, "\n", 1);
		(*n)++;
	}
	sha256_hex(&h, hex);
	return db_finish(db, st, step, e);
}

/* A figure's key split into its kind, subject, part and period (audit.h's
 * forms); a table's columns (itable.c) are the 12 months to month and the
 * 12 before, and the year to date and the same months a year before. */
static void
key_parts(const char *key, int month, char kind[16], char subject[128],
    char part[128], char period[40])
{
	const char *a = strchr(key, '/'), *b = a ? strchr(a + 1, '/') : NULL;
	const char *last = strrchr(key, '/');
	int t = month_from_yyyymm(month);

	snprintf(kind, 16, "%s", key[0] == 'S' ? "series" : key[0] == 'm' ?
	    "line" : key[0] == 's' ? "share" : "table");
	snprintf(subject, 128, "%.*s", a && b ? (int)(b - a - 1) : 0, a ? a + 1 :
	    "");
	snprintf(part, 128, "%.*s", b && last > b ? (int)(last - b - 1) : 0,
	    b ? b + 1 : "");
	if (key[0] == 't') {
		int col = last ? last[1] - '0' : 0;
		int end = t - 12 * (col == 1 || col == 3);
		month_span(col > 1 ? end - end % 12 : end - 11, end, period, 40);
	} else {
		int m = last ? (int)strtol(last + 1, NULL, 10) : 0;
		snprintf(period, 40, "%04d-%02d", m / 100, m % 100);
	}
}

static int
record_values(sqlite3 *db, long long id, int month, const audit *au,
    sv_err *e)
{
	sqlite3_stmt *st;
	int rc = SV_OK;

	if ((rc = db_prepare(db, &st, "INSERT INTO published_value VALUES (?1, "
	    "?2, ?3, ?4, ?5, ?6, ?7, ?8)", e)))
		return rc;
	for (size_t i = 0; i < audit_size(au) && !rc; i++) {
		enum audit_state state;
		double n, lo, hi;
		const char *key = audit_at(au, i, &state, &n, &lo, &hi);
		char kind[16], subject[128], part[128], period[40];
		if (!audit_is_figure(au, i))
			continue;       /* months apart: published nowhere */
		key_parts(key, month, kind, subject, part, period);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, key, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, kind, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, subject, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 5, part, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 6, period, -1, SQLITE_TRANSIENT);
		sqlite3_bind_double(st, 7, n);
		sqlite3_bind_int(st, 8, state == AUDIT_SHOWN);
		rc = db_step_done(st, e);
	}
	sqlite3_finalize(st);
	return rc;
}

static int
record_files(sqlite3 *db, long long id, const publish_page *pages, int n,
    sv_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_prepare(db, &st, "INSERT INTO publication_file VALUES (?1, "
	    "?2, ?3, ?4, ?5)", e)))
		return rc;
	for (int i = 0; i < n && !rc; i++) {
		char hex[65], *where;
		long long bytes;
		if ((rc = publish_file_sha(pages[i].path, hex, &bytes, e)))
			break;
		/* the page's path wherever the report was run from */
		where = realpath(pages[i].path, NULL);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, pages[i].lang, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, where ? where : pages[i].path, -1,
		    SQLITE_TRANSIENT);
		free(where);
		sqlite3_bind_text(st, 4, hex, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 5, bytes);
		rc = db_step_done(st, e);
	}
	sqlite3_finalize(st);
	return rc;
}

static int
record_charts(sqlite3 *db, long long id, const publish_chart *c, int n,
    sv_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_prepare(db, &st, "INSERT INTO publication_chart VALUES (?1, "
	    "?2, ?3, ?4, ?5, ?6, nullif(?7, ''), nullif(?8, ''), nullif(?9, ''), "
	    "?10)", e)))
		return rc;
	for (int i = 0; i < n && !rc; i++) {
		char hex[65], *where;
		long long bytes = (long long)c[i].len;
		sha256_of(c[i].csv, c[i].len, hex);
		where = realpath(c[i].path, NULL);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, c[i].figure, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, where ? where : c[i].path, -1,
		    SQLITE_TRANSIENT);
		free(where);
		sqlite3_bind_text(st, 4, hex, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 5, bytes);
		sqlite3_bind_int64(st, 6, c[i].rows);
		for (int k = 0; k < 3; k++)
			sqlite3_bind_text(st, 7 + k, c[i].title[k], -1, SQLITE_STATIC);
		sqlite3_bind_blob64(st, 10, c[i].csv, c[i].len, SQLITE_STATIC);
		rc = db_step_done(st, e);
	}
	sqlite3_finalize(st);
	return rc;
}

int
publish_record(sqlite3 *db, int month, int min_cell, const char *langs,
    const publish_set *what, long long *id, sv_err *e)
{
	sqlite3_stmt *st;
	long long deliveries;
	char state[65];
	int rc;

	if ((rc = db_begin(db, e)))
		return rc;
	if ((rc = state_of(db, &deliveries, state, e)) || (rc = db_prepare(db,
	    &st, "INSERT INTO publication(month, written_at, aggregate_run, "
	    "deliveries, state_sha256, min_cell, method, langs, version) SELECT "
	    "?1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), id, ?2, ?3, ?4, method, "
	    "?5, ?6 FROM aggregate_run ORDER BY id DESC LIMIT 1", e))) {
		db_rollback(db);
		return rc;
	}
	sqlite3_bind_int(st, 1, month);
	sqlite3_bind_int64(st, 2, deliveries);
	sqlite3_bind_text(st, 3, state, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, min_cell);
	sqlite3_bind_text(st, 5, langs, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, SUIVI_VERSION, -1, SQLITE_STATIC);
	rc = db_step_done(st, e);
	sqlite3_finalize(st);
	if (!rc && sqlite3_changes(db) != 1)
		rc = sv_errf(e, SV_DATAERR, "report: no aggregate run to record the "
		    "publication against: run 'suivi aggregate' first");
	*id = sqlite3_last_insert_rowid(db);
	if (rc || (rc = record_files(db, *id, what->pages, what->npages, e)) ||
	    (rc = db_run_ids(db, "INSERT INTO published_nowcast SELECT ?1, "
	    "phenomenon, month, observed, nowcast, lower, upper FROM nowcast "
	    "WHERE zone IS NULL AND nowcast IS NOT NULL", *id, 0, e)) ||
	    (rc = record_charts(db, *id, what->charts, what->ncharts, e)) ||
	    (rc = record_values(db, *id, month, what->au, e)) ||
	    (rc = db_commit(db, e))) {
		db_rollback(db);
		return rc;
	}
	return SV_OK;
}

int
publications_write(sqlite3 *db, FILE *out, sv_err *e)
{
	sqlite3_stmt *st;
	long long last = -1;
	int rc, step, n = 0;

	if ((rc = db_prepare(db, &st, "SELECT p.id, p.month, p.written_at, "
	    "p.deliveries, p.min_cell, coalesce(p.method, ''), p.version, "
	    "(SELECT count(*) FROM published_value v WHERE v.publication = p.id), "
	    "(SELECT count(*) FROM published_value v WHERE v.publication = p.id "
	    "AND NOT v.shown), f.lang, f.path, f.sha256 FROM publication p JOIN "
	    "publication_file f ON f.publication = p.id ORDER BY p.id, f.lang", e)))
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		int m = sqlite3_column_int(st, 1);
		if (id != last) {
			fprintf(out, "publication %lld: %04d-%02d, written %s by suivi "
			    "%s from %lld deliveries (min cell %d, alarms %s); %lld "
			    "figures kept, %lld of them hidden\n", id, m / 100, m % 100,
			    sqlite3_column_text(st, 2), sqlite3_column_text(st, 6),
			    sqlite3_column_int64(st, 3), sqlite3_column_int(st, 4),
			    sqlite3_column_text(st, 5), sqlite3_column_int64(st, 7),
			    sqlite3_column_int64(st, 8));
			last = id;
			n++;
		}
		fprintf(out, "  %s %s sha256 %s\n", sqlite3_column_text(st, 9),
		    sqlite3_column_text(st, 10), sqlite3_column_text(st, 11));
	}
	if ((rc = db_finish(db, st, step, e)))
		return rc;
	if (!n)
		fputs("no publication yet: suivi report (or run) records each one\n",
		    out);
	return SV_OK;
}

int
publish_find(sqlite3 *db, long long id, publish_info *pi, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, found;

	if ((rc = db_prepare(db, &st, "SELECT id, printf('%04d-%02d', month / 100, "
	    "month % 100), written_at, state_sha256, min_cell FROM publication "
	    "WHERE id = ?1 OR (?1 = 0 AND id = (SELECT max(id) FROM publication))",
	    e)))
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if (!(rc = db_lookup(db, st, &found, e)) && !found)
		rc = id ? sv_errf(e, SV_NOINPUT, "no publication %lld (suivi "
		    "publications lists them)", id) : sv_errf(e, SV_NOINPUT, "nothing "
		    "published yet: suivi report writes and records a publication");
	if (!rc) {
		pi->id = sqlite3_column_int64(st, 0);
		snprintf(pi->month, sizeof pi->month, "%s", sqlite3_column_text(st, 1));
		snprintf(pi->written_at, sizeof pi->written_at, "%s",
		    sqlite3_column_text(st, 2));
		snprintf(pi->state, sizeof pi->state, "%s", sqlite3_column_text(st, 3));
		pi->min_cell = sqlite3_column_int(st, 4);
	}
	sqlite3_finalize(st);
	return rc;
}
