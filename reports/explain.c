/*
 * explain — where a published figure came from (suivi explain): the
 * deliveries that carried the incidents behind it when its publication was
 * written (core/delivery.h: delivery_live()), each with how many, as CSV;
 * and whether they add up to the figure as shown.
 *
 * Known figures: a month of a measure's series (S/measure/yyyymm) and a
 * month of a breakdown by sex (m/indicator/sex/yyyymm), the counts the
 * recount can redo from the incidents alone; the labels are mapped to
 * phenomena as the reference maps them now.
 */
#include "reports.h"

#include <stdio.h>
#include <string.h>

#include "../aggregate/aggregate.h"
#include "../core/db.h"
#include "../core/delivery.h"
#include "publish.h"
#include "tabwrite.h"

/* The incidents of the figure as they stood then: ?1 the month of facts
 * (yyyymm), ?2 the sex code (1 F, 2 M, 3 X, 4 unknown; 0: any); SEX the
 * column the breakdown is by. */
#define FIGURE_INCIDENTS(SEX) \
	" FROM (SELECT extract, label, date_fact, " SEX " AS sex FROM " \
	"temp.asof_single UNION ALL SELECT extract, label, date_fact, " SEX \
	" FROM temp.asof_multi) i JOIN extract e ON e.id = i.extract JOIN label " \
	"l ON l.id = i.label JOIN label_map lm ON lm.raw = l.text WHERE " \
	"lm.phenomenon IN (SELECT phenomenon FROM temp.series_set) AND " \
	"i.date_fact / 100 = ?1 AND (?2 = 0 OR coalesce(i.sex, 4) = ?2)"

#define BY_DELIVERY(SEX) "SELECT e.zone, CASE WHEN e.month IS NULL THEN '' " \
	"ELSE printf('%04d-%02d', e.month / 100, e.month % 100) END AS " \
	"delivery_month, e.version AS delivery_version, e.path AS delivery_file, " \
	"e.sha256 AS delivery_sha256, count(*) AS incidents" \
	FIGURE_INCIDENTS(SEX) " GROUP BY e.id ORDER BY e.zone, e.month, " \
	"e.version, e.path"
#define TOTAL(SEX) "SELECT count(*)" FIGURE_INCIDENTS(SEX)

/* What the figure is: its set of phenomena, its month, the sex (0: any)
 * and the column of the breakdown; SV_USAGE for a figure the recount
 * cannot redo. */
typedef struct figure {
	char kind[16], subject[128], part[16];
	int month, sex, by_author;
	double value;
	int shown;
} figure;

static int
read_figure(sqlite3 *db, long long id, const char *key, figure *f, sv_err *e)
{
	static const char *const sexes[] = { "", "F", "M", "X", "unknown" };
	sqlite3_stmt *st;
	int rc, found;

	memset(f, 0, sizeof *f);
	if ((rc = db_prepare(db, &st, "SELECT v.kind, v.subject, v.part, "
	    "CAST(replace(substr(v.period, 1, 7), '-', '') AS INTEGER), v.value, "
	    "v.shown, coalesce(d.breakdown, '') FROM published_value v LEFT JOIN "
	    "indicator_def d ON d.indicator = v.subject WHERE v.publication = ?1 "
	    "AND v.figure = ?2", e)))
		return rc;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	if (!(rc = db_lookup(db, st, &found, e)) && !found)
		rc = sv_errf(e, SV_NOINPUT, "explain: publication %lld has no figure "
		    "'%s' (suivi export --what vintages lists them)", id, key);
	if (!rc) {
		snprintf(f->kind, sizeof f->kind, "%s", sqlite3_column_text(st, 0));
		snprintf(f->subject, sizeof f->subject, "%s", sqlite3_column_text(st, 1));
		snprintf(f->part, sizeof f->part, "%s", sqlite3_column_text(st, 2));
		f->month = sqlite3_column_int(st, 3);
		f->value = sqlite3_column_double(st, 4);
		f->shown = sqlite3_column_int(st, 5);
		f->by_author = !strcmp((const char *)sqlite3_column_text(st, 6),
		    "author_sex");
	}
	sqlite3_finalize(st);
	if (rc)
		return rc;
	for (int k = 1; k < 5 && !strcmp(f->kind, "line"); k++)
		if (!strcmp(f->part, sexes[k]))
			f->sex = k;
	if (strcmp(f->kind, "series") && !(strcmp(f->kind, "line") == 0 && f->sex))
		return sv_errf(e, SV_USAGE, "explain: '%s' is a %s figure; explain "
		    "knows the months of a measure's series (S/...) and of a "
		    "breakdown by sex (m/...)", key, f->kind);
	return SV_OK;
}

static int
explain_in(sqlite3 *db, const explain_opts *o, FILE *out, FILE *log,
    sv_err *e)
{
	tabwrite_opts t = { 0, ',', 0, 0, NULL, NULL, NULL };
	char set[160];
	publish_info pi;
	figure f;
	sqlite3_stmt *st;
	long long n, total = 0;
	int rc, found;

	if ((rc = publish_find(db, o->publication, &pi, e)) ||
	    (rc = read_figure(db, pi.id, o->figure, &f, e)))
		return rc;
	snprintf(set, sizeof set, "%s:%s", strcmp(f.kind, "series") ? "indicator" :
	    "measure", f.subject);
	if ((rc = aggregate_set_fill(db, set, &n, e)) ||
	    (rc = delivery_live(db, pi.written_at, e)))
		return rc;
	if ((rc = db_prepare(db, &st, f.by_author ? TOTAL("author_sex") :
	    TOTAL("victim_sex"), e)))
		return rc;
	sqlite3_bind_int(st, 1, f.month);
	sqlite3_bind_int(st, 2, f.sex);
	if (!(rc = db_lookup(db, st, &found, e)))
		total = found ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc || (rc = db_prepare(db, &st, f.by_author ? BY_DELIVERY("author_sex") :
	    BY_DELIVERY("victim_sex"), e)))
		return rc;
	sqlite3_bind_int(st, 1, f.month);
	sqlite3_bind_int(st, 2, f.sex);
	if ((rc = tabwrite_stmt(db, st, &t, out, e)))
		return rc;
	fprintf(log, "suivi explain: %s in publication %lld (%s, written %s): "
	    "%.0f, %s; the deliveries current then carry %lld such incidents "
	    "(labels mapped as now)%s\n", o->figure, pi.id, pi.month,
	    pi.written_at, f.value, f.shown ? "shown" : "hidden (a small count, "
	    "or beside one)", total, (double)total == f.value ? "" :
	    ": the difference is what the recount cannot see (labels mapped "
	    "otherwise then, a zone's month left out of the region's count)");
	return SV_OK;
}

int
explain_write(sqlite3 *db, const explain_opts *o, FILE *out, FILE *log,
    sv_err *e)
{
	sv_err ignored;
	int rc;

	if ((rc = db_exec(db, "BEGIN", e)))
		return rc;
	rc = explain_in(db, o, out, log, e);
	delivery_live(db, NULL, &ignored);
	db_exec(db, "COMMIT", &ignored);
	return rc;
}
