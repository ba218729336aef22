/*
 * charts — the charts of suivi, drawn by gnuplot through plot.h.
 *
 * Private to reports/ (the command line reaches them through reports.h).
 * Every chart reads the database only; series come from the cube by date
 * of facts; months not delivered are gaps (never zeros); a label that
 * comes from data reaches gnuplot only through plot_string().  A chart
 * computes no statistic: the series, their bands, averages, trends and
 * nowcasts are aggregate's (aggregate_series()).  Months too recent to
 * be complete (aggregate.h: SERIES_COMPLETE) are provisional: shaded,
 * drawn dashed, and said in the legend.
 * A legend names only what the chart draws.
 *
 * A set of phenomena is a phenomenon code, "measure:Mx.y" (those feeding
 * the measure) or "indicator:NAME" (those the indicator counts).
 */
#ifndef SUIVI_CHARTS_H
#define SUIVI_CHARTS_H

#include <sqlite3.h>
#include <stddef.h>

#include "../aggregate/aggregate.h"
#include "../core/err.h"
#include "plot.h"

enum chart_kind {
	CHART_SERIES,           /* a set's monthly facts, band and alarms */
	CHART_ALARM,            /* the same for an alarm of the month; in a
	                           zone (whose series of one phenomenon no
	                           table sums), months of 1 to min_cell - 1
	                           facts are marked as such, not drawn (nor the
	                           average and trend that would reveal them),
	                           instead of the chart being withheld */
	CHART_ZONES,            /* the same, one small chart per zone */
	CHART_SEX,              /* a count indicator broken down by sex (set
	                           is its name); a sex with a small month is
	                           left out, as the legend says */
	CHART_INDICATOR,        /* a share, rate or repeat indicator */
	CHART_COVERAGE,         /* zone x month: delivered or not */
	CHART_REVISION,         /* a measure's series as first and as last
	                           published (set: the measure) */
	CHART_MODUS,            /* a modus operandi signal's months (set:
	                           phenomenon, CHART_MODUS_SEP, code) */
};
#define CHART_MODUS_SEP '\x1f'

/* Not errors: why chart_draw() drew nothing. */
enum { CHART_WITHHELD = 1, CHART_NODATA = 2 };

typedef struct chart_opts {
	const char *lang;       /* "fr", "nl" or "en" */
	int from, to;           /* yyyymm, 0: the whole history */
	enum plot_format fmt;
	int min_cell;           /* months with 1 to min_cell - 1 facts (or a
	                           share's complement) withhold the chart;
	                           0: never */
	plot_session *session;  /* the page's gnuplot, or NULL: one each */
	const struct audit *audit;      /* the publication's disclosure
	                                   (audit.h): months it hides are
	                                   gaps; NULL: the chart is alone */
	FILE *data;             /* where the chart's data go as CSV rows
	                           (chart_data()), or NULL */
} chart_opts;

/*
 * What a chart shows, as data a reader can reuse: one CSV row per value
 * drawn ("month,zone,series,part,value,status", the head CHART_DATA_HEAD)
 * written to o->data.  Exactly what the chart draws, and as the page
 * writes it (counts whole, the rest to a tenth or, for rates, a
 * hundredth): a value the chart leaves out to protect a small count is a
 * row with no value and the status "suppressed", a month a zone did not
 * deliver one with "not_delivered"; a value shown but still to grow is
 * "provisional".  A NaN shown is nothing drawn, and no row.  series is
 * one of chart_data_series's codes; part (a sex, a modus operandi code)
 * is written defused (tabwrite.h).
 */
enum chart_status {
	CHART_SHOWN, CHART_PROVISIONAL, CHART_SUPPRESSED, CHART_NOT_DELIVERED
};
#define CHART_DATA_HEAD "month,zone,series,part,value,status\n"
typedef struct chart_series_def {
	const char *code;
	int decimals;
	const char *meaning;    /* in English, for the release's schema */
} chart_series_def;
extern const chart_series_def chart_data_series[];
/* The other mixes of modus operandi (share indicators broken down by
 * modus operandi) whose phenomena are a strict part of mix name's (the
 * burglaries beside the burglaries with home-jacking): their names into
 * out, *n of them, at most max.  A page must not show both where the one
 * less the other is small: the difference would give it back. */
#define CHART_MIX_PARTS 8
int chart_mix_parts(sqlite3 *db, const char *name, char (*out)[128], int max,
    int *n, sv_err *e);

/* v as the chart's data publish it: rounded to the series' decimals
 * (chart_data_series).  What a chart draws goes through here first, so
 * that its image carries no more than its data file: an SVG's
 * coordinates would give a share to a thousandth of a point, and with it
 * the counts behind it. */
double chart_published(const char *series, double v);
void chart_data(const chart_opts *o, int yyyymm, int zone, const char *series,
    const char *part, double v, enum chart_status s);

/* What a chart shows, in its language, as plain text (the caller escapes
 * it): for the figure's <title> and <desc>. */
typedef struct chart_text {
	char title[512];
	char desc[1024];
	char phone_desc[1024];  /* the same of its phone version (plot.h),
	                           which shows the last CHART_PHONE_MONTHS */
} chart_text;

/*
 * Draw a chart of kind into path.  set: the phenomena (CHART_SERIES,
 * ZONES, SEX) or the indicator's name (CHART_INDICATOR); zone: 0 for the
 * region.  Returns SV_OK, CHART_WITHHELD (it would disclose small
 * counts), CHART_NODATA (nothing to draw: e->msg says why), or an error
 * (gnuplot failed, the database could not be read).
 */
int chart_draw(sqlite3 *db, enum chart_kind kind, const char *set, int zone,
    const chart_opts *o, const char *path, chart_text *t, sv_err *e);

/* The indicator charts (indcharts.c), through chart_draw(). */
int chart_indicator(sqlite3 *db, const char *indicator, const chart_opts *o,
    const char *path, chart_text *t, sv_err *e);
/* A partner indicator's figures up to `through` (partnerchart.c),
 * through chart_indicator(): CHART_NODATA under CHART_PARTNER_MIN
 * periods (a table says it all). */
#define CHART_PARTNER_MIN 4
int chart_partner(sqlite3 *db, const char *indicator, const char *label,
    const chart_opts *o, int through, const char *path, chart_text *t,
    sv_err *e);

/* A measure's months as first published and as the last report before
 * the one under review published them (revchart.c), through
 * chart_draw(): the CHART_REVISION_MONTHS before it; drawn by the
 * report once publications of CHART_REVISION_MIN months came before. */
#define CHART_REVISION_MONTHS 24
#define CHART_REVISION_MIN 12
int chart_revision(sqlite3 *db, const char *measure, const chart_opts *o,
    const char *path, chart_text *t, sv_err *e);

/* The title of a set: the phenomenon's label or the measure's id and
 * short title in the language, or the set's own name if the reference
 * has neither (a measure given bare, "M5.9", is one). */
int chart_set_title(sqlite3 *db, const char *set, const char *lang,
    char *buf, size_t n, sv_err *e);

/* Shared by charts.c and indcharts.c. */
typedef struct chart_range {
	int from, to;           /* yyyymm */
	int through;            /* the last month aggregated */
	int n;                  /* months */
	int provisional;        /* index of the first provisional month, or n */
} chart_range;

/* The months to draw: o's, within the coverage table's. */
int chart_months(sqlite3 *db, const chart_opts *o, chart_range *r,
    sv_err *e);
/* From which month on the phenomena of set are provisional (aggregate.h:
 * SERIES_COMPLETE), in r->provisional; temp.series_set then holds them
 * (aggregate_set_fill()).  CHART_NODATA when set names none. */
int chart_provisional(sqlite3 *db, const char *set, chart_range *r,
    sv_err *e);
/* The series of set in zone (0: the region) over r's months, as
 * aggregate computed it (aggregate_series(): with banded, its alarm
 * band), in a malloc'd array of r->n; a month it lacks is not
 * delivered.  CHART_NODATA when set names no phenomenon. */
int chart_series(sqlite3 *db, const char *set, int zone, int banded,
    const chart_range *r, series_point **out, sv_err *e);
/* gap[i] = 1 where month i of r was not delivered by zone (0: by some
 * zone, for the region): never a zero. */
int chart_gaps(sqlite3 *db, const chart_range *r, int zone, char *gap,
    sv_err *e);
/* The axis ("y" or "y2") of counts up to ymax written the page's way
 * (10 000 in French, 10.000 in Dutch) once they reach the thousands;
 * below, gnuplot's own ticks. */
/* Axis (y or y2) numbered as percentages the language's way
 * (numfmt_percent_space()): "7 %" in French, "7%" in Dutch and English. */
void chart_percent_axis(plot_script *p, const char *axis, const char *lang);
void chart_count_axis(plot_script *p, const char *axis, double ymax,
    const char *lang);
/* The time axis, the shaded provisional months and the shared look:
 * ticks at the years, or under CHART_SHORT_MONTHS months at the
 * quarters, named; and the chart's phone version (plot.h), its last
 * CHART_PHONE_MONTHS months. */
#define CHART_SHORT_MONTHS 30
#define CHART_PHONE_MONTHS 24

/* The outline of a base's bars: the light fill alone is under WCAG's 3:1
 * against the page's white; the outline is 5.4:1. */
#define CHART_BASE_BORDER "'#5a6b82'"
void chart_time_axis(plot_script *p, const chart_range *r, const char *lang);
/* Month i of r as yyyymm, and the index of a yyyymm in r (-1 outside). */
int chart_month_at(const chart_range *r, int i);
int chart_index_of(const chart_range *r, int yyyymm);
/* The status of a value drawn at month i of r (chart_data()):
 * provisional from r->provisional on. */
enum chart_status chart_shown(const chart_range *r, int i);
/* Whether month_total (month, zone, phenomenon, n: the facts, written
 * by aggregate) is there to read: an error saying to aggregate again if
 * the cube was written by a suivi that did not write it. */
int chart_totals(sqlite3 *db, sv_err *e);
/* A zone's name in the language, or the region's for 0. */
int chart_place(sqlite3 *db, int zone, const char *lang, char *buf,
    size_t n, sv_err *e);
/* The chart's title, and its description from the catalogue's desc_key
 * (filled with the first and last month and extra). */
void chart_text_set(chart_text *t, const char *lang, const char *title,
    const char *desc_key, const chart_range *r, const char *extra);
/* The same from periods already named (a partner's quarters): the chart's
 * from `from` to `to`, its phone version's from phone_from. */
void chart_text_periods(chart_text *t, const char *lang, const char *title,
    const char *desc_key, const char *from, const char *phone_from,
    const char *to);
/* The same, the descriptions of the chart and of its phone version ending
 * with more (what else they say, or "") and how many of the months each
 * shows lost a value of any of the k series y (NaN: hidden by the
 * publication's audit, audit.h), months not delivered apart (gap[i]; gap
 * may be NULL). */
void chart_text_hidden(chart_text *t, const char *lang, const char *title,
    const char *desc_key, const chart_range *r, double *const *y, int k,
    const char *gap, const char *more);
/* The index in r of the first month of the chart's phone version. */
int chart_phone_from(const chart_range *r);
/* r from its month first on: the months a chart draws that starts later
 * than its range (for its description). */
chart_range chart_range_from(const chart_range *r, int first);
/* The reference's zones, in order, in a malloc'd array. */
int chart_zone_list(sqlite3 *db, int **zones, int *n, sv_err *e);
/* The provisional months, shaded: a datablock whose column 2 is the
 * top of the y range on those months and NaN elsewhere; with titled, the
 * legend says "provisional". */
void chart_shade(plot_script *p, const char *block, const char *lang,
    int titled);
/* A datablock line's month and a number (NaN as gnuplot's NaN). */
void chart_month(FILE *fp, int yyyymm);
void chart_num(FILE *fp, double v);
/* " title '...'" of the catalogue's key. */
void chart_legend(plot_script *p, const char *lang, const char *key);

/* Colours for a line per zone or per code, told apart by colour-blind
 * readers and 3:1 against white. */
#define CHART_PALETTE 8
extern const char *const chart_palette[CHART_PALETTE];
/* Whether a figure of n out of base would let a count of 1 to
 * min_cell - 1 be read (either term: base NaN for none). */
int chart_small(double n, double base, int min_cell);
/* The shaded provisional months, if any, as the first plot item (a
 * comma follows it). */
void chart_shade_then(plot_script *p, const chart_range *r, const char *b,
    const char *lang);
/* A mix of modus operandi (mixchart.c), for indicator name titled label. */
int chart_mix(sqlite3 *db, const char *name, const char *label,
    const chart_opts *o, const chart_range *r, const char *path,
    chart_text *t, sv_err *e);

/* A modus operandi signal's months (modchart.c), through chart_draw():
 * the last CHART_MODUS_MONTHS of all; CHART_WITHHELD when any figure
 * could give a small count away. */
#define CHART_MODUS_MONTHS 36
int chart_modus(sqlite3 *db, const char *set, int zone, const chart_opts *o,
    const chart_range *all, const char *path, chart_text *t, sv_err *e);

/* The sex and coverage charts (gridcharts.c), through chart_draw(). */
int chart_sex(sqlite3 *db, const char *indicator, const chart_opts *o,
    const chart_range *r, const char *path, chart_text *t, sv_err *e);
int chart_coverage(sqlite3 *db, const chart_opts *o, const chart_range *r,
    const char *path, chart_text *t, sv_err *e);

#endif
