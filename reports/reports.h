/*
 * reports — everything suivi publishes from the database: the status
 * summary and the exports for analysts.  (Charts and the monthly report
 * join this stage later.)
 *
 * This stage only reads the database.  Charts are drawn by gnuplot.  Every table it writes goes through
 * tabwrite (private), so CSV quoting, formula defusing and JSON escaping
 * are the same in every output.
 */
#ifndef SUIVI_REPORTS_H
#define SUIVI_REPORTS_H

#include <sqlite3.h>
#include <stdio.h>

#include "../core/err.h"

typedef struct export_opts {
	const char *what;       /* see export_tables() */
	int json;               /* --format json */
	int excel;              /* --excel: ';', a BOM and decimal commas, for
	                           fr-BE/nl-BE spreadsheets */
	const char *heads;      /* --excel=fr|nl: column heads in that
	                           language; NULL: the column names */
	int all_versions;       /* incidents: every version, with its status */
	const char *as_of;      /* as the database stood then (core/delivery.h's
	                           form), or NULL */
	/* the rows and columns asked for: months from, to ("YYYY-MM", or
	 * NULL), a zone (0: every one), a phenomenon code (NULL: every one),
	 * a comma-separated list of columns (NULL: all) */
	const char *from, *to, *phenomenon, *columns;
	int zone;
	struct tabwrite_shape *shape;   /* filled with the columns written and
	                                   their types (tabwrite.h), or NULL */
} export_opts;

/* Names accepted by --what, NULL-terminated. */
const char *const *export_tables(void);

int export_write(sqlite3 *db, const export_opts *o, FILE *out, sv_err *e);

/* The dictionary objects that describe table what's columns,
 * space-separated ("" for none). */
const char *export_objects(const char *what);

/* suivi export --package DIR: every table as DIR/data/<table>.csv and a
 * Frictionless DIR/datapackage.json describing them (package.c); says
 * what it wrote on log. */
int export_package(sqlite3 *db, const char *dir, FILE *log, sv_err *e);

/* One trend chart (suivi chart): set is a phenomenon code or
 * "measure:Mx.y", zone 0 the region, from/to yyyymm or 0, png or SVG. */
typedef struct chart_args {
	const char *set, *lang, *out;
	int zone, from, to, png;
} chart_args;

int reports_chart(sqlite3 *db, const chart_args *a, sv_err *e);

/* The monthly report (suivi report): DIR/<YYYY-MM>/report.<lang>.html. */
typedef struct report_opts {
	const char *out;        /* DIR */
	int month;              /* yyyymm, or 0: the month aggregated */
	const char *langs;      /* "fr,nl" */
	int min_cell;           /* counts below it are published as "<min" */
	int chart_files;        /* also write each chart as its own file,
	                           DIR/<YYYY-MM>/charts/<id>.<lang>.svg */
	long written_day;       /* yyyymmdd the pages say they were written
	                           on; 0: today */
	long reproduced_day;    /* yyyymmdd of a reproduction, which the pages
	                           say beside it; 0: none */
	int new_threshold;      /* publish the month again at another
	                           min_cell than before (refused otherwise:
	                           two pages of the same data at two
	                           thresholds give small counts away) */
} report_opts;

/* The local day (yyyymmdd) of a UTC time as the ledger writes them
 * ("YYYY-MM-DDTHH:MM:SS..."), or of now (NULL): the day a page says it
 * was written. */
long report_local_day(const char *utc);

/* Prints each page's path to out, and what it could not draw (a chart
 * without the data it needs) to log.  gnuplot is first asked for at the
 * first chart (SV_UNAVAILABLE when it cannot be started, and no page is
 * put in place): a command asks report_ready() before, to fail before it
 * does anything. */
int report_write(sqlite3 *db, const report_opts *o, FILE *out, FILE *log,
    sv_err *e);

/*
 * suivi report --publication N: publication N's pages written again into
 * out from the database as it stood when they were written, on a copy
 * (the deliveries, retractions and partners' files loaded after taken
 * back, the later publications and aggregate runs set aside, aggregate
 * run again with the run's settings), then checked byte for byte against
 * the SHA-256s recorded: the pages, and each chart's data.  The pages
 * written say both dates (when first written, when reproduced); the
 * check is made on the pages as first written.  SV_DATAERR, naming what
 * differs and the likely cause, when anything does (the pages are
 * written all the same).  Prints the pages' paths on out, what it did
 * and the verdict on log.
 */
typedef struct reproduce_opts {
	long long publication;
	const char *out;        /* a folder of its own: the pages are not
	                           written over any (SV_CANTCREAT) */
} reproduce_opts;
#define REPORT_REPRODUCED_DIR "reproduced"     /* --out's default */

int report_reproduce(sqlite3 *db, const reproduce_opts *o, FILE *out,
    FILE *log, sv_err *e);

/* suivi audit: the disclosure audit of the month's report, alone (the
 * summary line; with list, a CSV of every hidden figure, the summary on
 * stderr).  SV_DATAERR when a small figure cannot be protected. */
typedef struct audit_opts {
	int min_cell;
	int list;
} audit_opts;

int audit_write(sqlite3 *db, const audit_opts *o, FILE *out, sv_err *e);

/* suivi release: publication `publication` (0: the last) as open data in
 * out (release.c): its charts' data, checked against what was written,
 * its figures, and a Frictionless datapackage.json; settings is the
 * settings file (NULL: the reference folder's release.conf).  Says what
 * it wrote on log. */
typedef struct release_opts {
	const char *out;
	long long publication;
	const char *settings;
} release_opts;

int release_write(sqlite3 *db, const release_opts *o, FILE *log, sv_err *e);

/* suivi explain: the deliveries behind figure (a key of published_value)
 * of publication `publication` (0: the last), as CSV on out (zone,
 * delivery month, version, file, SHA-256, incidents), with a summary
 * line on log (explain.c). */
typedef struct explain_opts {
	long long publication;
	const char *figure;
} explain_opts;

int explain_write(sqlite3 *db, const explain_opts *o, FILE *out, FILE *log,
    sv_err *e);

/* suivi publications: each publication (reports/publish.h) on a line,
 * then its pages with their SHA-256. */
int publications_write(sqlite3 *db, FILE *out, sv_err *e);

/* Whether a report can be drawn at all (gnuplot is there): SV_OK, or
 * SV_UNAVAILABLE saying what to install.  suivi report asks before it
 * opens the database, suivi run before it ingests anything. */
int report_ready(sv_err *e);

/* What the database holds; JSON for machines, lines for people. */
int status_write(sqlite3 *db, int json, FILE *out, sv_err *e);

#endif
