/*
 * status — what the database holds, in a few numbers.
 *
 * The JSON keys are a contract (tests and scripts read them); the text
 * form is for people and may change.
 */
#include "reports.h"

#include "../core/db.h"

typedef struct count {
	const char *key;
	const char *label;
	const char *sql;
} count;

static const count counts[] = {
	{ "axes", "axes", "SELECT count(*) FROM axis" },
	{ "measures", "measures", "SELECT count(*) FROM measure" },
	{ "zones", "police zones", "SELECT count(*) FROM zone" },
	{ "communes", "communes", "SELECT count(*) FROM commune" },
	{ "phenomena", "phenomena", "SELECT count(*) FROM phenomenon" },
	{ "phenomenon_aliases", "phenomenon aliases",
	  "SELECT count(*) FROM phenomenon_alias" },
	{ "header_synonyms", "header synonyms",
	  "SELECT count(*) FROM header_synonym" },
	{ "extracts", "extracts", "SELECT count(*) FROM extract" },
	{ "incidents", "incidents", "SELECT count(*) FROM incident" },
	{ "quarantined", "rows quarantined", "SELECT count(*) FROM quarantine" },
};

static const char *const pillars[] = { "prevention", "reaction", "suivi" };

static long long
pillar_count(sqlite3 *db, int i)
{
	static const char *const sql[] = {
		"SELECT count(*) FROM measure WHERE pillar = 'prevention'",
		"SELECT count(*) FROM measure WHERE pillar = 'reaction'",
		"SELECT count(*) FROM measure WHERE pillar = 'suivi'",
	};
	return db_scalar(db, sql[i]);
}

static void
write_json(sqlite3 *db, FILE *out)
{
	fprintf(out, "{\"schema_version\":%d", db_schema_version(db));
	for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
		fprintf(out, ",\"%s\":%lld", counts[i].key,
		    db_scalar(db, counts[i].sql));
		if (i == 1) {
			fputs(",\"measures_by_pillar\":{", out);
			for (int p = 0; p < 3; p++)
				fprintf(out, "%s\"%s\":%lld", p ? "," : "",
				    pillars[p], pillar_count(db, p));
			putc('}', out);
		}
	}
	fputs("}\n", out);
}

static void
write_text(sqlite3 *db, FILE *out)
{
	fprintf(out, "schema version      %d\n", db_schema_version(db));
	for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
		fprintf(out, "%-20s%lld\n", counts[i].label,
		    db_scalar(db, counts[i].sql));
		if (i == 1)
			for (int p = 0; p < 3; p++)
				fprintf(out, "  %-18s%lld\n", pillars[p],
				    pillar_count(db, p));
	}
}

int
status_write(sqlite3 *db, int json, FILE *out, sv_err *e)
{
	if (json)
		write_json(db, out);
	else
		write_text(db, out);
	if (fflush(out) != 0 || ferror(out))
		return sv_errf(e, SV_IOERR, "cannot write the status");
	return SV_OK;
}
