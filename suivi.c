/*
 * suivi — command line.  Parses arguments and calls the stages; no logic of
 * its own.  Exit status is 0 or a sysexits(3) code (see core/err.h);
 * messages go to stderr as "suivi: what is wrong", results to stdout.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/db.h"
#include "core/err.h"
#include "aggregate/aggregate.h"
#include "core/refdata.h"
#include "ingest/ingest.h"
#include "reports/reports.h"
#include "sample/sample.h"

#define SUIVI_VERSION "0.1.0"

typedef struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;      /* options, after "suivi NAME" */
	const char *help;       /* what it does, and its options */
} command;

/* Options every command that touches the database takes. */
typedef struct common_opts {
	const char *db;
	const char *reference;
} common_opts;

static const command *find_command(const char *name);

static int
report(const sv_err *e)
{
	fprintf(stderr, "suivi: %s\n", e->msg);
	return e->code;
}

static int
usage_error(const command *c, const char *what)
{
	if (what)
		fprintf(stderr, "suivi %s: %s\n", c->name, what);
	fprintf(stderr, "usage: suivi %s %s\n"
	    "Try 'suivi %s --help' for more.\n", c->name, c->usage, c->name);
	return SV_USAGE;
}

static void
print_help(const command *c)
{
	printf("usage: suivi %s %s\n\n%s", c->name, c->usage, c->help);
}

/*
 * Parse the options of command c.  on_opt handles the command's own
 * options (returns 0, or SV_USAGE); --db, --reference and --help are
 * handled here.  Returns -1 after printing help, so the caller exits 0.
 */
static int
parse_opts(const command *c, int argc, char **argv, const struct option *extra,
    int (*on_opt)(int ch, const char *arg, void *ctx), void *ctx,
    common_opts *common)
{
	struct option opts[16];
	size_t n = 0;
	int ch;

	opts[n++] = (struct option){ "db", required_argument, NULL, 'd' };
	opts[n++] = (struct option){ "reference", required_argument, NULL, 'R' };
	opts[n++] = (struct option){ "help", no_argument, NULL, 'h' };
	for (; extra && extra->name && n < 15; extra++)
		opts[n++] = *extra;
	opts[n] = (struct option){ 0 };
	common->db = DB_DEFAULT_PATH;
	common->reference = refdata_default_dir();
	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		char what[256];
		switch (ch) {
		case 'd': common->db = optarg; break;
		case 'R': common->reference = optarg; break;
		case 'h': print_help(c); return -1;
		case '?':
		case ':':
			snprintf(what, sizeof what, "%s: '%s'", ch == ':' ?
			    "this option needs a value" : "unknown option",
			    argv[optind - 1]);
			return usage_error(c, what);
		default:
			if (!on_opt || on_opt(ch, optarg, ctx))
				return usage_error(c, NULL);
		}
	}
	return SV_OK;
}

static int
open_and_refresh(const common_opts *o, int create, sqlite3 **db, sv_err *e)
{
	if (db_open(o->db, create, db, e))
		return e->code;
	if (refdata_load(*db, o->reference, e)) {
		db_close(*db);
		*db = NULL;
		return e->code;
	}
	return SV_OK;
}

static int
cmd_init(int argc, char **argv)
{
	const command *c = find_command("init");
	common_opts o;
	sqlite3 *db;
	sv_err e;
	int rc;

	if ((rc = parse_opts(c, argc, argv, NULL, NULL, NULL, &o)))
		return rc < 0 ? 0 : rc;
	if (optind < argc)
		return usage_error(c, "init takes no file arguments");
	if (open_and_refresh(&o, 1, &db, &e))
		return report(&e);
	fprintf(stderr, "%s: schema version %d, reference data from %s\n",
	    o.db, db_schema_version(db), o.reference);
	db_close(db);
	return SV_OK;
}

static int
status_opt(int ch, const char *arg, void *ctx)
{
	(void)arg;
	if (ch != 'j')
		return SV_USAGE;
	*(int *)ctx = 1;
	return SV_OK;
}

static int
cmd_status(int argc, char **argv)
{
	static const struct option extra[] = {
		{ "json", no_argument, NULL, 'j' }, { 0 } };
	const command *c = find_command("status");
	common_opts o;
	sqlite3 *db;
	sv_err e;
	int json = 0, rc;

	if ((rc = parse_opts(c, argc, argv, extra, status_opt, &json, &o)))
		return rc < 0 ? 0 : rc;
	if (optind < argc)
		return usage_error(c, "status takes no file arguments");
	if (db_open(o.db, 0, &db, &e))
		return report(&e);
	rc = status_write(db, json, stdout, &e);
	db_close(db);
	return rc ? report(&e) : SV_OK;
}

static int
ingest_opt(int ch, const char *arg, void *ctx)
{
	ingest_opts *o = ctx;
	char *end;

	switch (ch) {
	case 'z':
		o->zone = (int)strtol(arg, &end, 10);
		return *end || o->zone < 1000 || o->zone > 9999 ? SV_USAGE : SV_OK;
	case 'p':
		o->profile = arg;
		return SV_OK;
	}
	return SV_USAGE;
}

/* ingest and check: the same reading; check writes into a throw-away
 * temporary database (SQLite's "" file: on disk, so memory stays bounded
 * on large files, and deleted on close), so nothing is written anywhere. */
static int
ingest_files(const command *c, int argc, char **argv, int dry_run)
{
	static const struct option extra[] = {
		{ "zone", required_argument, NULL, 'z' },
		{ "profile", required_argument, NULL, 'p' }, { 0 } };
	ingest_opts io = { 0, NULL };
	common_opts o;
	sqlite3 *db;
	sv_err e;
	int rc, worst = SV_OK;

	if ((rc = parse_opts(c, argc, argv, extra, ingest_opt, &io, &o)))
		return rc < 0 ? 0 : rc;
	if (optind == argc)
		return usage_error(c, "no file given");
	if (dry_run)
		o.db = "";
	if (open_and_refresh(&o, 1, &db, &e))
		return report(&e);
	for (int i = optind; i < argc; i++)
		if ((rc = ingest_file(db, argv[i], &io, stderr, &e))) {
			report(&e);
			/* A missing file outranks a refused one: both are named. */
			worst = rc > worst ? rc : worst;
		}
	db_close(db);
	return worst;
}

static int
cmd_ingest(int argc, char **argv)
{
	return ingest_files(find_command("ingest"), argc, argv, 0);
}

static int
cmd_check(int argc, char **argv)
{
	return ingest_files(find_command("check"), argc, argv, 1);
}

static int
aggregate_opt(int ch, const char *arg, void *ctx)
{
	aggregate_opts *a = ctx;
	int y, m;
	char extra;

	switch (ch) {
	case 'b': a->backtest = 1; return SV_OK;
	case 'm':
		if (strcmp(arg, "delta") && strcmp(arg, "nbplugin"))
			return SV_USAGE;
		a->nbplugin = !strcmp(arg, "nbplugin");
		return SV_OK;
	case 't':
		if (sscanf(arg, "%4d-%2d%c", &y, &m, &extra) != 2 || m < 1 || m > 12)
			return SV_USAGE;
		a->through = y * 100 + m;
		return SV_OK;
	}
	return SV_USAGE;
}

static int
cmd_aggregate(int argc, char **argv)
{
	static const struct option extra[] = {
		{ "through", required_argument, NULL, 't' },
		{ "backtest", no_argument, NULL, 'b' },
		{ "alarm-method", required_argument, NULL, 'm' }, { 0 } };
	const command *c = find_command("aggregate");
	aggregate_opts a = { 0, 0, 0 };
	common_opts o;
	sqlite3 *db;
	sv_err e;
	int rc;

	if ((rc = parse_opts(c, argc, argv, extra, aggregate_opt, &a, &o)))
		return rc < 0 ? 0 : rc;
	if (optind < argc)
		return usage_error(c, "aggregate takes no file arguments");
	if (db_open(o.db, 0, &db, &e) || refdata_load(db, o.reference, &e) ||
	    aggregate_run(db, &a, stderr, &e)) {
		if (db)
			db_close(db);
		return report(&e);
	}
	db_close(db);
	return SV_OK;
}

static int
month_arg(const char *arg, int *out)
{
	int y, m;
	char extra;

	if (sscanf(arg, "%4d-%2d%c", &y, &m, &extra) != 2 || m < 1 || m > 12)
		return SV_USAGE;
	*out = y * 100 + m;
	return SV_OK;
}

static int
chart_opt(int ch, const char *arg, void *ctx)
{
	chart_args *a = ctx;

	switch (ch) {
	case 'p': a->set = arg; return SV_OK;
	case 'z': a->zone = atoi(arg); return a->zone >= 1000 ? SV_OK : SV_USAGE;
	case 'f': return month_arg(arg, &a->from);
	case 't': return month_arg(arg, &a->to);
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

static int
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
	const command *c = find_command("chart");
	chart_args a = { NULL, "fr", NULL, 0, 0, 0, 0 };
	common_opts o;
	sqlite3 *db;
	sv_err e;
	int rc;

	if ((rc = parse_opts(c, argc, argv, extra, chart_opt, &a, &o)))
		return rc < 0 ? 0 : rc;
	if (optind < argc || !a.set || !a.out)
		return usage_error(c, "--phenomenon and --out are required");
	if (db_open(o.db, 0, &db, &e))
		return report(&e);
	rc = reports_chart(db, &a, &e);
	db_close(db);
	return rc ? report(&e) : SV_OK;
}

typedef struct report_args {
	report_opts r;
	const char *inbox;
} report_args;

static int
report_opt(int ch, const char *arg, void *ctx)
{
	report_args *a = ctx;
	char *end;

	switch (ch) {
	case 'o': a->r.out = arg; return SV_OK;
	case 'm': return month_arg(arg, &a->r.month);
	case 'l': a->r.langs = arg; return SV_OK;
	case 'i': a->inbox = arg; return SV_OK;
	case 'c':
		a->r.min_cell = (int)strtol(arg, &end, 10);
		return *end || a->r.min_cell < 1 ? SV_USAGE : SV_OK;
	}
	return SV_USAGE;
}

static const struct option report_options[] = {
	{ "out", required_argument, NULL, 'o' },
	{ "month", required_argument, NULL, 'm' },
	{ "lang", required_argument, NULL, 'l' },
	{ "min-cell", required_argument, NULL, 'c' },
	{ "inbox", required_argument, NULL, 'i' }, { 0 } };

static int
cmd_report(int argc, char **argv)
{
	const command *c = find_command("report");
	report_args a = { { "out", 0, "fr,nl", 5 }, NULL };
	common_opts o;
	sqlite3 *db;
	sv_err e;
	int rc;

	if ((rc = parse_opts(c, argc, argv, report_options, report_opt, &a, &o)))
		return rc < 0 ? 0 : rc;
	if (optind < argc || a.inbox)
		return usage_error(c, "report takes no file arguments");
	if (db_open(o.db, 0, &db, &e))
		return report(&e);
	rc = report_write(db, &a.r, stdout, &e);
	db_close(db);
	return rc ? report(&e) : SV_OK;
}

/* suivi run: the month's whole job, stage after stage. */
static int
cmd_run(int argc, char **argv)
{
	const command *c = find_command("run");
	report_args a = { { "out", 0, "fr,nl", 5 }, NULL };
	aggregate_opts ag = { 0, 0, 0 };
	ingest_opts io = { 0, NULL };
	common_opts o;
	sqlite3 *db;
	sv_err e;
	int rc, loaded = 0, ingest_rc;

	if ((rc = parse_opts(c, argc, argv, report_options, report_opt, &a, &o)))
		return rc < 0 ? 0 : rc;
	if (optind < argc)
		return usage_error(c, "run takes no file arguments (use --inbox)");
	if (!a.inbox) {
		sample_opts so = { "extracts", 1, 2019 * 12, 2026 * 12 + 9, 1.0 };
		a.inbox = "extracts";
		if (access(a.inbox, F_OK) != 0) {
			fprintf(stderr, "suivi run: no inbox given: generating the sample "
			    "into %s/\n", a.inbox);
			if (sample_generate(&so, o.reference, stderr, &e))
				return report(&e);
		}
	}
	if (open_and_refresh(&o, 1, &db, &e))
		return report(&e);
	ingest_rc = ingest_inbox(db, a.inbox, &io, stderr, &loaded, &e);
	if (ingest_rc == SV_NOINPUT || ingest_rc == SV_SOFTWARE ||
	    ingest_rc == SV_IOERR)
		goto fail;
	ag.through = a.r.month;
	if (aggregate_run(db, &ag, stderr, &e) || report_write(db, &a.r, stdout, &e))
		goto fail;
	fprintf(stderr, "suivi run: %d new extract(s) from %s; %lld alarm(s) this "
	    "month; reports above\n", loaded, a.inbox, db_scalar(db, "SELECT count(*) "
	    "FROM alarm WHERE alarm AND month = (SELECT max(through) FROM "
	    "aggregate_run)"));
	db_close(db);
	return ingest_rc;       /* 65 if an extract was refused, after all */
fail:
	db_close(db);
	return report(&e);
}

typedef struct export_args {
	export_opts x;
	const char *out;
	const char *format;
} export_args;

static int
export_opt(int ch, const char *arg, void *ctx)
{
	export_args *a = ctx;

	switch (ch) {
	case 'w': a->x.what = arg; return SV_OK;
	case 'f': a->format = arg; return SV_OK;
	case 'o': a->out = arg; return SV_OK;
	case 'x': a->x.excel = 1; return SV_OK;
	}
	return SV_USAGE;
}

/* Write to a temporary file beside path and rename it into place, so a
 * failed export never leaves a half-written file where one is expected. */
static int
export_to_file(sqlite3 *db, const export_args *a, sv_err *e)
{
	char tmp[4096];
	FILE *fp;
	int rc;

	snprintf(tmp, sizeof tmp, "%s.tmp-%ld", a->out, (long)getpid());
	if (!(fp = fopen(tmp, "wb")))
		return sv_errf(e, SV_CANTCREAT, "%s: cannot create: %m", a->out);
	rc = export_write(db, &a->x, fp, e);
	if (fclose(fp) != 0 && !rc)
		rc = sv_errf(e, SV_IOERR, "%s: cannot write: %m", a->out);
	if (!rc && rename(tmp, a->out) != 0)
		rc = sv_errf(e, SV_CANTCREAT, "%s: cannot create: %m", a->out);
	if (rc)
		unlink(tmp);
	return rc;
}

static int
cmd_export(int argc, char **argv)
{
	static const struct option extra[] = {
		{ "what", required_argument, NULL, 'w' },
		{ "format", required_argument, NULL, 'f' },
		{ "out", required_argument, NULL, 'o' },
		{ "excel", no_argument, NULL, 'x' }, { 0 } };
	const command *c = find_command("export");
	export_args a = { { NULL, 0, 0 }, NULL, "csv" };
	common_opts o;
	sqlite3 *db;
	sv_err e;
	int rc;

	if ((rc = parse_opts(c, argc, argv, extra, export_opt, &a, &o)))
		return rc < 0 ? 0 : rc;
	if (optind < argc)
		return usage_error(c, "export takes no file arguments (use --out)");
	if (!a.x.what)
		return usage_error(c, "--what is required");
	if (strcmp(a.format, "csv") != 0 && strcmp(a.format, "json") != 0)
		return usage_error(c, "--format is csv or json");
	a.x.json = strcmp(a.format, "json") == 0;
	if (db_open(o.db, 0, &db, &e))
		return report(&e);
	rc = a.out ? export_to_file(db, &a, &e) : export_write(db, &a.x, stdout, &e);
	db_close(db);
	return rc ? report(&e) : SV_OK;
}

typedef struct sample_args {
	sample_opts s;
	int bad;
} sample_args;

static int
sample_opt(int ch, const char *arg, void *ctx)
{
	sample_args *a = ctx;
	char *end;

	switch (ch) {
	case 'o': a->s.out = arg; return SV_OK;
	case 's':
		a->s.seed = strtoull(arg, &end, 10);
		return *end || !*arg ? SV_USAGE : SV_OK;
	case 'f': return (a->s.from = sample_parse_month(arg)) < 0 ? SV_USAGE : SV_OK;
	case 't': return (a->s.to = sample_parse_month(arg)) < 0 ? SV_USAGE : SV_OK;
	case 'x':
		a->s.scale = strtod(arg, &end);
		return *end || a->s.scale <= 0 || a->s.scale > 1000 ? SV_USAGE : SV_OK;
	}
	return SV_USAGE;
}

static int
cmd_sample(int argc, char **argv)
{
	static const struct option extra[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "seed", required_argument, NULL, 's' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "scale", required_argument, NULL, 'x' }, { 0 } };
	const command *c = find_command("sample");
	sample_args a = { { "sample", 1, 2019 * 12, 2026 * 12 + 9, 1.0 }, 0 };
	common_opts o;
	sv_err e;
	int rc;

	if ((rc = parse_opts(c, argc, argv, extra, sample_opt, &a, &o)))
		return rc < 0 ? 0 : rc;
	if (optind < argc)
		return usage_error(c, "sample takes no file arguments (use --out)");
	if (sample_generate(&a.s, o.reference, stderr, &e))
		return report(&e);
	return SV_OK;
}

static const command commands[] = {
	{ "init", cmd_init, "[--db FILE] [--reference DIR]",
	  "Create the database (or bring its schema up to date) and load the\n"
	  "reference data: the plan's axes and measures, zones, communes,\n"
	  "population, phenomena and their aliases, header synonyms.\n\n"
	  "  --db FILE         the database (default: " DB_DEFAULT_PATH ")\n"
	  "  --reference DIR   the reference CSV files (default: $SUIVI_REFERENCE,\n"
	  "                    else the reference/ folder suivi was built from)\n" },
	{ "ingest", cmd_ingest, "[--db FILE] [--zone Z] [--profile P] FILE...",
	  "Load zone extracts (CSV) into the database, each file whole or not at\n"
	  "all.  The dialect (encoding, delimiter) and the header are recognised;\n"
	  "broken rows go to quarantine with their line and a reason; the same\n"
	  "file twice changes nothing; a later file re-delivering a (zone, ref)\n"
	  "replaces the earlier row.  One summary line per file on stderr.\n"
	  "Exit 0 when every file was processed, 65 when one was refused\n"
	  "(identifying column, unrecognised header), 66 when one is missing.\n\n"
	  "  --zone Z        the zone of rows that do not say (default: the\n"
	  "                  commune's zone)\n"
	  "  --profile P     a profile for an export recognition cannot read\n"
	  "                  (see README)\n"
	  "  --db FILE       the database (default: " DB_DEFAULT_PATH ")\n" },
	{ "aggregate", cmd_aggregate,
	  "[--db FILE] [--through YYYY-MM] [--backtest] [--alarm-method M]",
	  "Map the phenomena onto the plan, build the monthly cube, coverage,\n"
	  "the indicators of every suivi measure for the month under review, the\n"
	  "trends, the alarms of emerging phenomena and the new or rising modus\n"
	  "operandi.  Rebuilds everything from the incidents, so a fixed alias\n"
	  "fixes every figure without re-ingesting.\n\n"
	  "  --through YYYY-MM   the month under review (default: the last month\n"
	  "                      with a delivery)\n"
	  "  --backtest          alarms for every month of the history, not only\n"
	  "                      the month under review\n"
	  "  --alarm-method M    delta (default: 2/3-power transform) or nbplugin\n"
	  "                      (negative binomial threshold)\n"
	  "  --db FILE           the database (default: " DB_DEFAULT_PATH ")\n" },
	{ "chart", cmd_chart,
	  "[--db FILE] --phenomenon P [--zone Z] [--from YYYY-MM] [--to YYYY-MM]\n"
	  "             [--format svg|png] [--lang fr|nl|en] --out FILE",
	  "Draw the monthly series of a phenomenon (or of a measure's phenomena,\n"
	  "P = measure:M5.9) for the region or a zone: counts, 12-month moving\n"
	  "average, trend, expected band and alarms; months not delivered are\n"
	  "gaps.  Needs gnuplot (apt-get install gnuplot-nox).\n\n"
	  "  --phenomenon P   a code (suivi export --what phenomena) or measure:Mx.y\n"
	  "  --zone Z         a police zone (default: the region)\n"
	  "  --from, --to     the months to draw (default: all)\n"
	  "  --format F       svg (default) or png\n"
	  "  --lang L         fr (default), nl or en\n"
	  "  --out FILE       the image (replaced only when drawn completely)\n" },
	{ "check", cmd_check, "[--zone Z] [--profile P] FILE...",
	  "Read and validate extracts exactly as ingest does, and print the same\n"
	  "summary, writing nothing.\n\n"
	  "  --zone Z, --profile P    as for ingest\n" },
	{ "report", cmd_report,
	  "[--db FILE] [--out DIR] [--month YYYY-MM] [--lang fr,nl] [--min-cell N]",
	  "Write the monthly report: DIR/<YYYY-MM>/report.<lang>.html, one\n"
	  "self-contained page per language (charts inline), alarms and clear\n"
	  "changes first, then every suivi measure, data quality and method.\n"
	  "Prints the pages' paths.  Needs gnuplot (apt-get install gnuplot-nox).\n\n"
	  "  --out DIR      where (default: out)\n"
	  "  --month M      the month aggregated (default: the last aggregation's)\n"
	  "  --lang L       languages, comma-separated: fr, nl, en (default: fr,nl)\n"
	  "  --min-cell N   counts of 1 to N-1 are published as <N (default: 5)\n" },
	{ "run", cmd_run,
	  "[--db FILE] [--inbox DIR] [--out DIR] [--month YYYY-MM] [--lang L]",
	  "The month's whole job: ingest every new extract of the inbox (in\n"
	  "delivery order), aggregate, write the report.  Without --inbox it uses\n"
	  "extracts/, generating the sample there when it does not exist.\n"
	  "Prints the report's paths.  Exit 65 when an extract was refused (the\n"
	  "report is still written, from everything else).\n\n"
	  "  --inbox DIR    the extracts (default: extracts)\n"
	  "  --out DIR      the reports (default: out)\n"
	  "  --month M      the month under review (default: the last delivered)\n"
	  "  --lang L       as for report (default: fr,nl)\n"
	  "  --db FILE      the database (default: " DB_DEFAULT_PATH ")\n" },
	{ "sample", cmd_sample,
	  "[--out DIR] [--seed N] [--from YYYY-MM] [--to YYYY-MM] [--scale X]",
	  "Generate realistic monthly extracts of the six zones, each in its own\n"
	  "dialect, with defects, a month not delivered, a re-delivered month and\n"
	  "injected emerging phenomena, and DIR/truth.json saying all of it.\n"
	  "The same arguments give byte-identical files.\n\n"
	  "  --out DIR       where to write (default: sample)\n"
	  "  --seed N        random seed (default: 1)\n"
	  "  --from YYYY-MM  first month (default: 2019-01)\n"
	  "  --to YYYY-MM    last month (default: 2026-10)\n"
	  "  --scale X       volume, 1 = about 150,000 facts a year (default: 1)\n" },
	{ "status", cmd_status, "[--db FILE] [--json]",
	  "Say what the database holds.\n\n"
	  "  --db FILE   the database (default: " DB_DEFAULT_PATH ")\n"
	  "  --json      one JSON object on stdout, for scripts\n" },
	{ "export", cmd_export,
	  "[--db FILE] --what TABLE [--format csv|json] [--excel] [--out FILE]",
	  "Write a table for analysts: CSV (UTF-8, comma) or JSON, on stdout\n"
	  "unless --out is given.  The README's data dictionary describes every\n"
	  "column.\n\n"
	  "  --what TABLE    incidents, quarantine, extracts, cube, cube-registered,\n"
	  "                  coverage, indicators, trends, alarms, modus, catalogue,\n"
	  "                  measures, communes or phenomena\n"
	  "  --format F      csv (default) or json\n"
	  "  --excel         CSV for spreadsheets in FR/NL locales: ';' and a BOM\n"
	  "  --out FILE      write to FILE (replaced whole, only on success)\n"
	  "  --db FILE       the database (default: " DB_DEFAULT_PATH ")\n" },
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const command *
find_command(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static void
main_usage(FILE *out)
{
	fprintf(out, "usage: suivi <command> [options]\n\n"
	    "suivi turns the Brussels police zones' monthly incident extracts\n"
	    "into the statistics of the regional security plan's monitoring\n"
	    "measures.\n\ncommands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].usage);
	fprintf(out, "\n'suivi <command> --help' says more; "
	    "'suivi --version' prints the version.\n");
}

int
main(int argc, char **argv)
{
	const command *c;

	if (argc < 2) {
		main_usage(stderr);
		return SV_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		main_usage(stdout);
		return SV_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("suivi %s (SQLite %s)\n", SUIVI_VERSION, sqlite3_libversion());
		return SV_OK;
	}
	if (!(c = find_command(argv[1]))) {
		fprintf(stderr, "suivi: unknown command '%s'\n", argv[1]);
		main_usage(stderr);
		return SV_USAGE;
	}
	return c->run(argc - 1, argv + 1);
}
