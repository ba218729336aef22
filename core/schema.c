/*
 * schema — the migrations db_open() applies, oldest first.
 *
 * Never edit a migration that has shipped: append a new one.  Each entry is
 * run inside one transaction together with the user_version bump.
 * Migrations 1 to 11 are in schema-1-11.inc, the macros they use here.
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

	/* 12: deliveries as versions (delivery.h).  Every version an incident
	 * had stays: the current one in incident, the others in
	 * incident_past (SQL:2011's current and history tables); a content
	 * is compared column by column, so the row hash goes, and so does
	 * `revision` (the versions say it).  The ledger says each reading's
	 * identity (zone, month, version, the name's stem; named: the month
	 * is its name's, and it covers that month alone), its state and
	 * honest counts (unchanged: re-sent identical; withdrawn: refs it
	 * took back), so it is made anew for its CHECK.  The readings made
	 * before are legacy (schema_step() fills their identity).  Also:
	 * the registration months each reading's rows bear (what a reading
	 * not named by its month covers); retractions; the reference's
	 * fingerprint (the database keeps its copy); the moment an
	 * aggregate was computed as of; the partners' files' versions.  The
	 * quarantine keeps no text of a file that had columns it did not
	 * store (they could be personal). */
	"DROP VIEW v_incident;"
	"DROP TRIGGER incident_revised;"
	"DROP TRIGGER incident_removed;"
	"CREATE TABLE label("
	"  id INTEGER PRIMARY KEY,"
	"  text TEXT NOT NULL UNIQUE);"
	"INSERT INTO label(text) SELECT DISTINCT phenomenon_raw FROM incident "
	"  ORDER BY 1;"
	"CREATE TABLE incident_v12(" VERSION_TABLE(
	"  id INTEGER PRIMARY KEY,", "  UNIQUE (zone, ref)") ");"
	"INSERT INTO incident_v12(id, zone, ref, commune, date_fact, time_fact,"
	"  date_registered, label, attempt, modus_operandi, place_type, channel,"
	"  victim_sex, victim_age, author_sex, author_age, relation, author_ref,"
	"  quartier, extract, line) SELECT i.id, i.zone, i.ref, i.commune,"
	"  i.date_fact, i.time_fact, i.date_registered, l.id, i.attempt,"
	"  i.modus_operandi, i.place_type, i.channel, i.victim_sex, i.victim_age,"
	"  i.author_sex, i.author_age, i.relation, i.author_ref, i.quartier,"
	"  i.extract, i.line FROM incident i JOIN label l ON l.text ="
	"  i.phenomenon_raw ORDER BY i.id;"
	"DROP TABLE incident;"
	"ALTER TABLE incident_v12 RENAME TO incident;"
	SCHEMA_CHANGE_TRIGGERS
	"CREATE TABLE incident_past(" VERSION_TABLE(
	"  id INTEGER PRIMARY KEY,", "  UNIQUE (zone, ref, extract)") ");"
	"CREATE INDEX incident_past_extract ON incident_past(extract);"
	V_INCIDENT
	"CREATE TABLE extract_v12("
	"  id INTEGER PRIMARY KEY,"
	"  sha256 TEXT NOT NULL UNIQUE,"
	"  path TEXT NOT NULL,"
	"  zone INTEGER,"
	"  month INTEGER,"
	"  version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),"
	"  stem TEXT NOT NULL DEFAULT '',"
	"  named INTEGER NOT NULL DEFAULT 0 CHECK (named IN (0,1)),"
	"  legacy INTEGER NOT NULL DEFAULT 0 CHECK (legacy IN (0,1)),"
	"  state TEXT NOT NULL DEFAULT 'current' CHECK (state IN ('current',"
	"    'superseded','retracted','replaced','unread')),"
	"  encoding TEXT NOT NULL,"
	"  delimiter TEXT NOT NULL,"
	"  header_lang TEXT NOT NULL,"
	"  unknown_columns TEXT NOT NULL,"
	"  rows_read INTEGER NOT NULL DEFAULT 0,"
	"  rows_loaded INTEGER NOT NULL DEFAULT 0,"
	"  rows_revised INTEGER NOT NULL DEFAULT 0,"
	"  rows_unchanged INTEGER NOT NULL DEFAULT 0,"
	"  rows_duplicate INTEGER NOT NULL DEFAULT 0,"
	"  rows_quarantined INTEGER NOT NULL DEFAULT 0,"
	"  rows_withdrawn INTEGER NOT NULL DEFAULT 0,"
	"  period_from INTEGER,"
	"  period_to INTEGER,"
	"  loaded_at TEXT NOT NULL,"
	"  origin TEXT NOT NULL DEFAULT 'delivery' CHECK (origin IN "
	"    ('delivery','sample')),"
	"  replaced_by INTEGER,"
	"  stat TEXT,"
	"  CHECK (rows_read = rows_loaded + rows_revised + rows_unchanged"
	"         + rows_duplicate + rows_quarantined));"
	"INSERT INTO extract_v12(id, sha256, path, zone, month, legacy, encoding,"
	"  delimiter, header_lang, unknown_columns, rows_read, rows_loaded,"
	"  rows_revised, rows_duplicate, rows_quarantined, period_from,"
	"  period_to, loaded_at, origin, replaced_by, stat) SELECT id, sha256,"
	"  path, zone, month, 1, encoding, delimiter, header_lang,"
	"  unknown_columns, rows_read, rows_loaded, rows_revised, rows_duplicate,"
	"  rows_quarantined, period_from, period_to, loaded_at, origin,"
	"  replaced_by, stat FROM extract;"
	"DROP TABLE extract;"
	"ALTER TABLE extract_v12 RENAME TO extract;"
	"CREATE INDEX extract_delivery ON extract(zone, month, version);"
	"CREATE TABLE extract_month("
	"  extract INTEGER NOT NULL REFERENCES extract,"
	"  month INTEGER NOT NULL,"         /* of registration, yyyymm */
	"  rows INTEGER NOT NULL,"
	"  PRIMARY KEY (extract, month)) WITHOUT ROWID;"
	"INSERT INTO extract_month SELECT extract, date_registered / 100, "
	"  count(*) FROM incident GROUP BY 1, 2;"
	"CREATE TABLE retraction("
	"  id INTEGER PRIMARY KEY,"
	"  zone INTEGER NOT NULL,"
	"  month INTEGER NOT NULL,"         /* yyyymm */
	"  version INTEGER NOT NULL,"       /* the versions up to it */
	"  reason TEXT NOT NULL,"
	"  at TEXT NOT NULL,"
	"  withdrawn INTEGER NOT NULL);"
	"UPDATE quarantine SET raw = '(not kept: the file had columns that are "
	"not stored)' WHERE extract IN (SELECT id FROM extract WHERE "
	"  unknown_columns <> '');"
	"CREATE TABLE reference_state("
	"  one INTEGER PRIMARY KEY CHECK (one = 1),"
	"  dir TEXT NOT NULL,"
	"  sha256 TEXT NOT NULL,"
	"  loaded_at TEXT NOT NULL);"
	"ALTER TABLE aggregate_run ADD COLUMN as_of_time TEXT;"
	"ALTER TABLE partner_file ADD COLUMN stem TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE partner_file ADD COLUMN version INTEGER NOT NULL DEFAULT 1;"
	"ALTER TABLE partner_file ADD COLUMN rank INTEGER;",

	/* 13: views for what the exports give and the views lacked: the
	 * nowcast, the quarantine, the ledger, the communes with their
	 * latest population; the alarms with Dutch zone names and every
	 * month also as a date (its first day), for tools that want one. */
	"CREATE VIEW v_nowcast AS SELECT printf('%04d-%02d', n.month / 100, "
	"  n.month % 100) AS month, printf('%04d-%02d-01', n.month / 100, "
	"  n.month % 100) AS month_date, n.phenomenon, p.label_fr AS "
	"  phenomenon_fr, p.label_nl AS phenomenon_nl, coalesce(n.zone, 0) AS "
	"  zone, z.name_fr AS zone_fr, z.name_nl AS zone_nl, n.observed, "
	"  n.nowcast, n.lower, n.upper, n.completeness FROM nowcast n "
	"  LEFT JOIN phenomenon p ON p.code = n.phenomenon "
	"  LEFT JOIN zone z ON z.zone = n.zone;"
	"CREATE VIEW v_quarantine AS SELECT e.sha256 AS extract_sha256, e.path "
	"  AS file, q.line, q.field, q.reason_code, q.reason, q.raw "
	"  FROM quarantine q JOIN extract e ON e.id = q.extract;"
	"CREATE VIEW v_extract AS SELECT e.sha256, e.path, e.zone, z.name_fr AS "
	"  zone_fr, z.name_nl AS zone_nl, CASE WHEN e.month IS NULL THEN NULL "
	"  ELSE printf('%04d-%02d', e.month / 100, e.month % 100) END AS month, "
	"  e.version, e.state, e.encoding, e.delimiter, e.header_lang, "
	"  e.rows_read, e.rows_loaded, e.rows_revised, e.rows_unchanged, "
	"  e.rows_duplicate, e.rows_quarantined, e.rows_withdrawn, "
	"  e.unknown_columns, e.loaded_at, e.origin FROM extract e "
	"  LEFT JOIN zone z ON z.zone = e.zone;"
	"CREATE VIEW v_commune AS SELECT c.nis, c.name_fr, c.name_nl, c.zone, "
	"  z.name_fr AS zone_fr, z.name_nl AS zone_nl, p.population, p.year AS "
	"  population_year FROM commune c LEFT JOIN zone z ON z.zone = c.zone "
	"  LEFT JOIN population p ON p.nis = c.nis AND p.sex = 'T' AND p.year = "
	"  (SELECT max(year) FROM population q WHERE q.nis = c.nis AND q.sex = "
	"  'T');"
	"DROP VIEW v_alarm;"
	"CREATE VIEW v_alarm AS SELECT printf('%04d-%02d', a.month / 100, "
	"  a.month % 100) AS month, printf('%04d-%02d-01', a.month / 100, "
	"  a.month % 100) AS month_date, a.phenomenon, p.label_fr AS "
	"  phenomenon_fr, p.label_nl AS phenomenon_nl, coalesce(a.zone, 0) AS "
	"  zone, z.name_fr AS zone_fr, z.name_nl AS zone_nl, a.observed, "
	"  a.expected, a.upper, a.p_value, a.score, a.alarm, a.method, "
	"  a.completeness FROM alarm a LEFT JOIN phenomenon p ON p.code = "
	"  a.phenomenon LEFT JOIN zone z ON z.zone = a.zone;",

	/* 14: the series the report draws, as aggregate computed them (the
	 * alarm band by the alarms' own code: aggregate/band.h), and the
	 * settings of each run, which charts computing a series no run
	 * wrote read instead of guessing. */
	"CREATE TABLE series_month("
	"  series TEXT NOT NULL,"           /* a code, measure:<id> */
	"  zone INTEGER NOT NULL,"          /* 0: the region */
	"  month INTEGER NOT NULL,"         /* yyyymm */
	"  observed INTEGER,"               /* NULL: not delivered */
	"  complete REAL NOT NULL,"         /* share registered by now */
	"  average REAL,"
	"  trend REAL,"
	"  expected REAL,"
	"  upper REAL,"
	"  alarm INTEGER,"                  /* NULL: no band computed */
	"  PRIMARY KEY (series, zone, month)) WITHOUT ROWID;"
	"ALTER TABLE aggregate_run ADD COLUMN method TEXT;"
	"ALTER TABLE aggregate_run ADD COLUMN alpha REAL;"
	"ALTER TABLE aggregate_run ADD COLUMN raw_alarms INTEGER;"
	"ALTER TABLE aggregate_run ADD COLUMN backtest INTEGER;"
	"ALTER TABLE aggregate_run ADD COLUMN cut INTEGER;",

	/* 15: what each report published (reports/publish.h): the pages it
	 * wrote, the state and settings it was computed with, and every
	 * figure of the page's linked set (audit.h), shown or hidden, under a
	 * key that names the same figure in every publication. */
	"CREATE TABLE publication("
	"  id INTEGER PRIMARY KEY,"
	"  month INTEGER NOT NULL,"             /* yyyymm under review */
	"  written_at TEXT NOT NULL,"           /* UTC */
	"  aggregate_run INTEGER NOT NULL,"
	"  deliveries INTEGER NOT NULL,"        /* current deliveries */
	"  state_sha256 TEXT NOT NULL,"         /* of their SHA-256s, in order */
	"  min_cell INTEGER NOT NULL,"
	"  method TEXT,"
	"  langs TEXT NOT NULL,"
	"  version TEXT NOT NULL);"
	"CREATE TABLE publication_file("
	"  publication INTEGER NOT NULL REFERENCES publication(id),"
	"  lang TEXT NOT NULL,"
	"  path TEXT NOT NULL,"
	"  sha256 TEXT NOT NULL,"
	"  bytes INTEGER NOT NULL,"
	"  PRIMARY KEY (publication, lang)) WITHOUT ROWID;"
	"CREATE TABLE published_value("
	"  publication INTEGER NOT NULL REFERENCES publication(id),"
	"  figure TEXT NOT NULL,"               /* audit.h's key */
	"  kind TEXT NOT NULL,"
	"  subject TEXT NOT NULL,"              /* indicator or measure */
	"  part TEXT NOT NULL,"
	"  period TEXT NOT NULL,"               /* YYYY-MM or YYYY-MM/YYYY-MM */
	"  value REAL NOT NULL,"                /* the count behind it */
	"  shown INTEGER NOT NULL CHECK (shown IN (0, 1)),"
	"  PRIMARY KEY (publication, figure)) WITHOUT ROWID;"
	/* alarms and modus operandi signals as they were first raised, kept
	 * by every aggregate (alarm and modus_signal hold the last run's
	 * only); a back-test's are marked, and give way to a month's own */
	"CREATE TABLE alarm_raised("
	"  month INTEGER NOT NULL,"
	"  phenomenon TEXT NOT NULL,"
	"  zone INTEGER NOT NULL,"              /* 0: the region */
	"  observed INTEGER NOT NULL,"
	"  expected REAL,"
	"  upper REAL,"
	"  completeness REAL,"
	"  method TEXT NOT NULL,"
	"  run INTEGER NOT NULL,"               /* the aggregate run */
	"  backtest INTEGER NOT NULL CHECK (backtest IN (0, 1)),"
	"  PRIMARY KEY (month, phenomenon, zone, method)) WITHOUT ROWID;"
	"CREATE TABLE modus_raised("
	"  month INTEGER NOT NULL,"             /* the month under review */
	"  phenomenon TEXT NOT NULL,"
	"  zone INTEGER NOT NULL,"
	"  modus_operandi TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  recent INTEGER NOT NULL,"
	"  baseline INTEGER NOT NULL,"
	"  run INTEGER NOT NULL,"
	"  PRIMARY KEY (month, phenomenon, zone, modus_operandi)) WITHOUT ROWID;"
	"INSERT INTO alarm_raised SELECT a.month, a.phenomenon, "
	"  coalesce(a.zone, 0), a.observed, a.expected, a.upper, a.completeness,"
	"  a.method, r.id, r.backtest FROM alarm a, (SELECT id, "
	"  coalesce(backtest, 0) AS backtest FROM aggregate_run ORDER BY id DESC "
	"  LIMIT 1) r WHERE a.alarm;"
	"INSERT INTO modus_raised SELECT r.through, s.phenomenon, "
	"  coalesce(s.zone, 0), s.modus_operandi, s.kind, s.recent, s.baseline,"
	"  r.id FROM modus_signal s, (SELECT id, through FROM aggregate_run "
	"  ORDER BY id DESC LIMIT 1) r;"
	"CREATE VIEW v_alarm_history AS SELECT printf('%04d-%02d', a.month / "
	"  100, a.month % 100) AS month, a.phenomenon, p.label_fr AS "
	"  phenomenon_fr, p.label_nl AS phenomenon_nl, a.zone, z.name_fr AS "
	"  zone_fr, z.name_nl AS zone_nl, a.observed, a.expected, a.upper, "
	"  a.completeness, a.method, a.run, a.backtest FROM alarm_raised a "
	"  LEFT JOIN phenomenon p ON p.code = a.phenomenon LEFT JOIN zone z ON "
	"  z.zone = a.zone;",

	/* 16: the data of each chart a publication showed (reports/page.h):
	 * the CSV it wrote beside the pages, kept whole (a third of a
	 * megabyte a month on the sample), with the chart's title in each
	 * language the pages had; suivi release packages them. */
	"CREATE TABLE publication_chart("
	"  publication INTEGER NOT NULL REFERENCES publication(id),"
	"  figure TEXT NOT NULL,"               /* the page's id: fig-5 */
	"  path TEXT NOT NULL,"
	"  sha256 TEXT NOT NULL,"
	"  bytes INTEGER NOT NULL,"
	"  rows INTEGER NOT NULL,"
	"  title_fr TEXT,"
	"  title_nl TEXT,"
	"  title_en TEXT,"
	"  data BLOB NOT NULL,"                 /* the file's bytes */
	"  PRIMARY KEY (publication, figure));"
	/* and the region's nowcasts it was written with, to tell later how
	 * they fared */
	"CREATE TABLE published_nowcast("
	"  publication INTEGER NOT NULL REFERENCES publication(id),"
	"  series TEXT NOT NULL,"               /* as nowcast.phenomenon */
	"  month INTEGER NOT NULL,"             /* yyyymm of the facts */
	"  observed INTEGER NOT NULL,"
	"  nowcast REAL NOT NULL,"
	"  lower REAL,"
	"  upper REAL,"
	"  PRIMARY KEY (publication, series, month)) WITHOUT ROWID;",

	/* 17: the trend's Pearson dispersion, which the report's net
	 * changes over 12 months take into account (reports/changes.c) */
	"ALTER TABLE trend ADD COLUMN dispersion REAL;",

	/* 18: the net changes over 12 months, as aggregate tests them
	 * (aggregate/netchange.c); the report only lists the clear ones */
	"CREATE TABLE net_change("
	"  phenomenon TEXT PRIMARY KEY,"
	"  period TEXT NOT NULL,"               /* YYYY-MM/YYYY-MM */
	"  now INTEGER NOT NULL,"               /* facts in the period */
	"  before INTEGER NOT NULL,"            /* in the 12 months before */
	"  rate_ratio REAL,"
	"  dispersion REAL NOT NULL,"           /* >= 1 */
	"  completeness REAL NOT NULL,"
	"  p_value REAL NOT NULL,"
	"  q_value REAL NOT NULL,"
	"  clear INTEGER NOT NULL CHECK (clear IN (0, 1))) WITHOUT ROWID;"
	"CREATE VIEW v_net_change AS SELECT n.phenomenon, p.label_fr AS "
	"  phenomenon_fr, p.label_nl AS phenomenon_nl, n.period, n.now, "
	"  n.before, n.rate_ratio, n.dispersion, n.completeness, n.p_value, "
	"  n.q_value, n.clear FROM net_change n LEFT JOIN phenomenon p ON "
	"  p.code = n.phenomenon;"
	/* how many phenomena each run screened; NULL: a run before this
	 * schema, whose report has no net changes to list */
	"ALTER TABLE aggregate_run ADD COLUMN screened INTEGER;"
	/* the views hold every column of their exports, with the names in
	 * both languages (a view's months keep their own names: from and to
	 * are SQL's words) */
	/* the region the zones make up, named in the reference
	 * (region.csv: one row), which the views give zone 0 */
	"CREATE TABLE region("
	"  one INTEGER PRIMARY KEY CHECK (one = 1),"
	"  name_fr TEXT NOT NULL,"
	"  name_nl TEXT NOT NULL,"
	"  name_en TEXT NOT NULL);"
	"CREATE VIEW v_zone AS SELECT zone, name_fr, name_nl FROM zone "
	"  UNION ALL SELECT 0, name_fr, name_nl FROM region;"
	"DROP VIEW v_trend; DROP VIEW v_indicator; DROP VIEW v_modus;"
	"DROP VIEW v_cube; DROP VIEW v_alarm; DROP VIEW v_nowcast;"
	"DROP VIEW v_alarm_history;"
	"CREATE VIEW v_alarm AS SELECT printf('%04d-%02d', a.month / 100, "
	"  a.month % 100) AS month, printf('%04d-%02d-01', a.month / 100, "
	"  a.month % 100) AS month_date, a.phenomenon, p.label_fr AS "
	"  phenomenon_fr, p.label_nl AS phenomenon_nl, coalesce(a.zone, 0) AS "
	"  zone, z.name_fr AS zone_fr, z.name_nl AS zone_nl, a.observed, "
	"  a.expected, a.upper, a.p_value, a.score, a.alarm, a.method, "
	"  a.completeness FROM alarm a "
	"  LEFT JOIN phenomenon p ON p.code = a.phenomenon "
	"  LEFT JOIN v_zone z ON z.zone = coalesce(a.zone, 0);"
	"CREATE VIEW v_nowcast AS SELECT printf('%04d-%02d', n.month / 100, "
	"  n.month % 100) AS month, printf('%04d-%02d-01', n.month / 100, "
	"  n.month % 100) AS month_date, n.phenomenon, p.label_fr AS "
	"  phenomenon_fr, p.label_nl AS phenomenon_nl, coalesce(n.zone, 0) AS "
	"  zone, z.name_fr AS zone_fr, z.name_nl AS zone_nl, n.observed, "
	"  n.nowcast, n.lower, n.upper, n.completeness FROM nowcast n "
	"  LEFT JOIN phenomenon p ON p.code = n.phenomenon "
	"  LEFT JOIN v_zone z ON z.zone = coalesce(n.zone, 0);"
	"CREATE VIEW v_alarm_history AS SELECT printf('%04d-%02d', a.month / "
	"  100, a.month % 100) AS month, a.phenomenon, p.label_fr AS "
	"  phenomenon_fr, p.label_nl AS phenomenon_nl, a.zone, z.name_fr AS "
	"  zone_fr, z.name_nl AS zone_nl, a.observed, a.expected, a.upper, "
	"  a.completeness, a.method, a.run, a.backtest FROM alarm_raised a "
	"  LEFT JOIN phenomenon p ON p.code = a.phenomenon "
	"  LEFT JOIN v_zone z ON z.zone = a.zone;"
	"CREATE VIEW v_trend AS SELECT t.phenomenon, p.label_fr AS "
	"  phenomenon_fr, p.label_nl AS phenomenon_nl, coalesce(t.zone, 0) AS "
	"  zone, z.name_fr AS zone_fr, z.name_nl AS zone_nl, printf('%04d-%02d',"
	"  t.from_month / 100, t.from_month % 100) AS from_month, "
	"  printf('%04d-%02d', t.to_month / 100, t.to_month % 100) AS to_month, "
	"  t.rate_ratio_per_year, t.low, t.high, t.p_value, t.mk_z, t.mk_p, "
	"  t.sen_slope_per_year, t.dispersion FROM trend t "
	"  LEFT JOIN phenomenon p ON p.code = t.phenomenon "
	"  LEFT JOIN v_zone z ON z.zone = coalesce(t.zone, 0);"
	"CREATE VIEW v_indicator AS SELECT v.indicator, d.label_fr, d.label_nl, "
	"  v.measure, m.axis, v.period, CASE WHEN v.commune IS NOT NULL THEN "
	"  'commune' WHEN v.zone IS NOT NULL THEN 'zone' ELSE 'region' END AS "
	"  level, coalesce(v.zone, 0) AS zone, z.name_fr AS zone_fr, z.name_nl "
	"  AS zone_nl, coalesce(v.commune, 0) AS commune, c.name_fr AS "
	"  commune_fr, c.name_nl AS commune_nl, v.breakdown, v.value, v.unit, "
	"  v.compare_value, v.rate_ratio, v.low, v.high, v.p_value, v.flag, "
	"  v.completeness FROM indicator_value v "
	"  LEFT JOIN indicator_def d ON d.indicator = v.indicator "
	"  LEFT JOIN measure m ON m.measure = v.measure "
	"  LEFT JOIN v_zone z ON z.zone = coalesce(v.zone, 0) "
	"  LEFT JOIN commune c ON c.nis = v.commune;"
	"CREATE VIEW v_modus AS SELECT s.phenomenon, p.label_fr AS "
	"  phenomenon_fr, p.label_nl AS phenomenon_nl, coalesce(s.zone, 0) AS "
	"  zone, z.name_fr AS zone_fr, z.name_nl AS zone_nl, s.modus_operandi, "
	"  o.label_fr AS modus_fr, o.label_nl AS modus_nl, s.recent, "
	"  s.baseline, s.share_recent, s.share_baseline, s.p_value, s.q_value, "
	"  CASE WHEN s.first_seen IS NULL THEN NULL ELSE printf('%04d-%02d', "
	"  s.first_seen / 100, s.first_seen % 100) END AS first_seen, s.kind "
	"  FROM modus_signal s "
	"  LEFT JOIN phenomenon p ON p.code = s.phenomenon "
	"  LEFT JOIN v_zone z ON z.zone = coalesce(s.zone, 0) "
	"  LEFT JOIN modus_operandi o ON o.code = s.modus_operandi;"
	"CREATE VIEW v_cube AS SELECT c.basis, printf('%04d-%02d', c.month / "
	"  100, c.month % 100) AS month, c.zone, z.name_fr AS zone_fr, "
	"  z.name_nl AS zone_nl, c.commune, m.name_fr AS commune_fr, m.name_nl "
	"  AS commune_nl, c.phenomenon, p.label_fr AS phenomenon_fr, "
	"  p.label_nl AS phenomenon_nl, p.axis, substr('FMX', c.victim_sex, 1) "
	"  AS victim_sex, substr('FMX', c.author_sex, 1) AS author_sex, "
	"  c.attempt, c.channel, c.place_type, c.count FROM cube c "
	"  LEFT JOIN zone z ON z.zone = c.zone "
	"  LEFT JOIN commune m ON m.nis = c.commune "
	"  LEFT JOIN phenomenon p ON p.code = c.phenomenon;"
	/* the last registration a report counts, found at once rather than
	 * by reading every incident (a tenth of a second a page) */
	"CREATE INDEX incident_registered ON incident(date_registered);",

	/* 19: the months behind each modus operandi signal, as aggregate
	 * counted them (aggregate/modus.c), which the report draws */
	"CREATE TABLE modus_month("
	"  phenomenon TEXT NOT NULL,"
	"  zone INTEGER NOT NULL,"              /* 0: the region */
	"  modus_operandi TEXT NOT NULL,"
	"  month INTEGER NOT NULL,"             /* yyyymm of the facts */
	"  n INTEGER NOT NULL,"                 /* facts with the code */
	"  coded INTEGER NOT NULL,"             /* facts with any code */
	"  facts INTEGER NOT NULL,"             /* all the phenomenon's */
	"  PRIMARY KEY (phenomenon, zone, modus_operandi, month)) WITHOUT ROWID;",

	/* 20: what an indicator's filter keeps, in words, for the report */
	"ALTER TABLE indicator_def ADD COLUMN filter_fr TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE indicator_def ADD COLUMN filter_nl TEXT NOT NULL DEFAULT '';",

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
