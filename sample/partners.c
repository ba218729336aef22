/*
 * partners — the sample's partner files (sample.h): the figures of the
 * catalogue's partner indicators, quarter by quarter, and progress reports
 * on the plan's measures, as partners would send them: French and Dutch
 * headers, ',' and ';', one figure late, one revised each quarter, some
 * measures never reported on, some changing status in the last month.
 */
#include "sample.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

#include "../core/db.h"
#include "../core/month.h"
#include "../core/refdata.h"
#include "../partners/words.h"
#include "rng.h"

#define LATE "vat_fraud_cases"          /* its last quarter never comes */
#define REVISED "interservice_meetings" /* each file revises the quarter
                                           before */

/* The figure of the indicator at catalogue position seq for the period
 * ending in month index end: a level and a wobble, the same every time it
 * is asked (a revision says it again, plus one); a unit the reference
 * bounds (bound >= 0: the region's communes) stays within it. */
static int
figure_value(int seq, int end, int bound)
{
	int v = 4 + seq % 40 + (end * 7 + seq * 3) % 9;

	return bound >= 0 && v > bound ? bound - (end * 7 + seq * 3) % 5 : v;
}

/* Figures: the quarter ending in month index `end`, in one file. */
static int
figures_file(sqlite3 *db, const char *dir, int end, int last, sv_err *e)
{
	int nl = end / 3 % 2, y = end / 12, q = end % 12 / 3 + 1, rc, step;
	const char *lang = nl ? "nl" : "fr";
	char path[4300], sep = nl ? ';' : ',';
	sqlite3_stmt *st;
	FILE *fp;

	snprintf(path, sizeof path, "%s/figures-%04d-Q%d.csv", dir, y, q);
	if (!(fp = fopen(path, "w")))
		return sv_errf(e, SV_CANTCREAT, "%s: cannot create: %s", path,
		    strerror(errno));
	for (int i = 0; pwords_fields[PARTNER_FIGURES][i] >= 0; i++)
		fprintf(fp, "%s%s", i ? (nl ? ";" : ",") : "", pwords_column(
		    pwords_fields[PARTNER_FIGURES][i], lang));
	fputs("\r\n", fp);
	if ((rc = db_prepare(db, &st, "SELECT measure, indicator, frequency, "
	    "partner, seq, CASE unit WHEN 'communes' THEN (SELECT count(*) FROM "
	    "commune) WHEN 'zones' THEN (SELECT count(*) FROM zone) ELSE -1 END "
	    "FROM indicator_def WHERE kind = 'partner' ORDER BY seq", e))) {
		fclose(fp);
		return rc;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *m = (const char *)sqlite3_column_text(st, 0);
		const char *ind = (const char *)sqlite3_column_text(st, 1);
		const char *src = (const char *)sqlite3_column_text(st, 3);
		int yearly = !strcmp((const char *)sqlite3_column_text(st, 2), "year");
		int seq = sqlite3_column_int(st, 4);
		int bound = sqlite3_column_int(st, 5);
		if (yearly && q != 1)
			continue;       /* a year's figure comes with Q1 */
		if (!strcmp(ind, LATE) && end == last)
			continue;
		if (yearly)
			fprintf(fp, "%s%c%s%c%04d%c%d%c%c%s%c\r\n", m, sep, ind, sep,
			    y - 1, sep, figure_value(seq, y * 12 - 1, bound), sep, sep, src,
			    sep);
		else
			fprintf(fp, "%s%c%s%c%04d-Q%d%c%d%c%c%s%c\r\n", m, sep, ind, sep,
			    y, q, sep, figure_value(seq, end, bound), sep, sep, src, sep);
		if (!strcmp(ind, REVISED) && end > 2)
			fprintf(fp, "%s%c%s%c%04d-Q%d%c%d%c%c%s%c%s\r\n", m, sep, ind,
			    sep, (end - 3) / 12, (end - 3) % 12 / 3 + 1, sep,
			    figure_value(seq, end - 3, bound) + 1, sep, sep, src, sep,
			    nl ? "herzien" : "corrigé");
	}
	sqlite3_finalize(st);
	if (fclose(fp) != 0)
		return sv_errf(e, SV_IOERR, "%s: cannot write", path);
	return step == SQLITE_DONE ? SV_OK : db_fail(db, step, e);
}

/* A measure's first partner, as measures.csv lists them. */
static void
first_partner(const char *list, char *out, size_t n)
{
	size_t k = 0;
	int depth = 0;

	for (; *list && k + 1 < n; list++) {
		depth += *list == '(' ? 1 : *list == ')' ? -1 : 0;
		if (*list == ',' && !depth)
			break;
		out[k++] = *list;
	}
	out[k] = '\0';
}

/* Progress: a report at the end of month index t on some measures, their
 * status moving on from state[] (index in pwords_statuses, -1 none). */
static int
progress_file(sqlite3 *db, const char *dir, int t, int review, int *state,
    rng *r, sv_err *e)
{
	int nl = t % 2, i = 0, rc, step;
	const char *lang = nl ? "nl" : "fr";
	char path[4300], partner[256];
	sqlite3_stmt *st;
	FILE *fp;

	snprintf(path, sizeof path, "%s/progress-%04d-%02d.csv", dir, t / 12,
	    t % 12 + 1);
	if (!(fp = fopen(path, "w")))
		return sv_errf(e, SV_CANTCREAT, "%s: cannot create: %s", path,
		    strerror(errno));
	for (int k = 0; pwords_fields[PARTNER_PROGRESS][k] >= 0; k++)
		fprintf(fp, "%s%s", k ? "," : "", pwords_column(
		    pwords_fields[PARTNER_PROGRESS][k], lang));
	fputs("\r\n", fp);
	if ((rc = db_prepare(db, &st, "SELECT measure, partners FROM measure "
	    "ORDER BY seq", e))) {
		fclose(fp);
		return rc;
	}
	for (; (step = sqlite3_step(st)) == SQLITE_ROW; i++) {
		int s = state[i];
		/* a tenth never report; in the review month, a few move on */
		if (i % 10 == 7 || !rng_chance(r, t == review ? .08 : .6))
			continue;
		if (s < 0 || (s < 3 && rng_chance(r, .5)))
			s++;
		else if (s < 3 && rng_chance(r, .03))
			s = 4;          /* abandoned */
		state[i] = s;
		first_partner((const char *)sqlite3_column_text(st, 1), partner,
		    sizeof partner);
		fprintf(fp, "%s,\"%s\",%04d-%02d-28,%s,\r\n",
		    (const char *)sqlite3_column_text(st, 0), partner, t / 12,
		    t % 12 + 1, pwords_status_word(pwords_statuses[s], lang));
	}
	sqlite3_finalize(st);
	if (fclose(fp) != 0)
		return sv_errf(e, SV_IOERR, "%s: cannot write", path);
	return step == SQLITE_DONE ? SV_OK : db_fail(db, step, e);
}

/* This month, as a month index: nothing is dated after it. */
static int
this_month(void)
{
	time_t now = time(NULL);
	struct tm tm;

	return localtime_r(&now, &tm) ? (tm.tm_year + 1900) * 12 + tm.tm_mon :
	    0;
}

int
sample_partners(const sample_opts *o, const char *refdir, sv_err *e)
{
	static const int back[] = { 24, 18, 12, 6, 1, 0 };  /* months before
	                                                       --to reported */
	int m = o->to - 1, last = m - (m % 3 + 1) % 3, now = this_month(), rc;
	long long nmeasures;
	int *state = NULL;
	char dir[4096];
	sqlite3 *db;
	rng r;

	if ((size_t)snprintf(dir, sizeof dir, "%s/%s", o->out, PARTNERS_DIR) >=
	    sizeof dir)
		return sv_errf(e, SV_USAGE, "sample: %s: path too long", o->out);
	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		return sv_errf(e, SV_CANTCREAT, "%s: cannot create: %s", dir,
		    strerror(errno));
	if ((rc = db_open(":memory:", DB_CREATE, &db, e)))
		return rc;
	if ((rc = refdata_load(db, refdir, e)) || (rc = db_integer(db, "SELECT "
	    "count(*) FROM measure", &nmeasures, e)))
		goto out;
	if (!(state = malloc(((size_t)nmeasures + 1) * sizeof *state))) {
		rc = sv_errf(e, SV_NOMEM, "out of memory");
		goto out;
	}
	for (long long i = 0; i < nmeasures; i++)
		state[i] = -1;
	rng_seed(&r, o->seed ^ 0x9a47u);
	/* two years of quarters, the last one ended a month before --to */
	for (int end = last - 21; end <= last && end < now && !rc; end += 3)
		if (end >= o->from + 2)
			rc = figures_file(db, dir, end, last, e);
	for (size_t k = 0; k < sizeof back / sizeof *back && !rc; k++) {
		int t = o->to - back[k];
		if (t >= o->from && t < now)
			rc = progress_file(db, dir, t, o->to, state, &r, e);
	}
out:
	free(state);
	db_close(db);
	return rc;
}
