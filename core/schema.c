/*
 * schema — the migrations db_open() applies, oldest first.
 *
 * Never edit a migration that has shipped: append a new one.  Each entry is
 * run inside one transaction together with the user_version bump.
 * Migrations 1 to 11 are in schema-1-11.inc and 12 to 20 in
 * schema-12-20.inc, the macros they use here.
 */
#include "schema.h"

#include <stddef.h>

#include "db.h"
#include "delivery.h"
#include "month.h"

/* 12: each reading made before versions gets the identity its path
 * gives (delivery.h) and its state; a reading not named by its month
 * keeps the month most of its rows bear (one loaded before schema 6 had
 * none: its rows say it).  The partners' files get their names' stems
 * and versions; their rows keep which is current until the next load
 * ranks them (partners/load.c), so that the migration changes no
 * figure. */
static int
migrate_deliveries(sqlite3 *db, sv_err *e)
{
	static const char *const sql[][2] = {
		{ "SELECT id, path FROM extract", "UPDATE extract SET stem = ?2, "
		  "version = ?3, named = ?4 <> 0, month = CASE WHEN ?4 <> 0 THEN ?4 "
		  "ELSE coalesce(month, (SELECT m.month FROM extract_month m WHERE "
		  "m.extract = ?1 ORDER BY m.rows DESC, m.month LIMIT 1)) END WHERE "
		  "id = ?1" },
		{ "SELECT id, path FROM partner_file", "UPDATE partner_file SET "
		  "stem = ?2, version = ?3 WHERE id = ?1" },
	};
	sqlite3_stmt *get, *put;
	deliveries d;
	int rc = SV_OK, step;

	for (int t = 0; t < 2 && !rc; t++) {
		if ((rc = db_prepare(db, &get, sql[t][0], e)))
			return rc;
		if ((rc = db_prepare(db, &put, sql[t][1], e))) {
			sqlite3_finalize(get);
			return rc;
		}
		while (!rc && (step = sqlite3_step(get)) == SQLITE_ROW) {
			delivery_name dn;
			delivery_name_parse((const char *)sqlite3_column_text(get, 1),
			    &dn);
			sqlite3_bind_int64(put, 1, sqlite3_column_int64(get, 0));
			sqlite3_bind_text(put, 2, dn.stem, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int(put, 3, dn.version);
			if (t == 0)
				sqlite3_bind_int(put, 4, dn.month);
			rc = db_step_done(put, e);
		}
		sqlite3_finalize(put);
		if (!rc)
			rc = db_finish(db, get, step, e);
		else
			sqlite3_finalize(get);
	}
	if (rc || (rc = deliveries_load(db, NULL, &d, e)))
		return rc;
	rc = deliveries_save(db, &d, 0, e);
	deliveries_free(&d);
	return rc;
}

/* What a counted incident held before it is revised or removed, logged
 * for aggregate's next count (migration 11, as it shipped). */
#define CHANGE_LOG_V11(event, name) \
	"CREATE TRIGGER IF NOT EXISTS " name " AFTER " event " ON incident " \
	"  WHEN OLD.id <= (SELECT last_id FROM count_mark) BEGIN " \
	"  INSERT OR IGNORE INTO incident_change VALUES (OLD.id, OLD.date_fact," \
	"    OLD.date_registered, OLD.commune, OLD.phenomenon_raw," \
	"    OLD.victim_sex, OLD.author_sex, OLD.attempt, OLD.channel," \
	"    OLD.place_type, OLD.modus_operandi, OLD.author_ref); END;"

/* The same since migration 12, whose incidents name their label by its
 * number (aggregate puts them back if they were dropped). */
#define CHANGE_LOG(event, name) \
	"CREATE TRIGGER IF NOT EXISTS " name " AFTER " event " ON incident " \
	"  WHEN OLD.id <= (SELECT last_id FROM count_mark) BEGIN " \
	"  INSERT OR IGNORE INTO incident_change VALUES (OLD.id, OLD.date_fact," \
	"    OLD.date_registered, OLD.commune, (SELECT text FROM label WHERE " \
	"    id = OLD.label), OLD.victim_sex, OLD.author_sex, OLD.attempt," \
	"    OLD.channel, OLD.place_type, OLD.modus_operandi, OLD.author_ref);" \
	"  END;"
#define SCHEMA_CHANGE_TRIGGERS CHANGE_LOG("UPDATE", "incident_revised") \
	CHANGE_LOG("DELETE", "incident_removed")

/* A cube table written by anyone but aggregate (which drops these while
 * it writes) says so in count_mark, so that aggregate need not count the
 * table to notice. */
#define CUBE_GUARD(event) \
	"CREATE TRIGGER IF NOT EXISTS cube_" event " AFTER " event " ON cube " \
	"  BEGIN UPDATE count_mark SET cube_touched = 1; END;"
#define SCHEMA_CUBE_TRIGGERS CUBE_GUARD("INSERT") CUBE_GUARD("UPDATE") \
	CUBE_GUARD("DELETE")

/* An incident's version (migration 12): incident holds the current one
 * of each (zone, ref), incident_past every other; label is the raw
 * phenomenon label's number in table label.  head and tail are the
 * table's own first and last lines. */
#define VERSION_TABLE(head, tail) \
	head \
	"  zone INTEGER NOT NULL," \
	"  ref TEXT NOT NULL," \
	"  commune INTEGER NOT NULL," \
	"  date_fact INTEGER NOT NULL," \
	"  time_fact INTEGER," \
	"  date_registered INTEGER NOT NULL," \
	"  label INTEGER NOT NULL REFERENCES label," \
	"  attempt INTEGER," \
	"  modus_operandi TEXT," \
	"  place_type TEXT," \
	"  channel TEXT," \
	"  victim_sex INTEGER," \
	"  victim_age TEXT," \
	"  author_sex INTEGER," \
	"  author_age TEXT," \
	"  relation TEXT," \
	"  author_ref TEXT," \
	"  quartier TEXT," \
	"  extract INTEGER NOT NULL REFERENCES extract," \
	"  line INTEGER NOT NULL," \
	tail

/* v_incident, since migration 12: the label's text by its number. */
#define V_INCIDENT \
	"CREATE VIEW v_incident AS SELECT i.id, i.zone, z.name_fr AS zone_fr, " \
	"  z.name_nl AS zone_nl, i.ref, i.commune, c.name_fr AS commune_fr, " \
	"  c.name_nl AS commune_nl, " \
	"  " MONTH_SQL_DATE("i.date_fact") " AS date_fact, " \
	"  CASE WHEN i.time_fact IS NULL THEN NULL ELSE printf('%02d:%02d', " \
	"  i.time_fact / 60, i.time_fact % 60) END AS time_fact, " \
	"  " MONTH_SQL_DATE("i.date_registered") " AS date_registered, " \
	"  r.text AS phenomenon_raw, m.phenomenon, " \
	"  p.label_fr AS phenomenon_fr, p.label_nl AS phenomenon_nl, i.attempt, " \
	"  i.modus_operandi, i.place_type, i.channel, " \
	"  substr('FMX', i.victim_sex, 1) AS victim_sex, i.victim_age, " \
	"  substr('FMX', i.author_sex, 1) AS author_sex, i.author_age, " \
	"  i.relation, i.author_ref, i.quartier, i.extract " \
	"  FROM incident i JOIN label r ON r.id = i.label " \
	"  LEFT JOIN zone z ON z.zone = i.zone " \
	"  LEFT JOIN commune c ON c.nis = i.commune " \
	"  LEFT JOIN label_map m ON m.raw = r.text " \
	"  LEFT JOIN phenomenon p ON p.code = m.phenomenon;"

static const char *const migrations[] = {
#include "schema-1-11.inc"

#include "schema-12-20.inc"

	/* 21: the languages of a phenomenon label, those of the headers of
	 * the files that typed it ("fr", "nl", "fr nl"; "" for none: a
	 * header in neither says nothing), for the report to mark a label
	 * of one language on a page of the other */
	"ALTER TABLE label ADD COLUMN lang TEXT NOT NULL DEFAULT '';"
	"CREATE TEMP TABLE label_lang AS SELECT i.label AS id, "
	"  min(e.header_lang) AS lo, max(e.header_lang) AS hi FROM incident i "
	"  JOIN extract e ON e.id = i.extract WHERE e.header_lang IN ('fr', "
	"  'nl') GROUP BY i.label;"
	"UPDATE label SET lang = coalesce((SELECT CASE WHEN lo = hi THEN lo "
	"  ELSE 'fr nl' END FROM temp.label_lang t WHERE t.id = label.id), '');"
	"DROP TABLE temp.label_lang;",

	/* 22: where the population comes from, in Dutch too */
	"ALTER TABLE population ADD COLUMN source_nl TEXT NOT NULL DEFAULT '';",

	/* 23: a table of the report reads an indicator's rows of a period
	 * and joins each to its year to date: without an index each of the
	 * page's tables scanned every value and built one of its own */
	"CREATE INDEX indicator_value_key ON indicator_value(indicator, period, "
	"  zone, commune, breakdown);",
};

/* What a migration's SQL cannot do, run after it in its transaction. */
static int (*const steps[])(sqlite3 *, sv_err *) = {
	[11] = migrate_deliveries,
};

int
schema_count(void)
{
	return (int)(sizeof migrations / sizeof migrations[0]);
}

const char *
schema_change_triggers(void)
{
	return SCHEMA_CHANGE_TRIGGERS;
}

const char *
schema_cube_triggers(void)
{
	return SCHEMA_CUBE_TRIGGERS;
}

const char *
schema_migration(int i)
{
	return i >= 0 && i < schema_count() ? migrations[i] : NULL;
}

int
schema_step(sqlite3 *db, int i, sv_err *e)
{
	int n = (int)(sizeof steps / sizeof *steps);

	return i >= 0 && i < n && steps[i] ? steps[i](db, e) : SV_OK;
}
