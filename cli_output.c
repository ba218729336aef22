/*
 * cli_output — the commands that give data out: status, export, chart,
 * report, run (the month's whole job).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"
#include "pipeline.h"
#include "core/db.h"
#include "core/text.h"
#include "core/outfile.h"
#include "reports/reports.h"
#include "sample/sample.h"

static int
status_opt(int ch, const char *arg, void *ctx)
{
	(void)arg;
	if (ch != 'j')
		return SV_USAGE;
	*(int *)ctx = 1;
	return SV_OK;
}

int
cmd_status(int argc, char **argv)
{
	static const struct option extra[] = {
		{ "json", no_argument, NULL, 'j' }, { 0 } };
	const command *c = cli_command("status");
	common_opts o;
	sqlite3 *db;
	sv_err e;
	int json = 0, rc;

	if ((rc = cli_parse_opts(c, argc, argv, extra, status_opt, &json, &o)))
		return rc < 0 ? 0 : rc;
	if (optind < argc)
		return cli_usage(c, "status takes no file arguments");
	if (db_open(o.db, DB_READONLY, &db, &e))
		return cli_fail(&e);
	rc = status_write(db, json, stdout, &e);
	db_close(db);
	return rc ? cli_fail(&e) : SV_OK;
}

typedef struct export_args {
	export_opts x;
	const char *out;
	const char *package;    /* --package DIR */
	const char *format;
	char as_of[32], from[16], to[16];
} export_args;

/* A month given as "YYYY-MM" kept as that text in buf (size 16), *out
 * pointing at it; SV_USAGE when it is not a month. */
static int
cli_month_text(const char *arg, char *buf, const char **out)
{
	int m;

	if (cli_month(arg, &m))
		return SV_USAGE;
	snprintf(buf, 16, "%04d-%02d", m / 100, m % 100);
	*out = buf;
	return SV_OK;
}

static int
export_opt(int ch, const char *arg, void *ctx)
{
	export_args *a = ctx;

	switch (ch) {
	case 'w': a->x.what = arg; return SV_OK;
	case 'P': a->package = arg; return SV_OK;
	case 'f': a->format = arg; return SV_OK;
	case 'o': a->out = arg; return SV_OK;
	case 'x':
		a->x.excel = 1;
		if (arg && strcmp(arg, "fr") && strcmp(arg, "nl"))
			return SV_USAGE;
		a->x.heads = arg;
		return SV_OK;
	case 'A': a->x.all_versions = 1; return SV_OK;
	case 'F': return cli_month_text(arg, a->from, &a->x.from);
	case 'T': return cli_month_text(arg, a->to, &a->x.to);
	case 'p': a->x.phenomenon = arg; return SV_OK;
	case 'c': a->x.columns = arg; return SV_OK;
	case 'z': {
		long z;
		if (text_int(arg, 1000, 9999, &z))
			return SV_USAGE;
		a->x.zone = (int)z;
		return SV_OK;
	}
	case 'a':
		a->x.as_of = a->as_of;
		return cli_moment(arg, a->as_of, sizeof a->as_of);
	}
	return SV_USAGE;
}

/* Whole or not at all (core/outfile.h); standard output without --out. */
static int
export_to_file(sqlite3 *db, const export_args *a, sv_err *e)
{
	outfile o;
	int rc;

	if ((rc = outfile_open(&o, a->out ? a->out : "-", e)))
		return rc;
	return outfile_close(&o, export_write(db, &a->x, o.fp, e), e);
}

int
cmd_export(int argc, char **argv)
{
	static const struct option extra[] = {
		{ "what", required_argument, NULL, 'w' },
		{ "format", required_argument, NULL, 'f' },
		{ "out", required_argument, NULL, 'o' },
		{ "excel", optional_argument, NULL, 'x' },
		{ "all-versions", no_argument, NULL, 'A' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "from", required_argument, NULL, 'F' },
		{ "to", required_argument, NULL, 'T' },
		{ "zone", required_argument, NULL, 'z' },
		{ "phenomenon", required_argument, NULL, 'p' },
		{ "columns", required_argument, NULL, 'c' },
		{ "package", required_argument, NULL, 'P' }, { 0 } };
	const command *c = cli_command("export");
	export_args a = { .format = "csv" };
	common_opts o;
	sqlite3 *db;
	sv_err e;
	int rc;

	if ((rc = cli_parse_opts(c, argc, argv, extra, export_opt, &a, &o)))
		return rc < 0 ? 0 : rc;
	if (optind < argc)
		return cli_usage(c, "export takes no file arguments (use --out)");
	if (a.package && (a.x.what || a.out || a.x.excel || a.x.all_versions ||
	    a.x.as_of || a.x.from || a.x.to || a.x.zone || a.x.phenomenon ||
	    a.x.columns || strcmp(a.format, "csv")))
		return cli_usage(c, "--package DIR writes every table whole, as CSV: "
		    "it takes none of the other options but --db");
	if (a.package) {
		if (db_open(o.db, DB_READONLY, &db, &e))
			return cli_fail(&e);
		rc = export_package(db, a.package, stderr, &e);
		db_close(db);
		return rc ? cli_fail(&e) : SV_OK;
	}
	if (!a.x.what)
		return cli_usage(c, "--what (or --package) is required");
	if (strcmp(a.format, "csv") != 0 && strcmp(a.format, "json") != 0)
		return cli_usage(c, "--format is csv or json");
	a.x.json = strcmp(a.format, "json") == 0;
	if (db_open(o.db, DB_READONLY, &db, &e))
		return cli_fail(&e);
	rc = export_to_file(db, &a, &e);
	db_close(db);
	return rc ? cli_fail(&e) : SV_OK;
}

static int
chart_opt(int ch, const char *arg, void *ctx)
{
	chart_args *a = ctx;

	switch (ch) {
	case 'p': a->set = arg; return SV_OK;
	case 'z': {
		long z;
		if (text_int(arg, 1000, 9999, &z))
			return SV_USAGE;
		a->zone = (int)z;
		return SV_OK;
	}
	case 'f': return cli_month(arg, &a->from);
	case 't': return cli_month(arg, &a->to);
	case 'o': a->out = arg; return SV_OK;
	case 'l': a->lang = arg; return SV_OK;
	case 'F':
		if (strcmp(arg, "svg") && strcmp(arg, "png"))
			return SV_USAGE;
		a->png = !strcmp(arg, "png");
		return SV_OK;
	}
	return SV_USAGE;
}

int
cmd_chart(int argc, char **argv)
{
	static const struct option extra[] = {
		{ "phenomenon", required_argument, NULL, 'p' },
		{ "zone", required_argument, NULL, 'z' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "format", required_argument, NULL, 'F' },
		{ "lang", required_argument, NULL, 'l' },
		{ "out", required_argument, NULL, 'o' }, { 0 } };
	const command *c = cli_command("chart");
	chart_args a = { NULL, "fr", NULL, 0, 0, 0, -1 };
	common_opts o;
	sqlite3 *db;
	sv_err e;
	int rc;

	if ((rc = cli_parse_opts(c, argc, argv, extra, chart_opt, &a, &o)))
		return rc < 0 ? 0 : rc;
	if (optind < argc || !a.set || !a.out)
		return cli_usage(c, "--phenomenon and --out are required");
	if (a.png < 0) {        /* no --format: the file name says */
		size_t n = strlen(a.out);
		a.png = n > 4 && !strcasecmp(a.out + n - 4, ".png");
	}
	if (db_open(o.db, DB_READONLY, &db, &e))
		return cli_fail(&e);
	rc = reports_chart(db, &a, &e);
	db_close(db);
	return rc ? cli_fail(&e) : SV_OK;
}

typedef struct report_args {
	report_opts r;
	const char *inbox;
	int sample;             /* run --sample */
	int verbose;            /* run --verbose */
	int create;             /* run --create */
	int all_zones;          /* run --require-all-zones */
	long long publication;  /* report --publication N */
	int settings;           /* --month, --lang, --min-cell or
	                           --chart-files given */
	int out_given;          /* --out given */
} report_args;

static int
report_opt(int ch, const char *arg, void *ctx)
{
	report_args *a = ctx;

	if (ch && strchr("mlcFT", ch))
		a->settings = 1;
	switch (ch) {
	case 'o': a->r.out = arg; a->out_given = 1; return SV_OK;
	case 'm': return cli_month(arg, &a->r.month);
	case 'l': a->r.langs = arg; return SV_OK;
	case 'P': return cli_publication(arg, &a->publication);
	case 'i': a->inbox = arg; return SV_OK;
	case 's': a->sample = 1; return SV_OK;
	case 'v': a->verbose = 1; return SV_OK;
	case 'C': a->create = 1; return SV_OK;
	case 'Z': a->all_zones = 1; return SV_OK;
	case 'F': a->r.chart_files = 1; return SV_OK;
	case 'c': return cli_min_cell(arg, &a->r.min_cell);
	case 'T': a->r.new_threshold = 1; return SV_OK;
	}
	return SV_USAGE;
}

static const struct option report_options[] = {
	{ "out", required_argument, NULL, 'o' },
	{ "month", required_argument, NULL, 'm' },
	{ "lang", required_argument, NULL, 'l' },
	{ "min-cell", required_argument, NULL, 'c' },
	{ "new-threshold", no_argument, NULL, 'T' },
	{ "chart-files", no_argument, NULL, 'F' },
	{ "inbox", required_argument, NULL, 'i' },
	{ "sample", no_argument, NULL, 's' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "create", no_argument, NULL, 'C' },
	{ "require-all-zones", no_argument, NULL, 'Z' },
	{ "publication", required_argument, NULL, 'P' }, { 0 } };

int
cmd_report(int argc, char **argv)
{
	const command *c = cli_command("report");
	report_args a = { .r = { "out", 0, "fr,nl", 5 } };
	common_opts o;
	sqlite3 *db;
	sv_err e;
	int rc;

	if ((rc = cli_parse_opts(c, argc, argv, report_options, report_opt, &a, &o)))
		return rc < 0 ? 0 : rc;
	if (optind < argc || a.inbox || a.sample || a.verbose || a.create ||
	    a.all_zones)
		return cli_usage(c, "report takes no file arguments, and none of "
		    "run's options (--inbox, --sample, --verbose, --create, "
		    "--require-all-zones; see suivi run)");
	if (a.publication && a.settings)
		return cli_usage(c, "--publication writes the pages with the "
		    "publication's own month, languages and minimum cell: give only "
		    "--out with it");
	if (report_ready(&e))
		return cli_fail(&e);
	/* written to: the report records what it publishes (a reproduction
	 * reads it only, and works on a copy) */
	if (db_open(o.db, a.publication ? DB_READONLY : DB_EXISTING, &db, &e))
		return cli_fail(&e);
	if (a.publication)
		rc = report_reproduce(db, &(reproduce_opts){ a.publication,
		    a.out_given ? a.r.out : REPORT_REPRODUCED_DIR }, stdout, stderr,
		    &e);
	else
		rc = report_write(db, &a.r, stdout, stderr, &e);
	db_close(db);
	return rc ? cli_fail(&e) : SV_OK;
}

static int
audit_opt(int ch, const char *arg, void *ctx)
{
	audit_opts *a = ctx;

	switch (ch) {
	case 'L': a->list = 1; return SV_OK;
	case 'c': return cli_min_cell(arg, &a->min_cell);
	}
	return SV_USAGE;
}

int
cmd_audit(int argc, char **argv)
{
	static const struct option extra[] = {
		{ "min-cell", required_argument, NULL, 'c' },
		{ "list", no_argument, NULL, 'L' }, { 0 } };
	const command *c = cli_command("audit");
	audit_opts a = { 5, 0 };
	common_opts o;
	sqlite3 *db;
	sv_err e;
	int rc;

	if ((rc = cli_parse_opts(c, argc, argv, extra, audit_opt, &a, &o)))
		return rc < 0 ? 0 : rc;
	if (optind < argc)
		return cli_usage(c, "audit takes no file arguments");
	if (db_open(o.db, DB_READONLY, &db, &e))
		return cli_fail(&e);
	rc = audit_write(db, &a, stdout, &e);
	db_close(db);
	return rc ? cli_fail(&e) : SV_OK;
}

int
cmd_publications(int argc, char **argv)
{
	const command *c = cli_command("publications");
	common_opts o;
	sqlite3 *db;
	sv_err e;
	int rc;

	if ((rc = cli_parse_opts(c, argc, argv, NULL, NULL, NULL, &o)))
		return rc < 0 ? 0 : rc;
	if (optind < argc)
		return cli_usage(c, "publications takes no file arguments");
	if (db_open(o.db, DB_READONLY, &db, &e))
		return cli_fail(&e);
	rc = publications_write(db, stdout, &e);
	db_close(db);
	return rc ? cli_fail(&e) : SV_OK;
}

/* suivi run: the month's whole job (pipeline.h). */
int
cmd_run(int argc, char **argv)
{
	const command *c = cli_command("run");
	report_args a = { .r = { "out", 0, "fr,nl", 5 } };
	common_opts o;
	sqlite3 *db;
	sv_err e;
	int rc, end = SV_OK;

	if ((rc = cli_parse_opts(c, argc, argv, report_options, report_opt, &a, &o)))
		return rc < 0 ? 0 : rc;
	if (optind < argc || a.publication)
		return cli_usage(c, "run takes no file arguments (use --inbox), "
		    "nor --publication (see suivi report)");
	if (!a.inbox)
		return cli_usage(c, "say where the extracts are: --inbox DIR (or "
		    "--inbox DIR --sample to generate the sample data there)");
	if (report_ready(&e))   /* before the month is ingested, not after */
		return cli_fail(&e);
	if (a.sample && access(a.inbox, F_OK) != 0) {
		sample_opts so;
		sample_defaults(&so, a.inbox);
		fprintf(stderr, "suivi run: generating the sample (synthetic data) "
		    "into %s/\n", a.inbox);
		if (sample_generate(&so, o.reference, stderr, &e))
			return cli_fail(&e);
	}
	/* the sample's first run makes its database; otherwise only init or
	 * --create does (a mistyped --db is not a new empty database) */
	if (cli_open(&o, a.create || a.sample, &db, &e))
		return cli_fail(&e);
	rc = pipeline_run(db, &(pipeline_opts){ a.inbox, a.verbose, !a.verbose &&
	    isatty(STDERR_FILENO), a.all_zones, &a.r }, stdout, stderr, &end,
	    &e);
	db_close(db);
	return rc ? cli_fail(&e) : end;
}


static int
release_opt(int ch, const char *arg, void *ctx)
{
	release_opts *a = ctx;

	switch (ch) {
	case 'o': a->out = arg; return SV_OK;
	case 's': a->settings = arg; return SV_OK;
	case 'p': return cli_publication(arg, &a->publication);
	}
	return SV_USAGE;
}

int
cmd_release(int argc, char **argv)
{
	static const struct option extra[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "publication", required_argument, NULL, 'p' },
		{ "settings", required_argument, NULL, 's' }, { 0 } };
	const command *c = cli_command("release");
	release_opts a = { NULL, 0, NULL };
	common_opts o;
	sqlite3 *db;
	sv_err e;
	int rc;

	if ((rc = cli_parse_opts(c, argc, argv, extra, release_opt, &a, &o)))
		return rc < 0 ? 0 : rc;
	if (optind < argc || !a.out)
		return cli_usage(c, "--out DIR is required, and nothing else");
	if (db_open(o.db, DB_READONLY, &db, &e))
		return cli_fail(&e);
	rc = release_write(db, &a, stderr, &e);
	db_close(db);
	return rc ? cli_fail(&e) : SV_OK;
}

static int
explain_opt(int ch, const char *arg, void *ctx)
{
	explain_opts *a = ctx;

	switch (ch) {
	case 'f': a->figure = arg; return SV_OK;
	case 'p': return cli_publication(arg, &a->publication);
	}
	return SV_USAGE;
}

int
cmd_explain(int argc, char **argv)
{
	static const struct option extra[] = {
		{ "figure", required_argument, NULL, 'f' },
		{ "publication", required_argument, NULL, 'p' }, { 0 } };
	const command *c = cli_command("explain");
	explain_opts a = { 0, NULL };
	common_opts o;
	sqlite3 *db;
	sv_err e;
	int rc;

	if ((rc = cli_parse_opts(c, argc, argv, extra, explain_opt, &a, &o)))
		return rc < 0 ? 0 : rc;
	if (optind < argc || !a.figure)
		return cli_usage(c, "--figure KEY is required, and nothing else");
	if (db_open(o.db, DB_READONLY, &db, &e))
		return cli_fail(&e);
	rc = explain_write(db, &a, stdout, stderr, &e);
	db_close(db);
	return rc ? cli_fail(&e) : SV_OK;
}
