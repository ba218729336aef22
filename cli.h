/*
 * cli — the command line's shared parts (suivi.c) and its commands
 * (cli_input.c: init, ingest, check, retract, aggregate, sample;
 * cli_output.c:
 * status, export, chart, report, run; cli_partners.c: partners,
 * template).  Commands only parse arguments and
 * call the stages; errors are printed once, by cli_fail(), as
 * "suivi: message", and the exit status is the sysexits(3) code.
 */
#ifndef SUIVI_CLI_H
#define SUIVI_CLI_H

#include <getopt.h>
#include <sqlite3.h>

#include "core/err.h"

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

const command *cli_command(const char *name);

/* Print e and return its code. */
int cli_fail(const sv_err *e);

/* Print what is wrong (may be NULL) and the usage; returns SV_USAGE. */
int cli_usage(const command *c, const char *what);

/*
 * Parse the options of command c.  on_opt handles the command's own
 * options (returns 0, or SV_USAGE); --db, --reference and --help are
 * handled here.  Returns -1 after printing help, so the caller exits 0.
 */
int cli_parse_opts(const command *c, int argc, char **argv,
    const struct option *extra, int (*on_opt)(int ch, const char *arg,
    void *ctx), void *ctx, common_opts *common);

/* Open the database, creating it when create, and the reference data:
 * with CLI_REFERENCE (suivi init), loaded from the CSV files into it;
 * otherwise the database's own copy (core/refdata.h: refdata_use()). */
#define CLI_REFERENCE 2
int cli_open(const common_opts *o, int create, sqlite3 **db, sv_err *e);

/* "YYYY-MM" into yyyymm; SV_USAGE when it is not a month. */
int cli_month(const char *arg, int *out);
/* --min-cell's value (1 to 1,000,000); SV_USAGE otherwise. */
int cli_min_cell(const char *arg, int *out);
/* A publication's number (suivi publications lists them). */
int cli_publication(const char *arg, long long *out);

/* A moment ("YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS]", local time unless it
 * says Z or an offset) into the ledger's UTC form (core/delivery.h), in
 * out (n >= 25); SV_USAGE when it is not one. */
int cli_moment(const char *arg, char *out, size_t n);

int cmd_init(int argc, char **argv);
int cmd_ingest(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_aggregate(int argc, char **argv);
int cmd_retract(int argc, char **argv);
int cmd_sample(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_chart(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_publications(int argc, char **argv);
int cmd_release(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_partners(int argc, char **argv);
int cmd_template(int argc, char **argv);

#endif
