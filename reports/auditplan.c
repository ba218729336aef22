/*
 * auditplan — the report's figures as audit cells (audit.h): what the
 * pages will show of the incidents by date of facts, read from the tables
 * the pages read, before any page is written.
 *
 *  - each month of a count indicator broken down by victim's or author's
 *    sex (its chart's lines; a line with a small month is left out whole,
 *    as the chart draws it);
 *  - each month of a share of women victims: its numerator and its base
 *    (the chart's line and bars);
 *  - the region's rows of every count indicator's table, in both 12-month
 *    periods and both years to date (total, phenomena, sexes), those of a
 *    year before in atoms of their own (then_codes());
 *  - each month of a measure's own series (never hidden).
 * What this does not hold (zones' and communes' rows, rates, the mix of
 * modus operandi, registered complaints, places and channels) keeps the
 * table-by-table and chart-by-chart rules (disclose.h, charts.h).
 */
#include "audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/db.h"
#include "../core/month.h"

static const char *const sex_names[AUDIT_SEXES] = { "unknown", "F", "M", "X" };

static int
sex_of(const char *name)
{
	for (int k = 0; k < AUDIT_SEXES; k++)
		if (!strcmp(name, sex_names[k]))
			return k;
	return -1;
}

/* An indicator that has cells: its phenomena (codes, owned). */
typedef struct ind {
	char name[128], kind[16], breakdown[64], filter[64], measure[32];
	char **phen;
	int nphen;
} ind;

static void
ind_free(ind *d)
{
	for (int i = 0; i < d->nphen; i++)
		free(d->phen[i]);
	free(d->phen);
	d->phen = NULL, d->nphen = 0;
}

static int
ind_push(ind *d, const char *code, size_t len)
{
	char **p = realloc(d->phen, (size_t)(d->nphen + 1) * sizeof *p);

	if (!p)
		return -1;
	d->phen = p;
	if (!(p[d->nphen] = strndup(code, len)))
		return -1;
	d->nphen++;
	return 0;
}

/* The phenomena of d: its list, or its measure's ("measure"). */
static int
ind_phenomena(sqlite3 *db, ind *d, const char *list, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, step;

	if (strcmp(list, "measure") != 0) {
		for (const char *s = list; *s; ) {
			size_t len = strcspn(s, " ");
			if (len && ind_push(d, s, len))
				return sv_errf(e, SV_NOMEM, "out of memory");
			s += len + (s[len] == ' ');
		}
		return SV_OK;
	}
	if ((rc = db_prepare(db, &st, "SELECT phenomenon FROM phenomenon_measure "
	    "WHERE measure = ?1 ORDER BY phenomenon", e)))
		return rc;
	sqlite3_bind_text(st, 1, d->measure, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		if (ind_push(d, (const char *)sqlite3_column_text(st, 0),
		    (size_t)sqlite3_column_bytes(st, 0))) {
			sqlite3_finalize(st);
			return sv_errf(e, SV_NOMEM, "out of memory");
		}
	return db_finish(db, st, step, e);
}

/* The first month the charts draw (charts.h: chart_months()). */
#define FIRST_DRAWN "(SELECT min(month) FROM coverage)"

/* The monthly cells of d: a sex breakdown's lines, or a share's
 * numerator and base. */
static int
add_months(sqlite3 *db, audit *a, const ind *d, int month, int min_cell,
    sv_err *e)
{
	int share = !strcmp(d->kind, "share"), rc, step;
	int by_victim = !strcmp(d->breakdown, "victim_sex");
	int withheld[AUDIT_SEXES] = { 0 };
	sqlite3_stmt *st;

	/* a line with a small month is left out whole (charts.h); the chart
	 * draws the months of coverage, and the sex chart leaves out the
	 * lines this marks withheld (gridcharts.c) */
	if ((rc = db_prepare(db, &st, "SELECT part FROM indicator_month WHERE "
	    "indicator = ?1 AND month BETWEEN " FIRST_DRAWN " AND ?2 AND n "
	    "BETWEEN 1 AND ?3 - 1", e)))
		return rc;
	sqlite3_bind_text(st, 1, d->name, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, month);
	sqlite3_bind_int(st, 3, min_cell);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int k = sex_of((const char *)sqlite3_column_text(st, 0));
		if (k >= 0 && !share)
			withheld[k] = 1;
	}
	if ((rc = db_finish(db, st, step, e)) || (rc = db_prepare(db, &st,
	    "SELECT part, month, n, base FROM indicator_month WHERE indicator = "
	    "?1 AND month BETWEEN " FIRST_DRAWN " AND ?2 ORDER BY part, month",
	    e)))
		return rc;
	sqlite3_bind_text(st, 1, d->name, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, month);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *part = (const char *)sqlite3_column_text(st, 0);
		int m = sqlite3_column_int(st, 1), k = sex_of(part);
		char key[256];
		audit_spec s = { key, m, m, (const char *const *)d->phen, d->nphen,
		    AUDIT_ANY, AUDIT_ANY, sqlite3_column_double(st, 2),
		    share ? AUDIT_SHARE : AUDIT_LINE, 0 };
		if (share) {
			/* the numerator: women victims; the base: known sexes */
			snprintf(key, sizeof key, "s/%s/num/%d", d->name, m);
			s.vs = 1u << 1;
			if (!(rc = audit_add(a, &s, e))) {
				snprintf(key, sizeof key, "s/%s/base/%d", d->name, m);
				s.vs = 1u << 1 | 1u << 2 | 1u << 3;
				s.n = sqlite3_column_double(st, 3);
				rc = audit_add(a, &s, e);
			}
			continue;
		}
		if (k < 0)
			continue;
		snprintf(key, sizeof key, "m/%s/%s/%d", d->name, part, m);
		*(by_victim ? &s.vs : &s.as) = 1u << k;
		s.withheld = withheld[k];
		rc = audit_add(a, &s, e);
	}
	if (rc) {
		sqlite3_finalize(st);
		return rc;
	}
	return db_finish(db, st, step, e);
}

/* The phenomena of a period a year before, as a table counts them: the
 * facts registered by the same point then (indicators.c), not those of
 * the same months in charts, which count every fact registered since.
 * Atoms of their own ("then:" before the code), linked only to each
 * other. */
static char **
then_codes(const char *const *phen, int n)
{
	char **v = calloc((size_t)(n ? n : 1), sizeof *v);

	for (int i = 0; v && i < n; i++) {
		size_t len = strlen(phen[i]) + 6;
		if (!(v[i] = malloc(len))) {
			while (i--)
				free(v[i]);
			free(v);
			return NULL;
		}
		snprintf(v[i], len, "then:%s", phen[i]);
	}
	return v;
}

static void
then_free(char **v, int n)
{
	for (int i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

/* The region's rows of d's table: its columns (itable.c) 0 and 1, the 12
 * months and the 12 before, and 2 and 3, the year to date and a year
 * before (not in December: they are the 12 months); and, shown nowhere
 * but known by subtraction, the months apart (the 12 months less the year
 * to date), protected when small as any count is.  The columns of a year
 * before count in then_codes()' atoms. */
static int
add_table(sqlite3 *db, audit *a, const ind *d, int month, sv_err *e)
{
	int t = month_from_yyyymm(month), rc = SV_OK, step;
	int first[4] = { t - 11, t - 23, t - t % 12, t - t % 12 - 12 };
	int last[4] = { t, t - 12, t, t - 12 };
	int cols = t % 12 == 11 ? 2 : 4;
	char period[40], ytd[40];
	sqlite3_stmt *st;

	month_span(t - 11, t, period, sizeof period);
	month_span(t - t % 12, t, ytd, sizeof ytd);
	if ((rc = db_prepare(db, &st, "SELECT a.breakdown, a.n, a.compare_n, "
	    "y.n, y.compare_n FROM indicator_value a LEFT JOIN indicator_value y "
	    "ON y.indicator = a.indicator AND y.period = ?3 AND y.zone IS NULL "
	    "AND y.commune IS NULL AND y.breakdown = a.breakdown WHERE "
	    "a.indicator = ?1 AND a.period = ?2 AND a.zone IS NULL AND a.commune "
	    "IS NULL", e)))
		return rc;
	sqlite3_bind_text(st, 1, d->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, period, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, ytd, -1, SQLITE_STATIC);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *b = (const char *)sqlite3_column_text(st, 0);
		const char *v = strchr(b, '=');
		const char *one = v ? v + 1 : NULL;
		audit_spec s = { NULL, 0, 0, (const char *const *)d->phen,
		    d->nphen, AUDIT_ANY, AUDIT_ANY, 0, AUDIT_TABLE, 0 };
		char key[256], **then;
		if (!strncmp(b, "phenomenon=", 11))
			s.phen = &one, s.nphen = 1;
		else if (!strncmp(b, "victim_sex=", 11) && sex_of(one) >= 0)
			s.vs = 1u << sex_of(one);
		else if (!strncmp(b, "author_sex=", 11) && sex_of(one) >= 0)
			s.as = 1u << sex_of(one);
		else if (strcmp(b, "all") != 0)
			continue;       /* a breakdown the atoms do not tell */
		const char *const *now = s.phen;
		if (!(then = then_codes(now, s.nphen))) {
			rc = sv_errf(e, SV_NOMEM, "out of memory");
			break;
		}
		for (int col = 0; col < cols && !rc; col++) {
			if (sqlite3_column_type(st, 1 + col) == SQLITE_NULL)
				continue;
			snprintf(key, sizeof key, "t/%s/%s/%d", d->name, b, col);
			s.key = key;
			s.phen = col % 2 ? (const char *const *)then : now;
			s.from = month_to_yyyymm(first[col]);
			s.to = month_to_yyyymm(last[col]);
			s.n = sqlite3_column_double(st, 1 + col);
			s.cls = AUDIT_TABLE, s.withheld = 0;
			if ((rc = audit_add(a, &s, e)) || col < 2)
				continue;
			/* the months apart: from the 12 months' first to the
			 * month before the year to date's */
			snprintf(key, sizeof key, "a/%s/%s/%d", d->name, b, col - 2);
			s.from = month_to_yyyymm(first[col - 2]);
			s.to = month_to_yyyymm(first[col] - 1);
			s.n = sqlite3_column_double(st, col - 1) - s.n;
			s.cls = AUDIT_APART, s.withheld = 1;
			rc = audit_add(a, &s, e);
		}
		then_free(then, s.nphen);
	}
	if (rc) {
		sqlite3_finalize(st);
		return rc;
	}
	return db_finish(db, st, step, e);
}

/* Each month of the measure's own series: the facts of its phenomena. */
static int
add_series(sqlite3 *db, audit *a, const char *measure, int month, sv_err *e)
{
	ind d = { .nphen = 0 };
	sqlite3_stmt *st;
	int rc, step;

	snprintf(d.measure, sizeof d.measure, "%s", measure);
	if ((rc = ind_phenomena(db, &d, "measure", e)) || (rc = db_prepare(db,
	    &st, "SELECT month, sum(n) FROM month_total WHERE month <= ?2 AND "
	    "phenomenon IN (SELECT phenomenon FROM phenomenon_measure WHERE "
	    "measure = ?1) GROUP BY month", e))) {
		ind_free(&d);
		return rc;
	}
	sqlite3_bind_text(st, 1, measure, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, month);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		char key[96];
		int m = sqlite3_column_int(st, 0);
		audit_spec s = { key, m, m, (const char *const *)d.phen, d.nphen,
		    AUDIT_ANY, AUDIT_ANY, sqlite3_column_double(st, 1), AUDIT_KEEP,
		    0 };
		snprintf(key, sizeof key, "S/%s/%d", measure, m);
		rc = audit_add(a, &s, e);
	}
	ind_free(&d);
	if (rc) {
		sqlite3_finalize(st);
		return rc;
	}
	return db_finish(db, st, step, e);
}

/* The indicators the atoms can tell: facts of listed phenomena, counts
 * with no filter and shares of women victims. */
#define TOLD "FROM indicator_def WHERE basis = 'fact' AND phenomena <> 'all' " \
	"AND ((kind = 'count' AND filter = '') OR (kind = 'share' AND " \
	"breakdown = '' AND filter = 'victim_sex=F'))"

/* Add the cells of every indicator told, then the series of their
 * measures. */
static int
add_all(sqlite3 *db, audit *a, int month, int min_cell, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, step;

	if ((rc = db_prepare(db, &st, "SELECT indicator, measure, kind, "
	    "phenomena, breakdown " TOLD " ORDER BY indicator", e)))
		return rc;
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		ind d = { .nphen = 0 };
		snprintf(d.name, sizeof d.name, "%s", sqlite3_column_text(st, 0));
		snprintf(d.measure, sizeof d.measure, "%s",
		    sqlite3_column_text(st, 1));
		snprintf(d.kind, sizeof d.kind, "%s", sqlite3_column_text(st, 2));
		snprintf(d.breakdown, sizeof d.breakdown, "%s",
		    sqlite3_column_text(st, 4));
		if (!(rc = ind_phenomena(db, &d, (const char *)
		    sqlite3_column_text(st, 3), e)) && d.nphen) {
			if (!strcmp(d.kind, "share") || !strcmp(d.breakdown,
			    "victim_sex") || !strcmp(d.breakdown, "author_sex"))
				rc = add_months(db, a, &d, month, min_cell, e);
			if (!rc && !strcmp(d.kind, "count"))
				rc = add_table(db, a, &d, month, e);
		}
		ind_free(&d);
	}
	if (rc) {
		sqlite3_finalize(st);
		return rc;
	}
	if ((rc = db_finish(db, st, step, e)) || (rc = db_prepare(db, &st,
	    "SELECT DISTINCT measure " TOLD " ORDER BY measure", e)))
		return rc;
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW)
		rc = add_series(db, a, (const char *)sqlite3_column_text(st, 0),
		    month, e);
	if (rc) {
		sqlite3_finalize(st);
		return rc;
	}
	return db_finish(db, st, step, e);
}

int
audit_build(sqlite3 *db, int month, int min_cell, audit **out, sv_err *e)
{
	audit *a = audit_new(min_cell);
	int rc;

	*out = NULL;
	if (!a)
		return sv_errf(e, SV_NOMEM, "out of memory");
	if ((rc = add_all(db, a, month, min_cell, e)) ||
	    (rc = audit_protect(a, e))) {
		audit_free(a);
		return rc;
	}
	*out = a;
	return SV_OK;
}
