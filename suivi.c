/*
 * suivi — command line: the table of commands, the options every command
 * shares, and main().  No logic of its own: see cli.h.
 */
#define _GNU_SOURCE
#include <assert.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "core/db.h"
#include "core/delivery.h"
#include "core/month.h"
#include "core/refdata.h"
#include "core/text.h"

#include "core/version.h"


int
cli_fail(const sv_err *e)
{
	/* messages quote data (header names, values): controls are shown */
	fputs("suivi: ", stderr);
	text_fputs_safe(stderr, e->msg);
	putc('\n', stderr);
	return e->code;
}

int
cli_usage(const command *c, const char *what)
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

int
cli_parse_opts(const command *c, int argc, char **argv, const struct option *extra,
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
	assert(!extra || !extra->name);         /* every option has room */
	opts[n] = (struct option){ 0 };
	common->db = DB_DEFAULT_PATH;
	common->reference = refdata_default_dir();
	optind = 0;
	opterr = 0;
	/* ':' first: a missing value is told from an unknown option; -h is
	 * --help */
	while ((ch = getopt_long(argc, argv, "+:h", opts, NULL)) != -1) {
		char what[256];
		switch (ch) {
		case 'd': common->db = optarg; break;
		case 'R': common->reference = optarg; break;
		case 'h': print_help(c); return -1;
		case '?':
		case ':':
			snprintf(what, sizeof what, "%s %s", argv[optind - 1], ch == ':' ?
			    "needs a value" : "is not an option of this command");
			return cli_usage(c, what);
		default:
			if (!on_opt || on_opt(ch, optarg, ctx)) {
				const char *name = "?";
				for (size_t i = 0; i < n; i++)
					if (opts[i].val == ch)
						name = opts[i].name;
				snprintf(what, sizeof what, "--%s: '%.100s' is not a valid "
				    "value%s", name, optarg ? optarg : "", ch == 'm' ||
				    ch == 'f' || ch == 't' ? " (a month is YYYY-MM)" :
				    ch == 'a' ? " (a moment is YYYY-MM-DD or YYYY-MM-DDTHH:MM, "
				    "local time unless it ends in Z)" : "");
				return cli_usage(c, what);
			}
		}
	}
	return SV_OK;
}

static void
remove_database(const char *path)
{
	char side[4200];

	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

int
cli_open(const common_opts *o, int create, sqlite3 **db, sv_err *e)
{
	int existed = access(o->db, F_OK) == 0;

	if (db_open(o->db, create ? DB_CREATE : DB_EXISTING, db, e))
		return e->code;
	if ((create == CLI_REFERENCE ? refdata_load(*db, o->reference, e) :
	    refdata_use(*db, o->reference, stderr, e))) {
		db_close(*db);
		*db = NULL;
		/* a database made just now for reference data that could not be
		 * loaded would be an empty one left behind */
		if (!existed)
			remove_database(o->db);
		return e->code;
	}
	return SV_OK;
}

int
cli_month(const char *arg, int *out)
{
	int t = month_parse(arg);

	if (t < 0)
		return SV_USAGE;
	*out = month_to_yyyymm(t);
	return SV_OK;
}

int
cli_min_cell(const char *arg, int *out)
{
	long n;

	if (text_int(arg, 1, 1000000, &n))
		return SV_USAGE;
	*out = (int)n;
	return SV_OK;
}

int
cli_publication(const char *arg, long long *out)
{
	long n;

	if (text_int(arg, 1, 1000000000L, &n))
		return SV_USAGE;
	*out = n;
	return SV_OK;
}

int
cli_moment(const char *arg, char *out, size_t n)
{
	return delivery_time(arg, out, n) ? SV_USAGE : SV_OK;
}

static const command commands[] = {
	{ "init", cmd_init, "[--db FILE] [--reference DIR]",
	  "Create the database (or bring its schema up to date) and load the\n"
	  "reference data: the plan's axes and measures, zones, communes,\n"
	  "population, phenomena and their aliases, header synonyms.\n\n"
	  "  --db FILE         the database (default: " DB_DEFAULT_PATH ")\n"
	  "  --reference DIR   the reference CSV files (default: $SUIVI_REFERENCE,\n"
	  "                    else the reference/ folder suivi was built from)\n" },
	{ "ingest", cmd_ingest,
	  "[--db FILE] [--create] [--zone Z] [--profile P] [--replace]\n"
	  "                    [--verbose] FILE...",
	  "Load zone extracts (CSV) into the database, each file whole or not at\n"
	  "all.  The dialect (encoding, delimiter) and the header are recognised;\n"
	  "broken rows go to quarantine with their line and a reason; the same\n"
	  "file twice changes nothing.  A file is a zone's delivery of a month\n"
	  "(its name YYYY-MM.csv in the zone's folder, else its rows say) in a\n"
	  "version (-v2, -v3 ... in its name); the latest version of a month is\n"
	  "what counts, and the order of the deliveries, never the order of\n"
	  "loading, decides which version of an incident is current: what the\n"
	  "latest version no longer carries is withdrawn (kept, not counted).\n"
	  "One summary on stderr, and a line for each\n"
	  "file with something to say.  Exit 0 when every file was processed, 65\n"
	  "when one was refused (identifying column, unrecognised header, no row\n"
	  "loaded), 66 when one is missing.\n\n"
	  "  --zone Z        the zone of rows that do not say (default: the\n"
	  "                  commune's zone)\n"
	  "  --profile P     a profile for an export recognition cannot read\n"
	  "                  (see README)\n"
	  "  --replace       read again a file already loaded (after fixing its\n"
	  "                  profile), or a file delivering the same zone, month\n"
	  "                  and version as one loaded: it takes that reading's\n"
	  "                  place in the order of the deliveries; the ledger\n"
	  "                  keeps both\n"
	  "  --verbose       a line for every file\n"
	  "  --create        make the database if it is not there (else only\n"
	  "                  suivi init makes one: a mistyped --db is refused)\n"
	  "  --db FILE       the database (default: " DB_DEFAULT_PATH ")\n" },
	{ "retract", cmd_retract,
	  "[--db FILE] --zone Z --month YYYY-MM --reason TEXT",
	  "Withdraw a zone's delivery of a month, every version of it loaded so\n"
	  "far: the files stay in the ledger, marked retracted with the reason,\n"
	  "and their incidents stop counting (an incident a later month's\n"
	  "delivery also carries keeps that version).  Ingesting a new version\n"
	  "of the month (YYYY-MM-vN.csv) delivers it again.  Exit 66 when the\n"
	  "zone has no delivery of that month, 65 when it is retracted already.\n\n"
	  "  --zone Z          the zone\n"
	  "  --month YYYY-MM   the month its delivery delivers\n"
	  "  --reason TEXT     why, kept in the ledger (required)\n"
	  "  --db FILE         the database (default: " DB_DEFAULT_PATH ")\n" },
	{ "aggregate", cmd_aggregate,
	  "[--db FILE] [--through YYYY-MM] [--backtest] [--alarm-method M]\n"
	  "                       [--raw-alarms] [--cut] [--rebuild] [--as-of TIME]",
	  "Map the phenomena onto the plan, build the monthly cube, coverage,\n"
	  "the indicators of every suivi measure for the month under review, the\n"
	  "trends, the alarms of emerging phenomena, the new or rising modus\n"
	  "operandi and the nowcast of recent months.  Counts everything again\n"
	  "from the incidents, so a fixed alias fixes every figure without\n"
	  "re-ingesting; of the cube table it rewrites only the months that\n"
	  "changed.\n\n"
	  "  --through YYYY-MM   the month under review (default: the last month\n"
	  "                      with a delivery)\n"
	  "  --backtest          alarms for every month of the history, not only\n"
	  "                      the month under review\n"
	  "  --alarm-method M    delta (default: 2/3-power transform) or nbplugin\n"
	  "                      (negative binomial threshold)\n"
	  "  --raw-alarms        thresholds as for complete months, even where\n"
	  "                      registrations are still to come (by default a\n"
	  "                      recent month is held to the count expected by\n"
	  "                      now)\n"
	  "  --cut               as the database stood at the end of the month\n"
	  "                      under review: only what was registered by then\n"
	  "                      (to judge nowcasts and alarms after the fact)\n"
	  "  --as-of TIME        the deliveries as they stood at TIME (YYYY-MM-DD,\n"
	  "                      its end, or YYYY-MM-DDTHH:MM[:SS], local time\n"
	  "                      unless it ends in Z): the files loaded by then,\n"
	  "                      the versions current then; the next aggregate\n"
	  "                      reads everything afresh\n"
	  "  --rebuild           rewrite every month of the cube table, not only\n"
	  "                      those that changed\n"
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
	{ "check", cmd_check, "[--zone Z] [--profile P] [--reference DIR] FILE...",
	  "Read and validate extracts exactly as ingest does, and print the same\n"
	  "summary, with a line for every file, writing nothing.\n\n"
	  "  --zone Z, --profile P    as for ingest\n"
	  "  --reference DIR   the reference CSV files the rows are checked\n"
	  "                    against (default: $SUIVI_REFERENCE, else the\n"
	  "                    reference/ folder suivi was built from)\n"
	  "  --verbose         accepted, as for ingest: check always says every\n"
	  "                    file\n" },
	{ "report", cmd_report,
	  "[--db FILE] [--out DIR] [--month YYYY-MM] [--lang fr,nl] [--min-cell N]\n"
	  "                    [--new-threshold] [--chart-files]\n"
	  "       suivi report [--db FILE] [--out DIR] --publication N",
	  "Write the monthly report: DIR/<YYYY-MM>/report.<lang>.html, one\n"
	  "self-contained page per language (charts inline), alarms and clear\n"
	  "changes first, then every suivi measure, data quality and method;\n"
	  "each chart's data, as shown, in DIR/<YYYY-MM>/data/<figure>.csv,\n"
	  "linked under it.  The report is recorded as a publication (suivi\n"
	  "publications; suivi release makes its open-data package).  Prints the\n"
	  "pages' paths.  Needs gnuplot (apt-get install gnuplot-nox).\n\n"
	  "  --out DIR      where (default: out)\n"
	  "  --month M      the month aggregated (default: the last aggregation's)\n"
	  "  --lang L       languages, comma-separated: fr, nl, en (default: fr,nl)\n"
	  "  --min-cell N   counts of 1 to N-1 are published as <N (default: 5);\n"
	  "                 a month published at another minimum cell is refused\n"
	  "                 (exit 65: two pages of the same data at two\n"
	  "                 thresholds, read together, give small counts away)\n"
	  "  --new-threshold  publish the month at this minimum cell all the same\n"
	  "  --chart-files  also each chart as an SVG file of its own, in\n"
	  "                 DIR/<YYYY-MM>/charts/<figure>.<lang>.svg\n"
	  "  --publication N  publication N's pages written again, from the\n"
	  "                 database as it stood when they were written (on a\n"
	  "                 copy; the database is only read), with its own\n"
	  "                 month, languages and minimum cell, and checked byte\n"
	  "                 for byte against what was recorded: exit 65 when\n"
	  "                 they differ; the pages say both dates, and go to a\n"
	  "                 folder of their own (--out; default: reproduced),\n"
	  "                 never over pages already there\n" },
	{ "audit", cmd_audit, "[--db FILE] [--min-cell N] [--list]",
	  "Audit the disclosure of the month's report without writing it: every\n"
	  "figure the pages show of partner violence, of each measure's\n"
	  "phenomena by form and by sex, and of each measure's series, as one\n"
	  "set of linked figures; what is hidden; and, for each small figure\n"
	  "hidden, the interval a reader can derive from everything shown (a\n"
	  "linear programme).  Exits 65 when a small figure cannot be protected.\n\n"
	  "  --min-cell N   as for report (default: 5)\n"
	  "  --list         a CSV of every hidden figure and its interval on\n"
	  "                 stdout, the summary on stderr\n" },
	{ "publications", cmd_publications, "[--db FILE]",
	  "List what each report published: the month, when the pages were\n"
	  "written and from how many deliveries, the settings, how many figures\n"
	  "were kept (and hidden), and each page with its SHA-256.  The figures\n"
	  "themselves: suivi export --what vintages; the pages: --what\n"
	  "publications.\n" },
	{ "explain", cmd_explain,
	  "--figure KEY [--publication N] [--db FILE]",
	  "Where a published figure came from: the deliveries that carried the\n"
	  "incidents behind it when its publication was written, each with how\n"
	  "many (CSV on stdout: zone, delivery month and version, file, SHA-256,\n"
	  "incidents), and on stderr whether they add up to the figure as shown.\n"
	  "Knows the months of a measure's series (S/M5.9/202608) and of a\n"
	  "breakdown by sex (m/ipv_by_victim_sex/F/202608), and the rows of the\n"
	  "12-month tables (t/ipv_by_form/all/0); suivi export --what vintages\n"
	  "lists every figure's key.\n\n"
	  "  --figure KEY       the figure (required)\n"
	  "  --publication N    which (default: the last; suivi publications)\n"
	  "  --db FILE          the database (default: " DB_DEFAULT_PATH ")\n" },
	{ "release", cmd_release,
	  "--out DIR [--publication N] [--settings FILE] [--db FILE]",
	  "Release a publication as open data: the data of each of its charts\n"
	  "exactly as the report wrote them (DIR/data/fig-N.csv, checked against\n"
	  "the SHA-256 kept: a file changed since is refused, exit 65), its\n"
	  "linked figures (DIR/data/figures.csv), a value hidden to protect\n"
	  "small counts empty with the status 'suppressed', and a Frictionless\n"
	  "Data Package descriptor, DIR/datapackage.json, whose fields the\n"
	  "database's dictionary describes.  Nothing the pages did not show.\n"
	  "(The exports of suivi export are exact and internal: not for\n"
	  "publication.)\n\n"
	  "  --out DIR          where (made if missing; files replaced whole)\n"
	  "  --publication N    which (default: the last; suivi publications)\n"
	  "  --settings FILE    title, publisher, licence and citation (default:\n"
	  "                     the reference folder's release.conf)\n"
	  "  --db FILE          the database (default: " DB_DEFAULT_PATH ")\n" },
	{ "partners", cmd_partners, "[--db FILE] FILE...",
	  "Load what the plan's partners send: their figures for the measures\n"
	  "incident data cannot serve, and the progress of the plan's measures\n"
	  "(the kind is recognised by the header, in French, Dutch or English;\n"
	  "'suivi template' writes an empty one).  Each file whole or not at\n"
	  "all: a wrong row refuses the file, with its line and what is wrong.\n"
	  "The same file twice changes nothing; a new value for a figure or a\n"
	  "report already loaded revises it, the earlier one kept.  Exit 65\n"
	  "when a file was refused, 66 when one is missing.\n\n"
	  "  --db FILE   the database (default: " DB_DEFAULT_PATH ")\n" },
	{ "template", cmd_template,
	  "figures|progress [--lang fr|nl|en] [--excel] [--out FILE] [--db FILE]",
	  "Write an empty partner file to send out: for figures, one row per\n"
	  "partner indicator of the catalogue (measure, indicator, unit and the\n"
	  "partner expected filled in); for progress, one row per measure and\n"
	  "partner of the plan.\n\n"
	  "  --lang L    the column names' language: fr (default), nl or en\n"
	  "  --excel     ';' and a BOM, as spreadsheets in fr-BE/nl-BE open it\n"
	  "  --out FILE  write to FILE (replaced whole, only on success)\n"
	  "  --db FILE   the database (default: " DB_DEFAULT_PATH ")\n" },
	{ "run", cmd_run,
	  "--inbox DIR [--sample] [--db FILE] [--create] [--out DIR]\n"
	  "                 [--month YYYY-MM] [--lang L] [--min-cell N] "
	  "[--new-threshold]\n                 [--verbose] [--require-all-zones] "
	  "[--chart-files]",
	  "The month's whole job: ingest every new extract of the inbox and the\n"
	  "partners' files of DIR/partners/, aggregate, write the report.  The\n"
	  "report's pages are printed on stdout.  A zone that has not delivered\n"
	  "the month under review is said.  Exit 65 when an extract was refused\n"
	  "(the report is still written, from everything else).\n\n"
	  "  --inbox DIR    the extracts: DIR/*.csv and DIR/<zone>/*.csv (required)\n"
	  "  --sample       when DIR does not exist, generate the sample there\n"
	  "                 first (synthetic data: the report says so); makes the\n"
	  "                 database if it is not there\n"
	  "  --create       make the database if it is not there (else only\n"
	  "                 suivi init makes one)\n"
	  "  --out DIR      the reports (default: out)\n"
	  "  --month M      the month under review (default: the latest month\n"
	  "                 most zones delivered)\n"
	  "  --lang L       as for report (default: fr,nl)\n"
	  "  --min-cell N   as for report (default: 5)\n"
	  "  --new-threshold  as for report\n"
	  "  --chart-files  as for report\n"
	  "  --verbose      a line for every file, known ones too\n"
	  "  --require-all-zones  exit 75 when a zone has not delivered the\n"
	  "                 month under review (the report is written): run\n"
	  "                 again once it has\n"
	  "  --db FILE      the database (default: " DB_DEFAULT_PATH ")\n" },
	{ "sample", cmd_sample,
	  "[--out DIR] [--seed N] [--from YYYY-MM] [--to YYYY-MM] [--scale X]\n"
	  "                    [--events YYYY-MM]",
	  "Generate realistic monthly extracts of the six zones, each in its own\n"
	  "dialect, with defects, a month not delivered, a re-delivered month and\n"
	  "injected emerging phenomena, and DIR/truth.json saying all of it.\n"
	  "The same arguments give byte-identical files, and a later --to adds\n"
	  "files without changing any earlier one.\n\n"
	  "  --out DIR       where to write (default: sample)\n"
	  "  --seed N        random seed (default: 1)\n"
	  "  --from YYYY-MM  first month (default: 2019-01)\n"
	  "  --to YYYY-MM    last month (default: 2026-10)\n"
	  "  --scale X       volume, 1 = about 150,000 facts a year (default: 1)\n"
	  "  --events M      the month the injected anomalies lead up to; the\n"
	  "                  month not delivered is 40 months before it, the\n"
	  "                  re-delivered one 32 (default: 2026-10)\n" },
	{ "status", cmd_status, "[--db FILE] [--json]",
	  "Say what the database holds.\n\n"
	  "  --db FILE   the database (default: " DB_DEFAULT_PATH ")\n"
	  "  --json      one JSON object on stdout, for scripts\n" },
	{ "export", cmd_export,
	  "[--db FILE] --what TABLE [--format csv|json] [--excel[=fr|nl]]\n"
	  "                    [--out FILE] [--all-versions] [--as-of TIME]\n"
	  "                    [--from YYYY-MM] [--to YYYY-MM] [--zone Z]\n"
	  "                    [--phenomenon CODE] [--columns C1,C2,...]\n"
	  "       suivi export [--db FILE] --package DIR",
	  "Write a table for analysts: CSV (UTF-8, comma) or JSON, on stdout\n"
	  "unless --out is given.  The README's data dictionary describes every\n"
	  "column.  The exports are exact, small counts included: internal, not\n"
	  "for publication (suivi release packages what a report published).\n\n"
	  "  --what TABLE    incidents, quarantine, extracts, cube, cube-registered,\n"
	  "                  coverage, indicators, series, trends, alarms, modus,\n"
	  "                  catalogue, measures, communes, phenomena, mapping,\n"
	  "                  delays, nowcast, figures, progress, messages,\n"
	  "                  publications, vintages, revision-triangle,\n"
	  "                  net-changes, alarm-history or signal-history\n"
	  "  --package DIR   every table as DIR/data/<table>.csv, with a\n"
	  "                  Frictionless DIR/datapackage.json that types and\n"
	  "                  describes their columns (for R, Python, DuckDB)\n"
	  "  --format F      csv (default) or json\n"
	  "  --excel         CSV for spreadsheets in fr-BE/nl-BE locales: ';', a BOM\n"
	  "                  and decimal commas; --excel=fr or --excel=nl also\n"
	  "                  gives the column heads in French or Dutch\n"
	  "  --out FILE      write to FILE (replaced whole, only on success)\n"
	  "  --all-versions  incidents: every version of every incident, with the\n"
	  "                  delivery that brought it and its status (current,\n"
	  "                  superseded, withdrawn)\n"
	  "  --as-of TIME    as the database stood at TIME (see aggregate): the\n"
	  "                  incidents, quarantine and extracts then; the derived\n"
	  "                  tables only after 'suivi aggregate --as-of TIME'\n"
	  "  --from M, --to M  only the months from, to (the month column, or the\n"
	  "                  date of facts of the incidents)\n"
	  "  --zone Z        only zone Z's rows\n"
	  "  --phenomenon C  only phenomenon C (a code, or measure:Mx.y)\n"
	  "  --columns C,... only these columns, in this order\n"
	  "  --db FILE       the database (default: " DB_DEFAULT_PATH ")\n\n"
	  "These exports are for analysts: exact counts, no disclosure control\n"
	  "(the report applies it).\n" },
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

const command *
cli_command(const char *name)
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
	fprintf(out, "\n'suivi <command> --help' or 'suivi help <command>' says "
	    "more; 'suivi --version' prints the version.\n");
}

/* Edit distance between a and b (insert, delete, replace, swap two). */
static int
distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	int d[16][16];

	if (la > 15 || lb > 15)
		return 99;
	for (size_t i = 0; i <= la; i++)
		for (size_t j = 0; j <= lb; j++) {
			if (!i || !j) {
				d[i][j] = (int)(i + j);
				continue;
			}
			int v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	return d[la][lb];
}

/* The command closest to a misspelt name, within two edits, or NULL. */
static const command *
nearest_command(const char *name)
{
	const command *best = NULL;
	int bestd = 3;

	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
		int d = distance(name, commands[i].name);
		if (d < bestd)
			bestd = d, best = &commands[i];
	}
	return best;
}

int
main(int argc, char **argv)
{
	const command *c;

	db_setup();
	/* a write past a file size limit (ulimit -f) fails, and is reported
	 * as the I/O error it is, instead of killing suivi without a word */
	signal(SIGXFSZ, SIG_IGN);
	if (argc < 2) {
		main_usage(stderr);
		return SV_USAGE;
	}
	if (strcmp(argv[1], "help") == 0 && argc > 2) {
		/* suivi help CMD: CMD --help */
		char *help[] = { argv[2], "--help", NULL };
		if ((c = cli_command(argv[2])))
			return c->run(2, help);
		argv++;
	} else if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		main_usage(stdout);
		return SV_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("suivi %s (SQLite %s)\n", SUIVI_VERSION, sqlite3_libversion());
		return SV_OK;
	}
	if (!(c = cli_command(argv[1]))) {
		const command *near = nearest_command(argv[1]);
		fputs("suivi: unknown command '", stderr);
		text_fputs_safe(stderr, argv[1]);
		fputs("'", stderr);
		if (near)
			fprintf(stderr, "; did you mean '%s'?", near->name);
		putc('\n', stderr);
		main_usage(stderr);
		return SV_USAGE;
	}
	return c->run(argc - 1, argv + 1);
}
