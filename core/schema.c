/*
 * schema — the migrations db_open() applies, oldest first.
 *
 * Never edit a migration that has shipped: append a new one.  Each entry is
 * run inside one transaction together with the user_version bump.
 */
#include "schema.h"

#include <stddef.h>

#include "db.h"
#include "delivery.h"

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
	"  CASE WHEN i.date_fact % 100 = 0 THEN printf('%04d-%02d', " \
	"  i.date_fact / 10000, i.date_fact / 100 % 100) ELSE " \
	"  printf('%04d-%02d-%02d', i.date_fact / 10000, i.date_fact / 100 % 100, " \
	"  i.date_fact % 100) END AS date_fact, " \
	"  CASE WHEN i.time_fact IS NULL THEN NULL ELSE printf('%02d:%02d', " \
	"  i.time_fact / 60, i.time_fact % 60) END AS time_fact, " \
	"  CASE WHEN i.date_registered % 100 = 0 THEN printf('%04d-%02d', " \
	"  i.date_registered / 10000, i.date_registered / 100 % 100) ELSE " \
	"  printf('%04d-%02d-%02d', i.date_registered / 10000, " \
	"  i.date_registered / 100 % 100, i.date_registered % 100) END AS " \
	"  date_registered, r.text AS phenomenon_raw, m.phenomenon, " \
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
	/* 1: the plan's reference data (see refdata.h). */
	"CREATE TABLE axis("
	"  axis INTEGER PRIMARY KEY,"
	"  title_fr TEXT NOT NULL);"
	"CREATE TABLE measure("
	"  measure TEXT PRIMARY KEY,"
	"  seq INTEGER NOT NULL UNIQUE,"
	"  axis INTEGER NOT NULL REFERENCES axis,"
	"  pillar TEXT NOT NULL CHECK (pillar IN ('prevention','reaction','suivi')),"
	"  subtheme TEXT NOT NULL,"
	"  title TEXT NOT NULL,"
	"  text TEXT NOT NULL,"
	"  partners TEXT NOT NULL);"
	"CREATE TABLE zone("
	"  zone INTEGER PRIMARY KEY,"
	"  name_fr TEXT NOT NULL,"
	"  name_nl TEXT NOT NULL);"
	"CREATE TABLE commune("
	"  nis INTEGER PRIMARY KEY,"
	"  name_fr TEXT NOT NULL,"
	"  name_nl TEXT NOT NULL,"
	"  zone INTEGER NOT NULL REFERENCES zone);"
	"CREATE TABLE population("
	"  nis INTEGER NOT NULL REFERENCES commune,"
	"  year INTEGER NOT NULL,"
	"  sex TEXT NOT NULL CHECK (sex IN ('T','F','M')),"
	"  population INTEGER NOT NULL CHECK (population >= 0),"
	"  source TEXT NOT NULL,"
	"  PRIMARY KEY (nis, year, sex));"
	"CREATE TABLE phenomenon("
	"  code TEXT PRIMARY KEY,"
	"  seq INTEGER NOT NULL UNIQUE,"
	"  label_fr TEXT NOT NULL,"
	"  label_nl TEXT NOT NULL,"
	"  category TEXT NOT NULL,"
	"  axis INTEGER NOT NULL REFERENCES axis,"
	"  police_on_web INTEGER NOT NULL CHECK (police_on_web IN (0,1)));"
	"CREATE TABLE phenomenon_measure("
	"  phenomenon TEXT NOT NULL REFERENCES phenomenon,"
	"  measure TEXT NOT NULL REFERENCES measure,"
	"  PRIMARY KEY (phenomenon, measure));"
	/* key is text_key(alias): what a raw label is matched on. */
	"CREATE TABLE phenomenon_alias("
	"  key TEXT PRIMARY KEY,"
	"  alias TEXT NOT NULL,"
	"  phenomenon TEXT NOT NULL REFERENCES phenomenon);"
	"CREATE TABLE header_synonym("
	"  key TEXT PRIMARY KEY,"
	"  synonym TEXT NOT NULL,"
	"  field TEXT NOT NULL,"
	"  lang TEXT NOT NULL CHECK (lang IN ('fr','nl','en')));",

	/* 2: ingest — the ledger of extracts, the incidents, the quarantine.
	 * Dates are yyyymmdd integers, times minutes after midnight, sexes
	 * 1 F, 2 M, 3 X; row_hash identifies a row's content, so that the same
	 * row twice in a file is told from two rows sharing a ref. */
	"CREATE TABLE extract("
	"  id INTEGER PRIMARY KEY,"
	"  sha256 TEXT NOT NULL UNIQUE,"
	"  path TEXT NOT NULL,"
	"  zone INTEGER,"
	"  encoding TEXT NOT NULL,"
	"  delimiter TEXT NOT NULL,"
	"  header_lang TEXT NOT NULL,"
	"  unknown_columns TEXT NOT NULL,"
	"  rows_read INTEGER NOT NULL DEFAULT 0,"
	"  rows_loaded INTEGER NOT NULL DEFAULT 0,"
	"  rows_revised INTEGER NOT NULL DEFAULT 0,"
	"  rows_duplicate INTEGER NOT NULL DEFAULT 0,"
	"  rows_quarantined INTEGER NOT NULL DEFAULT 0,"
	"  period_from INTEGER,"
	"  period_to INTEGER,"
	"  loaded_at TEXT NOT NULL,"
	"  CHECK (rows_read = rows_loaded + rows_revised + rows_duplicate"
	"         + rows_quarantined));"
	"CREATE TABLE incident("
	"  id INTEGER PRIMARY KEY,"
	"  zone INTEGER NOT NULL,"
	"  ref TEXT NOT NULL,"
	"  commune INTEGER NOT NULL,"
	"  date_fact INTEGER NOT NULL,"
	"  time_fact INTEGER,"
	"  date_registered INTEGER NOT NULL,"
	"  phenomenon_raw TEXT NOT NULL,"
	"  attempt INTEGER,"
	"  modus_operandi TEXT,"
	"  place_type TEXT,"
	"  channel TEXT,"
	"  victim_sex INTEGER,"
	"  victim_age TEXT,"
	"  author_sex INTEGER,"
	"  author_age TEXT,"
	"  relation TEXT,"
	"  author_ref TEXT,"
	"  quartier TEXT,"
	"  extract INTEGER NOT NULL REFERENCES extract,"
	"  line INTEGER NOT NULL,"
	"  revision INTEGER NOT NULL DEFAULT 0,"
	"  row_hash INTEGER NOT NULL,"
	"  UNIQUE (zone, ref));"
	"CREATE TABLE quarantine("
	"  extract INTEGER NOT NULL REFERENCES extract,"
	"  line INTEGER NOT NULL,"
	"  field TEXT NOT NULL,"
	"  reason_code TEXT NOT NULL,"
	"  reason TEXT NOT NULL,"
	"  raw TEXT NOT NULL);"
	"CREATE INDEX quarantine_extract ON quarantine(extract, line);",

	/* 3: aggregate — the indicator catalogue (reference/indicators.csv),
	 * the label mapping, the monthly cube, coverage, indicators, trends.
	 * Months are yyyymm integers; sexes coded as in incident. */
	"CREATE TABLE indicator_def("
	"  indicator TEXT PRIMARY KEY,"
	"  seq INTEGER NOT NULL UNIQUE,"
	"  measure TEXT NOT NULL REFERENCES measure,"
	"  kind TEXT NOT NULL CHECK (kind IN ('count','share','rate','repeat','none')),"
	"  phenomena TEXT NOT NULL,"
	"  basis TEXT NOT NULL,"
	"  breakdown TEXT NOT NULL,"
	"  filter TEXT NOT NULL,"
	"  unit TEXT NOT NULL,"
	"  label_fr TEXT NOT NULL,"
	"  label_nl TEXT NOT NULL,"
	"  reason TEXT NOT NULL);"
	"CREATE TABLE label_map("
	"  raw TEXT PRIMARY KEY,"
	"  phenomenon TEXT NOT NULL,"       /* a code, or 'unmapped' */
	"  incidents INTEGER NOT NULL);"
	"CREATE TABLE cube("
	"  basis TEXT NOT NULL CHECK (basis IN ('fact','registered')),"
	"  month INTEGER NOT NULL,"
	"  zone INTEGER NOT NULL,"
	"  commune INTEGER NOT NULL,"
	"  phenomenon TEXT NOT NULL,"
	"  victim_sex INTEGER,"
	"  author_sex INTEGER,"
	"  attempt INTEGER,"
	"  channel TEXT,"
	"  place_type TEXT,"
	"  count INTEGER NOT NULL CHECK (count > 0));"
	"CREATE TABLE coverage("
	"  zone INTEGER NOT NULL,"
	"  month INTEGER NOT NULL,"
	"  delivered INTEGER NOT NULL,"
	"  registered INTEGER NOT NULL,"
	"  PRIMARY KEY (zone, month));"
	"CREATE TABLE indicator_value("
	"  indicator TEXT NOT NULL,"
	"  measure TEXT NOT NULL,"
	"  axis INTEGER NOT NULL,"
	"  period TEXT NOT NULL,"
	"  zone INTEGER,"
	"  commune INTEGER,"
	"  breakdown TEXT NOT NULL,"
	"  value REAL,"
	"  unit TEXT NOT NULL,"
	"  compare_value REAL,"
	"  rate_ratio REAL,"
	"  low REAL,"
	"  high REAL,"
	"  p_value REAL,"
	"  flag TEXT NOT NULL);"
	"CREATE TABLE trend("
	"  phenomenon TEXT NOT NULL,"
	"  zone INTEGER,"
	"  from_month INTEGER NOT NULL,"
	"  to_month INTEGER NOT NULL,"
	"  months INTEGER NOT NULL,"
	"  rate_ratio_per_year REAL,"
	"  low REAL,"
	"  high REAL,"
	"  p_value REAL,"
	"  mk_z REAL,"
	"  mk_p REAL,"
	"  sen_slope_per_year REAL);"
	"CREATE TABLE aggregate_run("
	"  id INTEGER PRIMARY KEY,"
	"  through INTEGER NOT NULL,"
	"  incidents INTEGER NOT NULL,"
	"  at TEXT NOT NULL);",

	/* 4: emerging phenomena — Farrington / EARS alarms per phenomenon,
	 * level and month; new and rising modus operandi. */
	"CREATE TABLE alarm("
	"  month INTEGER NOT NULL,"
	"  phenomenon TEXT NOT NULL,"
	"  zone INTEGER,"
	"  observed INTEGER NOT NULL,"
	"  expected REAL,"
	"  upper REAL,"
	"  p_value REAL,"
	"  score REAL,"
	"  alarm INTEGER NOT NULL,"
	"  method TEXT NOT NULL);"
	"CREATE TABLE modus_signal("
	"  phenomenon TEXT NOT NULL,"
	"  zone INTEGER,"
	"  modus_operandi TEXT NOT NULL,"
	"  recent INTEGER NOT NULL,"
	"  baseline INTEGER NOT NULL,"
	"  share_recent REAL,"
	"  share_baseline REAL,"
	"  p_value REAL,"
	"  q_value REAL,"
	"  first_seen INTEGER,"
	"  kind TEXT NOT NULL CHECK (kind IN ('new','rising')));",

	/* 5: a publishable report — Dutch titles for the axes and measures
	 * and short titles for the suivi measures; Dutch reasons; the modus
	 * operandi's names; each indicator value's counts (n of base: the
	 * facts of a count, the numerator and denominator of a share, the
	 * facts and inhabitants of a rate), so that disclosure control can
	 * suppress whatever would let a small count be recomputed; where an
	 * extract comes from (a zone's delivery, or `suivi sample`); and the
	 * reporting triangle: facts by month of facts and months until their
	 * registration, from which the completeness of recent months is
	 * estimated. */
	"ALTER TABLE axis ADD COLUMN title_nl TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE measure ADD COLUMN title_nl TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE measure ADD COLUMN short_fr TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE measure ADD COLUMN short_nl TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE indicator_def ADD COLUMN reason_nl TEXT NOT NULL DEFAULT '';"
	"CREATE TABLE modus_operandi("
	"  code TEXT PRIMARY KEY,"
	"  label_fr TEXT NOT NULL,"
	"  label_nl TEXT NOT NULL);"
	"ALTER TABLE indicator_value ADD COLUMN n INTEGER;"
	"ALTER TABLE indicator_value ADD COLUMN base REAL;"
	"ALTER TABLE indicator_value ADD COLUMN compare_n INTEGER;"
	"ALTER TABLE indicator_value ADD COLUMN compare_base REAL;"
	"ALTER TABLE extract ADD COLUMN origin TEXT NOT NULL DEFAULT 'delivery' "
	"  CHECK (origin IN ('delivery','sample'));"
	"CREATE TABLE delay("
	"  month INTEGER NOT NULL,"         /* of the facts, yyyymm */
	"  phenomenon TEXT NOT NULL,"
	"  delay INTEGER NOT NULL,"         /* months until registration */
	"  count INTEGER NOT NULL CHECK (count > 0),"
	"  PRIMARY KEY (month, phenomenon, delay));",

	/* 6: the month an extract delivers: the registration month most of
	 * its rows bear.  The month under review is the latest of them, so one
	 * stray date cannot take it over. */
	"ALTER TABLE extract ADD COLUMN month INTEGER;",

	/* 7: a database that explains itself to whoever opens it: what every
	 * column means (reference/dictionary.csv), and views that read like
	 * the exports (ISO dates, HH:MM, F/M/X, names, the region as zone 0). */
	"ALTER TABLE extract ADD COLUMN replaced_by INTEGER;"
	"CREATE TABLE export_head("
	"  column TEXT PRIMARY KEY,"
	"  fr TEXT NOT NULL,"
	"  nl TEXT NOT NULL);"
	"CREATE TABLE dictionary("
	"  object TEXT NOT NULL,"
	"  column TEXT NOT NULL,"
	"  meaning TEXT NOT NULL,"
	"  unit TEXT NOT NULL,"
	"  PRIMARY KEY (object, column));"
	"CREATE VIEW v_incident AS SELECT i.id, i.zone, z.name_fr AS zone_fr, "
	"  z.name_nl AS zone_nl, i.ref, i.commune, c.name_fr AS commune_fr, "
	"  c.name_nl AS commune_nl, "
	"  CASE WHEN i.date_fact % 100 = 0 THEN printf('%04d-%02d', "
	"  i.date_fact / 10000, i.date_fact / 100 % 100) ELSE "
	"  printf('%04d-%02d-%02d', i.date_fact / 10000, i.date_fact / 100 % 100, "
	"  i.date_fact % 100) END AS date_fact, "
	"  CASE WHEN i.time_fact IS NULL THEN NULL ELSE printf('%02d:%02d', "
	"  i.time_fact / 60, i.time_fact % 60) END AS time_fact, "
	"  printf('%04d-%02d-%02d', i.date_registered / 10000, "
	"  i.date_registered / 100 % 100, i.date_registered % 100) AS "
	"  date_registered, i.phenomenon_raw, m.phenomenon, p.label_fr AS "
	"  phenomenon_fr, p.label_nl AS phenomenon_nl, i.attempt, "
	"  i.modus_operandi, i.place_type, i.channel, "
	"  substr('FMX', i.victim_sex, 1) AS victim_sex, i.victim_age, "
	"  substr('FMX', i.author_sex, 1) AS author_sex, i.author_age, "
	"  i.relation, i.author_ref, i.quartier, i.extract "
	"  FROM incident i LEFT JOIN zone z ON z.zone = i.zone "
	"  LEFT JOIN commune c ON c.nis = i.commune "
	"  LEFT JOIN label_map m ON m.raw = i.phenomenon_raw "
	"  LEFT JOIN phenomenon p ON p.code = m.phenomenon;"
	"CREATE VIEW v_indicator AS SELECT v.indicator, d.label_fr, d.label_nl, "
	"  v.measure, v.period, CASE WHEN v.commune IS NOT NULL THEN 'commune' "
	"  WHEN v.zone IS NOT NULL THEN 'zone' ELSE 'region' END AS level, "
	"  coalesce(v.zone, 0) AS zone, z.name_fr AS zone_fr, "
	"  coalesce(v.commune, 0) AS commune, c.name_fr AS commune_fr, "
	"  v.breakdown, v.value, v.unit, v.compare_value, v.rate_ratio, v.low, "
	"  v.high, v.p_value, v.flag FROM indicator_value v "
	"  LEFT JOIN indicator_def d ON d.indicator = v.indicator "
	"  LEFT JOIN zone z ON z.zone = v.zone "
	"  LEFT JOIN commune c ON c.nis = v.commune;"
	"CREATE VIEW v_alarm AS SELECT printf('%04d-%02d', a.month / 100, "
	"  a.month % 100) AS month, a.phenomenon, p.label_fr AS phenomenon_fr, "
	"  p.label_nl AS phenomenon_nl, coalesce(a.zone, 0) AS zone, "
	"  z.name_fr AS zone_fr, a.observed, a.expected, a.upper, a.alarm, "
	"  a.method FROM alarm a LEFT JOIN phenomenon p ON p.code = a.phenomenon "
	"  LEFT JOIN zone z ON z.zone = a.zone;"
	"CREATE VIEW v_cube AS SELECT c.basis, printf('%04d-%02d', c.month / 100, "
	"  c.month % 100) AS month, c.zone, z.name_fr AS zone_fr, c.commune, "
	"  m.name_fr AS commune_fr, c.phenomenon, p.label_fr AS phenomenon_fr, "
	"  p.label_nl AS phenomenon_nl, substr('FMX', c.victim_sex, 1) AS "
	"  victim_sex, substr('FMX', c.author_sex, 1) AS author_sex, c.attempt, "
	"  c.channel, c.place_type, c.count FROM cube c "
	"  LEFT JOIN zone z ON z.zone = c.zone "
	"  LEFT JOIN commune m ON m.nis = c.commune "
	"  LEFT JOIN phenomenon p ON p.code = c.phenomenon;"
	"CREATE VIEW v_trend AS SELECT t.phenomenon, p.label_fr AS phenomenon_fr, "
	"  coalesce(t.zone, 0) AS zone, z.name_fr AS zone_fr, "
	"  printf('%04d-%02d', t.from_month / 100, t.from_month % 100) AS "
	"  from_month, printf('%04d-%02d', t.to_month / 100, t.to_month % 100) "
	"  AS to_month, t.rate_ratio_per_year, t.low, t.high, t.p_value, t.mk_p, "
	"  t.sen_slope_per_year FROM trend t "
	"  LEFT JOIN phenomenon p ON p.code = t.phenomenon "
	"  LEFT JOIN zone z ON z.zone = t.zone;"
	"CREATE VIEW v_modus AS SELECT s.phenomenon, p.label_fr AS phenomenon_fr, "
	"  coalesce(s.zone, 0) AS zone, z.name_fr AS zone_fr, s.modus_operandi, "
	"  o.label_fr AS modus_fr, o.label_nl AS modus_nl, s.recent, s.baseline, "
	"  s.kind FROM modus_signal s "
	"  LEFT JOIN phenomenon p ON p.code = s.phenomenon "
	"  LEFT JOIN zone z ON z.zone = s.zone "
	"  LEFT JOIN modus_operandi o ON o.code = s.modus_operandi;",

	/* 8: the facts by month, zone and phenomenon, which aggregate has in
	 * memory anyway: the report's charts read them here instead of adding
	 * up the whole cube on every run. */
	"CREATE TABLE month_total("
	"  month INTEGER NOT NULL,"         /* of the facts, yyyymm */
	"  zone INTEGER NOT NULL,"
	"  phenomenon TEXT NOT NULL,"
	"  n INTEGER NOT NULL CHECK (n > 0),"
	"  PRIMARY KEY (phenomenon, zone, month)) WITHOUT ROWID;"
	/* and the nowcast of recent months (aggregate/nowcast.h); zone NULL
	 * is the region */
	"CREATE TABLE nowcast("
	"  month INTEGER NOT NULL,"         /* of the facts, yyyymm */
	"  phenomenon TEXT NOT NULL,"       /* a code, or measure:<id> */
	"  zone INTEGER,"
	"  observed INTEGER NOT NULL,"
	"  nowcast REAL,"
	"  lower REAL,"
	"  upper REAL,"
	"  completeness REAL,"
	"  UNIQUE (phenomenon, zone, month));"
	/* an alarm's threshold may allow for the registrations to come */
	"ALTER TABLE alarm ADD COLUMN completeness REAL;"
	/* the month registrations were counted up to */
	"ALTER TABLE aggregate_run ADD COLUMN as_of INTEGER;"
	/* the partners' figures and the progress of the plan's measures
	 * (partners/), each file a ledger row; a revised row points to the
	 * row that replaces it */
	/* indicator_def anew, for kind partner (the reference reloads it) */
	"DROP TABLE indicator_def;"
	"CREATE TABLE indicator_def("
	"  indicator TEXT PRIMARY KEY,"
	"  seq INTEGER NOT NULL UNIQUE,"
	"  measure TEXT NOT NULL REFERENCES measure,"
	"  kind TEXT NOT NULL CHECK (kind IN ('count','share','rate','repeat',"
	"    'none','partner')),"
	"  phenomena TEXT NOT NULL,"
	"  basis TEXT NOT NULL,"
	"  breakdown TEXT NOT NULL,"
	"  filter TEXT NOT NULL,"
	"  unit TEXT NOT NULL,"
	"  label_fr TEXT NOT NULL,"
	"  label_nl TEXT NOT NULL,"
	"  reason TEXT NOT NULL,"
	"  reason_nl TEXT NOT NULL DEFAULT '',"
	"  frequency TEXT NOT NULL DEFAULT '',"   /* partner: month, quarter, year */
	"  partner TEXT NOT NULL DEFAULT '');"
	"CREATE TABLE partner_file("
	"  id INTEGER PRIMARY KEY,"
	"  sha256 TEXT NOT NULL UNIQUE,"
	"  path TEXT NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind IN ('figures','progress')),"
	"  rows INTEGER NOT NULL,"
	"  added INTEGER NOT NULL,"
	"  revised INTEGER NOT NULL,"
	"  loaded_at TEXT NOT NULL);"
	"CREATE TABLE partner_figure("
	"  id INTEGER PRIMARY KEY,"
	"  file INTEGER NOT NULL REFERENCES partner_file(id),"
	"  line INTEGER NOT NULL,"
	"  measure TEXT NOT NULL,"
	"  indicator TEXT NOT NULL,"
	"  period TEXT NOT NULL,"           /* yyyy-mm, yyyy-Qn or yyyy */
	"  period_end INTEGER NOT NULL,"    /* its last month, yyyymm */
	"  value REAL NOT NULL,"
	"  unit TEXT NOT NULL,"
	"  source TEXT NOT NULL,"
	"  note TEXT NOT NULL,"
	"  superseded_by INTEGER REFERENCES partner_figure(id));"
	"CREATE INDEX partner_figure_key ON partner_figure(indicator, period, "
	"  source);"
	"CREATE TABLE progress("
	"  id INTEGER PRIMARY KEY,"
	"  file INTEGER NOT NULL REFERENCES partner_file(id),"
	"  line INTEGER NOT NULL,"
	"  measure TEXT NOT NULL,"
	"  partner TEXT NOT NULL,"
	"  date INTEGER NOT NULL,"          /* yyyymmdd */
	"  status TEXT NOT NULL CHECK (status IN ('not_started',"
	"    'in_preparation','in_progress','done','abandoned')),"
	"  note TEXT NOT NULL,"
	"  superseded_by INTEGER REFERENCES progress(id));"
	"CREATE INDEX progress_key ON progress(measure, partner, date);"
	/* a loaded file's device, inode, size and times: the same key later
	 * means the file was not written since, and need not be hashed */
	"ALTER TABLE extract ADD COLUMN stat TEXT;",

	/* 9: the region's month-by-month series of the indicators charted
	 * that way (aggregate/derived.h, series_row), so that a chart reads
	 * its few hundred points instead of the cube or the incidents */
	"CREATE TABLE indicator_month("
	"  indicator TEXT NOT NULL,"
	"  part TEXT NOT NULL,"             /* '', a sex (F, M, X, unknown) or a
	                                       modus operandi code */
	"  month INTEGER NOT NULL,"         /* of the facts, yyyymm */
	"  n INTEGER NOT NULL,"             /* the part's facts; the repeat
	                                       authors */
	"  base INTEGER NOT NULL,"          /* the share's base; the authors */
	"  PRIMARY KEY (indicator, part, month)) WITHOUT ROWID;"
	/* and where each month of the cube is, so that aggregate rewrites
	 * only the months that changed (aggregate/cubewrite.c) */
	"CREATE TABLE cube_month("
	"  basis TEXT NOT NULL,"
	"  month INTEGER NOT NULL,"         /* yyyymm */
	"  first INTEGER NOT NULL,"         /* its rows: these rowids of cube */
	"  last INTEGER NOT NULL,"
	"  cells INTEGER NOT NULL,"
	"  facts INTEGER NOT NULL,"
	"  checksum INTEGER NOT NULL,"      /* the sum of its rows' hashes */
	"  PRIMARY KEY (basis, month)) WITHOUT ROWID;",

	/* 10: how complete an indicator's period is expected to be by now;
	 * a partner figure's partner in Dutch */
	"ALTER TABLE indicator_value ADD COLUMN completeness REAL;"
	"ALTER TABLE indicator_def ADD COLUMN partner_nl TEXT NOT NULL "
	"  DEFAULT '';",

	/* 11: aggregate's counts kept between runs, and what a counted
	 * incident held before it was revised or removed, so that the next
	 * count reads only what changed (aggregate/countstate.c) */
	"CREATE TABLE count_state("
	"  month INTEGER NOT NULL,"         /* from January 1900 */
	"  kind INTEGER NOT NULL,"
	"  data BLOB NOT NULL,"
	"  PRIMARY KEY (month, kind)) WITHOUT ROWID;"
	"CREATE TABLE count_dict("
	"  kind INTEGER NOT NULL,"
	"  idx INTEGER NOT NULL,"
	"  text TEXT NOT NULL,"
	"  count INTEGER NOT NULL,"
	"  PRIMARY KEY (kind, idx)) WITHOUT ROWID;"
	"CREATE TABLE count_mark("
	"  one INTEGER PRIMARY KEY CHECK (one = 1),"
	"  last_id INTEGER NOT NULL,"
	"  fingerprint INTEGER NOT NULL,"
	"  author_from INTEGER NOT NULL,"   /* month from January 1900 */
	"  synced INTEGER NOT NULL,"
	"  cube_touched INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE incident_change("
	"  id INTEGER PRIMARY KEY,"
	"  date_fact INTEGER, date_registered INTEGER, commune INTEGER,"
	"  phenomenon_raw TEXT, victim_sex INTEGER, author_sex INTEGER,"
	"  attempt INTEGER, channel TEXT, place_type TEXT,"
	"  modus_operandi TEXT, author_ref TEXT);"
	CHANGE_LOG_V11("UPDATE", "incident_revised")
	CHANGE_LOG_V11("DELETE", "incident_removed") SCHEMA_CUBE_TRIGGERS
	/* the reporting triangle keyed by phenomenon first: each chart
	 * reads its own phenomena's rows, not every phenomenon's months */
	"CREATE TABLE delay_by_phenomenon("
	"  month INTEGER NOT NULL,"
	"  phenomenon TEXT NOT NULL,"
	"  delay INTEGER NOT NULL,"
	"  count INTEGER NOT NULL CHECK (count > 0),"
	"  PRIMARY KEY (phenomenon, month, delay)) WITHOUT ROWID;"
	"INSERT INTO delay_by_phenomenon SELECT month, phenomenon, delay, count "
	"  FROM delay;"
	"DROP TABLE delay;"
	"ALTER TABLE delay_by_phenomenon RENAME TO delay;",

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
