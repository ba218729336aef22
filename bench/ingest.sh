#!/bin/bash
# bench/ingest.sh [ROWS] — ingest speed and memory against the sqlite3 shell.
#
# Generates one extract of ROWS rows (default 2,000,000), then in the same
# run: `suivi ingest` into a fresh database, and the sqlite3 shell's
# `.import` of the same file plus one GROUP BY (what an analyst would do by
# hand, with no validation).  Prints both times, their ratio and suivi's
# peak memory.  A benchmark, not a test: it fails only if a command fails.
set -euo pipefail
rows=${1:-2000000}
top=$(cd "$(dirname "$0")/.." && pwd)
suivi=${SUIVI:-$top/build/release/suivi}
work=$(mktemp -d "${TMPDIR:-/tmp}/suivi-bench-XXXXXX")
trap 'rm -rf "$work"' EXIT
[ -x "$suivi" ] || { echo "build suivi first (make)" >&2; exit 69; }
for tool in sqlite3 /usr/bin/time; do
	command -v $tool >/dev/null || { echo "needs $tool (apt-get install sqlite3 time)" >&2; exit 69; }
done

awk -v n="$rows" -f "$top/bench/gen-extract.awk" >"$work/extract.csv"
size=$(du -m "$work/extract.csv" | cut -f1)
echo "extract: $rows rows, ${size} MiB"

now() { date +%s.%N; }
t0=$(now)
/usr/bin/time -f '%M' -o "$work/mem" "$suivi" ingest --db "$work/suivi.db" "$work/extract.csv" 2>"$work/log"
t1=$(now)
grep -q " $rows read, $rows loaded" "$work/log" || { cat "$work/log" >&2; exit 1; }
"$suivi" init --db "$work/sqlite.db" 2>/dev/null    # same disk, same cold start
rm -f "$work/sqlite.db"*
t2=$(now)
sqlite3 "$work/sqlite.db" >/dev/null <<SQL
.mode csv
.separator ;
.import $work/extract.csv incident
SELECT commune, count(*) FROM incident GROUP BY commune;
SQL
t3=$(now)
# The same, plus the unique (zone, ref) index suivi maintains while loading.
rm -f "$work/sqlite.db"*
t4=$(now)
sqlite3 "$work/sqlite.db" >/dev/null <<SQL
.mode csv
.separator ;
.import $work/extract.csv incident
CREATE UNIQUE INDEX ref ON incident(numero_pv);
SELECT commune, count(*) FROM incident GROUP BY commune;
SQL
t5=$(now)
awk -v a="$t4" -v b="$t5" 'BEGIN { printf "sqlite3 .import+UNIQUE INDEX+GROUP BY: %6.2f s\n", b - a }'
awk -v s="$t1" -v s0="$t0" -v q="$t3" -v q0="$t2" -v m="$(cat "$work/mem")" -v n="$rows" 'BEGIN {
	s -= s0; q -= q0
	printf "suivi ingest:            %6.2f s  (%.0f rows/s), peak memory %.1f MiB\n", s, n / s, m / 1024
	printf "sqlite3 .import+GROUP BY: %6.2f s\n", q
	printf "ratio sqlite3 / suivi:    %6.2f (above 1: suivi faster)\n", q / s
}'
