#!/bin/bash
# suivi init creates the database with the plan's reference data; status
# reports it; a second init changes nothing.
. "$(dirname "$0")/lib.sh"

check "init creates the database" "$SUIVI" init --db t.db
check "the database is a real SQLite file" sh -c 'head -c 15 t.db | grep -q "SQLite format 3"'
check "status --json gives the plan's counts" sh -c '"$SUIVI" status --db t.db --json > s.json'
check "10 axes, 120 measures" grep -q '"axes":10,"measures":120,' s.json
check "48 prevention, 50 reaction, 22 suivi" grep -q '"measures_by_pillar":{"prevention":48,"reaction":50,"suivi":22}' s.json
check "6 zones, 19 communes" grep -q '"zones":6,"communes":19,' s.json
check "at least 50 phenomena" sh -c 'n=$(sed -n "s/.*\"phenomena\":\([0-9]*\).*/\1/p" s.json); [ "$n" -ge 50 ]'
check "status without --json is for people" sh -c '"$SUIVI" status --db t.db | grep -q "^measures *120"'
"$SUIVI" export --db t.db --what phenomena >before.csv
check "init again succeeds" "$SUIVI" init --db t.db
"$SUIVI" export --db t.db --what phenomena >after.csv
check "... and changes nothing" cmp before.csv after.csv
check "the database opens in other tools while WAL is on" sh -c '"$SUIVI" status --db t.db --json | cmp - s.json'
# A database that explains itself: every column of every table and view.
check "every column of every table and view is in the dictionary" test -z "$(sqlite3 t.db "SELECT m.name || '.' || p.name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type IN ('table', 'view') AND m.name NOT LIKE 'sqlite%' AND NOT EXISTS (SELECT 1 FROM dictionary d WHERE d.object = m.name AND d.column = p.name)")"
check "... and the views read without suivi (no function of its own)" sqlite3 t.db "SELECT * FROM v_incident, v_indicator, v_alarm, v_cube, v_trend, v_modus LIMIT 1"
cp t.db broken.db
sqlite3 broken.db "DROP VIEW v_trend; DROP TABLE trend"
check_exit 70 "status of a database missing a table fails" "$SUIVI" status --db broken.db --json
check "... naming it, rather than printing a number it could not count" grep -q "no such table: trend" "$WORK/last.err"
finish
