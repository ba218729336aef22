/*
 * export — the tables `suivi export --what X` offers, as SQL.
 *
 * The column lists are a contract with analysts and tests: the README's
 * data dictionary documents each one.  Change one only together with it.
 */
#include "reports.h"

#include <string.h>

#include "tabwrite.h"

typedef struct export_table {
	const char *name;
	const char *sql;
} export_table;

static const export_table tables[] = {
	{ "measures",
	  "SELECT measure, axis, pillar, subtheme, title FROM measure "
	  "ORDER BY seq" },
	{ "communes",
	  "SELECT c.nis, c.name_fr, c.name_nl, c.zone, p.population, "
	  "p.year AS population_year FROM commune c "
	  "LEFT JOIN population p ON p.nis = c.nis AND p.sex = 'T' AND p.year = "
	  "(SELECT max(year) FROM population q WHERE q.nis = c.nis AND q.sex = 'T') "
	  "ORDER BY c.nis" },
	{ "phenomena",
	  "SELECT p.code, p.label_fr, p.label_nl, p.axis, "
	  "coalesce((SELECT group_concat(measure, ' ') FROM (SELECT pm.measure "
	  "FROM phenomenon_measure pm JOIN measure m ON m.measure = pm.measure "
	  "WHERE pm.phenomenon = p.code ORDER BY m.seq)), '') AS measures, "
	  "p.police_on_web FROM phenomenon p ORDER BY p.seq" },
};

#define NTABLES (sizeof tables / sizeof tables[0])

const char *const *
export_tables(void)
{
	static const char *names[NTABLES + 1];

	for (size_t i = 0; i < NTABLES; i++)
		names[i] = tables[i].name;
	return names;
}

int
export_write(sqlite3 *db, const export_opts *o, FILE *out, sv_err *e)
{
	tabwrite_opts t = { o->json, o->excel ? ';' : ',', o->excel && !o->json };

	for (size_t i = 0; i < NTABLES; i++)
		if (strcmp(tables[i].name, o->what) == 0)
			return tabwrite_query(db, tables[i].sql, &t, out, e);
	return sv_errf(e, SV_USAGE, "export: unknown table '%s' (see suivi "
	    "export --help)", o->what);
}
