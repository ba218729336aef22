/*
 * schema — the migrations db_open() applies, oldest first.
 *
 * Never edit a migration that has shipped: append a new one.  Each entry is
 * run inside one transaction together with the user_version bump.
 */
#include "schema.h"

#include <stddef.h>

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
};

int
schema_count(void)
{
	return (int)(sizeof migrations / sizeof migrations[0]);
}

const char *
schema_migration(int i)
{
	return i >= 0 && i < schema_count() ? migrations[i] : NULL;
}
