#!/bin/bash
# bench/monthly.sh [SCALE] [RUNS] [MONTH_SCALE] — the monthly run on top of
# a history.
#
# Generates the sample (scale SCALE, default 1: eight years, about 1.26
# million incidents) and builds the history once: every extract but the
# last month's, ingested and aggregated.  Then, RUNS times (default 3),
# from a copy of that history, `suivi run --inbox` with the whole sample:
# the six new files of the last month load, the rest are known, and
# aggregate and report run.  Prints each run's wall and CPU time by stage
# and the median, beside the time of ingesting the same six files alone:
# how much of the month's job follows the new month and how much the
# history.  MONTH_SCALE (default SCALE) cuts the new month's files to the
# rows of that scale (the first ones of each), so that a longer history
# can be given the same new month as a shorter one: `bench/monthly.sh 6.3
# 3 1` is 7.9 million incidents and a month of the size `bench/monthly.sh
# 1 3` brings.  COLD=1 (as root) empties the page cache before each run,
# as a month later nothing of the database is in memory.  A benchmark,
# not a test.
scale=${1:-1}
runs=${2:-3}
month_scale=${3:-$scale}
. "$(dirname "$0")/lib.sh"
need /usr/bin/time time
cd "$work"

"$suivi" sample --out s --scale "$scale" 2>/dev/null
sleep 2         # deliveries are days old when loaded: known by their stat
last=$(ls s/5339/ | sed -n 's/^\([0-9]\{4\}-[0-9]\{2\}\)\.csv$/\1/p' | sort | tail -n 1)
(cd s && "$suivi" ingest --db ../history.db --create $(ls [0-9]*/*.csv | grep -v "/$last" | sort -V) 2>/dev/null) || true
"$suivi" partners --db history.db s/partners/*.csv >/dev/null 2>&1 || true
"$suivi" aggregate --db history.db 2>/dev/null --through "$(echo "$last" | awk -F- '{ m = $1 * 12 + $2 - 2; printf "%04d-%02d", int(m / 12), m % 12 + 1 }')"
if [ "$month_scale" != "$scale" ]; then
	for f in s/[0-9]*/"$last"*.csv; do
		LC_ALL=C awk -v k="$month_scale" -v s="$scale" '
			NR == 1 { print; next }
			{ line[++n] = $0 }
			END { for (i = 1; i <= int(n * k / s); i++) print line[i] }' \
			"$f" >"$f.cut" && mv "$f.cut" "$f"
	done
fi
incidents=$(sqlite3 history.db "SELECT count(*) FROM incident")
new=$(ls s/[0-9]*/"$last"*.csv | wc -l)
echo "history: $incidents incidents; the new month $last: $new files, $(cat s/[0-9]*/"$last"*.csv | wc -l) lines"

: >times
for i in $(seq 1 "$runs"); do
	cp history.db run.db
	rm -rf out
	sync    # else the run's first fdatasync waits for the copy's writing
	if [ "${COLD:-0}" = 1 ]; then
		echo 3 >/proc/sys/vm/drop_caches 2>/dev/null ||
			{ echo "COLD=1 needs root (/proc/sys/vm/drop_caches)" >&2; exit 69; }
	fi
	t0=$(now)
	/usr/bin/time -f '%U %S %M' -o cpu "$suivi" run --db run.db --create --inbox s --out out >/dev/null 2>run.log || { cat run.log >&2; exit 1; }
	t1=$(now)
	agg=$(sed -n 's/^aggregate: .*; \([0-9.]*\) s$/\1/p' run.log)
	read -r user sys mem <cpu
	awk -v a="$t0" -v b="$t1" -v u="$user" -v s="$sys" -v m="$mem" -v g="$agg" \
	    'BEGIN { printf "run %d: %.2f s wall, %.2f s CPU, aggregate %.2f s, peak %d MiB\n", '"$i"', b - a, u + s, g, m / 1024 }' | tee -a times
done
cp history.db alone.db
sync
t0=$(now)
"$suivi" ingest --db alone.db --create $(ls s/[0-9]*/"$last"*.csv) 2>/dev/null
t1=$(now)
"$suivi" ingest --db alone.db $(ls s/[0-9]*/*.csv) 2>/dev/null
t2=$(now)
"$suivi" aggregate --db alone.db 2>/dev/null
t3=$(now)
"$suivi" report --db alone.db --out out2 >/dev/null 2>&1
t4=$(now)
median=$(awk '{ print $3 }' times | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
awk -v m="$median" -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" -v f="$t4" 'BEGIN {
	printf "median run: %.2f s wall; of which, measured alone: ingesting the new month %.2f s, recognising the %s known files %.2f s, aggregate %.2f s, report %.2f s\n",
	    m, b - a, "'"$(ls s/[0-9]*/*.csv | wc -l)"'", c - b, d - c, f - d }'
