#include "derived.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/db.h"
#include "../core/stats.h"
#include "../core/month.h"

/* One breakdown value: which part of the counts, -1 meaning any; what
 * the rows say of it, key=value (NULL key: "all"), the value one of the
 * cube's strings, whole. */
typedef struct part {
	int phen, vsex, asex, mo;
	const char *key, *value;
} part;

typedef struct period {
	int from, to;           /* month indexes, inclusive */
	char name[32];
} period;

typedef struct ctx {
	const cube *c;
	const cube *late;       /* derived's: the comparisons' late facts */
	derived *out;
	nowcast_delays fit;     /* the current indicator's delays */
	int fitted;             /* fit holds them (fact basis, enough months) */
	long *authors_n, *authors_r;    /* a repeat indicator's windows
	                                   (author_windows()) */
} ctx;

/* The month, the year to date and the last 12 months ending at t. */
static void
periods(int t, period p[3])
{
	p[0] = (period){ t, t, "" };
	month_format(t, p[0].name, sizeof p[0].name);
	p[1] = (period){ t - t % 12, t, "" };
	p[2] = (period){ t - 11, t, "" };
	for (int i = 1; i < 3; i++)
		month_span(p[i].from, p[i].to, p[i].name, sizeof p[i].name);
}

/* The communes of a level, *n of them. */
static const int *
communes_of(const cube *c, const level *lv, int *n)
{
	if (lv->commune >= 0) {
		*n = 1;
		return &lv->commune;
	}
	return cube_communes(c, lv->zone, n);
}

/* The count in cube c of one part of d at lv over [from, to]; numerator
 * or, with denominator set, the share's base.  pt's modus operandi is
 * main's code number (c may be another count, its codes in another
 * order). */
static long
count_in(const cube *c, const cube *main, const def *d, const level *lv,
    const part *pt, int from, int to, int denominator)
{
	long n = 0;
	int pow = d->filter == FILTER_POLICE_ON_WEB;
	int ptn = d->filter == FILTER_PUBLIC_TRANSPORT;
	int women = d->filter == FILTER_WOMEN_VICTIMS;

	int nc;
	const int *in = communes_of(c, lv, &nc);

	for (int t = from; t <= to; t++) {
		int m = cube_slot(c, t), mf = m - (c->nmonths - CUBE_MO_MONTHS);
		if (m < 0)
			continue;
		for (int p = 0; p <= c->nphen; p++) {
			if (!d->in[p] || (pt->phen >= 0 && p != pt->phen))
				continue;
			if (d->breakdown == BREAK_MODUS) {
				for (int z = 0; z < c->nzones && mf >= 0; z++)
					if (lv->zone < 0 || lv->zone == z)
						for (int k = 0; k < c->nmo; k++)
							if (denominator || (pt->mo >= 0 &&
							    (c == main ? k == pt->mo :
							    !strcmp(c->mo[k], main->mo[pt->mo]))))
								n += cube_mo(c, k, p, z)[mf];
				continue;
			}
			for (int i = 0; i < nc; i++) {
				int ci = in[i];
				if (pt->vsex >= 0)
					n += cube_by_sex(c, CUBE_VICTIM, p, ci, m, pt->vsex);
				else if (pt->asex >= 0)
					n += cube_by_sex(c, CUBE_AUTHOR, p, ci, m, pt->asex);
				else if (women)
					n += cube_by_sex(c, CUBE_VICTIM, p, ci, m, 1) +
					    (denominator ? cube_by_sex(c, CUBE_VICTIM, p,
					    ci, m, 2) + cube_by_sex(c, CUBE_VICTIM, p, ci,
					    m, 3) : 0);
				else if ((pow || ptn) && !denominator)
					n += cube_flagged(c, pow ? CUBE_POW : CUBE_PT,
					    p, ci)[m];
				else
					n += cube_total(c, d->basis, p, ci)[m];
			}
		}
	}
	return n;
}

static long
count(const cube *c, const def *d, const level *lv, const part *pt, int from,
    int to, int denominator)
{
	return count_in(c, c, d, lv, pt, from, to, denominator);
}

/* The same over the months a year before [from, to], as they stood
 * registered then: less what was registered since (x->late). */
static long
count_before(const ctx *x, const def *d, const level *lv, const part *pt,
    int from, int to, int denominator)
{
	long n = count(x->c, d, lv, pt, from - 12, to - 12, denominator);

	return x->late ? n - count_in(x->late, x->c, d, lv, pt, from - 12,
	    to - 12, denominator) : n;
}

static int
delivered(const cube *c, const level *lv, int from, int to)
{
	int z = lv->commune >= 0 ? c->commune_zi[lv->commune] : lv->zone;

	for (int t = from; t <= to; t++)
		if (!cube_delivered(c, z, t))
			return 0;
	return 1;
}

static double
population(const cube *c, const level *lv)
{
	double pop = 0;
	int n;
	const int *in = communes_of(c, lv, &n);

	for (int i = 0; i < n; i++)
		pop += c->population[in[i]];
	return pop;
}

typedef struct value {
	double value, compare, ratio, low, high, p;
	double n, base, n0, base0;      /* the counts behind them (ind_row) */
	double completeness;
	const char *flag;
} value;

/* The expected share of the facts of months [from, to] registered by now:
 * the mean over the months of the share registered at each one's age
 * (as the charts judge a window, reports/chartlib.c); NaN where the
 * period is complete or the delays unknown. */
static double
completeness(const ctx *x, int from, int to)
{
	double sum = 0;

	if (!x->fitted || to < from)
		return NAN;
	for (int t = from; t <= to; t++) {
		int age = x->c->as_of - t;
		sum += age < 0 ? 0 : x->fit.mean[age < NOWCAST_DELAYS ? age :
		    NOWCAST_DELAYS - 1];
	}
	sum /= to - from + 1;
	return sum < NOWCAST_COMPLETE ? sum : NAN;
}

static void
put(ctx *x, const def *d, const level *lv, const period *pe, const part *pt,
    const value *v)
{
	derived *o = x->out;
	ind_row *r = derived_push(o, &o->rows, &o->nrows, &o->caprows,
	    sizeof *o->rows);

	if (!r)
		return;
	r->d = d;
	r->lv = *lv;
	snprintf(r->period, sizeof r->period, "%s", pe->name);
	r->bkey = pt->key;
	r->bvalue = pt->value;
	r->value = v->value, r->compare = v->compare, r->ratio = v->ratio;
	r->low = v->low, r->high = v->high, r->p = v->p;
	r->n = v->n, r->base = v->base, r->n0 = v->n0, r->base0 = v->base0;
	r->completeness = v->completeness;
	r->flag = v->flag;
}

/* Value and comparison of one part at one level over one period. */
static void
evaluate(const ctx *x, const def *d, const level *lv, const period *pe,
    const part *pt, value *v)
{
	const cube *c = x->c;
	int pf = pe->from - 12, ptt = pe->to - 12;
	long n = count(c, d, lv, pt, pe->from, pe->to, 0);
	long n0 = count_before(x, d, lv, pt, pe->from, pe->to, 0);
	rate_test r;

	*v = (value){ NAN, NAN, NAN, NAN, NAN, NAN, n, NAN, n0, NAN,
	    completeness(x, pe->from, pe->to), "" };
	if (d->kind == KIND_SHARE) {
		long dn = count(c, d, lv, pt, pe->from, pe->to, 1);
		long dn0 = count_before(x, d, lv, pt, pe->from, pe->to, 1);
		v->base = dn, v->base0 = dn0;
		v->value = dn ? (double)n / dn : NAN;
		v->compare = dn0 ? (double)n0 / dn0 : NAN;
		if (dn && dn0)
			stats_rate_test(n, (double)dn, n0, (double)dn0, &r);
		else
			r = (rate_test){ NAN, NAN, NAN, NAN };
	} else {
		double scale = 1;
		if (d->kind == KIND_RATE) {
			double pop = population(c, lv);
			scale = pop > 0 ? 1000 / pop : NAN;
			v->base = v->base0 = pop;
		}
		v->value = n * scale;
		v->compare = n0 * scale;
		stats_rate_test(n, 1, n0, 1, &r);
	}
	v->ratio = r.ratio, v->low = r.low, v->high = r.high, v->p = r.p;
	if (!delivered(c, lv, pe->from, pe->to) || !delivered(c, lv, pf, ptt)) {
		v->flag = "incomplete";
		v->compare = v->ratio = v->low = v->high = v->p = NAN;
		v->n0 = v->base0 = NAN;
	}
}

static const char *const sexes[] = { "unknown", "F", "M", "X" };

/* The parts of d's breakdown. */
static int
parts(const cube *c, const def *d, part *out, int max)
{
	int n = 0;

	const char *key = cat_word(CAT_BREAKDOWN, d->breakdown);

	out[n++] = (part){ -1, -1, -1, -1, NULL, NULL };
	if (d->breakdown == BREAK_PHENOMENON)
		for (int p = 0; p < c->nphen && n < max; p++)
			if (d->in[p])
				out[n++] = (part){ p, -1, -1, -1, key, c->codes[p] };
	if (d->breakdown == BREAK_VICTIM_SEX || d->breakdown == BREAK_AUTHOR_SEX)
		for (int s = 1; s <= 4 && n < max; s++) {
			int v = s % 4, victim = d->breakdown == BREAK_VICTIM_SEX;
			out[n++] = (part){ -1, victim ? v : -1, victim ? -1 : v, -1,
			    key, sexes[v] };
		}
	if (d->breakdown == BREAK_MODUS) {
		n = 0;          /* a share of each code; "all" would be 1 */
		for (int k = 0; k < c->nmo && n < max; k++)
			out[n++] = (part){ -1, -1, -1, k, key, c->mo[k] };
	}
	return n;
}

static void
put_parts(ctx *x, const def *d, const level *lv, const period pe[3])
{
	/* room for every breakdown: all, the phenomena, the sexes, the codes */
	int max = x->c->nphen + x->c->nmo + 8;
	part *ps = malloc((size_t)max * sizeof *ps);
	int n;
	value v;

	if (!ps) {
		x->out->oom = 1;
		return;
	}
	n = parts(x->c, d, ps, max);

	for (int i = 0; i < n; i++)
		for (int k = 0; k < 3; k++) {
			/* in December the year to date is the last 12 months:
			 * one period, one row */
			if (k == 1 && pe[1].from == pe[2].from)
				continue;
			evaluate(x, d, lv, &pe[k], &ps[i], &v);
			if (ps[i].mo >= 0 && !(v.value > 0) && !(v.compare > 0))
				continue;       /* a code this phenomenon never has */
			put(x, d, lv, &pe[k], &ps[i], &v);
		}
	free(ps);
}

/* A fact of an author in a zone: pseudonyms are the zone's own, so the
 * same one in two zones is two people. */
typedef struct zone_author {
	uint64_t author;
	int zone, slot;
} zone_author;

static int
cmp_author(const void *x, const void *y)
{
	const zone_author *a = x, *b = y;

	if (a->author != b->author)
		return (a->author > b->author) - (a->author < b->author);
	if (a->zone != b->zone)
		return (a->zone > b->zone) - (a->zone < b->zone);
	return (a->slot > b->slot) - (a->slot < b->slot);
}

/* One author's facts (slots ascending, zone z) into the windows of 12
 * months ending at each slot e: involved there at all, and more than
 * once. */
static void
tally_author(const zone_author *k, size_t nk, int nmonths, long *n, long *r)
{
	size_t lo = 0, hi = 0;
	long *nz = n + (size_t)(k->zone + 1) * (size_t)nmonths;
	long *rz = r + (size_t)(k->zone + 1) * (size_t)nmonths;
	int last = k[nk - 1].slot + 11;

	for (int e = k[0].slot; e <= last && e < nmonths; e++) {
		while (hi < nk && k[hi].slot <= e)
			hi++;
		while (lo < hi && k[lo].slot < e - 11)
			lo++;
		if (hi - lo >= 1)
			n[e]++, nz[e]++;
		if (hi - lo >= 2)
			r[e]++, rz[e]++;
	}
}

/* M1.11's counts for every window at once: x->authors_n[(z + 1) *
 * nmonths + e] distinct authors of d's phenomena in zone index z (-1:
 * the region) in the 12 months ending at slot e, x->authors_r those
 * involved more than once.  One sort of the facts, not one a window. */
static int
author_windows(ctx *x, const def *d)
{
	const cube *c = x->c;
	size_t cells = (size_t)(c->nzones + 1) * (size_t)c->nmonths, k = 0;
	zone_author *keys = malloc((c->nauthors ? c->nauthors : 1) * sizeof *keys);

	free(x->authors_n);
	x->authors_n = calloc(2 * cells, sizeof *x->authors_n);
	x->authors_r = x->authors_n + cells;
	if (!keys || !x->authors_n) {
		free(keys);
		return -1;
	}
	for (size_t i = 0; i < c->nauthors; i++) {
		const struct author_fact *a = &c->authors[i];
		if (d->in[a->phenomenon])
			keys[k++] = (zone_author){ a->author, a->zone, a->slot };
	}
	qsort(keys, k, sizeof *keys, cmp_author);
	for (size_t i = 0, j; i < k; i = j) {
		for (j = i + 1; j < k && keys[j].author == keys[i].author &&
		    keys[j].zone == keys[i].zone; j++)
			;
		tally_author(keys + i, j - i, c->nmonths, x->authors_n,
		    x->authors_r);
	}
	free(keys);
	return 0;
}

/* Distinct authors at lv in the 12 months ending at slot e, and those
 * involved more than once (author_windows() made them). */
static void
authors(const ctx *x, const level *lv, int e, long *n, long *repeat)
{
	size_t at = (size_t)(lv->zone + 1) * (size_t)x->c->nmonths + (size_t)e;

	*n = e >= 0 ? x->authors_n[at] : 0;
	*repeat = e >= 0 ? x->authors_r[at] : 0;
}

/* M1.11: the share of authors involved more than once in 12 months. */
static void
put_repeat(ctx *x, const def *d, const level *lv, const period pe[3])
{
	const cube *c = x->c;
	long n, r, n0, r0;
	part all = { -1, -1, -1, -1, NULL, NULL };
	value v = { NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN,
	    completeness(x, pe[2].from, pe[2].to), "" };
	rate_test t;

	/* the last 12 months, and the 12 before */
	authors(x, lv, c->nmonths - 1, &n, &r);
	authors(x, lv, c->nmonths - 13, &n0, &r0);
	v.n = r, v.base = n, v.n0 = r0, v.base0 = n0;
	v.value = n ? (double)r / n : NAN;
	v.compare = n0 ? (double)r0 / n0 : NAN;
	if (n && n0 && !stats_rate_test(r, (double)n, r0, (double)n0, &t))
		v.ratio = t.ratio, v.low = t.low, v.high = t.high, v.p = t.p;
	if (!delivered(c, lv, pe[2].from - 12, pe[2].to)) {
		v.flag = "incomplete";
		v.compare = v.ratio = v.low = v.high = v.p = NAN;
		v.n0 = v.base0 = NAN;
	}
	put(x, d, lv, &pe[2], &all, &v);
}

static void
evaluate_def(ctx *x, const def *d)
{
	period pe[3];
	level lv = { -1, -1 };

	/* a count by date of registration is complete when it is made */
	x->fitted = d->basis == BASIS_FACT && !nowcast_fit_cube(x->c, d->in,
	    &x->fit);

	periods(x->c->through, pe);
	for (int z = -1; z < x->c->nzones; z++) {
		lv.zone = z;
		if (d->kind == KIND_REPEAT)
			put_repeat(x, d, &lv, pe);
		else
			put_parts(x, d, &lv, pe);
	}
	if (d->breakdown != BREAK_COMMUNE)
		return;
	for (int ci = 0; ci < x->c->ncommunes; ci++) {
		lv = (level){ x->c->commune_zi[ci], ci };
		put_parts(x, d, &lv, pe);
	}
}

static void
put_point(ctx *x, const def *d, int t, const char *part, long n, long base)
{
	derived *o = x->out;
	series_row *r = derived_push(o, &o->series, &o->nseries, &o->capseries,
	    sizeof *o->series);

	if (r)
		*r = (series_row){ d, t, part, n, base };
}

/* The 12-month windows ending in each month whose window the cube's
 * authors cover. */
static void
series_repeat(ctx *x, const def *d)
{
	const cube *c = x->c;
	level lv = { -1, -1 };
	long n, r;
	int s = c->nmonths - CUBE_AUTHOR_MONTHS + 11;

	for (s = s < 11 ? 11 : s; s < c->nmonths; s++) {
		authors(x, &lv, s, &n, &r);
		put_point(x, d, cube_month0(c) + s, "", r, n);
	}
}

/* A part's name in indicator_month: a code, a sex, or "" for all. */
static const char *
part_name(const cube *c, const part *pt)
{
	if (pt->mo >= 0)
		return c->mo[pt->mo];
	if (pt->vsex >= 0 || pt->asex >= 0)
		return sexes[pt->vsex >= 0 ? pt->vsex : pt->asex];
	return "";
}

/* Each part's facts month by month, with the base of them all: the codes
 * over the months the cube keeps them, the sexes over every month, and
 * (no such breakdown) the share's numerator. */
static void
series_parts(ctx *x, const def *d)
{
	const cube *c = x->c;
	int max = c->nmo + 8, from = cube_month0(c), lo = 0, hi = 1;
	int by_sex = d->breakdown == BREAK_VICTIM_SEX ||
	    d->breakdown == BREAK_AUTHOR_SEX, by_mo = d->breakdown == BREAK_MODUS;
	part *ps = malloc((size_t)max * sizeof *ps);
	level lv = { -1, -1 };

	if (!ps) {
		x->out->oom = 1;
		return;
	}
	if (by_sex || by_mo)
		hi = parts(c, d, ps, max);      /* none: no code recorded */
	else
		ps[0] = (part){ -1, -1, -1, -1, NULL, NULL };
	lo = by_sex;            /* "all" comes first, then the sexes */
	if (by_mo && c->nmonths > CUBE_MO_MONTHS)
		from += c->nmonths - CUBE_MO_MONTHS;
	for (int t = from; t <= c->through && hi > 0; t++) {
		long base = count(c, d, &lv, &ps[0], t, t, by_mo ||
		    d->kind == KIND_SHARE);
		for (int i = lo; i < hi; i++) {
			long n = count(c, d, &lv, &ps[i], t, t, 0);
			if (n > 0 || !by_mo)
				put_point(x, d, t, part_name(c, &ps[i]), n, base);
		}
	}
	free(ps);
}

/* The region's series of the indicators charted month by month: shares,
 * repeat involvement, and breakdowns by sex. */
static void
series_def(ctx *x, const def *d)
{
	if (d->kind == KIND_REPEAT)
		series_repeat(x, d);
	else if (d->kind == KIND_SHARE || d->breakdown == BREAK_VICTIM_SEX ||
	    d->breakdown == BREAK_AUTHOR_SEX)
		series_parts(x, d);
}

void
indicators_eval(const cube *c, derived *o)
{
	ctx x = { .c = c, .late = o->late, .out = o };

	for (int i = 0; i < o->ndefs; i++) {
		if (o->defs[i].kind == KIND_REPEAT && author_windows(&x,
		    &o->defs[i])) {
			o->oom = 1;
			break;
		}
		evaluate_def(&x, &o->defs[i]);
		series_def(&x, &o->defs[i]);
	}
	free(x.authors_n);
}
