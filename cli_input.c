/*
 * cli_input — the commands that bring data in: init, ingest, check,
 * aggregate, sample.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aggregate/aggregate.h"
#include "cli.h"
#include "core/db.h"
#include "core/month.h"
#include "core/refdata.h"
#include "core/text.h"
#include "ingest/ingest.h"
#include "reports/reports.h"
#include "sample/sample.h"

int
cmd_init(int argc, char **argv)
{
	const command *c = cli_command("init");
	common_opts o;
	sqlite3 *db;
	sv_err e;
	int rc, version;

	if ((rc = cli_parse_opts(c, argc, argv, NULL, NULL, NULL, &o)))
		return rc < 0 ? 0 : rc;
	if (optind < argc)
		return cli_usage(c, "init takes no file arguments");
	if (cli_open(&o, CLI_REFERENCE, &db, &e) ||
	    db_schema_version(db, &version, &e))
		return cli_fail(&e);
	text_fputs_safe(stderr, o.db);
	fprintf(stderr, ": schema version %d, reference data from ", version);
	text_fputs_safe(stderr, o.reference);
	putc('\n', stderr);
	db_close(db);
	return SV_OK;
}

static int
ingest_opt(int ch, const char *arg, void *ctx)
{
	ingest_opts *o = ctx;

	switch (ch) {
	case 'z': {
		long z;
		if (text_int(arg, 1000, 9999, &z))
			return SV_USAGE;
		o->zone = (int)z;
		return SV_OK;
	}
	case 'p':
		o->profile = arg;
		return SV_OK;
	case 'v':
		o->verbose = 1;
		return SV_OK;
	case 'r':
		o->replace = 1;
		return SV_OK;
	case 'C':
		o->create = 1;
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
		{ "profile", required_argument, NULL, 'p' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "replace", no_argument, NULL, 'r' },
		{ "create", no_argument, NULL, 'C' }, { 0 } };
	ingest_tally t = { 0 };
	ingest_opts io = { .verbose = dry_run, .tally = &t };
	common_opts o;
	sqlite3 *db;
	sv_err e;
	int rc, worst = SV_OK;

	if ((rc = cli_parse_opts(c, argc, argv, extra, ingest_opt, &io, &o)))
		return rc < 0 ? 0 : rc;
	if (optind == argc)
		return cli_usage(c, "no file given");
	if (dry_run && strcmp(o.db, DB_DEFAULT_PATH))
		return cli_usage(c, "check writes no database: --db means nothing "
		    "here (suivi ingest --db loads)");
	if (dry_run)
		o.db = "";
	/* a database is made by init, or when asked: a mistyped --db is not
	 * a new empty database */
	if (cli_open(&o, dry_run || io.create, &db, &e))
		return cli_fail(&e);
	/* one file named: its line is the summary */
	io.verbose |= argc - optind == 1;
	io.progress = !io.verbose && isatty(STDERR_FILENO);
	for (int i = optind; i < argc; i++) {
		if (io.progress)
			fprintf(stderr, "\r\033[K%s: %d/%d files", c->name, i - optind + 1,
			    argc - optind);
		if ((rc = ingest_file(db, argv[i], &io, stderr, &e))) {
			if (io.progress)
				fputs("\r\033[K", stderr);
			t.refused++;
			cli_fail(&e);
			/* A missing file outranks a refused one: both are named. */
			worst = rc > worst ? rc : worst;
			/* a full disk refuses the rest too: said once */
			if (rc == SV_IOERR && i + 1 < argc) {
				fprintf(stderr, "%s: stopped: the %d file(s) after it not "
				    "tried\n", c->name, argc - i - 1);
				break;
			}
		}
	}
	if (io.progress)
		fputs("\r\033[K", stderr);
	if (argc - optind > 1)
		ingest_tally_print(&t, c->name, stderr);
	db_close(db);
	return worst;
}

int
cmd_ingest(int argc, char **argv)
{
	return ingest_files(cli_command("ingest"), argc, argv, 0);
}

int
cmd_check(int argc, char **argv)
{
	return ingest_files(cli_command("check"), argc, argv, 1);
}

typedef struct aggregate_args {
	aggregate_opts a;
	char as_of[32];
} aggregate_args;

static int
aggregate_opt(int ch, const char *arg, void *ctx)
{
	aggregate_opts *a = &((aggregate_args *)ctx)->a;

	switch (ch) {
	case 'b': a->backtest = 1; return SV_OK;
	case 'r': a->raw_alarms = 1; return SV_OK;
	case 'c': a->cut = 1; return SV_OK;
	case 'B': a->rebuild = 1; return SV_OK;
	case 'm':
		if (strcmp(arg, "delta") && strcmp(arg, "nbplugin"))
			return SV_USAGE;
		a->nbplugin = !strcmp(arg, "nbplugin");
		return SV_OK;
	case 't':
		return cli_month(arg, &a->through);
	case 'a':
		a->as_of = ((aggregate_args *)ctx)->as_of;
		return cli_moment(arg, ((aggregate_args *)ctx)->as_of,
		    sizeof ((aggregate_args *)ctx)->as_of);
	}
	return SV_USAGE;
}

int
cmd_aggregate(int argc, char **argv)
{
	static const struct option extra[] = {
		{ "through", required_argument, NULL, 't' },
		{ "backtest", no_argument, NULL, 'b' },
		{ "alarm-method", required_argument, NULL, 'm' },
		{ "raw-alarms", no_argument, NULL, 'r' },
		{ "cut", no_argument, NULL, 'c' },
		{ "rebuild", no_argument, NULL, 'B' },
		{ "as-of", required_argument, NULL, 'a' }, { 0 } };
	const command *c = cli_command("aggregate");
	aggregate_args a = { .a = { .through = 0 } };
	common_opts o;
	sqlite3 *db;
	sv_err e;
	int rc;

	if ((rc = cli_parse_opts(c, argc, argv, extra, aggregate_opt, &a, &o)))
		return rc < 0 ? 0 : rc;
	if (optind < argc)
		return cli_usage(c, "aggregate takes no file arguments");
	if (cli_open(&o, 0, &db, &e))
		return cli_fail(&e);
	rc = aggregate_run(db, &a.a, stderr, &e);
	db_close(db);
	return rc ? cli_fail(&e) : SV_OK;
}

typedef struct retract_args {
	int zone, month;
	const char *reason;
} retract_args;

static int
retract_opt(int ch, const char *arg, void *ctx)
{
	retract_args *a = ctx;
	long z;

	switch (ch) {
	case 'z':
		if (text_int(arg, 1000, 9999, &z))
			return SV_USAGE;
		a->zone = (int)z;
		return SV_OK;
	case 'm': return cli_month(arg, &a->month);
	case 'r': a->reason = arg; return SV_OK;
	}
	return SV_USAGE;
}

int
cmd_retract(int argc, char **argv)
{
	static const struct option extra[] = {
		{ "zone", required_argument, NULL, 'z' },
		{ "month", required_argument, NULL, 'm' },
		{ "reason", required_argument, NULL, 'r' }, { 0 } };
	const command *c = cli_command("retract");
	retract_args a = { 0, 0, NULL };
	common_opts o;
	sqlite3 *db;
	sv_err e;
	long withdrawn;
	int rc;

	if ((rc = cli_parse_opts(c, argc, argv, extra, retract_opt, &a, &o)))
		return rc < 0 ? 0 : rc;
	if (optind < argc)
		return cli_usage(c, "retract takes no file arguments");
	if (!a.zone || !a.month || !a.reason || !*a.reason)
		return cli_usage(c, "--zone, --month and --reason are all needed");
	if (cli_open(&o, 0, &db, &e))
		return cli_fail(&e);
	rc = ingest_retract(db, a.zone, a.month, a.reason, &withdrawn, &e);
	db_close(db);
	if (rc)
		return cli_fail(&e);
	fprintf(stderr, "retract: zone %d's %04d-%02d retracted: %ld incident%s "
	    "withdrawn (kept, not counted); run suivi aggregate to count without "
	    "them\n", a.zone, a.month / 100, a.month % 100, withdrawn,
	    withdrawn == 1 ? "" : "s");
	return SV_OK;
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
		errno = 0;
		a->s.seed = strtoull(arg, &end, 10);
		return *end || !isdigit((unsigned char)*arg) || errno ? SV_USAGE :
		    SV_OK;
	case 'f': return (a->s.from = month_parse(arg)) < 0 ? SV_USAGE : SV_OK;
	case 't': return (a->s.to = month_parse(arg)) < 0 ? SV_USAGE : SV_OK;
	case 'e': return (a->s.events = month_parse(arg)) < 0 ? SV_USAGE : SV_OK;
	case 'x':
		errno = 0;
		a->s.scale = strtod(arg, &end);
		return *end || !*arg || errno || !(a->s.scale > 0) ||
		    a->s.scale > 1000 ? SV_USAGE : SV_OK;
	}
	return SV_USAGE;
}

int
cmd_sample(int argc, char **argv)
{
	static const struct option extra[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "seed", required_argument, NULL, 's' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "scale", required_argument, NULL, 'x' },
		{ "events", required_argument, NULL, 'e' }, { 0 } };
	const command *c = cli_command("sample");
	sample_args a = { .bad = 0 };
	common_opts o;
	sv_err e;
	int rc;

	sample_defaults(&a.s, "sample");
	if ((rc = cli_parse_opts(c, argc, argv, extra, sample_opt, &a, &o)))
		return rc < 0 ? 0 : rc;
	if (optind < argc)
		return cli_usage(c, "sample takes no file arguments (use --out)");
	if (strcmp(o.db, DB_DEFAULT_PATH))
		return cli_usage(c, "sample writes extracts, not a database: --db "
		    "means nothing here (suivi run --sample --db loads them)");
	if (sample_generate(&a.s, o.reference, stderr, &e))
		return cli_fail(&e);
	return SV_OK;
}

