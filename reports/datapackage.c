/*
 * datapackage — a Data Package's resources (datapackage.h).
 */
#include "datapackage.h"

#include <stdio.h>
#include <string.h>

#include "../core/db.h"
#include "../core/tabwrite.h"
#include "../core/text.h"
#include "publish.h"

/* A title as JSON, cut back to whole characters if it was cut. */
static void
json_title(FILE *out, const char *title)
{
	char t[512];

	snprintf(t, sizeof t, "%s", title);
	text_utf8_trim(t);
	tabwrite_json_string(out, t);
}

static int
write_fields(sqlite3 *db, FILE *out, const dp_resource *r, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, found;

	if ((rc = db_prepare(db, &st, "SELECT meaning FROM dictionary WHERE "
	    "column = ?2 AND instr(' ' || ?1 || ' ', ' ' || object || ' ') > 0 "
	    "ORDER BY instr(' ' || ?1 || ' ', ' ' || object || ' ') LIMIT 1", e)))
		return rc;
	fputs(", \"schema\": {\"missingValues\": [\"\"], \"fields\": [", out);
	for (int i = 0; i < r->nfields && !rc; i++) {
		const dp_field *f = &r->fields[i];
		sqlite3_bind_text(st, 1, r->objects, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, f->name, -1, SQLITE_STATIC);
		if ((rc = db_lookup(db, st, &found, e)))
			break;
		fprintf(out, "%s\n      {\"name\": ", i ? "," : "");
		tabwrite_json_string(out, f->name);
		fprintf(out, ", \"type\": \"%s\"", f->type);
		if (found) {
			fputs(", \"description\": ", out);
			tabwrite_json_string(out, (const char *)sqlite3_column_text(st, 0));
		}
		if (f->constraints)
			fprintf(out, ", \"constraints\": %s", f->constraints);
		putc('}', out);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	fputs("]}", out);
	return rc;
}

int
dp_write_resource(sqlite3 *db, FILE *out, const char *dir,
    const dp_resource *r, int first, sv_err *e)
{
	char path[4400], hex[65];
	long long bytes;
	int rc;

	snprintf(path, sizeof path, "%s/data/%s.csv", dir, r->name);
	if ((rc = publish_file_sha(path, hex, &bytes, e)))
		return rc;
	fprintf(out, "%s\n    {\"profile\": \"tabular-data-resource\", \"name\": ",
	    first ? "" : ",");
	tabwrite_json_string(out, r->name);
	fputs(", \"path\": ", out);
	snprintf(path, sizeof path, "data/%s.csv", r->name);
	tabwrite_json_string(out, path);
	fprintf(out, ", \"format\": \"csv\", \"mediatype\": \"text/csv\", "
	    "\"encoding\": \"utf-8\", \"bytes\": %lld, \"hash\": \"sha256:%s\", "
	    "\"title\": ", bytes, hex);
	json_title(out, r->title);
	if (r->title_nl && *r->title_nl) {
		fputs(", \"title_nl\": ", out);
		json_title(out, r->title_nl);
	}
	fputs(", \"description\": ", out);
	tabwrite_json_string(out, r->description);
	rc = write_fields(db, out, r, e);
	putc('}', out);
	return rc;
}
