/*
 * chartlib — what the charts share (charts.h): the set of phenomena and
 * the months drawn, a series and its provisional months as aggregate
 * computed them, months not delivered, names and texts, and the common
 * look of a time axis, a legend entry and the provisional shading.
 */
#include "charts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/db.h"
#include "../core/month.h"
#include "../core/msg.h"
#include "../core/tabwrite.h"
#include "numfmt.h"

int
chart_month_at(const chart_range *r, int i)
{
	return month_to_yyyymm(month_from_yyyymm(r->from) + i);
}

int
chart_index_of(const chart_range *r, int yyyymm)
{
	int i = month_from_yyyymm(yyyymm) - month_from_yyyymm(r->from);

	return i >= 0 && i < r->n ? i : -1;
}

int
chart_totals(sqlite3 *db, sv_err *e)
{
	long long ok;
	int rc;

	if ((rc = db_integer(db, "SELECT EXISTS (SELECT 1 FROM month_total) OR "
	    "NOT EXISTS (SELECT 1 FROM cube)", &ok, e)))
		return rc;
	return ok ? SV_OK : sv_errf(e, SV_DATAERR, "this database was "
	    "aggregated by an earlier suivi, without the monthly totals the "
	    "charts read: run 'suivi aggregate' again");
}

int
chart_months(sqlite3 *db, const chart_opts *o, chart_range *r, sv_err *e)
{
	long long lo, hi;
	int rc;

	if ((rc = db_integer(db, "SELECT min(month) FROM coverage", &lo, e)) ||
	    (rc = db_integer(db, "SELECT max(month) FROM coverage", &hi, e)))
		return rc;
	if (lo <= 0)
		return sv_errf(e, CHART_NODATA, "chart: nothing aggregated yet: run "
		    "'suivi aggregate' first");
	r->from = o->from && o->from > lo ? o->from : (int)lo;
	r->to = o->to && o->to < hi ? o->to : (int)hi;
	r->through = (int)hi;
	if (r->from > r->to)
		return sv_errf(e, CHART_NODATA, "chart: no month between %d and %d",
		    r->from, r->to);
	r->n = month_from_yyyymm(r->to) - month_from_yyyymm(r->from) + 1;
	r->provisional = r->n;
	return SV_OK;
}

/* aggregate_series(), with a set that names no phenomenon as nothing to
 * draw (CHART_NODATA). */
static int
series_of(sqlite3 *db, const char *set, int zone, int banded,
    series_point **all, int *n, sv_err *e)
{
	int rc = aggregate_series(db, set, zone, banded, all, n, e);

	return rc == SV_USAGE ? sv_errf(e, CHART_NODATA, "chart: '%s' names no "
	    "phenomenon", set) : rc;
}

int
chart_series(sqlite3 *db, const char *set, int zone, int banded,
    const chart_range *r, series_point **out, sv_err *e)
{
	series_point *all;
	int n, rc, at;

	*out = NULL;
	if ((rc = series_of(db, set, zone, banded, &all, &n, e)))
		return rc;
	/* the range's months, where the series has them */
	if (!(*out = malloc((size_t)r->n * sizeof **out))) {
		free(all);
		return sv_errf(e, SV_NOMEM, "out of memory");
	}
	for (int i = 0; i < r->n; i++) {
		(*out)[i] = (series_point){ chart_month_at(r, i), NAN, 1, NAN, NAN,
		    NAN, NAN, 0, NAN, NAN, NAN };
		at = n ? month_from_yyyymm(chart_month_at(r, i)) -
		    month_from_yyyymm(all[0].month) : -1;
		if (at >= 0 && at < n)
			(*out)[i] = all[at];
	}
	free(all);
	return SV_OK;
}

int
chart_provisional(sqlite3 *db, const char *set, chart_range *r, sv_err *e)
{
	series_point *all;
	int n, rc;

	if ((rc = series_of(db, set, 0, 0, &all, &n, e)))
		return rc;
	/* the months from the first provisional one of the whole series */
	int first = series_provisional(all, n);
	r->provisional = r->n;
	if (first < n) {
		int at = chart_index_of(r, all[first].month);
		r->provisional = at >= 0 ? at : all[first].month < r->from ? 0 :
		    r->n;
	}
	free(all);
	return SV_OK;
}

int
chart_gaps(sqlite3 *db, const chart_range *r, int zone, char *gap, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, step = SQLITE_DONE;

	memset(gap, 0, (size_t)r->n);
	if ((rc = db_prepare(db, &st, "SELECT month FROM coverage WHERE NOT "
	    "delivered AND (?1 = 0 OR zone = ?1)", e)))
		return rc;
	sqlite3_bind_int(st, 1, zone);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int i = chart_index_of(r, sqlite3_column_int(st, 0));
		if (i >= 0)
			gap[i] = 1;
	}
	return db_finish(db, st, step, e);
}

void
chart_num(FILE *fp, double v)
{
	if (isnan(v) || isinf(v))
		fputs(" NaN", fp);
	else
		fprintf(fp, " %.6g", v);
}

/* The values charts draw; the release's schema lists them. */
const chart_series_def chart_data_series[] = {
	{ "facts", 0, "facts recorded in the month" },
	{ "average", 1, "the average of the 12 months to the month" },
	{ "trend", 1, "the trend fitted over the months drawn" },
	{ "expected", 1, "the count the alarm model expected" },
	{ "upper", 1, "the alarm threshold" },
	{ "alarm", 0, "1: the month raised an alarm" },
	{ "nowcast", 0, "the facts expected once all are registered" },
	{ "nowcast_low", 0, "the nowcast's lower bound (95 %)" },
	{ "nowcast_high", 0, "the nowcast's upper bound (95 %)" },
	{ "by_sex", 0, "facts of the month by sex (part: F, M, X, unknown)" },
	{ "share", 1, "the share in percent" },
	{ "base", 0, "the count the share is of" },
	{ "share_3m", 1, "a modus operandi's share in percent of the three "
	  "months to the month (part: its code)" },
	{ "modus", 0, "the phenomenon's facts of the month with the modus "
	  "operandi (part: its code)" },
	{ "modus_share", 1, "their share in percent of all the phenomenon's "
	  "facts of the month (part: its code)" },
	{ "rate", 2, "facts per 1,000 inhabitants (zone 0: the region)" },
	{ "repeat_share", 1, "the share in percent of authors involved more "
	  "than once in the 12 months to the month" },
	{ "authors", 0, "the authors the repeat share is of" },
	{ "delivered", 0, "1: the zone delivered the month" },
	{ "partner", 1, "the partner's figure for the period ending in the "
	  "month" },
	{ "first_published", 0, "the month's facts as the first report that "
	  "showed them published them" },
	{ "last_published", 0, "the month's facts as the last report before "
	  "this one published them" },
	{ NULL, 0, NULL }
};

enum chart_status
chart_shown(const chart_range *r, int i)
{
	return i >= r->provisional ? CHART_PROVISIONAL : CHART_SHOWN;
}

double
chart_published(const char *series, double v)
{
	for (const chart_series_def *d = chart_data_series; d->code; d++)
		if (!strcmp(d->code, series) && !isnan(v) && !isinf(v)) {
			double k = pow(10, d->decimals);
			return round(v * k) / k;
		}
	return v;
}

void
chart_data(const chart_opts *o, int yyyymm, int zone, const char *series,
    const char *part, double v, enum chart_status s)
{
	static const char *const words[] = { "shown", "provisional",
	    "suppressed", "not_delivered" };
	int decimals = 0;

	if (!o->data || (s <= CHART_PROVISIONAL && (isnan(v) || isinf(v))))
		return;
	for (const chart_series_def *d = chart_data_series; d->code; d++)
		if (!strcmp(d->code, series))
			decimals = d->decimals;
	fprintf(o->data, "%04d-%02d,%d,%s,", yyyymm / 100, yyyymm % 100, zone,
	    series);
	tabwrite_csv_text(o->data, part ? part : "", ',');
	if (s <= CHART_PROVISIONAL)       /* as the chart draws it */
		fprintf(o->data, ",%.*f,%s\n", decimals, chart_published(series,
		    v) + 0.0, words[s]);
	else
		fprintf(o->data, ",,%s\n", words[s]);
}

void
chart_month(FILE *fp, int yyyymm)
{
	fprintf(fp, "%04d-%02d", yyyymm / 100, yyyymm % 100);
}

void
chart_legend(plot_script *p, const char *lang, const char *key)
{
	plot_title(p, msg(lang, key));
}

void
chart_shade(plot_script *p, const char *block, const char *lang,
    int titled)
{
	/* a month wide box on every provisional month */
	fprintf(p->fp, "%s using 1:2:(2629800) with boxes fs solid 1.0 noborder "
	    "fc rgb '#e4e4e4'", block);
	chart_legend(p, lang, titled ? "legend_provisional" : "legend_none");
}

/* Colours for a line per zone or per code (after Paul Tol's bright and
 * muted schemes: told apart by colour-blind readers too, the light ones
 * darkened to 3:1 against white, WCAG 1.4.11), none of them the region's
 * black. */
const char *const chart_palette[CHART_PALETTE] = { "#4477aa", "#ee6677",
    "#228833", "#997700", "#0088aa", "#aa3377", "#882255", "#999933" };

/* Whether a figure would let a count of 1 to min_cell - 1 be read. */
int
chart_small(double n, double base, int min_cell)
{
	return min_cell && ((n >= 1 && n < min_cell) ||
	    (base - n >= 1 && base - n < min_cell));
}

/* The shaded provisional months: datablock column 2. */
void
chart_shade_then(plot_script *p, const chart_range *r, const char *b,
    const char *lang)
{
	if (r->provisional >= r->n)
		return;
	chart_shade(p, b, lang, 1);
	fputs(", ", p->fp);
}

void
chart_count_axis(plot_script *p, const char *axis, double ymax,
    const char *lang)
{
	double raw = ymax / 8, mag, step = 0;
	static const double nice[] = { 1, 2, 5, 10 };   /* 5 to 9 ticks */
	char label[64];

	if (!(ymax >= 1000) || !isfinite(ymax))
		return;                 /* gnuplot's own: no thousands to group */
	mag = pow(10, floor(log10(raw)));
	for (size_t i = 0; i < sizeof nice / sizeof *nice && !step; i++)
		if (nice[i] * mag >= raw)
			step = nice[i] * mag;
	fprintf(p->fp, "set %stics (", axis);
	for (int k = 0; k * step <= ymax; k++) {
		fputs(k ? ", " : "", p->fp);
		plot_string(p, numfmt_count(lang, k * step, label, sizeof label));
		fprintf(p->fp, " %g", k * step);
	}
	fputs(")\n", p->fp);
}

/* A short range's ticks: each quarter's first month named, as the page
 * names months ("janv. 2026"), and the range's first when no quarter
 * begins in it; the other months marked by a minor tick. */
static void
quarter_tics(plot_script *p, int from, int to, const char *lang)
{
	char name[64], at[16];
	int named = 0;

	fputs("set xtics () out nomirror\n", p->fp);
	for (int t = from; t <= to; t++)
		named |= t % 3 == 0;
	for (int t = from; t <= to; t++) {
		int label = t % 3 == 0 || (!named && t == from);
		month_format(t, at, sizeof at);
		fputs("set xtics add (", p->fp);
		if (label) {
			numfmt_month_short(lang, month_to_yyyymm(t), name, sizeof name);
			plot_string(p, name);
		} else {
			plot_string(p, "");
		}
		fprintf(p->fp, " '%s'%s)\n", at, label ? "" : " 1");
	}
}

/* The months a phone shows, [from, to]: their ticks, a label every
 * quarter (a short range) or half-year, a January by its year, another
 * month by its name, the first label with its year. */
static void
phone_tics(FILE *fp, int from, int to, const char *lang)
{
	int step = to - from < 12 ? 3 : 6, first = 1;
	char name[64], at[16];

	fputs("set xtics () out nomirror\nunset mxtics\n", fp);
	for (int t = from; t <= to; t++) {
		month_format(t, at, sizeof at);
		if (t % step != 0) {
			fprintf(fp, "set xtics add ('' '%s' 1)\n", at);
			continue;
		}
		if (t % 12 == 0)
			snprintf(name, sizeof name, "%d", t / 12);
		else if (first)
			numfmt_month_short(lang, month_to_yyyymm(t), name, sizeof name);
		else
			snprintf(name, sizeof name, "%s", numfmt_month_abbr(lang,
			    t % 12 + 1));
		first = 0;
		/* a year or the catalogue's month name: no data, no quote */
		fprintf(fp, "set xtics add ('%s' '%s')\n", name, at);
	}
}

/* The phone version's axis (plot.h): the last CHART_PHONE_MONTHS. */
static void
phone_axis(plot_script *p, int from, int to, const char *lang)
{
	char *buf = NULL, a[16], b[16];
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	if (!fp) {
		plot_phone(p, NULL);
		p->nomem = 1;
		return;
	}
	if (to - from >= CHART_PHONE_MONTHS)
		from = to - CHART_PHONE_MONTHS + 1;
	phone_tics(fp, from, to, lang);
	month_format(from, a, sizeof a);
	month_format(to, b, sizeof b);
	fprintf(fp, "set xrange ['%s':'%s']", a, b);
	if (fclose(fp) != 0)
		p->nomem = 1;
	else
		plot_phone(p, buf);
	free(buf);
}

void
chart_percent_axis(plot_script *p, const char *axis, const char *lang)
{
	fprintf(p->fp, "set format %s '%%g%s%%%%'\n", axis,
	    numfmt_percent_space(lang));
}

void
chart_time_axis(plot_script *p, const chart_range *r, const char *lang)
{
	int from = month_from_yyyymm(r->from), to = month_from_yyyymm(r->to);
	char a[16], b[16];

	/* axis numbers as the page writes them: 1,6 in French and Dutch */
	if (strcmp(lang, "en") != 0)
		fputs("set decimalsign ','\n", p->fp);
	fputs("set xdata time\nset timefmt '%Y-%m'\nset format x '%Y'\n"
	    "set xtics 31557600 out nomirror\nset mxtics 12\n", p->fp);
	if (from == to)         /* the first month of use: a range around it */
		from--, to++;
	if (to - from < CHART_SHORT_MONTHS)
		quarter_tics(p, from, to, lang);
	month_format(from, a, sizeof a);
	month_format(to, b, sizeof b);
	fprintf(p->fp, "set xrange ['%s':'%s']\n", a, b);
	phone_axis(p, from, to, lang);
}

/* A zone's name in the language, or the region. */
int
chart_place(sqlite3 *db, int zone, const char *lang, char *buf, size_t n,
    sv_err *e)
{
	sqlite3_stmt *st;
	int rc, found;

	/* a zone the reference lacks by its number; the region by the
	 * catalogue's name where the reference has none */
	if (zone)
		snprintf(buf, n, "%d", zone);
	else
		snprintf(buf, n, "%s", msg(lang, "region_plain"));
	if ((rc = db_prepare(db, &st, zone ? (strcmp(lang, "nl") ? "SELECT "
	    "name_fr FROM zone WHERE zone = ?1" : "SELECT name_nl FROM zone "
	    "WHERE zone = ?1") : !strcmp(lang, "nl") ? "SELECT name_nl FROM "
	    "region WHERE ?1 = 0" : !strcmp(lang, "en") ? "SELECT name_en FROM "
	    "region WHERE ?1 = 0" : "SELECT name_fr FROM region WHERE ?1 = 0",
	    e)))
		return rc;
	sqlite3_bind_int(st, 1, zone);
	if (!(rc = db_lookup(db, st, &found, e)) && found)
		snprintf(buf, n, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc;
}

/* One description: desc_key's sentence from `from` to `to`, ending with
 * extra, French "de" elided (numfmt_elide()). */
static void
desc_set(char *buf, size_t n, const char *lang, const char *desc_key,
    const char *from, const char *to, const char *extra)
{
	snprintf(buf, n, msg(lang, desc_key), from, to, extra);
	numfmt_elide(lang, buf);
}

/* The description of the chart's phone version: its last
 * CHART_PHONE_MONTHS months (plot.h), ending with extra. */
static void
phone_desc_set(chart_text *t, const char *lang, const char *desc_key,
    const chart_range *r, const char *extra)
{
	char a[64], b[64];

	desc_set(t->phone_desc, sizeof t->phone_desc, lang, desc_key,
	    numfmt_month(lang, chart_month_at(r, chart_phone_from(r)), a,
	    sizeof a), numfmt_month(lang, r->to, b, sizeof b), extra);
}

chart_range
chart_range_from(const chart_range *r, int first)
{
	chart_range t = *r;

	if (first > 0 && first < r->n) {
		t.from = chart_month_at(r, first);
		t.n = r->n - first;
		t.provisional = r->provisional > first ? r->provisional - first : 0;
	}
	return t;
}

int
chart_phone_from(const chart_range *r)
{
	return r->n > CHART_PHONE_MONTHS ? r->n - CHART_PHONE_MONTHS : 0;
}

void
chart_text_set(chart_text *t, const char *lang, const char *title,
    const char *desc_key, const chart_range *r, const char *extra)
{
	char a[64], b[64];

	snprintf(t->title, sizeof t->title, "%s", title);
	desc_set(t->desc, sizeof t->desc, lang, desc_key, numfmt_month(lang,
	    r->from, a, sizeof a), numfmt_month(lang, r->to, b, sizeof b), extra);
	phone_desc_set(t, lang, desc_key, r, extra);
}

void
chart_text_periods(chart_text *t, const char *lang, const char *title,
    const char *desc_key, const char *from, const char *phone_from,
    const char *to)
{
	snprintf(t->title, sizeof t->title, "%s", title);
	desc_set(t->desc, sizeof t->desc, lang, desc_key, from, to, "");
	desc_set(t->phone_desc, sizeof t->phone_desc, lang, desc_key,
	    phone_from, to, "");
}

/* The sentence a description ends with when the publication's audit hid
 * n of the months it shows; "" for none. */
static const char *
hidden_text(const char *lang, int n, char *buf, size_t size)
{
	char num[32];

	if (!n)
		return "";
	snprintf(buf, size, msg(lang, n == 1 ? "desc_hidden_one" : "desc_hidden"),
	    numfmt_count(lang, n, num, sizeof num));
	return buf;
}

/* How many of the months from..n-1 lost a value in any of the k series,
 * not counting those not delivered (gap[i], when gap is not NULL). */
static int
hidden_months(double *const *y, int k, const char *gap, int from, int n)
{
	int count = 0;

	for (int i = from; i < n; i++) {
		int lost = 0;
		if (gap && gap[i])
			continue;
		for (int j = 0; j < k; j++)
			lost |= isnan(y[j][i]);
		count += lost;
	}
	return count;
}

void
chart_text_hidden(chart_text *t, const char *lang, const char *title,
    const char *desc_key, const chart_range *r, double *const *y, int k,
    const char *gap, const char *more)
{
	char all[256], phone[256], a[768], b[768];

	snprintf(a, sizeof a, "%s%s", more, hidden_text(lang, hidden_months(y,
	    k, gap, 0, r->n), all, sizeof all));
	snprintf(b, sizeof b, "%s%s", more, hidden_text(lang, hidden_months(y,
	    k, gap, chart_phone_from(r), r->n), phone, sizeof phone));
	chart_text_set(t, lang, title, desc_key, r, a);
	phone_desc_set(t, lang, desc_key, r, b);
}

/* The zones of the reference, in order. */
int
chart_zone_list(sqlite3 *db, int **zones, int *n, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, cap = 0, step = SQLITE_DONE;

	*zones = NULL;
	*n = 0;
	if ((rc = db_prepare(db, &st, "SELECT zone FROM zone ORDER BY zone", e)))
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			int *z = realloc(*zones, (size_t)(cap = cap ? 2 * cap : 8) *
			    sizeof *z);
			if (!z) {
				sqlite3_finalize(st);
				return sv_errf(e, SV_NOMEM, "out of memory");
			}
			*zones = z;
		}
		(*zones)[(*n)++] = sqlite3_column_int(st, 0);
	}
	return db_finish(db, st, step, e);
}
