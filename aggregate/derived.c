/*
 * derived — plan (read the catalogue and the trend sets), compute (in any
 * thread), write (indicator_value, trend).  See derived.h.
 */
#include "derived.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/db.h"
#include "../core/grow.h"
#include "../core/month.h"

/* Which phenomena an indicator counts: a list of codes, or "measure" (the
 * phenomena that feed its measure), "all", or "pow" (those Police on Web
 * takes). */
static int
phenomena_of(sqlite3 *db, const cube *c, def *d, const char *list, sv_err *e)
{
	char buf[REF_LIST_MAX + 1], *save = NULL;
	sqlite3_stmt *st;
	int rc, step;

	memset(d->in, 0, sizeof d->in);
	snprintf(buf, sizeof buf, "%s", list);
	for (char *w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		if (!strcmp(w, "all") || !strcmp(w, "pow")) {
			for (int p = 0; p < c->nphen; p++)
				d->in[p] |= w[0] == 'a' || c->pow[p];
			continue;
		}
		if (strcmp(w, "measure") != 0) {
			int p = cube_phenomenon(c, w);
			if (p >= 0)
				d->in[p] = 1;
			continue;
		}
		if ((rc = db_prepare(db, &st, "SELECT phenomenon FROM "
		    "phenomenon_measure WHERE measure = ?1", e)))
			return rc;
		sqlite3_bind_text(st, 1, d->measure, -1, SQLITE_STATIC);
		while ((step = sqlite3_step(st)) == SQLITE_ROW) {
			int p = cube_phenomenon(c, (const char *)sqlite3_column_text(st, 0));
			if (p >= 0)
				d->in[p] = 1;
		}
		if ((rc = db_finish(db, st, step, e)))
			return rc;
	}
	return SV_OK;
}

/* Column col as text, "" for NULL. */
static const char *
text(sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);

	return s ? (const char *)s : "";
}

static void
copy(char *dst, size_t n, sqlite3_stmt *st, int col)
{
	snprintf(dst, n, "%s", text(st, col));
}

static int
plan_defs(sqlite3 *db, const cube *c, derived *o, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, step = SQLITE_DONE;
	long long n;

	if ((rc = db_integer(db, "SELECT count(*) FROM indicator_def", &n, e)))
		return rc;
	if (!(o->defs = calloc((size_t)(n > 0 ? n : 1), sizeof *o->defs)))
		return sv_errf(e, SV_NOMEM, "out of memory");
	if ((rc = db_prepare(db, &st, "SELECT d.indicator, d.measure, d.kind, "
	    "d.phenomena, d.basis, d.breakdown, d.filter, d.unit, m.axis FROM "
	    "indicator_def d JOIN measure m ON m.measure = d.measure WHERE "
	    "d.kind NOT IN ('none', 'partner') ORDER BY d.seq", e)))
		return rc;
	while (!rc && o->ndefs < n && (step = sqlite3_step(st)) == SQLITE_ROW) {
		def *d = &o->defs[o->ndefs++];
		int kind = cat_value(CAT_KIND, text(st, 2));
		int basis = cat_value(CAT_BASIS, text(st, 4));
		int breakdown = cat_value(CAT_BREAKDOWN, text(st, 5));
		int filter = cat_value(CAT_FILTER, text(st, 6));
		copy(d->indicator, sizeof d->indicator, st, 0);
		copy(d->measure, sizeof d->measure, st, 1);
		copy(d->unit, sizeof d->unit, st, 7);
		if (kind < 0 || basis < 0 || breakdown < 0 || filter < 0) {
			rc = sv_errf(e, SV_DATAERR, "aggregate: indicator %s: a word "
			    "of its kind, basis, breakdown or filter is not one this "
			    "suivi knows: load the reference again (suivi init)",
			    d->indicator);
			break;
		}
		d->kind = (enum cat_kind)kind;
		d->basis = basis == BY_REGISTRATION ? BASIS_REGISTERED : BASIS_FACT;
		d->breakdown = (enum cat_breakdown)breakdown;
		d->filter = (enum cat_filter)filter;
		d->axis = sqlite3_column_int(st, 8);
		rc = phenomena_of(db, c, d, text(st, 3), e);
	}
	if (rc) {
		sqlite3_finalize(st);
		return rc;
	}
	return db_finish(db, st, step, e);
}

/* Trend sets: each phenomenon alone, then each measure's phenomena. */
static int
plan_sets(sqlite3 *db, const cube *c, derived *o, sv_err *e)
{
	sqlite3_stmt *st;
	long long n;
	int rc;

	if ((rc = db_integer(db, "SELECT count(DISTINCT measure) FROM "
	    "phenomenon_measure", &n, e)))
		return rc;
	n += c->nphen;
	if (!(o->sets = calloc((size_t)n + 1, sizeof *o->sets)))
		return sv_errf(e, SV_NOMEM, "out of memory");
	for (int p = 0; p < c->nphen; p++) {
		trend_set *t = &o->sets[o->nsets++];
		snprintf(t->name, sizeof t->name, "%s", c->codes[p]);
		t->in[p] = 1;
	}
	if ((rc = db_prepare(db, &st, "SELECT pm.measure, pm.phenomenon FROM "
	    "phenomenon_measure pm JOIN measure m ON m.measure = pm.measure "
	    "ORDER BY m.seq", e)))
		return rc;
	/* the set's name has room for any measure id (REF_MEASURE_MAX) */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char name[sizeof o->sets->name];
		snprintf(name, sizeof name, "measure:%s", sqlite3_column_text(st, 0));
		if (!o->nsets || strcmp(o->sets[o->nsets - 1].name, name) != 0) {
			if (o->nsets == n)
				break;
			snprintf(o->sets[o->nsets++].name, sizeof name, "%s", name);
		}
		int p = cube_phenomenon(c, (const char *)sqlite3_column_text(st, 1));
		if (p >= 0)
			o->sets[o->nsets - 1].in[p] = 1;
	}
	return db_finish(db, st, rc, e);
}

/* Chart sets: each indicator that counts incidents, its phenomena. */
static int
plan_chart_sets(derived *o, sv_err *e)
{
	if (!(o->chart_sets = calloc((size_t)o->ndefs + 1, sizeof
	    *o->chart_sets)))
		return sv_errf(e, SV_NOMEM, "out of memory");
	for (int i = 0; i < o->ndefs; i++) {
		const def *d = &o->defs[i];
		trend_set *t;
		if (d->kind == KIND_NONE || d->kind == KIND_PARTNER)
			continue;
		t = &o->chart_sets[o->nchart_sets++];
		/* an indicator's name (REF_CODE_MAX) fits after the prefix */
		snprintf(t->name, sizeof t->name, "indicator:%s", d->indicator);
		memcpy(t->in, d->in, sizeof t->in);
	}
	return SV_OK;
}

int
derived_plan(sqlite3 *db, const cube *c, const farr_control *alarms,
    int backtest, derived *o, sv_err *e)
{
	int rc;

	memset(o, 0, sizeof *o);
	o->alarms = *alarms;
	o->backtest = backtest;
	if ((rc = plan_defs(db, c, o, e)) || (rc = plan_sets(db, c, o, e)) ||
	    (rc = plan_chart_sets(o, e)))
		derived_free(o);
	return rc;
}

void *
derived_push(derived *d, void *v, size_t *n, size_t *cap, size_t size)
{
	void **array = v;

	if (grow(array, cap, *n + 1, size)) {
		d->oom = 1;
		return NULL;
	}
	return (char *)*array + (*n)++ * size;
}

void
derived_wants(const derived *o, cube *c)
{
	for (int i = 0; i < o->ndefs; i++) {
		const def *d = &o->defs[i];
		unsigned w = 0;
		if (d->breakdown == BREAK_VICTIM_SEX || d->filter == FILTER_WOMEN_VICTIMS)
			w |= WANT_VICTIM_SEX;
		if (d->breakdown == BREAK_AUTHOR_SEX)
			w |= WANT_AUTHOR_SEX;
		if (d->filter == FILTER_POLICE_ON_WEB)
			w |= WANT_POW;
		if (d->filter == FILTER_PUBLIC_TRANSPORT)
			w |= WANT_PT;
		for (int p = 0; w && p <= c->nphen; p++)
			if (d->in[p])
				cube_want(c, p, w);
	}
}

const derived_part derived_parts[] = {
	{ trends_eval, 0 }, { nowcast_eval, 0 },
	{ alarms_eval, 1 }, { indicators_eval, 1 }, { modus_eval, 1 },
	{ bands_eval, 1 },      /* after alarms and modus */
	{ NULL, 0 }
};

void
derived_compute(const cube *c, derived *o)
{
	for (int t = 0; t < DERIVED_THREADS; t++)
		for (const derived_part *p = derived_parts; p->eval; p++)
			if (p->thread == t)
				p->eval(c, o);
}

void
derived_free(derived *o)
{
	free(o->defs);
	free(o->sets);
	free(o->chart_sets);
	free(o->rows);
	free(o->series);
	free(o->trends);
	free(o->alarm_rows);
	free(o->modus_rows);
	free(o->nowcasts);
	free(o->points);
	memset(o, 0, sizeof *o);
}

static void
bind_level(sqlite3_stmt *st, int zi, int ci, const cube *c, const level *lv)
{
	if (lv->commune >= 0) {
		sqlite3_bind_int(st, zi, c->commune_zone[lv->commune]);
		sqlite3_bind_int(st, ci, c->nis[lv->commune]);
		return;
	}
	if (lv->zone >= 0)
		sqlite3_bind_int(st, zi, c->zones[lv->zone]);
	else
		sqlite3_bind_null(st, zi);
	sqlite3_bind_null(st, ci);
}

static int
write_rows(sqlite3 *db, const cube *c, const derived *o, sv_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_exec(db, "DELETE FROM indicator_value", e)) ||
	    (rc = db_prepare(db, &st, "INSERT INTO indicator_value(indicator, "
	    "measure, axis, period, zone, commune, breakdown, value, unit, "
	    "compare_value, rate_ratio, low, high, p_value, flag, n, base, "
	    "compare_n, compare_base, completeness) VALUES (?1, ?2, ?3, ?4, ?5, "
	    "?6, coalesce(?7 || '=' || ?21, 'all'), ?8, ?9, ?10, ?11, ?12, ?13, "
	    "?14, ?15, ?16, ?17, ?18, ?19, ?20)", e)))
		return rc;
	for (size_t i = 0; i < o->nrows && !rc; i++) {
		const ind_row *r = &o->rows[i];
		sqlite3_bind_text(st, 1, r->d->indicator, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, r->d->measure, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, r->d->axis);
		sqlite3_bind_text(st, 4, r->period, -1, SQLITE_STATIC);
		bind_level(st, 5, 6, c, &r->lv);
		sqlite3_bind_text(st, 7, r->bkey, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 21, r->bvalue, -1, SQLITE_STATIC);
		db_bind_real(st, 8, r->value);
		sqlite3_bind_text(st, 9, r->d->unit, -1, SQLITE_STATIC);
		db_bind_real(st, 10, r->compare);
		db_bind_real(st, 11, r->ratio);
		db_bind_real(st, 12, r->low);
		db_bind_real(st, 13, r->high);
		db_bind_real(st, 14, r->p);
		sqlite3_bind_text(st, 15, r->flag, -1, SQLITE_STATIC);
		db_bind_real(st, 16, r->n);
		db_bind_real(st, 17, r->base);
		db_bind_real(st, 18, r->n0);
		db_bind_real(st, 19, r->base0);
		db_bind_real(st, 20, r->completeness);
		rc = db_step_done(st, e);
	}
	sqlite3_finalize(st);
	return rc;
}

static int
write_series(sqlite3 *db, const derived *o, sv_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_exec(db, "DELETE FROM indicator_month", e)) ||
	    (rc = db_prepare(db, &st, "INSERT INTO indicator_month(indicator, "
	    "part, month, n, base) VALUES (?1, ?2, ?3, ?4, ?5)", e)))
		return rc;
	for (size_t i = 0; i < o->nseries && !rc; i++) {
		const series_row *r = &o->series[i];
		sqlite3_bind_text(st, 1, r->d->indicator, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, r->part, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, month_to_yyyymm(r->month));
		sqlite3_bind_int64(st, 4, r->n);
		sqlite3_bind_int64(st, 5, r->base);
		rc = db_step_done(st, e);
	}
	sqlite3_finalize(st);
	return rc;
}

static int
write_trends(sqlite3 *db, const cube *c, const derived *o, sv_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_exec(db, "DELETE FROM trend", e)) ||
	    (rc = db_prepare(db, &st, "INSERT INTO trend(phenomenon, zone, "
	    "from_month, to_month, months, rate_ratio_per_year, low, high, p_value, "
	    "mk_z, mk_p, sen_slope_per_year, dispersion) VALUES (?1, ?2, ?3, ?4, "
	    "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)", e)))
		return rc;
	for (size_t i = 0; i < o->ntrends && !rc; i++) {
		const trend_row *t = &o->trends[i];
		sqlite3_bind_text(st, 1, t->set->name, -1, SQLITE_STATIC);
		if (t->zone >= 0)
			sqlite3_bind_int(st, 2, c->zones[t->zone]);
		else
			sqlite3_bind_null(st, 2);
		sqlite3_bind_int(st, 3, month_to_yyyymm(t->from));
		sqlite3_bind_int(st, 4, month_to_yyyymm(t->to));
		sqlite3_bind_int(st, 5, t->months);
		db_bind_real(st, 6, t->fit.rr_year);
		db_bind_real(st, 7, t->fit.low);
		db_bind_real(st, 8, t->fit.high);
		db_bind_real(st, 9, t->fit.p);
		db_bind_real(st, 10, t->mk.z);
		db_bind_real(st, 11, t->mk.p);
		db_bind_real(st, 12, t->mk.sen_slope);
		db_bind_real(st, 13, t->fit.dispersion);
		rc = db_step_done(st, e);
	}
	sqlite3_finalize(st);
	return rc;
}

static void
bind_zone(sqlite3_stmt *st, int i, const cube *c, int z)
{
	if (z >= 0)
		sqlite3_bind_int(st, i, c->zones[z]);
	else
		sqlite3_bind_null(st, i);
}

static int
write_alarms(sqlite3 *db, const cube *c, const derived *o, sv_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_exec(db, "DELETE FROM alarm", e)) ||
	    (rc = db_prepare(db, &st, "INSERT INTO alarm(month, phenomenon, zone, "
	    "observed, expected, upper, p_value, score, alarm, method, "
	    "completeness) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	    e)))
		return rc;
	for (size_t i = 0; i < o->nalarms && !rc; i++) {
		const alarm_row *a = &o->alarm_rows[i];
		sqlite3_bind_int(st, 1, month_to_yyyymm(a->month));
		sqlite3_bind_text(st, 2, c->codes[a->phenomenon], -1, SQLITE_STATIC);
		bind_zone(st, 3, c, a->zone);
		sqlite3_bind_int64(st, 4, (long long)a->observed);
		db_bind_real(st, 5, a->expected);
		db_bind_real(st, 6, a->upper);
		db_bind_real(st, 7, a->pvalue);
		db_bind_real(st, 8, a->score);
		sqlite3_bind_int(st, 9, a->alarm);
		sqlite3_bind_text(st, 10, a->method, -1, SQLITE_STATIC);
		db_bind_real(st, 11, a->completeness);
		rc = db_step_done(st, e);
	}
	sqlite3_finalize(st);
	return rc;
}

static int
write_modus(sqlite3 *db, const cube *c, const derived *o, sv_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_exec(db, "DELETE FROM modus_signal", e)) ||
	    (rc = db_prepare(db, &st, "INSERT INTO modus_signal(phenomenon, zone, "
	    "modus_operandi, recent, baseline, share_recent, share_baseline, "
	    "p_value, q_value, first_seen, kind) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
	    "?7, ?8, ?9, ?10, ?11)", e)))
		return rc;
	for (size_t i = 0; i < o->nmodus && !rc; i++) {
		const modus_row *m = &o->modus_rows[i];
		sqlite3_bind_text(st, 1, c->codes[m->phenomenon], -1, SQLITE_STATIC);
		bind_zone(st, 2, c, m->zone);
		sqlite3_bind_text(st, 3, c->mo[m->mo], -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, m->recent);
		sqlite3_bind_int64(st, 5, m->baseline);
		db_bind_real(st, 6, m->share_recent);
		db_bind_real(st, 7, m->share_baseline);
		db_bind_real(st, 8, m->pvalue);
		db_bind_real(st, 9, m->qvalue);
		if (m->first_seen >= 0)
			sqlite3_bind_int(st, 10, month_to_yyyymm(m->first_seen));
		else
			sqlite3_bind_null(st, 10);
		sqlite3_bind_text(st, 11, m->kind, -1, SQLITE_STATIC);
		rc = db_step_done(st, e);
	}
	sqlite3_finalize(st);
	return rc;
}

static int
write_nowcasts(sqlite3 *db, const cube *c, const derived *o, sv_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_exec(db, "DELETE FROM nowcast", e)) ||
	    (rc = db_prepare(db, &st, "INSERT INTO nowcast(month, phenomenon, "
	    "observed, nowcast, lower, upper, completeness, zone) VALUES (?1, ?2, "
	    "?3, ?4, ?5, ?6, ?7, ?8)", e)))
		return rc;
	for (size_t i = 0; i < o->nnowcasts && !rc; i++) {
		const nowcast_row *n = &o->nowcasts[i];
		sqlite3_bind_int(st, 1, month_to_yyyymm(n->month));
		sqlite3_bind_text(st, 2, n->set->name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, (long long)n->observed);
		db_bind_real(st, 4, n->result.nowcast);
		db_bind_real(st, 5, n->result.lower);
		db_bind_real(st, 6, n->result.upper);
		db_bind_real(st, 7, n->result.completeness);
		bind_zone(st, 8, c, n->zone);
		rc = db_step_done(st, e);
	}
	sqlite3_finalize(st);
	return rc;
}

/* The series the report draws; zone 0 is the region. */
static int
write_points(sqlite3 *db, const cube *c, const derived *o, sv_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_exec(db, "DELETE FROM series_month", e)) ||
	    (rc = db_prepare(db, &st, "INSERT INTO series_month(series, zone, "
	    "month, observed, complete, average, trend, expected, upper, alarm) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", e)))
		return rc;
	for (size_t i = 0; i < o->npoints && !rc; i++) {
		const point_row *r = &o->points[i];
		sqlite3_bind_text(st, 1, r->set->name, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, r->zone >= 0 ? c->zones[r->zone] : 0);
		sqlite3_bind_int(st, 3, month_to_yyyymm(r->pt.month));
		db_bind_real(st, 4, r->pt.observed);
		db_bind_real(st, 5, r->pt.complete);
		db_bind_real(st, 6, r->pt.average);
		db_bind_real(st, 7, r->pt.trend);
		db_bind_real(st, 8, r->pt.expected);
		db_bind_real(st, 9, r->pt.upper);
		if (r->banded)
			sqlite3_bind_int(st, 10, r->pt.alarm);
		else
			sqlite3_bind_null(st, 10);
		rc = db_step_done(st, e);
	}
	sqlite3_finalize(st);
	return rc;
}

int
derived_write(sqlite3 *db, const cube *c, const derived *o, sv_err *e)
{
	int rc;

	if (o->oom)
		return sv_errf(e, SV_NOMEM, "aggregate: out of memory");
	if ((rc = write_rows(db, c, o, e)) || (rc = write_series(db, o, e)) ||
	    (rc = write_trends(db, c, o, e)) ||
	    (rc = write_alarms(db, c, o, e)) || (rc = write_modus(db, c, o, e)) ||
	    (rc = modus_write_months(db, c, o, e)) ||
	    (rc = write_points(db, c, o, e)))
		return rc;
	return write_nowcasts(db, c, o, e);
}
