#!/bin/bash
# bench/publications.sh [RUNS] — what keeping each publication costs.
#
# Builds the eight-year sample's database once (suivi run --sample, which
# records the first publication), then RUNS more reports (default 5) of
# the same month, each recorded: prints the database's growth per
# publication (its pages, state and every figure of the page's linked set),
# the report's median time, and the median of RUNS months' runs with
# nothing new (suivi run: ingest finds every file known, aggregate and
# report, each run a publication).  A benchmark, not a test.
runs=${1:-5}
. "$(dirname "$0")/lib.sh"
cd "$work"

"$suivi" run --db t.db --inbox extracts --sample --out out >/dev/null 2>&1
size() { sqlite3 t.db "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null 2>&1; stat -c %s t.db; }
need sqlite3 sqlite3
before=$(size)
for i in $(seq "$runs"); do
	t0=$(now); "$suivi" report --db t.db --out out >/dev/null; t1=$(now)
	echo "$t0 $t1" | awk '{ print $2 - $1 }' >>kept
done
after=$(size)
for i in $(seq "$runs"); do
	t0=$(now); "$suivi" run --db t.db --inbox extracts --out out >/dev/null 2>&1; t1=$(now)
	echo "$t0 $t1" | awk '{ print $2 - $1 }' >>month
done
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
rows=$(sqlite3 t.db "SELECT count(*) FROM published_value WHERE publication = (SELECT max(id) FROM publication)")
awk -v b="$before" -v a="$after" -v n="$runs" -v k="$(median <kept)" -v r="$(median <month)" -v rows="$rows" 'BEGIN {
	printf "per publication: %d figures kept, the database %.0f KiB larger (%.1f MiB a year of monthly reports)\n", rows, (a - b) / n / 1024, 12 * (a - b) / n / 1048576
	printf "report, recorded: %.3f s; the month'"'"'s whole run with nothing new (ingest, aggregate, report, recorded): %.3f s\n", k, r
}'
