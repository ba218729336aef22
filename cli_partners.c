/*
 * cli_partners — the commands for what the plan's partners send:
 * partners (load their files) and template (an empty file to send them).
 * See cli.h.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

#include "core/db.h"
#include "core/outfile.h"
#include "partners/partners.h"
#include "core/msg.h"

int
cmd_partners(int argc, char **argv)
{
	const command *c = cli_command("partners");
	common_opts o;
	sqlite3 *db;
	sv_err e;
	int rc, worst = SV_OK;

	if ((rc = cli_parse_opts(c, argc, argv, NULL, NULL, NULL, &o)))
		return rc < 0 ? 0 : rc;
	if (optind >= argc)
		return cli_usage(c, "name the partner files to load");
	if (cli_open(&o, 0, &db, &e))
		return cli_fail(&e);
	/* every file is tried; the worst status is the exit's */
	for (int i = optind; i < argc; i++)
		if ((rc = partners_load(db, argv[i], 1, stderr, &e)) &&
		    cli_fail(&e) > worst)
			worst = rc;
	db_close(db);
	return worst;
}

typedef struct template_args {
	const char *lang, *out;
	int excel;
} template_args;

static int
template_opt(int ch, const char *arg, void *ctx)
{
	template_args *a = ctx;

	switch (ch) {
	case 'l':
		a->lang = arg;
		return msg_lang_known(arg) ? SV_OK : SV_USAGE;
	case 'o': a->out = arg; return SV_OK;
	case 'x': a->excel = 1; return SV_OK;
	}
	return SV_USAGE;
}

int
cmd_template(int argc, char **argv)
{
	static const struct option extra[] = {
		{ "lang", required_argument, NULL, 'l' },
		{ "out", required_argument, NULL, 'o' },
		{ "excel", no_argument, NULL, 'x' }, { 0 } };
	const command *c = cli_command("template");
	template_args a = { "fr", NULL, 0 };
	enum partner_kind kind;
	common_opts o;
	outfile out;
	sqlite3 *db;
	sv_err e;
	int rc;

	const char *which = NULL;

	/* the kind first (suivi template figures --lang nl), or last */
	if (argc > 1 && argv[1][0] != '-') {
		which = argv[1];
		argv++, argc--;
	}
	if ((rc = cli_parse_opts(c, argc, argv, extra, template_opt, &a, &o)))
		return rc < 0 ? 0 : rc;
	if (!which && optind == argc - 1)
		which = argv[optind++];
	if (optind != argc || !which || (strcmp(which, "figures") &&
	    strcmp(which, "progress")))
		return cli_usage(c, "say which template: figures or progress");
	kind = strcmp(which, "figures") ? PARTNER_PROGRESS : PARTNER_FIGURES;
	if (cli_open(&o, 0, &db, &e))
		return cli_fail(&e);
	if (!(rc = outfile_open(&out, a.out ? a.out : "-", &e)))
		rc = outfile_close(&out, partners_template(db, kind, a.lang,
		    a.excel, out.fp, &e), &e);
	db_close(db);
	return rc ? cli_fail(&e) : SV_OK;
}
