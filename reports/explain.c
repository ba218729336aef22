/*
 * explain — where a published figure came from (suivi explain): the
 * deliveries that carried the incidents behind it when its publication was
 * written (core/delivery.h: delivery_live()), each with how many, as CSV;
 * and whether they add up to the figure as shown.
 *
 * Known figures: a month of a measure's series (S/measure/yyyymm), a
 * month of a breakdown by sex (m/indicator/sex/yyyymm) and a row of a
 * 12-month table (t/indicator/breakdown/0|1: whole, by phenomenon or by
 * sex), the counts the recount can redo from the incidents alone; the
 * labels are mapped to phenomena as the reference maps them now.
 */
#include "reports.h"

#include <stdio.h>
#include <string.h>

#include "../aggregate/aggregate.h"
#include "../core/db.h"
#include "../core/delivery.h"
#include "../core/tabwrite.h"
#include "publish.h"

/* The incidents of the figure as they stood then: ?1 to ?3 the months of
 * facts (yyyymm), ?2 the sex code (1 F, 2 M, 3 X, 4 unknown; 0: any); SEX
 * the column the breakdown is by. */
#define FIGURE_INCIDENTS(SEX) \
	" FROM (SELECT extract, label, date_fact, " SEX " AS sex FROM " \
	"temp.asof_single UNION ALL SELECT extract, label, date_fact, " SEX \
	" FROM temp.asof_multi) i JOIN extract e ON e.id = i.extract JOIN label " \
	"l ON l.id = i.label JOIN label_map lm ON lm.raw = l.text WHERE " \
	"lm.phenomenon IN (SELECT phenomenon FROM temp.series_set) AND " \
	"i.date_fact / 100 BETWEEN ?1 AND ?3 AND (?2 = 0 OR coalesce(i.sex, 4) = " \
	"?2)"

#define BY_DELIVERY(SEX) "SELECT e.zone, CASE WHEN e.month IS NULL THEN '' " \
	"ELSE printf('%04d-%02d', e.month / 100, e.month % 100) END AS " \
	"delivery_month, e.version AS delivery_version, e.path AS delivery_file, " \
	"e.sha256 AS delivery_sha256, count(*) AS incidents" \
	FIGURE_INCIDENTS(SEX) " GROUP BY e.id ORDER BY e.zone, e.month, " \
	"e.version, e.path"
#define TOTAL(SEX) "SELECT count(*)" FIGURE_INCIDENTS(SEX)

/* What the figure is: its set of phenomena (aggregate_set_fill()'s), its
 * months, the sex (0: any) and whether by the author's; SV_USAGE for a
 * figure the recount cannot redo. */
typedef struct figure {
	char kind[16], subject[128], part[128], set[200];
	int from, to, sex, by_author;
	double value;
	int shown;
} figure;

/* A sex's code as the incidents hold it, 0 for none of them. */
static int
sex_code(const char *s)
{
	static const char *const sexes[] = { "", "F", "M", "X", "unknown" };

	for (int k = 1; k < 5; k++)
		if (!strcmp(s, sexes[k]))
			return k;
	return 0;
}

/* The figure's set and filter from its kind and part: a series month is
 * its measure's; a line month its indicator's for one sex; a table row
 * its indicator's, whole, for one phenomenon or one sex.  0, or -1 for a
 * part the recount does not know. */
static int
figure_set(figure *f, const char *breakdown)
{
	const char *eq = strchr(f->part, '=');

	f->by_author = !strcmp(breakdown, "author_sex");
	if (!strcmp(f->kind, "series")) {
		snprintf(f->set, sizeof f->set, "measure:%s", f->subject);
		return 0;
	}
	snprintf(f->set, sizeof f->set, "indicator:%s", f->subject);
	if (!strcmp(f->kind, "line"))
		return (f->sex = sex_code(f->part)) ? 0 : -1;
	if (strcmp(f->kind, "table") || !strcmp(f->part, "all"))
		return strcmp(f->kind, "table") ? -1 : 0;
	if (eq && !strncmp(f->part, "phenomenon=", 11)) {
		snprintf(f->set, sizeof f->set, "%s", eq + 1);
		return 0;
	}
	f->by_author = !strncmp(f->part, "author_sex=", 11);
	return eq && (f->by_author || !strncmp(f->part, "victim_sex=", 11)) &&
	    (f->sex = sex_code(eq + 1)) ? 0 : -1;
}

static int
read_figure(sqlite3 *db, long long id, const char *key, figure *f, sv_err *e)
{
	sqlite3_stmt *st;
	char breakdown[64] = "";
	int rc, found;

	memset(f, 0, sizeof *f);
	if ((rc = db_prepare(db, &st, "SELECT v.kind, v.subject, v.part, "
	    "CAST(replace(substr(v.period, 1, 7), '-', '') AS INTEGER), "
	    "CAST(replace(substr(v.period, -7), '-', '') AS INTEGER), v.value, "
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
		f->from = sqlite3_column_int(st, 3);
		f->to = sqlite3_column_int(st, 4);
		f->value = sqlite3_column_double(st, 5);
		f->shown = sqlite3_column_int(st, 6);
		snprintf(breakdown, sizeof breakdown, "%s", sqlite3_column_text(st, 7));
	}
	sqlite3_finalize(st);
	if (!rc && figure_set(f, breakdown))
		rc = sv_errf(e, SV_USAGE, "explain: '%s' is a %s figure of a part "
		    "explain cannot recount ('%s'); it knows the months of a "
		    "measure's series (S/...) and of a breakdown by sex (m/...), and "
		    "the rows of the 12-month tables (t/...): whole, by phenomenon "
		    "or by sex", key, f->kind, f->part);
	return rc;
}

static int
explain_in(sqlite3 *db, const explain_opts *o, FILE *out, FILE *log,
    sv_err *e)
{
	tabwrite_opts t = { 0, ',', 0, 0, NULL, NULL, NULL };
	publish_info pi;
	figure f;
	sqlite3_stmt *st;
	long long n, total = 0;
	int rc, found;

	if ((rc = publish_find(db, o->publication, &pi, e)) ||
	    (rc = read_figure(db, pi.id, o->figure, &f, e)))
		return rc;
	if ((rc = aggregate_set_fill(db, f.set, &n, e)) ||
	    (rc = delivery_live(db, pi.written_at, e)))
		return rc;
	if ((rc = db_prepare(db, &st, f.by_author ? TOTAL("author_sex") :
	    TOTAL("victim_sex"), e)))
		return rc;
	sqlite3_bind_int(st, 1, f.from);
	sqlite3_bind_int(st, 2, f.sex);
	sqlite3_bind_int(st, 3, f.to);
	if (!(rc = db_lookup(db, st, &found, e)))
		total = found ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc || (rc = db_prepare(db, &st, f.by_author ? BY_DELIVERY("author_sex") :
	    BY_DELIVERY("victim_sex"), e)))
		return rc;
	sqlite3_bind_int(st, 1, f.from);
	sqlite3_bind_int(st, 2, f.sex);
	sqlite3_bind_int(st, 3, f.to);
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
