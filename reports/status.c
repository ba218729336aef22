/*
 * status — what the database holds, in a few numbers.
 *
 * The JSON keys are a contract (tests and scripts read them); the text
 * form is for people and may change.
 */
#include "reports.h"

#include "../core/db.h"
#include "../core/tabwrite.h"
#include "../core/text.h"

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
	{ "extracts_superseded", "extracts superseded", "SELECT count(*) FROM extract "
	  "WHERE state = 'superseded'" },
	{ "extracts_retracted", "extracts retracted", "SELECT count(*) FROM extract "
	  "WHERE state = 'retracted'" },
	{ "incidents_withdrawn", "incidents withdrawn", "SELECT count(*) FROM (SELECT "
	  "DISTINCT zone, ref FROM incident_past p WHERE NOT EXISTS (SELECT 1 FROM "
	  "incident i WHERE i.zone = p.zone AND i.ref = p.ref))" },
	{ "indicator_values", "indicator values",
	  "SELECT count(*) FROM indicator_value" },
	{ "trends", "trends", "SELECT count(*) FROM trend" },
};

static const char *const pillars[] = { "prevention", "reaction", "suivi" };

/* The one number sql gives (with ?1 bound to arg when arg is set). */
static int
count_of(sqlite3 *db, const char *sql, const char *arg, long long *n,
    sv_err *e)
{
	sqlite3_stmt *st;
	int rc, step;

	if ((rc = db_prepare(db, &st, sql, e)))
		return rc;
	if (arg)
		sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
	*n = (step = sqlite3_step(st)) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	return db_finish(db, st, step, e);
}

/* The lists: raw labels that map to no phenomenon, and the months each
 * zone has not delivered.  Each row goes to a writer for the form. */
enum list { LIST_UNMAPPED, LIST_NOT_DELIVERED };

static const char *const list_sql[] = {
	"SELECT raw, incidents FROM label_map WHERE phenomenon = 'unmapped' "
	"ORDER BY incidents DESC, raw",
	"SELECT zone, month FROM coverage WHERE NOT delivered ORDER BY zone, month",
};

/* n counts the rows before this one; prev is the writer's own memory
 * from row to row (the JSON form keeps the zone of the previous row). */
typedef void row_writer(FILE *out, enum list l, sqlite3_stmt *st, int n,
    int *prev);

static int
each_row(sqlite3 *db, enum list l, row_writer *w, FILE *out, int *n,
    sv_err *e)
{
	sqlite3_stmt *st;
	int rc, step, prev = 0;

	*n = 0;
	if ((rc = db_prepare(db, &st, list_sql[l], e)))
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		w(out, l, st, (*n)++, &prev);
	return db_finish(db, st, step, e);
}

/* JSON: "label": count, and "zone": ["YYYY-MM", ...]. */
static void
json_row(FILE *out, enum list l, sqlite3_stmt *st, int n, int *zone)
{
	if (l == LIST_UNMAPPED) {
		fputs(n ? "," : "", out);
		tabwrite_json_string(out, (const char *)sqlite3_column_text(st, 0));
		fprintf(out, ":%lld", (long long)sqlite3_column_int64(st, 1));
		return;
	}
	int z = sqlite3_column_int(st, 0), m = sqlite3_column_int(st, 1);
	if (!n || z != *zone)
		fprintf(out, "%s\"%d\":[", n ? "]," : "", z);
	else
		putc(',', out);
	fprintf(out, "\"%04d-%02d\"", m / 100, m % 100);
	*zone = z;
}

static void
text_row(FILE *out, enum list l, sqlite3_stmt *st, int n, int *prev)
{
	(void)n;
	(void)prev;
	if (l == LIST_UNMAPPED) {
		/* a label is the data's: shown, never sent to the terminal */
		fputs("unmapped label      ", out);
		text_fputs_safe(out, (const char *)sqlite3_column_text(st, 0));
		fprintf(out, " (%lld incidents): add it to "
		    "reference/phenomenon_aliases.csv and load it (suivi init)\n",
		    (long long)sqlite3_column_int64(st, 1));
	} else
		fprintf(out, "not delivered       zone %d, %04d-%02d\n",
		    sqlite3_column_int(st, 0), sqlite3_column_int(st, 1) / 100,
		    sqlite3_column_int(st, 1) % 100);
}

static int
write_counts(sqlite3 *db, int json, FILE *out, sv_err *e)
{
	long long n;
	int rc;

	for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
		if ((rc = count_of(db, counts[i].sql, NULL, &n, e)))
			return rc;
		fprintf(out, json ? ",\"%s\":%lld" : "%-20s%lld\n",
		    json ? counts[i].key : counts[i].label, n);
		if (i != 1)
			continue;
		fputs(json ? ",\"measures_by_pillar\":{" : "", out);
		for (int p = 0; p < 3; p++) {
			if ((rc = count_of(db, "SELECT count(*) FROM measure WHERE "
			    "pillar = ?1", pillars[p], &n, e)))
				return rc;
			if (json)
				fprintf(out, "%s\"%s\":%lld", p ? "," : "", pillars[p], n);
			else
				fprintf(out, "  %-18s%lld\n", pillars[p], n);
		}
		fputs(json ? "}" : "", out);
	}
	return SV_OK;
}

static int
write_json(sqlite3 *db, FILE *out, sv_err *e)
{
	long long through;
	int rc, n, version;

	if ((rc = db_schema_version(db, &version, e)))
		return rc;
	fprintf(out, "{\"schema_version\":%d", version);
	if ((rc = write_counts(db, 1, out, e)) || (rc = count_of(db,
	    "SELECT coalesce((SELECT through FROM aggregate_run ORDER BY id DESC "
	    "LIMIT 1), 0)", NULL, &through, e)))
		return rc;
	fprintf(out, ",\"aggregated_through\":");
	if (through > 0)
		fprintf(out, "\"%04lld-%02lld\"", through / 100, through % 100);
	else
		fputs("null", out);
	fputs(",\"unmapped\":{", out);
	if ((rc = each_row(db, LIST_UNMAPPED, json_row, out, &n, e)))
		return rc;
	fputs("},\"not_delivered\":{", out);
	if ((rc = each_row(db, LIST_NOT_DELIVERED, json_row, out, &n, e)))
		return rc;
	fputs(n ? "]}}\n" : "}}\n", out);
	return SV_OK;
}

static int
write_text(sqlite3 *db, FILE *out, sv_err *e)
{
	int rc, n, version;

	if ((rc = db_schema_version(db, &version, e)))
		return rc;
	fprintf(out, "schema version      %d\n", version);
	if ((rc = write_counts(db, 0, out, e)) ||
	    (rc = each_row(db, LIST_UNMAPPED, text_row, out, &n, e)))
		return rc;
	return each_row(db, LIST_NOT_DELIVERED, text_row, out, &n, e);
}

int
status_write(sqlite3 *db, int json, FILE *out, sv_err *e)
{
	int rc = json ? write_json(db, out, e) : write_text(db, out, e);

	if (rc)
		return rc;
	if (fflush(out) != 0 || ferror(out))
		return sv_errf(e, SV_IOERR, "cannot write the status");
	return SV_OK;
}
