/*
 * package — suivi export --package: every table an analyst can export, as
 * CSV files beside a Frictionless Data Package descriptor
 * (datapackage.h), so that R, Python or DuckDB read them typed and
 * described.  The tables are exactly what export --what writes (the same
 * code: export_write()); a column's type is what its values are (whole
 * numbers only: integer; numbers: number; any text: string), and its
 * meaning the dictionary's.  Internal, like the exports: exact counts.
 */
#include "reports.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../core/db.h"
#include "../core/outfile.h"
#include "../core/tabwrite.h"
#include "../core/version.h"
#include "datapackage.h"

/* A column's Table Schema type from the SQLite types seen in it. */
static const char *
type_of(unsigned seen)
{
	seen &= ~(1u << SQLITE_NULL);
	if (seen && !(seen & ~(1u << SQLITE_INTEGER)))
		return "integer";
	if (seen && !(seen & ~(1u << SQLITE_INTEGER | 1u << SQLITE_FLOAT)))
		return "number";
	return "string";
}

/* Table what into dir/data/<what>.csv, and its resource on out. */
static int
package_table(sqlite3 *db, FILE *out, const char *dir, const char *what,
    int first, sv_err *e)
{
	char path[4400], desc[160];
	tabwrite_shape shape;
	export_opts o = { .what = what, .shape = &shape };
	dp_field fields[TABWRITE_MAX_COLUMNS];
	outfile f;
	int rc;

	snprintf(path, sizeof path, "%s/data/%s.csv", dir, what);
	if ((rc = outfile_open(&f, path, e)))
		return rc;
	if ((rc = outfile_close(&f, export_write(db, &o, f.fp, e), e)))
		return rc;
	for (int i = 0; i < shape.n; i++)
		fields[i] = (dp_field){ shape.name[i], type_of(shape.seen[i]), NULL };
	snprintf(desc, sizeof desc, "suivi export --what %s: the README's data "
	    "dictionary says each column", what);
	dp_resource r = { what, what, NULL, desc, export_objects(what), fields,
	    shape.n };
	return dp_write_resource(db, out, dir, &r, first, e);
}

int
export_package(sqlite3 *db, const char *dir, FILE *log, sv_err *e)
{
	const char *const *names = export_tables();
	char path[4400], when[32];
	time_t now = time(NULL);
	outfile f;
	sv_err ignored;
	int rc, n = 0;

	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	snprintf(path, sizeof path, "%s/data", dir);
	if ((rc = outfile_dir(dir, e)) || (rc = outfile_dir(path, e)))
		return rc;
	/* a descriptor that no longer tells the files goes first; the
	 * tables are read in one transaction: one state of the database */
	snprintf(path, sizeof path, "%s/datapackage.json", dir);
	if ((unlink(path) != 0 && errno != ENOENT) || (rc = outfile_open(&f, path,
	    e)))
		return rc ? rc : sv_errf(e, SV_CANTCREAT, "%s: cannot replace: %s",
		    path, strerror(errno));
	if ((rc = db_exec(db, "BEGIN", e))) {
		outfile_close(&f, rc, e);
		return rc;
	}
	fprintf(f.fp, "{\n  \"profile\": \"tabular-data-package\",\n  \"name\": "
	    "\"suivi-export\",\n  \"title\": \"suivi: the database's tables\",\n"
	    "  \"description\": \"Every table suivi export --what writes, exact "
	    "(small counts included): internal, not for publication.\",\n"
	    "  \"created\": \"%s\",\n  \"version\": \"%s\",\n  \"resources\": [",
	    when, SUIVI_VERSION);
	for (; names[n] && !rc; n++)
		rc = package_table(db, f.fp, dir, names[n], n == 0, e);
	db_exec(db, "COMMIT", &ignored);
	fputs("\n  ]\n}\n", f.fp);
	if ((rc = outfile_close(&f, rc, e)))
		return rc;
	fprintf(log, "suivi export: %d tables and their datapackage.json in %s\n",
	    n, dir);
	return SV_OK;
}
