#!/bin/bash
# A database made by the release before deliveries had versions (schema
# 11; data/schema11.sql.gz is the sqlite3 shell's dump of a database made
# by suivi 8fe22ec from sample-data's zones 5341 and 5343, with 5341's
# 2026-07 delivered again as -v2, plus a file with an IBAN column and a
# quarantined row, then aggregated) is brought to the new model without
# losing a row or changing a figure, and with the IBAN gone from the file.
. "$(dirname "$0")/lib.sh"
# The reference as it mapped labels when the dump was made: armed robbery
# named in Dutch as it was then.  (A reference that maps labels otherwise
# counts every incident afresh, as it must: an alias may map a label the
# kept counts put elsewhere.)
cp -r "$TOP/reference" ref
sed -i 's/^armed_robbery,Vol à main armée,Diefstal gewapenderhand,/armed_robbery,Vol à main armée,Gewapenderhanddiefstal,/' ref/phenomena.csv
sed -i '/^gewapenderhanddiefstal,armed_robbery$/d' ref/phenomenon_aliases.csv
export SUIVI_REFERENCE="$WORK/ref"
gzip -dc "$TOP/tests/e2e/data/schema11.sql.gz" | sqlite3 m.db
check "the old database holds the IBAN in its quarantine" grep -qa BE71096123456769 m.db

# What the old tables hold, read by the sqlite3 shell alone.
snapshot() {    # snapshot LABEL: the incidents, cube and indicators
	sqlite3 m.db "SELECT zone, ref, commune, date_fact, time_fact, date_registered, $1, attempt, modus_operandi, place_type, channel, victim_sex, victim_age, author_sex, author_age, relation, author_ref, quartier, (SELECT sha256 FROM extract e WHERE e.id = i.extract) FROM incident i ORDER BY zone, ref" >inc.$2
	sqlite3 m.db "SELECT * FROM cube ORDER BY basis, month, zone, commune, phenomenon, victim_sex, author_sex, attempt, channel, place_type" >cube.$2
	sqlite3 m.db "SELECT * FROM indicator_value ORDER BY rowid" >ind.$2
	sqlite3 m.db "SELECT * FROM coverage ORDER BY zone, month" >cov.$2
}
snapshot phenomenon_raw old
check "... with incidents, cube and indicators" test "$(wc -l <inc.old)" -eq 2907 -a -s cube.old -a -s ind.old

check_exit 0 "a command that only reads migrates it" "$SUIVI" status --db m.db
check "... to the current schema" sh -c 'sqlite3 m.db "PRAGMA user_version" | grep -qx 23'
snapshot "(SELECT text FROM label WHERE id = i.label)" new
check "every incident is kept, as it was" cmp inc.old inc.new
check "the cube is as it was" cmp cube.old cube.new
check "the indicators are as they were" cmp ind.old ind.new
check "the quarantine keeps its rows" test "$(sqlite3 m.db "SELECT count(*) FROM quarantine")" -eq 5
check "... but nothing of the file with a column not stored" sh -c '! grep -qa BE71096123456769 m.db m.db-wal 2>/dev/null'
check "every reading is a legacy delivery that counts, version 2 too" sh -c 'sqlite3 m.db "SELECT group_concat(stem || \"/\" || version || \"/\" || state, \" \") FROM (SELECT * FROM extract ORDER BY id)" | grep -qx "2026-07/1/current 2026-07/2/current 2026-08/1/current 2026-09/1/current 2026-10/1/current extra/1/current 2026-08/1/current 2026-09/1/current 2026-10/1/current"'
check "... each with the months its incidents were registered in (version 1 of 2026-07 has none left: version 2 carried them all)" test "$(sqlite3 m.db "SELECT count(DISTINCT extract) FROM extract_month")" -eq 8
check "foreign keys hold" sh -c 'sqlite3 m.db "PRAGMA foreign_key_check" | grep -c . | grep -qx 0'
check "each label has the languages of the French and Dutch headers of the files that typed it" sh -c 'sqlite3 m.db "SELECT text, lang FROM label ORDER BY text" >lang.got; sqlite3 m.db "SELECT l.text, coalesce((SELECT group_concat(h, \" \") FROM (SELECT DISTINCT e.header_lang AS h FROM incident i JOIN extract e ON e.id = i.extract WHERE i.label = l.id AND e.header_lang IN (\"fr\", \"nl\") ORDER BY 1)), \"\") FROM label l ORDER BY l.text" >lang.want; cmp lang.got lang.want && grep -q "|fr$" lang.got'

check_exit 65 "a report on the old aggregate's figures is refused (it screened no net change)" "$SUIVI" report --db m.db --out rep
check "... saying to aggregate again" grep -q "aggregated by an earlier suivi.*run 'suivi aggregate' again" "$WORK/last.err"
check_exit 0 "aggregate after the migration" "$SUIVI" aggregate --db m.db
check "... reads only what changed (the kept counts still hold)" grep -q "0 read, what changed since the last run" "$WORK/last.err"
snapshot "(SELECT text FROM label WHERE id = i.label)" again
check "... and gives the same cube" cmp cube.old cube.again
check "... the same indicators" cmp ind.old ind.again
check "... the same coverage" cmp cov.old cov.again
check_exit 0 "aggregate read afresh" "$SUIVI" aggregate --db m.db --rebuild
snapshot "(SELECT text FROM label WHERE id = i.label)" rebuilt
check "... gives the same cube" cmp cube.old cube.rebuilt
check "... and the same indicators" cmp ind.old ind.rebuilt

# New deliveries follow the new rules: 5341's 2026-07 as version 3,
# carrying one incident, supersedes both legacy versions.
{ head -n 1 "$TOP/sample-data/5341/2026-07.csv"; sed -n 2p "$TOP/sample-data/5341/2026-07.csv"; } >2026-07-v3.csv
check_exit 0 "a version 3 after the migration" "$SUIVI" ingest --db m.db --zone 5341 2026-07-v3.csv
check "... supersedes the legacy versions and withdraws what it does not carry" grep -q "1 unchanged, 0 duplicates, 0 quarantined; [1-9][0-9]* withdrawn" "$WORK/last.err"
finish
