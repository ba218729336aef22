/*
 * load — a partner file checked row by row, then stored whole, with its
 * revisions and its ledger row (partners.h).
 */
#include "partners.h"

#include <ctype.h>
#include <errno.h>
#include <glob.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/catalogue.h"
#include "../core/dict.h"
#include "../core/infile.h"
#include "../core/db.h"
#include "../core/delivery.h"
#include "../core/month.h"
#include "../core/refdata.h"
#include "../core/text.h"
#include "../ingest/values.h"
#include "ledger.h"
#include "read.h"

#define SHOWN_ERRORS 20         /* wrong rows listed before "and N more" */

/* A row once checked: what is stored. */
typedef struct pvalue {
	const char *measure, *indicator, *unit, *source, *partner, *note;
	const char *status;
	char ind_measure[REF_MEASURE_MAX + 1], ind_unit[REF_CODE_MAX + 1];
	char period[16];
	int period_end;         /* yyyymm */
	int date;               /* yyyymmdd */
	double value;
} pvalue;

/* The statements a file's checking and loading need. */
typedef struct ploader {
	sqlite3 *db;
	sqlite3_stmt *measure, *indicator;
	int today;              /* yyyymmdd */
	char unit[REF_CODE_MAX + 1];    /* the indicator's, from the last
	                                   lookup */
	char ind_measure[REF_MEASURE_MAX + 1];
	int frequency;
	double bound;           /* the most the unit can count (the
	                           reference's communes, zones), or -1 */
} ploader;

static int
today(void)
{
	time_t now = time(NULL);
	struct tm tm;

	if (!localtime_r(&now, &tm))
		return 99991231;
	return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

/* Whether measure names one of the plan's; -1 on a database error. */
static int
known_measure(ploader *l, const char *measure, sv_err *e)
{
	int found;

	sqlite3_bind_text(l->measure, 1, measure, -1, SQLITE_STATIC);
	if (db_lookup(l->db, l->measure, &found, e))
		found = -1;
	sqlite3_reset(l->measure);
	return found;
}

/* The partner indicator's measure, unit and frequency into l; 0 if there
 * is no such partner indicator, -1 on a database error. */
static int
partner_indicator(ploader *l, const char *indicator, sv_err *e)
{
	int found;

	sqlite3_bind_text(l->indicator, 1, indicator, -1, SQLITE_STATIC);
	if (db_lookup(l->db, l->indicator, &found, e))
		found = -1;
	if (found == 1) {
		snprintf(l->ind_measure, sizeof l->ind_measure, "%s",
		    sqlite3_column_text(l->indicator, 0));
		snprintf(l->unit, sizeof l->unit, "%s",
		    sqlite3_column_text(l->indicator, 1));
		l->frequency = cat_value(CAT_FREQUENCY, (const char *)
		    sqlite3_column_text(l->indicator, 2));
		l->bound = sqlite3_column_type(l->indicator, 3) == SQLITE_NULL ? -1 :
		    sqlite3_column_double(l->indicator, 3);
	}
	sqlite3_reset(l->indicator);
	return found;
}

/* A period of the indicator's frequency: "2026-10", "2026-Q3" (also T3,
 * K3: trimestre, kwartaal) or "2026"; its normal form and last month. */
static const char *
parse_period(const char *s, int frequency, pvalue *v)
{
	int y, n = 0, len = (int)strlen(s);
	char q;

	if (len == 4 && sscanf(s, "%4d", &y) == 1 && y >= 1900 && y <= 2199) {
		if (frequency != EVERY_YEAR)
			return "is a year, but this indicator is not yearly";
		snprintf(v->period, sizeof v->period, "%04d", y);
		v->period_end = y * 100 + 12;
		return NULL;
	}
	if (len == 7 && sscanf(s, "%4d-%c%d", &y, &q, &n) == 3 &&
	    strchr("QqTtKk", q) && n >= 1 && n <= 4 && y >= 1900 && y <= 2199) {
		if (frequency != EVERY_QUARTER)
			return "is a quarter, but this indicator is not quarterly";
		snprintf(v->period, sizeof v->period, "%04d-Q%d", y, n);
		v->period_end = y * 100 + 3 * n;
		return NULL;
	}
	if (month_parse(s) >= 0 && len == 7) {
		if (frequency != EVERY_MONTH)
			return "is a month, but this indicator is not monthly";
		snprintf(v->period, sizeof v->period, "%s", s);
		v->period_end = month_to_yyyymm(month_parse(s));
		return NULL;
	}
	return "is not a period: write 2026-10 (a month), 2026-Q3 (a quarter) or "
	    "2026 (a year)";
}

/* A figure as people write one: digits, with one decimal point or comma
 * and digits after it (no sign, no exponent, no hexadecimal), at most
 * PARTNER_DIGITS digits in all, so that it is stored and printed exactly. */
#define PARTNER_DIGITS 15
static int
parse_value(const char *s, double *out)
{
	char buf[PARTNER_DIGITS + 2], *end;
	size_t n = 0, sep = 0, digits = 0;

	for (const char *c = s; *c; c++) {
		if (n >= sizeof buf - 1)
			return -1;
		if (isdigit((unsigned char)*c)) {
			if (++digits > PARTNER_DIGITS)
				return -1;
			buf[n++] = *c;
		}
		else if ((*c == ',' || *c == '.') && !sep && n && isdigit(
		    (unsigned char)c[1]))
			buf[sep = n++] = '.';
		else
			return -1;
	}
	buf[n] = '\0';
	if (!n)
		return -1;
	errno = 0;
	*out = strtod(buf, &end);
	return errno || *end || !isfinite(*out) ? -1 : 0;
}

/* Whether a and b have one key (text_key()): 1, 0, or -1 when out of
 * memory. */
static int
same_key(const char *a, const char *b)
{
	char *x = text_key_dup(a), *y = text_key_dup(b);
	int same = x && y ? strcmp(x, y) == 0 : -1;

	free(x);
	free(y);
	return same;
}

/* Check a figures row into v; what is wrong with it, if anything, in
 * *why ("" when nothing).  Not SV_OK only for a database error. */
static int
check_figure(ploader *l, const prow *r, pvalue *v, char *why, size_t n,
    sv_err *e)
{
	const char *bad;
	int same = 1, found = partner_indicator(l, r->f[PF_INDICATOR], e);

	if (found < 0)
		return e->code;
	v->indicator = r->f[PF_INDICATOR];
	v->measure = r->f[PF_MEASURE];
	v->source = r->f[PF_SOURCE];
	v->note = r->f[PF_NOTE];
	if (!found)
		snprintf(why, n, "indicator '%s' is not a partner indicator of the "
		    "catalogue (suivi export --what catalogue lists them)",
		    r->f[PF_INDICATOR]);
	else if (*v->measure && strcmp(v->measure, l->ind_measure) != 0)
		snprintf(why, n, "indicator '%s' is for measure %s, not %s",
		    v->indicator, l->ind_measure, v->measure);
	else if ((bad = parse_period(r->f[PF_PERIOD], l->frequency, v)))
		snprintf(why, n, "period '%s' %s", r->f[PF_PERIOD], bad);
	else if (v->period_end >= l->today / 100)
		snprintf(why, n, "period %s has not ended yet", v->period);
	else if (parse_value(r->f[PF_VALUE], &v->value))
		snprintf(why, n, "value '%s' is not a figure (a number of zero or "
		    "more, with a decimal point or comma)", r->f[PF_VALUE]);
	else if (l->bound >= 0 && v->value > l->bound)
		snprintf(why, n, "value %s is more %s than the region has (%.0f)",
		    r->f[PF_VALUE], l->unit, l->bound);
	else if (*r->f[PF_UNIT] && (same = same_key(r->f[PF_UNIT], l->unit)) < 0)
		return sv_errf(e, SV_NOMEM, "out of memory");
	else if (*r->f[PF_UNIT] && !same)
		snprintf(why, n, "unit '%s' is not this indicator's (%s)",
		    r->f[PF_UNIT], l->unit);
	else if (!*v->source)
		snprintf(why, n, "no source: say which partner gives the figure");
	if (found) {
		memcpy(v->ind_measure, l->ind_measure, sizeof v->ind_measure);
		memcpy(v->ind_unit, l->unit, sizeof v->ind_unit);
		v->measure = v->ind_measure;
		v->unit = v->ind_unit;
	}
	return SV_OK;
}

/* Check a progress row into v, as check_figure(). */
static int
check_progress(ploader *l, const prow *r, pvalue *v, char *why, size_t n,
    sv_err *e)
{
	int found = known_measure(l, r->f[PF_MEASURE], e);

	if (found < 0)
		return e->code;
	v->measure = r->f[PF_MEASURE];
	v->partner = r->f[PF_PARTNER];
	v->note = r->f[PF_NOTE];
	v->status = pwords_status(r->f[PF_STATUS]);
	if (!found)
		snprintf(why, n, "measure '%s' is not one of the plan's (M1.1 to "
		    "M10.15)", r->f[PF_MEASURE]);
	else if (!*v->partner)
		snprintf(why, n, "no partner: say who reports");
	else if (values_date(r->f[PF_DATE], DATE_AUTO, &v->date) != VAL_OK)
		snprintf(why, n, "date '%s' is not a date (2026-10-31 or "
		    "31/10/2026)", r->f[PF_DATE]);
	else if (v->date > l->today)
		snprintf(why, n, "date '%s' is after today", r->f[PF_DATE]);
	else if (!v->status)
		snprintf(why, n, "status '%s' is not one of: %s, %s, %s, %s, %s "
		    "(or the same in Dutch or English)", r->f[PF_STATUS],
		    pwords_status_word(pwords_statuses[0], "fr"),
		    pwords_status_word(pwords_statuses[1], "fr"),
		    pwords_status_word(pwords_statuses[2], "fr"),
		    pwords_status_word(pwords_statuses[3], "fr"),
		    pwords_status_word(pwords_statuses[4], "fr"));
	return SV_OK;
}

/* The key a row revises, as one string: figures (indicator, period,
 * source), progress (measure, partner, date); names compared on their
 * key (text_key()). */
static char *
row_key(enum partner_kind k, const pvalue *v)
{
	char *who = text_key_dup(k == PARTNER_FIGURES ? v->source : v->partner);
	const char *what = k == PARTNER_FIGURES ? v->indicator : v->measure;
	size_t n = who ? strlen(what) + strlen(who) + 32 : 0;
	char *out = who ? malloc(n) : NULL;

	if (out && k == PARTNER_FIGURES)
		snprintf(out, n, "%s|%s|%s", what, v->period, who);
	else if (out)
		snprintf(out, n, "%s|%d|%s", what, v->date, who);
	free(who);
	return out;
}

/* Check every row of f into v[]; each wrong one is said on log (the
 * first SHOWN_ERRORS), and their number is in *wrong. */
static int
check_rows(ploader *l, const pfile *f, pvalue *v, FILE *log, long *wrong,
    sv_err *e)
{
	char why[512], *key;
	dict seen;
	int rc, k;

	memset(&seen, 0, sizeof seen);
	*wrong = 0;
	for (size_t i = 0; i < f->n; i++) {
		const prow *r = &f->rows[i];
		memset(&v[i], 0, sizeof v[i]);
		why[0] = '\0';
		if (r->bad)
			snprintf(why, sizeof why, "the row cannot be read: %s", r->bad);
		else if ((rc = (f->kind == PARTNER_FIGURES ? check_figure :
		    check_progress)(l, r, &v[i], why, sizeof why, e))) {
			dict_free(&seen);
			return rc;
		}
		if (!why[0]) {
			if (!(key = row_key(f->kind, &v[i]))) {
				dict_free(&seen);
				return sv_errf(e, SV_NOMEM, "out of memory");
			}
			if ((k = dict_find(&seen, key)) >= 0)
				snprintf(why, sizeof why, "the same %s as line %ld",
				    f->kind == PARTNER_FIGURES ? "indicator, period "
				    "and source" : "measure, partner and date",
				    f->rows[seen.value[k]].line);
			else if ((k = dict_add(&seen, key)) < 0) {
				free(key);
				dict_free(&seen);
				return sv_errf(e, SV_NOMEM, "out of memory");
			} else
				seen.value[k] = (int)i;
			free(key);
		}
		if (!why[0])
			continue;
		if (++*wrong <= SHOWN_ERRORS) {
			fputs("suivi: ", log);
			text_fputs_safe(log, f->path);
			fprintf(log, ":%ld: ", r->line);
			text_fputs_safe(log, why);
			putc('\n', log);
		}
	}
	if (*wrong > SHOWN_ERRORS) {
		fputs("suivi: ", log);
		text_fputs_safe(log, f->path);
		fprintf(log, ": and %ld more rows\n", *wrong - SHOWN_ERRORS);
	}
	dict_free(&seen);
	return SV_OK;
}

/* The ledger row of f, or 0 when it is new. */
static int
ledger_has(sqlite3 *db, const pfile *f, int *has, sv_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_prepare(db, &st, "SELECT 1 FROM partner_file WHERE "
	    "sha256 = ?1", e)))
		return rc;
	sqlite3_bind_text(st, 1, f->sha256, -1, SQLITE_STATIC);
	rc = db_lookup(db, st, has, e);
	sqlite3_finalize(st);
	return rc;
}

/* Store row v (line `line`) of file `file`, counted against the current
 * row of its key: new (*added), another value (*revised) or the same.
 * Which row of a key is current is settled once the file is in
 * (partners_settle(), ledger.c). */
static int
store_row(sqlite3 *db, enum partner_kind k, long long file, long line,
    const pvalue *v, long *added, long *revised, sv_err *e)
{
	static const char *const find[] = {
		"SELECT value = ?4 AND note = ?5 FROM partner_figure WHERE "
		"indicator = ?1 AND period = ?2 AND suivi_key(source) = "
		"suivi_key(?3) AND superseded_by IS NULL",
		"SELECT status = ?4 AND note = ?5 FROM progress WHERE "
		"measure = ?1 AND date = ?2 AND suivi_key(partner) = "
		"suivi_key(?3) AND superseded_by IS NULL" };
	static const char *const put[] = {
		"INSERT INTO partner_figure(file, line, measure, indicator, period, "
		"period_end, value, unit, source, note) VALUES (?1, ?2, ?3, ?4, ?5, "
		"?6, ?7, ?8, ?9, ?10)",
		"INSERT INTO progress(file, line, measure, partner, date, status, "
		"note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)" };
	sqlite3_stmt *st;
	int rc, found, same = 0;

	if ((rc = db_prepare(db, &st, find[k], e)))
		return rc;
	sqlite3_bind_text(st, 1, k ? v->measure : v->indicator, -1, SQLITE_STATIC);
	if (k)
		sqlite3_bind_int(st, 2, v->date);
	else
		sqlite3_bind_text(st, 2, v->period, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, k ? v->partner : v->source, -1, SQLITE_STATIC);
	if (k)
		sqlite3_bind_text(st, 4, v->status, -1, SQLITE_STATIC);
	else
		sqlite3_bind_double(st, 4, v->value);
	sqlite3_bind_text(st, 5, v->note, -1, SQLITE_STATIC);
	if (!(rc = db_lookup(db, st, &found, e)) && found)
		same = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (rc || (rc = db_prepare(db, &st, put[k], e)))
		return rc;
	sqlite3_bind_int64(st, 1, file);
	sqlite3_bind_int64(st, 2, line);
	sqlite3_bind_text(st, 3, v->measure, -1, SQLITE_STATIC);
	if (k == PARTNER_FIGURES) {
		sqlite3_bind_text(st, 4, v->indicator, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, v->period, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 6, v->period_end);
		sqlite3_bind_double(st, 7, v->value);
		sqlite3_bind_text(st, 8, v->unit, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 9, v->source, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 10, v->note, -1, SQLITE_STATIC);
	} else {
		sqlite3_bind_text(st, 4, v->partner, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 5, v->date);
		sqlite3_bind_text(st, 6, v->status, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, v->note, -1, SQLITE_STATIC);
	}
	rc = db_step_done(st, e);
	sqlite3_finalize(st);
	if (!rc && !found)
		(*added)++;
	else if (!rc && !same)
		(*revised)++;
	return rc;
}

/* f's ledger row and every row, in one transaction. */
static int
store(sqlite3 *db, const pfile *f, const pvalue *v, FILE *log, sv_err *e)
{
	static const char *const kinds[] = { "figures", "progress" };
	long added = 0, revised = 0;
	delivery_name dn;
	sqlite3_stmt *st;
	long long file;
	int rc;

	delivery_name_parse(f->path, &dn);
	if ((rc = db_begin(db, e)))
		return rc;
	if ((rc = db_prepare(db, &st, "INSERT INTO partner_file(sha256, path, "
	    "kind, rows, added, revised, loaded_at, stem, version) VALUES (?1, ?2, "
	    "?3, ?4, 0, 0, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?5, ?6)", e)))
		goto fail;
	sqlite3_bind_text(st, 1, f->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, f->path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, kinds[f->kind], -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (long long)f->n);
	sqlite3_bind_text(st, 5, dn.stem, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, dn.version);
	rc = db_step_done(st, e);
	sqlite3_finalize(st);
	file = sqlite3_last_insert_rowid(db);
	for (size_t i = 0; !rc && i < f->n; i++)
		rc = store_row(db, f->kind, file, f->rows[i].line, &v[i], &added,
		    &revised, e);
	if (rc || (rc = db_prepare(db, &st, "UPDATE partner_file SET added = ?1, "
	    "revised = ?2 WHERE id = ?3", e)))
		goto fail;
	sqlite3_bind_int64(st, 1, added);
	sqlite3_bind_int64(st, 2, revised);
	sqlite3_bind_int64(st, 3, file);
	rc = db_step_done(st, e);
	sqlite3_finalize(st);
	if (rc || (rc = partners_settle(db, e)) || (rc = db_commit(db, e)))
		goto fail;
	fprintf(log, "partners: ");
	text_fputs_safe(log, f->path);
	fprintf(log, ": %s, %zu row%s: %ld new, %ld revised, %ld unchanged\n",
	    kinds[f->kind], f->n, f->n == 1 ? "" : "s", added, revised,
	    (long)f->n - added - revised);
	return SV_OK;
fail:
	db_rollback(db);
	return rc;
}

static int
loader_open(sqlite3 *db, ploader *l, sv_err *e)
{
	int rc;

	memset(l, 0, sizeof *l);
	l->db = db;
	l->today = today();
	if ((rc = db_prepare(db, &l->measure, "SELECT 1 FROM measure WHERE "
	    "measure = ?1", e)))
		return rc;
	/* a unit that counts what the reference lists has its number as a
	 * bound: no more communes connected than the region has */
	return db_prepare(db, &l->indicator, "SELECT measure, unit, frequency, "
	    "CASE unit WHEN 'communes' THEN (SELECT count(*) FROM commune) WHEN "
	    "'zones' THEN (SELECT count(*) FROM zone) END FROM indicator_def "
	    "WHERE indicator = ?1 AND kind = 'partner'", e);
}

static void
loader_close(ploader *l)
{
	sqlite3_finalize(l->measure);
	sqlite3_finalize(l->indicator);
}

int
partners_load(sqlite3 *db, const char *path, int verbose, FILE *log,
    sv_err *e)
{
	pfile f;
	pvalue *v = NULL;
	ploader l;
	long wrong = 0;
	int rc, has;

	if ((rc = pfile_read(path, &f, e)))
		return rc;
	if ((rc = ledger_has(db, &f, &has, e)) || has) {
		if (!rc && verbose) {
			fputs("partners: ", log);
			text_fputs_safe(log, path);
			fputs(": already loaded, nothing changed\n", log);
		}
		pfile_free(&f);
		return rc;
	}
	if (!(v = calloc(f.n + 1, sizeof *v)))
		rc = sv_errf(e, SV_NOMEM, "out of memory");
	else if (!(rc = loader_open(db, &l, e))) {
		rc = check_rows(&l, &f, v, log, &wrong, e);
		loader_close(&l);
	}
	if (!rc && wrong)
		rc = sv_errf(e, SV_DATAERR, "%s: refused: %ld row%s wrong (said "
		    "above); nothing of the file was loaded", path, wrong,
		    wrong > 1 ? "s are" : " is");
	if (!rc)
		rc = store(db, &f, v, log, e);
	free(v);
	pfile_free(&f);
	return rc;
}

int
partners_inbox(sqlite3 *db, const char *dir, int verbose, FILE *log,
    int *loaded, sv_err *e)
{
	char pattern[4200];
	int worst = SV_OK, rc;
	glob_t g;

	*loaded = 0;
	snprintf(pattern, sizeof pattern, "%s/*.csv", dir);
	if (glob(pattern, 0, NULL, &g) != 0) {
		globfree(&g);
		return SV_OK;   /* none there */
	}
	for (size_t i = 0; i < g.gl_pathc; i++) {
		const char *what;
		sv_err fe;
		int before = sqlite3_total_changes(db);
		if ((what = infile_not_regular(g.gl_pathv[i])))
			rc = sv_errf(&fe, SV_DATAERR, "%s: passed over: it is %s, not "
			    "a partner file", g.gl_pathv[i], what);
		else
			rc = partners_load(db, g.gl_pathv[i], verbose, log, &fe);
		if (rc)
			sv_err_keep_worst(log, rc, &fe, &worst, e);
		else if (sqlite3_total_changes(db) > before)
			(*loaded)++;
	}
	globfree(&g);
	return worst;
}

