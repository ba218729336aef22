/*
 * provenance — where a page's figures come from, said under its title:
 * the extracts and zones, each zone's last month and load, the partners'
 * files, when the page was written (and reproduced), the period covered
 * and the last registration counted.  Everything from the database, so a
 * reproduction says it again (reproduce.c).
 */
#include "page.h"

#include "../core/db.h"
#include "../core/version.h"

/* The period covered, the last registration counted (by the end of the
 * month under review) and the day of the last load. */
static void
cutoff(page *p)
{
	sqlite3_stmt *st;

	if (page_prepare(p, &st, "SELECT (SELECT min(month) FROM coverage), "
	    "(SELECT max(date_registered) FROM incident WHERE date_registered "
	    "<= ?1 * 100 + 31), (SELECT CAST(replace(substr(max(loaded_at), 1, "
	    "10), '-', '') AS INTEGER) FROM extract)"))
		return;
	sqlite3_bind_int(st, 1, p->month);
	if (page_step(p, st) && sqlite3_column_type(st, 0) != SQLITE_NULL &&
	    sqlite3_column_type(st, 1) != SQLITE_NULL)
		page_say(p, "source_cutoff", page_month(p, sqlite3_column_int(st,
		    0)), page_month(p, p->month), page_day(p, sqlite3_column_int64(st,
		    1)), page_day(p, sqlite3_column_int64(st, 2)));
	sqlite3_finalize(st);
}

/* The partners' files: how many, and the day the last was loaded (the
 * data quality section lists them). */
static void
source_partners(page *p)
{
	sqlite3_stmt *st;

	if (page_prepare(p, &st, "SELECT count(*), CAST(replace(substr("
	    "max(loaded_at), 1, 10), '-', '') AS INTEGER) FROM partner_file"))
		return;
	if (page_step(p, st) && sqlite3_column_int(st, 0) == 1)
		page_say(p, "source_partner", page_day(p, sqlite3_column_int64(st,
		    1)));
	else if (sqlite3_column_int(st, 0) > 1)
		page_say(p, "source_partners", page_num(p, sqlite3_column_int(st,
		    0), 0), page_day(p, sqlite3_column_int64(st, 1)));
	sqlite3_finalize(st);
}

/* Where the figures come from: extracts, zones, their last month and
 * load, the partners' files. */
void
page_provenance(page *p)
{
	sqlite3_stmt *st;
	int n = 0;

	long long files, zones;

	if (page_fail(p, db_integer(p->db, "SELECT count(*) FROM extract",
	    &files, p->e)) || page_fail(p, db_integer(p->db, "SELECT "
	    "count(DISTINCT zone) FROM extract", &zones, p->e)))
		return;
	page_say(p, "source_intro", page_num(p, (double)files, 0),
	    page_num(p, (double)zones, 0));
	/* each zone's last month and load; said once when every zone has
	 * the same (the fourth column: how many different pairs there are) */
	if (page_prepare(p, &st, "WITH z AS (SELECT c.zone, max(c.month) AS m, "
	    "(SELECT CAST(replace(substr(max(e.loaded_at), 1, 10), '-', '') AS "
	    "INTEGER) FROM extract e WHERE e.zone = c.zone) AS d FROM coverage c "
	    "WHERE c.delivered GROUP BY c.zone) SELECT zone, m, d, (SELECT "
	    "count(DISTINCT m * 100000000 + d) FROM z) FROM z ORDER BY zone"))
		return;
	while (page_step(p, st)) {
		if (sqlite3_column_int(st, 3) == 1 && n++)
			continue;
		if (sqlite3_column_int(st, 3) == 1)
			page_say(p, "source_zones_alike", page_month(p,
			    sqlite3_column_int(st, 1)), page_day(p,
			    sqlite3_column_int64(st, 2)));
		else
			page_say(p, "source_zone", n++ ? ", " : "", page_zone(p,
			    sqlite3_column_int(st, 0)), page_month(p,
			    sqlite3_column_int(st, 1)), page_day(p,
			    sqlite3_column_int64(st, 2)));
	}
	sqlite3_finalize(st);
	source_partners(p);
	if (p->reproduced_day)
		page_say(p, "source_end_reproduced", page_day(p, p->written_day),
		    SUIVI_VERSION, page_day(p, p->reproduced_day));
	else
		page_say(p, "source_end", page_day(p, p->written_day), SUIVI_VERSION);
	cutoff(p);
}
