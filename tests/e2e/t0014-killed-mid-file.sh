#!/bin/bash
# A load killed mid-file leaves the database as it was; the next run loads
# the file completely.
. "$(dirname "$0")/lib.sh"

awk -v n=400000 -f "$TOP/bench/gen-extract.awk" >big.csv
printf 'numero_pv;commune;date_faits;phenomene\nfirst;21001;01/09/2026;vol\n' >small.csv
"$SUIVI" ingest --db t.db --create small.csv 2>/dev/null
before=$("$SUIVI" status --db t.db --json)
"$SUIVI" ingest --db t.db big.csv 2>/dev/null &
pid=$!
# Wait until the load is under way (the WAL grows), then kill it hard
# (a minute at most: a loaded machine is slow, not stuck).
for _ in $(seq 1 1200); do
	[ -s t.db-wal ] && [ "$(stat -c %s t.db-wal)" -gt 2000000 ] && break
	sleep 0.05
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
check "the load was really interrupted" test "$(stat -c %s t.db-wal 2>/dev/null || echo 0)" -gt 0
check "the database is as it was" test "$before" = "$("$SUIVI" status --db t.db --json)"
check_exit 0 "the next run loads the file" "$SUIVI" ingest --db t.db big.csv
check "... completely" grep -q "400000 read, 400000 loaded, 0 revised, 0 unchanged, 0 duplicates, 0 quarantined" "$WORK/last.err"
check "... and the ledger has it once" sh -c '[ "$("$SUIVI" export --db t.db --what extracts | tail -n +2 | wc -l)" -eq 2 ]'
finish
