#!/bin/bash
# bench/storage.sh [ROWS] — what SQLite itself costs to store the rows of
# one extract, in the layout suivi uses and in the layouts that could
# replace it: the floor under `suivi ingest` that no tuning of suivi's own
# code can go below.
#
# Generates one extract of ROWS rows (default 2,000,000), stages it once
# in a database of its own (parsed, dates and times as numbers, every
# label beside its integer code), then times, each into a fresh database
# made by `suivi init` with suivi's pragmas (WAL, synchronous NORMAL,
# 16 MiB cache), one INSERT … SELECT of every row in one transaction:
#   - the raw phenomenon label by its number (table label), the other
#     labels as text, unique (zone, ref) index: suivi's incident table;
#   - every label as text and a hash of each row: suivi's table before
#     deliveries had versions (schema 11);
#   - integer-coded labels (phenomenon, modus operandi, place), same index;
#   - integer-coded labels, no unique index (what the index costs);
#   - integer-coded labels, a WITHOUT ROWID table keyed by (zone, ref)
#     (the index is the table; incidents lose the row id that aggregate's
#     change log and the exports key on).
# Prints each time, its ratio to the first, and each database's size
# against the CSV's.  A benchmark, not a test: it fails only if a command
# fails.
rows=${1:-2000000}
. "$(dirname "$0")/lib.sh"
need sqlite3 sqlite3

awk -v n="$rows" -f "$top/bench/gen-extract.awk" >"$work/extract.csv"
csv_k=$(du -k "$work/extract.csv" | cut -f1)
echo "extract: $rows rows, $((csv_k / 1024)) MiB"

sqlite3 "$work/stage.db" <<SQL
.mode csv
.separator ;
.import $work/extract.csv s
CREATE TABLE label(id INTEGER PRIMARY KEY, text TEXT UNIQUE);
INSERT OR IGNORE INTO label(text) SELECT phenomene FROM s;
INSERT OR IGNORE INTO label(text) SELECT mode_operatoire FROM s;
INSERT OR IGNORE INTO label(text) SELECT type_lieu FROM s;
CREATE TABLE row AS SELECT s.rowid AS line, numero_pv AS ref,
  CAST(commune AS INTEGER) AS commune,
  CAST(substr(date_faits, 7, 4) || substr(date_faits, 4, 2)
    || substr(date_faits, 1, 2) AS INTEGER) AS day,
  CAST(substr(heure, 1, 2) AS INTEGER) * 60
    + CAST(substr(heure, 4, 2) AS INTEGER) AS minute,
  phenomene, (SELECT id FROM label WHERE text = phenomene) AS phenomene_id,
  CAST(tentative AS INTEGER) AS attempt,
  mode_operatoire, (SELECT id FROM label WHERE text = mode_operatoire) AS mo_id,
  type_lieu, (SELECT id FROM label WHERE text = type_lieu) AS place_id,
  instr('FMX', sexe_victime) AS victim_sex, instr('FMX', sexe_auteur) AS author_sex,
  random() AS hash FROM s;
SQL

cols="zone, ref, commune, date_fact, time_fact, date_registered, label,
  attempt, modus_operandi, place_type, victim_sex, author_sex, extract, line"
suivis="1, ref, commune, day, minute, day, phenomene_id, attempt,
  mode_operatoire, type_lieu, victim_sex, author_sex, 1, line"
codes="1, ref, commune, day, minute, day, phenomene_id, attempt, mo_id,
  place_id, victim_sex, author_sex, 1, line"
bare="DROP VIEW v_incident; DROP TRIGGER incident_revised;
  DROP TRIGGER incident_removed; DROP TABLE incident;"
# suivi's table before deliveries had versions (schema 11): every label as
# text, and a hash of each row's content
old_cols="zone, ref, commune, date_fact, time_fact, date_registered,
  phenomenon_raw, attempt, modus_operandi, place_type, victim_sex,
  author_sex, extract, line, row_hash"
old_table="$bare CREATE TABLE incident(id INTEGER PRIMARY KEY, zone INTEGER
  NOT NULL, ref TEXT NOT NULL, commune INTEGER NOT NULL, date_fact INTEGER
  NOT NULL, time_fact INTEGER, date_registered INTEGER NOT NULL,
  phenomenon_raw TEXT NOT NULL, attempt INTEGER, modus_operandi TEXT,
  place_type TEXT, channel TEXT, victim_sex INTEGER, victim_age TEXT,
  author_sex INTEGER, author_age TEXT, relation TEXT, author_ref TEXT,
  quartier TEXT, extract INTEGER NOT NULL, line INTEGER NOT NULL,
  revision INTEGER NOT NULL DEFAULT 0, row_hash INTEGER NOT NULL,
  UNIQUE (zone, ref));"
old_text="1, ref, commune, day, minute, day, phenomene, attempt, mode_operatoire,
  type_lieu, victim_sex, author_sex, 1, line, hash"
: >"$work/layouts"

# layout NAME SQL_BEFORE COLUMNS SELECT_LIST
layout() {
	rm -f "$work/v.db"*
	"$suivi" init --db "$work/v.db" 2>/dev/null
	sqlite3 "$work/v.db" "$2" >/dev/null
	sync
	local t0 t1
	t0=$(now)
	sqlite3 "$work/v.db" >/dev/null <<SQL
PRAGMA synchronous = NORMAL;
PRAGMA cache_size = -16384;
ATTACH '$work/stage.db' AS st;
BEGIN;
INSERT INTO extract(id, sha256, path, encoding, delimiter, header_lang,
  unknown_columns, loaded_at) VALUES (1, 'x', 'x', 'utf-8', ';', 'fr', '', '');
INSERT INTO label SELECT id, text FROM st.label;
INSERT INTO incident($3) SELECT $4 FROM st.row;
COMMIT;
SQL
	t1=$(now)
	echo "$1	$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')	$(du -k "$work/v.db" | cut -f1)" \
	    >>"$work/layouts"
}

layout "phenomenon labels by number, unique (zone, ref) (suivi's)" "" \
    "$cols" "$suivis"
layout "every label as text, row hash (suivi's, schema 11)" "$old_table" \
    "$old_cols" "$old_text"
layout "integer-coded labels, unique (zone, ref)" "" "$cols" "$codes"
layout "integer-coded labels, no unique index" \
    "$bare CREATE TABLE incident(id INTEGER PRIMARY KEY, $cols);" "$cols" \
    "$codes"
layout "integer-coded labels, WITHOUT ROWID (zone, ref)" \
    "$bare CREATE TABLE incident($cols, PRIMARY KEY (zone, ref)) WITHOUT ROWID;" \
    "$cols" "$codes"

awk -v csv="$csv_k" -F'\t' '
NR == 1 { base = $2 }
{
	printf "%-62s %6.2f s  %5.2f x the first, its file %.2f x the CSV\n",
	    $1 ":", $2, $2 / base, $3 / csv
}' "$work/layouts"
