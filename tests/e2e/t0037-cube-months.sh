#!/bin/bash
# aggregate rewrites only the months of the cube table whose cells changed.
# Extracts arrive in a shuffled order, in batches, with revisions that move
# facts to other months and other phenomena, each batch aggregated; at
# the end the cube and every table derived from it are those of a full
# rebuild and of a database loaded at once.  A cube table changed behind
# suivi's back is noticed and rewritten whole.
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
	"$SUIVI" ingest --db inc.db $(cat "$1") 2>/dev/null
	"$SUIVI" aggregate --db inc.db 2>agg.log || { cat agg.log >&2; return 1; }
}
ok=1
for b in batch.00 batch.01; do aggregate_batch $b || ok=0; done
check_exit 0 "a zone re-delivers a month" "$SUIVI" ingest --db inc.db rev-2026-03.csv
check "... revising some of its rows" grep -Eq ', [1-9][0-9]* revised' "$WORK/last.err"
"$SUIVI" aggregate --db inc.db 2>agg.log || ok=0
check "after a revision, only the months it touches are rewritten" \
	sh -c "grep -Eq '\(([1-9]|[1-3][0-9]) months rewritten\)' agg.log"
for b in batch.02 batch.03; do aggregate_batch $b || ok=0; done
check "shuffled batches and a revision, each aggregated, all succeed" test $ok -eq 1

cp inc.db full.db
check_exit 0 "aggregate --rebuild rewrites every month" "$SUIVI" aggregate --db full.db --rebuild
check "... and says so" sh -c "grep -Eq '\(([4-9][0-9]|1[0-9][0-9]) months rewritten\)' '$WORK/last.err'"
# (in the same order: a later delivery of a row replaces an earlier one)
"$SUIVI" ingest --db once.db $(cat batch.00 batch.01) rev-2026-03.csv \
	$(cat batch.02 batch.03) 2>/dev/null
"$SUIVI" aggregate --db once.db 2>/dev/null
same=1
for w in cube cube-registered indicators series trends alarms modus nowcast \
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
finish
