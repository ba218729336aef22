#!/bin/bash
# aggregate reads only the incidents that changed since its last run and
# rewrites only the months of the cube table whose cells changed.
# Extracts arrive in a shuffled order, in batches, with revisions that move
# facts to other months and other phenomena, a file read again with
# --replace and a cut of an earlier month in between, each batch
# aggregated; at the end the cube and every table derived from it are
# those of a full rebuild and of a database loaded at once.  A cube
# table, or the counts kept between runs, changed behind suivi's back are
# noticed (triggers mark the first; the second must add up): the cube is
# rewritten whole, the incidents read afresh.
. "$(dirname "$0")/lib.sh"

"$SUIVI" sample --out s --from 2023-01 --to 2026-10 --scale 0.1 2>/dev/null
# (the month revised comes in the first batch, before its revision)
ls s/[0-9]*/*.csv | grep -vx s/5341/2026-03.csv |
	awk 'BEGIN { srand(37); print "0\ts/5341/2026-03.csv" } { print rand() "\t" $0 }' |
	sort -n | cut -f 2 >order.txt
split -n l/4 -d order.txt batch.

# A revision: a zone re-delivers a month, some facts a year earlier, some
# under another label, one row withdrawn from the month.
# (zone 5341 writes ';' and dd-mm-yyyy, in Dutch)
awk -F';' -v OFS=';' 'NR == 1 { print; next }
	NR % 7 == 0 { sub(/-2026$/, "-2025", $3) }
	NR % 11 == 0 { $6 = "Diefstal op de openbare weg" }
	NR != 5 { print }' s/5341/2026-03.csv >rev-2026-03.csv

aggregate_batch() {
	"$SUIVI" ingest --db inc.db --create $(cat "$1") 2>/dev/null
	"$SUIVI" aggregate --db inc.db 2>agg.log || { cat agg.log >&2; return 1; }
}
ok=1
for b in batch.00 batch.01; do aggregate_batch $b || ok=0; done
check_exit 0 "a zone re-delivers a month" "$SUIVI" ingest --db inc.db rev-2026-03.csv
check "... revising some of its rows" grep -Eq ', [1-9][0-9]* revised' "$WORK/last.err"
"$SUIVI" aggregate --db inc.db 2>agg.log || ok=0
check "after a revision, only the months it touches are rewritten" \
	sh -c "grep -Eq '\(([1-9]|[1-3][0-9]) months rewritten\)' agg.log"
check "... and only the incidents that changed are read" \
	grep -q "read, what changed since the last run" agg.log
check_exit 0 "a file read again with --replace" "$SUIVI" ingest --db inc.db --replace "$(head -n 1 batch.01)"
"$SUIVI" aggregate --db inc.db 2>agg.log || ok=0
check "... takes its old rows out and its new ones in, reading no more" \
	grep -q "read, what changed since the last run" agg.log
check_exit 0 "an earlier month, cut as it stood then" "$SUIVI" aggregate --db inc.db --through 2025-06 --cut
check "... reads every incident (the counts kept are not of a cut)" grep -q "read, all afresh" "$WORK/last.err"
for b in batch.02 batch.03; do aggregate_batch $b || ok=0; done
check "shuffled batches and a revision, each aggregated, all succeed" test $ok -eq 1

cp inc.db full.db
check_exit 0 "aggregate --rebuild rewrites every month" "$SUIVI" aggregate --db full.db --rebuild
check "... and says so" sh -c "grep -Eq '\(([4-9][0-9]|1[0-9][0-9]) months rewritten\)' '$WORK/last.err'"
# (in the same order: a later delivery of a row replaces an earlier one)
"$SUIVI" ingest --db once.db --create $(cat batch.00 batch.01) rev-2026-03.csv \
	$(cat batch.02 batch.03) 2>/dev/null
"$SUIVI" aggregate --db once.db 2>/dev/null
same=1
for w in cube cube-registered indicators series trends alarms modus nowcast mapping \
	delays coverage; do
	"$SUIVI" export --db inc.db --what $w >inc.$w.csv
	"$SUIVI" export --db full.db --what $w >full.$w.csv
	"$SUIVI" export --db once.db --what $w >once.$w.csv
	cmp -s inc.$w.csv full.$w.csv && cmp -s inc.$w.csv once.$w.csv ||
		{ echo "    differs: $w" >&2; same=0; }
done
check "month by month, a full rebuild and a load at once give the same tables" test $same -eq 1
check "... the same cube, row for row" test "$(sqlite3 inc.db 'SELECT count(*), sum(count) FROM cube')" = "$(sqlite3 once.db 'SELECT count(*), sum(count) FROM cube')"

check_exit 0 "a second aggregate with nothing new" "$SUIVI" aggregate --db inc.db
check "... rewrites no month" grep -q "(0 months rewritten)" "$WORK/last.err"
sqlite3 inc.db "DELETE FROM cube WHERE rowid % 97 = 0"
check_exit 0 "rows removed from the cube behind suivi's back" "$SUIVI" aggregate --db inc.db
check "... are noticed, and the cube is rewritten whole" sh -c '"$SUIVI" export --db inc.db --what cube | cmp -s - full.cube.csv'
sqlite3 inc.db "UPDATE cube SET count = count + 1 WHERE rowid = (SELECT max(rowid) FROM cube)"
check_exit 0 "a count of the cube changed by hand" "$SUIVI" aggregate --db inc.db
check "... is noticed too, and put right" sh -c '"$SUIVI" export --db inc.db --what cube | cmp -s - full.cube.csv'
sqlite3 inc.db "DELETE FROM count_state WHERE month = (SELECT max(month) FROM count_state)"
check_exit 0 "counts kept between runs, damaged behind suivi's back" "$SUIVI" aggregate --db inc.db
check "... are not used: every incident is read afresh" grep -q "read, all afresh" "$WORK/last.err"
check "... and the tables are still those of a full rebuild" sh -c '"$SUIVI" export --db inc.db --what indicators | cmp -s - full.indicators.csv'
sqlite3 inc.db "UPDATE count_mark SET fingerprint = fingerprint + 1"
check_exit 0 "counts kept under another reference" "$SUIVI" aggregate --db inc.db
check "... are not used either" grep -q "read, all afresh" "$WORK/last.err"
# A kept cell's key turned to phenomenon 1000 of a reference that has
# fewer, its count left: the counts still add up.
m=$(sqlite3 inc.db "SELECT max(month) FROM count_state WHERE kind = 0")
hex=$(perl -e 'print unpack("H*", pack("Q<", ($ARGV[0] << 52) | (1000 << 31) | 1))' "$m")
sqlite3 inc.db "UPDATE count_state SET data = X'$hex' || substr(data, 9) WHERE month = $m AND kind = 0"
check_exit 0 "a kept count naming a phenomenon the reference does not have" "$SUIVI" aggregate --db inc.db
check "... is not used: every incident is read afresh" grep -q "read, all afresh" "$WORK/last.err"
check "... and the tables are those of a full rebuild" sh -c '"$SUIVI" export --db inc.db --what cube | cmp -s - full.cube.csv'
# The log of revised and removed incidents dropped, an incident removed
# unseen: aggregate cannot trust what it kept.
sqlite3 inc.db "DROP TRIGGER incident_removed; DELETE FROM incident WHERE id = (SELECT min(id) FROM incident)"
cp inc.db gone.db
"$SUIVI" aggregate --db gone.db --rebuild 2>/dev/null
check_exit 0 "the log of removed incidents dropped, one removed unseen" "$SUIVI" aggregate --db inc.db
check "... every incident is read afresh" grep -q "read, all afresh" "$WORK/last.err"
check "... the tables are a full rebuild's" sh -c '"$SUIVI" export --db inc.db --what cube >a.csv && "$SUIVI" export --db gone.db --what cube | cmp -s - a.csv'
check "... and the log is back" test "$(sqlite3 inc.db "SELECT count(*) FROM sqlite_master WHERE name = 'incident_removed'")" -eq 1
finish
