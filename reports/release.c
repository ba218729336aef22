/*
 * release — a publication as open data (suivi release): the data of each
 * chart it showed, exactly as written beside its pages and checked
 * against the SHA-256 kept when they were written, the figures of its
 * linked set (audit.h) with the hidden ones empty, and a Frictionless
 * Data Package descriptor (datapackage.json: Data Package and Table
 * Schema, version 1) whose fields are described by the database's
 * dictionary and whose title, publisher, licence and citation come from
 * a small settings file (reference/release.conf).
 *
 * Nothing is recomputed: the charts' data are the bytes the report wrote,
 * kept in the database with their SHA-256 (schema 16: publication_chart),
 * so a release holds no count its publication did not show, and any past
 * publication can be released again, byte for byte.
 */
#include "reports.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/db.h"
#include "../core/outfile.h"
#include "../core/refdata.h"
#include "../core/sha256.h"
#include "../core/tabwrite.h"
#include "../core/text.h"
#include "charts.h"
#include "datapackage.h"
#include "publish.h"

/* The settings file's keys, in the order the README documents them. */
enum { S_TITLE_FR, S_TITLE_NL, S_PUBLISHER, S_CONTACT, S_HOMEPAGE,
    S_LICENSE, S_LICENSE_TITLE, S_LICENSE_PATH, S_CITATION, S_N };
static const char *const setting_keys[S_N] = { "title_fr", "title_nl",
    "publisher", "contact", "homepage", "license", "license_title",
    "license_path", "citation" };

typedef struct settings {
	char v[S_N][512];       /* "" where the file says nothing */
} settings;

/* The release's CSV files: their columns' types and constraints (their
 * meanings are the dictionary's). */
#define STATUS_CHART "{\"required\": true, \"enum\": [\"shown\", " \
	"\"provisional\", \"suppressed\", \"not_delivered\"]}"
#define REQUIRED "{\"required\": true}"
static const dp_field figure_fields[] = {
	{ "figure", "string", REQUIRED }, { "kind", "string", NULL },
	{ "subject", "string", NULL }, { "part", "string", NULL },
	{ "period", "string", NULL }, { "value", "number", NULL },
	{ "status", "string", "{\"required\": true, \"enum\": [\"shown\", "
	  "\"suppressed\"]}" } };

#define NFIGURE_FIELDS (int)(sizeof figure_fields / sizeof *figure_fields)
#define CHART_FIELDS 6          /* month, zone, series, part, value, status */

/* The chart files' fields, series constrained to the codes charts use
 * (charts.h: chart_data_series). */
static void
chart_fields(dp_field f[CHART_FIELDS], char *series, size_t n)
{
	size_t len = (size_t)snprintf(series, n, "{\"required\": true, \"enum\": [");

	for (const chart_series_def *d = chart_data_series; d->code && len < n;
	    d++)
		len += (size_t)snprintf(series + len, n - len, "%s\"%s\"", d ==
		    chart_data_series ? "" : ", ", d->code);
	if (len < n)
		snprintf(series + len, n - len, "]}");
	f[0] = (dp_field){ "month", "yearmonth", REQUIRED };
	f[1] = (dp_field){ "zone", "integer", NULL };
	f[2] = (dp_field){ "series", "string", series };
	f[3] = (dp_field){ "part", "string", NULL };
	f[4] = (dp_field){ "value", "number", NULL };
	f[5] = (dp_field){ "status", "string", STATUS_CHART };
}

/* Whether a setting's value is of its form (the descriptor's licence
 * name, contributor e-mail and URLs must be, for a validator). */
static int
setting_ok(int k, const char *v)
{
	if (k == S_LICENSE)
		return strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		    "0123456789.+-") == strlen(v);
	if (k == S_CONTACT)
		return strchr(v, '@') && !strpbrk(v, " \t<>\"");
	if (k == S_HOMEPAGE || k == S_LICENSE_PATH)
		return (!strncmp(v, "https://", 8) || !strncmp(v, "http://", 7)) &&
		    !strpbrk(v, " \t<>\"");
	return 1;
}

static int
settings_load(const char *path, settings *s, sv_err *e)
{
	FILE *fp = fopen(path, "r");
	char line[1024];
	long n = 0;

	memset(s, 0, sizeof *s);
	if (!fp)
		return sv_errf(e, SV_NOINPUT, "%s: cannot read the release's settings: "
		    "%s", path, strerror(errno));
	while (fgets(line, sizeof line, fp)) {
		char *key = line, *eq, *val, *end;
		int k;
		n++;
		if (!strchr(line, '\n') && !feof(fp)) {
			fclose(fp);
			return sv_errf(e, SV_DATAERR, "%s:%ld: a line longer than %zu "
			    "bytes", path, n, sizeof line - 2);
		}
		key += strspn(key, " \t");
		if (*key == '#' || *key == '\n' || *key == '\r' || !*key)
			continue;
		if (!(eq = strchr(key, '='))) {
			fclose(fp);
			return sv_errf(e, SV_DATAERR, "%s:%ld: not 'key = value'", path, n);
		}
		for (end = eq; end > key && (end[-1] == ' ' || end[-1] == '\t'); )
			end--;
		*end = '\0';
		val = eq + 1 + strspn(eq + 1, " \t");
		val[strcspn(val, "\r\n")] = '\0';
		for (end = val + strlen(val); end > val && (end[-1] == ' ' ||
		    end[-1] == '\t'); )
			*--end = '\0';
		for (k = 0; k < S_N && strcmp(key, setting_keys[k]); k++)
			;
		if (k == S_N) {
			fclose(fp);
			return sv_errf(e, SV_DATAERR, "%s:%ld: unknown setting '%s' (title_fr, "
			    "title_nl, publisher, contact, homepage, license, license_title, "
			    "license_path, citation)", path, n, key);
		}
		if (strlen(val) >= sizeof s->v[k]) {
			fclose(fp);
			return sv_errf(e, SV_DATAERR, "%s:%ld: %s is longer than %zu bytes",
			    path, n, key, sizeof s->v[k] - 1);
		}
		snprintf(s->v[k], sizeof s->v[k], "%s", val);
		if (!text_utf8_valid(val, strlen(val)) || !setting_ok(k, val)) {
			fclose(fp);
			return sv_errf(e, SV_DATAERR, "%s:%ld: %s: %s", path, n, key,
			    !text_utf8_valid(val, strlen(val)) ? "not UTF-8" : k ==
			    S_LICENSE ? "an SPDX licence id, such as CC-BY-4.0" : k ==
			    S_CONTACT ? "an e-mail address" : "an http:// or https:// URL");
		}
	}
	fclose(fp);
	return SV_OK;
}

/* A figure's id becomes a file name: only what the pages make (fig-5). */
static int
safe_name(const char *s)
{
	return !strncmp(s, "fig-", 4) && s[4] && strspn(s + 4, "0123456789") ==
	    strlen(s + 4) && strlen(s) < 32;
}

/* Whether a chart's data, as kept, are what was written: SV_DATAERR
 * naming it when its SHA-256 is not the one recorded with it. */
static int
check_kept(const void *data, size_t len, const char *sha, long long id,
    const char *fig, sv_err *e)
{
	char hex[65];

	sha256_of(data, len, hex);
	return strcmp(hex, sha) ? sv_errf(e, SV_DATAERR, "release: the data of %s "
	    "of publication %lld are not what was written (their SHA-256 "
	    "differs from the one recorded): the database was changed by hand "
	    "or damaged; nothing released", fig, id) : SV_OK;
}

/* DIR/data/figures.csv: the region's rows of the 12-month tables as the
 * publication showed them.  The linked set's other figures are its
 * charts' (in their data, as drawn): a share's terms, for one, are kept
 * for the audit even where the chart was withheld whole. */
static int
write_figures(sqlite3 *db, long long id, const char *dest, sv_err *e)
{
	tabwrite_opts t = { 0, ',', 0, 0, NULL, NULL, NULL };
	sqlite3_stmt *st;
	outfile f;
	int rc;

	if ((rc = db_prepare(db, &st, "SELECT figure, kind, subject, part, period, "
	    "CASE WHEN shown THEN value END AS value, CASE WHEN shown THEN 'shown' "
	    "ELSE 'suppressed' END AS status FROM published_value WHERE "
	    "publication = ?1 AND kind = 'table' ORDER BY figure", e)))
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = outfile_open(&f, dest, e))) {
		sqlite3_finalize(st);
		return rc;
	}
	rc = tabwrite_stmt(db, st, &t, f.fp, e);
	return outfile_close(&f, rc, e);
}

/* "key": "text" (with a comma before unless first). */
static void
json_pair(FILE *out, const char *key, const char *text, int *first)
{
	fprintf(out, "%s\n  ", *first ? "" : ",");
	*first = 0;
	tabwrite_json_string(out, key);
	fputs(": ", out);
	tabwrite_json_string(out, text);
}

/* The package's own properties: names, publisher, licence, provenance. */
static void
write_head(FILE *out, const settings *s, const publish_info *pi)
{
	long long id = pi->id;
	const char *month = pi->month;
	char name[64], title[1200];
	int first = 1;

	snprintf(name, sizeof name, "suivi-%s-publication-%lld", month, id);
	snprintf(title, sizeof title, "%s — %s", *s->v[S_TITLE_FR] ?
	    s->v[S_TITLE_FR] : "suivi", month);
	putc('{', out);
	json_pair(out, "profile", "tabular-data-package", &first);
	json_pair(out, "name", name, &first);
	json_pair(out, "title", title, &first);
	if (*s->v[S_TITLE_NL]) {
		snprintf(title, sizeof title, "%s — %s", s->v[S_TITLE_NL], month);
		json_pair(out, "title_nl", title, &first);
	}
	json_pair(out, "description", "The data of every chart of the monthly "
	    "report as it was published (data/fig-N.csv; a value hidden to "
	    "protect small counts is empty, its status 'suppressed'), and the "
	    "figures of the report's linked tables (data/figures.csv).", &first);
	json_pair(out, "created", pi->written_at, &first);
	json_pair(out, "version", name + 6, &first);
	if (*s->v[S_HOMEPAGE])
		json_pair(out, "homepage", s->v[S_HOMEPAGE], &first);
	if (*s->v[S_CITATION])
		json_pair(out, "citation", s->v[S_CITATION], &first);
	fprintf(out, ",\n  \"licenses\": [{\"name\": ");
	tabwrite_json_string(out, *s->v[S_LICENSE] ? s->v[S_LICENSE] :
	    "other-closed");
	if (*s->v[S_LICENSE_PATH]) {
		fputs(", \"path\": ", out);
		tabwrite_json_string(out, s->v[S_LICENSE_PATH]);
	}
	if (*s->v[S_LICENSE_TITLE]) {
		fputs(", \"title\": ", out);
		tabwrite_json_string(out, s->v[S_LICENSE_TITLE]);
	}
	fputs("}]", out);
	if (*s->v[S_PUBLISHER]) {
		fputs(",\n  \"contributors\": [{\"role\": \"publisher\", \"title\": ",
		    out);
		tabwrite_json_string(out, s->v[S_PUBLISHER]);
		if (*s->v[S_CONTACT]) {
			fputs(", \"email\": ", out);
			tabwrite_json_string(out, s->v[S_CONTACT]);
		}
		fputs("}]", out);
	}
	fprintf(out, ",\n  \"suivi\": {\"publication\": %lld, \"month\": ", id);
	tabwrite_json_string(out, month);
	fputs(", \"state_sha256\": ", out);
	tabwrite_json_string(out, pi->state);
	fprintf(out, ", \"min_cell\": %d}", pi->min_cell);
}

/* Each chart's data kept with publication id: checked (out NULL) or
 * written to the release with its resource. */
static int
release_charts(sqlite3 *db, FILE *out, const release_opts *o, long long id,
    long *n, sv_err *e)
{
	sqlite3_stmt *st;
	char dest[4400], desc[200], series[1024];
	dp_field fields[CHART_FIELDS];
	int rc, step;
	outfile f;

	*n = 0;
	chart_fields(fields, series, sizeof series);
	if ((rc = db_prepare(db, &st, "SELECT figure, data, sha256, "
	    "coalesce(title_fr, title_nl, title_en, figure), coalesce(title_nl, ''), "
	    "coalesce(title_en, '') FROM publication_chart WHERE publication = ?1 "
	    "ORDER BY CAST(substr(figure, 5) AS INTEGER), figure", e)))
		return rc;
	sqlite3_bind_int64(st, 1, id);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *fig = (const char *)sqlite3_column_text(st, 0);
		const void *data = sqlite3_column_blob(st, 1);
		size_t len = (size_t)sqlite3_column_bytes(st, 1);
		const char *title[2] = { (const char *)sqlite3_column_text(st, 3),
		    (const char *)sqlite3_column_text(st, 4) };
		if (!safe_name(fig)) {
			rc = sv_errf(e, SV_DATAERR, "release: publication %lld names a "
			    "chart '%s', not a figure of the pages", id, fig);
			break;
		}
		if ((rc = check_kept(data, len, (const char *)sqlite3_column_text(st,
		    2), id, fig, e)) || !out) {
			(*n)++;
			continue;
		}
		snprintf(dest, sizeof dest, "%s/data/%s.csv", o->out, fig);
		snprintf(desc, sizeof desc, "The values of %s on the report's pages, "
		    "as drawn.", fig);
		if ((rc = outfile_open(&f, dest, e)))
			break;
		if (len)
			fwrite(data, 1, len, f.fp);
		dp_resource r = { fig, title[0], title[1], desc,
		    "release_chart_csv", fields, CHART_FIELDS };
		if (!(rc = outfile_close(&f, SV_OK, e)))
			rc = dp_write_resource(db, out, o->out, &r, *n == 0, e);
		(*n)++;
	}
	sqlite3_finalize(st);
	return rc ? rc : step == SQLITE_DONE ? SV_OK : db_fail(db, step, e);
}

/* The dictionary describes the release's fields: a database whose
 * reference copy predates suivi release must be brought up to date. */
static int
dictionary_ready(sqlite3 *db, sv_err *e)
{
	long long n;
	int rc;

	if ((rc = db_integer(db, "SELECT count(*) FROM dictionary WHERE object IN "
	    "('release_chart_csv', 'release_figures_csv')", &n, e)))
		return rc;
	return n >= CHART_FIELDS + NFIGURE_FIELDS ? SV_OK : sv_errf(e, SV_DATAERR,
	    "release: the database's "
	    "dictionary does not describe the release's fields yet: run 'suivi "
	    "init' on it to bring its reference data up to date");
}

/* Whether a data file of the release's folder is one of publication
 * id's charts (glob's path: ".../data/fig-5.csv"); -1 on a database
 * error, in e. */
typedef struct kept {
	sqlite3 *db;
	sqlite3_stmt *st;
	long long id;
	sv_err *e;
} kept;

static int
is_published(const char *path, void *ctx)
{
	kept *k = ctx;
	const char *base = strrchr(path, '/') + 1;
	int found;

	sqlite3_reset(k->st);
	sqlite3_bind_int64(k->st, 1, k->id);
	sqlite3_bind_text(k->st, 2, base, (int)strlen(base) - 4, SQLITE_TRANSIENT);
	return db_lookup(k->db, k->st, &found, k->e) ? -1 : found;
}

/* Data files of charts the publication did not have, left in the
 * release's folder by another: they would contradict its descriptor. */
static int
remove_stale(sqlite3 *db, const char *dir, long long id, sv_err *e)
{
	kept k = { db, NULL, id, e };
	char pattern[4400];
	int rc;

	if ((rc = db_prepare(db, &k.st, "SELECT 1 FROM publication_chart WHERE "
	    "publication = ?1 AND figure = ?2", e)))
		return rc;
	snprintf(pattern, sizeof pattern, "%s/data/fig-*.csv", dir);
	rc = outfile_prune(pattern, is_published, &k) ? e->code : SV_OK;
	sqlite3_finalize(k.st);
	return rc;
}

/* The release, inside the caller's read transaction: the same state for
 * the check of every chart's data and their writing. */
static int
release_in(sqlite3 *db, const release_opts *o, const settings *s, FILE *log,
    sv_err *e)
{
	char path[4400];
	publish_info pi;
	long long id;
	long charts = 0;
	int rc;
	outfile f;
	const char *figures_title[2] = { "Les lignes de la Région des tableaux "
	    "sur 12 mois", "De rijen van het Gewest in de tabellen over 12 "
	    "maanden" };

	if ((rc = publish_find(db, o->publication, &pi, e)) ||
	    (rc = dictionary_ready(db, e)))
		return rc;
	id = pi.id;
	/* every chart's data checked before a file is written */
	if ((rc = release_charts(db, NULL, o, id, &charts, e)))
		return rc;
	if (!charts)
		return sv_errf(e, SV_DATAERR, "release: publication %lld was written "
		    "by a suivi that did not keep its charts' data: run the report "
		    "again to publish anew", id);
	snprintf(path, sizeof path, "%s/data", o->out);
	if ((rc = outfile_dir(o->out, e)) || (rc = outfile_dir(path, e)))
		return rc;
	snprintf(path, sizeof path, "%s/datapackage.json", o->out);
	if ((rc = outfile_open(&f, path, e)))
		return rc;
	write_head(f.fp, s, &pi);
	fputs(",\n  \"resources\": [", f.fp);
	rc = release_charts(db, f.fp, o, id, &charts, e);
	snprintf(path, sizeof path, "%s/data/figures.csv", o->out);
	dp_resource r = { "figures", figures_title[0], figures_title[1], "The "
	    "region's row of each 12-month table of the pages (the last 12 "
	    "months and the 12 before), as shown: a count hidden to protect "
	    "small counts is empty, its status 'suppressed'.",
	    "release_figures_csv", figure_fields, NFIGURE_FIELDS };
	if (!rc && !(rc = write_figures(db, id, path, e)))
		rc = dp_write_resource(db, f.fp, o->out, &r, 0, e);
	fputs("\n  ]\n}\n", f.fp);
	if ((rc = outfile_close(&f, rc, e)) || (rc = remove_stale(db, o->out, id,
	    e)))
		return rc;
	fprintf(log, "suivi release: publication %lld (%s): %ld charts' data and "
	    "the tables' figures in %s\n", id, pi.month, charts, o->out);
	return SV_OK;
}

int
release_write(sqlite3 *db, const release_opts *o, FILE *log, sv_err *e)
{
	char path[4400];
	settings s;
	sv_err ignored;
	int rc;

	snprintf(path, sizeof path, "%s/release.conf", refdata_default_dir());
	if ((rc = settings_load(o->settings ? o->settings : path, &s, e)) ||
	    (rc = db_exec(db, "BEGIN", e)))
		return rc;
	rc = release_in(db, o, &s, log, e);
	db_exec(db, "COMMIT", &ignored);
	return rc;
}
