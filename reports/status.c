/*
 * status — what the database holds, in a few numbers.
 *
 * The JSON keys are a contract (tests and scripts read them); the text
 * form is for people and may change.
 */
#include "reports.h"

#include "../core/db.h"
#include "tabwrite.h"

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
	{ "indicator_values", "indicator values",
	  "SELECT count(*) FROM indicator_value" },
	{ "trends", "trends", "SELECT count(*) FROM trend" },
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

/* "label": count, for each raw label that maps to no phenomenon. */
static void
json_unmapped(sqlite3 *db, FILE *out)
{
	sqlite3_stmt *st;
	int n = 0;

	fputs(",\"unmapped\":{", out);
	if (sqlite3_prepare_v2(db, "SELECT raw, incidents FROM label_map WHERE "
	    "phenomenon = 'unmapped' ORDER BY incidents DESC, raw", -1, &st,
	    NULL) == SQLITE_OK) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			fputs(n++ ? "," : "", out);
			tabwrite_json_string(out, (const char *)sqlite3_column_text(st, 0));
			fprintf(out, ":%lld", (long long)sqlite3_column_int64(st, 1));
		}
		sqlite3_finalize(st);
	}
	putc('}', out);
}

/* "zone": ["YYYY-MM", ...], the months each zone has not delivered. */
static void
json_not_delivered(sqlite3 *db, FILE *out)
{
	sqlite3_stmt *st;
	int zone = 0;

	fputs(",\"not_delivered\":{", out);
	if (sqlite3_prepare_v2(db, "SELECT zone, month FROM coverage WHERE NOT "
	    "delivered ORDER BY zone, month", -1, &st, NULL) == SQLITE_OK) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			int z = sqlite3_column_int(st, 0), m = sqlite3_column_int(st, 1);
			if (z != zone)
				fprintf(out, "%s\"%d\":[", zone ? "]," : "", z);
			else
				putc(',', out);
			fprintf(out, "\"%04d-%02d\"", m / 100, m % 100);
			zone = z;
		}
		sqlite3_finalize(st);
	}
	fputs(zone ? "]}" : "}", out);
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
	fprintf(out, ",\"aggregated_through\":");
	long long through = db_scalar(db, "SELECT through FROM aggregate_run "
	    "ORDER BY id DESC LIMIT 1");
	if (through > 0)
		fprintf(out, "\"%04lld-%02lld\"", through / 100, through % 100);
	else
		fputs("null", out);
	json_unmapped(db, out);
	json_not_delivered(db, out);
	fputs("}\n", out);
}

static void
text_lists(sqlite3 *db, FILE *out)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(db, "SELECT raw, incidents FROM label_map WHERE "
	    "phenomenon = 'unmapped' ORDER BY incidents DESC, raw", -1, &st,
	    NULL) == SQLITE_OK) {
		while (sqlite3_step(st) == SQLITE_ROW)
			fprintf(out, "unmapped label      %s (%lld incidents): add it "
			    "to reference/phenomenon_aliases.csv\n",
			    sqlite3_column_text(st, 0),
			    (long long)sqlite3_column_int64(st, 1));
		sqlite3_finalize(st);
	}
	if (sqlite3_prepare_v2(db, "SELECT zone, month FROM coverage WHERE NOT "
	    "delivered ORDER BY zone, month", -1, &st, NULL) == SQLITE_OK) {
		while (sqlite3_step(st) == SQLITE_ROW)
			fprintf(out, "not delivered       zone %d, %04d-%02d\n",
			    sqlite3_column_int(st, 0), sqlite3_column_int(st, 1) / 100,
			    sqlite3_column_int(st, 1) % 100);
		sqlite3_finalize(st);
	}
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
	text_lists(db, out);
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
