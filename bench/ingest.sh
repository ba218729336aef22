#!/bin/bash
# bench/ingest.sh [ROWS] — ingest speed and memory against the tools an
# analyst would reach for.
#
# Generates one extract of ROWS rows (default 2,000,000), then in the same
# run: `suivi ingest` into a fresh database; the sqlite3 shell's `.import`
# of the same file plus one GROUP BY (what an analyst would do by hand, with
# no validation), bare and with the unique index suivi keeps; DuckDB
# (`read_csv` into a table, the same GROUP BY) writing its own file and in
# memory, when Node.js finds the @duckdb/node-api package (npm install
# @duckdb/node-api, and NODE_PATH=.../node_modules if it is not beside
# this script); and pandas (read_csv, groupby), when a python3 has it
# (apt-get install python3-pandas).  A peer that is missing is skipped
# with a line saying so.  Prints each time, its ratio to suivi's, peak
# memory and the size of each database against the CSV's.  A benchmark,
# not a test: it fails only if a command fails.
rows=${1:-2000000}
. "$(dirname "$0")/lib.sh"
need sqlite3 sqlite3
need /usr/bin/time time

awk -v n="$rows" -f "$top/bench/gen-extract.awk" >"$work/extract.csv"
size=$(du -m "$work/extract.csv" | cut -f1)
echo "extract: $rows rows, ${size} MiB"

t0=$(now)
/usr/bin/time -f '%M' -o "$work/mem" "$suivi" ingest --db "$work/suivi.db" --create "$work/extract.csv" 2>"$work/log"
t1=$(now)
t1s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
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
suivi_db=$(du -k "$work/suivi.db" | cut -f1)
sqlite_db=$(du -k "$work/sqlite.db" | cut -f1)
csv_k=$(du -k "$work/extract.csv" | cut -f1)
: >"$work/peers"
peer() {        # peer NAME SECONDS [KIB_OF_ITS_FILE]
	echo "$1	$2	${3:-}" >>"$work/peers"
}
peer "sqlite3 .import + GROUP BY" "$(awk -v a="$t2" -v b="$t3" 'BEGIN { print b - a }')"
peer "sqlite3 .import + UNIQUE INDEX + GROUP BY" "$(awk -v a="$t4" -v b="$t5" 'BEGIN { print b - a }')" "$sqlite_db"

# DuckDB through its Node.js client, if it is there.
cat >"$work/duck.js" <<'JS'
const { DuckDBInstance } = require('@duckdb/node-api');
(async () => {
	const db = await DuckDBInstance.create(process.argv[2]);
	const con = await db.connect();
	await con.run(`CREATE TABLE incident AS SELECT * FROM read_csv('${process.argv[3]}', delim = ';', header = true)`);
	const r = await con.runAndReadAll('SELECT commune, count(*) FROM incident GROUP BY commune');
	if (r.getRows().length < 1) process.exit(1);
	con.closeSync?.();
})().catch((e) => { console.error(e); process.exit(1); });
JS
export NODE_PATH="${NODE_PATH:-}:$top/bench/node_modules"
if command -v node >/dev/null && node -e "require('@duckdb/node-api')" 2>/dev/null; then
	for where in file memory; do
		target=$work/duck.db
		[ $where = memory ] && target=:memory:
		t0=$(now)
		node "$work/duck.js" "$target" "$work/extract.csv"
		t1=$(now)
		peer "DuckDB read_csv + GROUP BY, $where" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" \
		    "$([ $where = file ] && du -k "$work/duck.db" | cut -f1)"
	done
else
	echo "DuckDB: skipped (npm install @duckdb/node-api; NODE_PATH=its node_modules)"
fi

# pandas, if a python3 has it.
py=
for p in python3 /usr/bin/python3; do
	command -v $p >/dev/null && $p -c 'import pandas' 2>/dev/null && { py=$p; break; }
done
if [ -n "$py" ]; then
	t0=$(now)
	$py - "$work/extract.csv" <<'PY'
import sys, pandas
df = pandas.read_csv(sys.argv[1], sep=";")
assert len(df.groupby("commune").size()) > 0
PY
	t1=$(now)
	peer "pandas read_csv + groupby, in memory" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')"
else
	echo "pandas: skipped (apt-get install python3-pandas)"
fi

awk -v s="$t1s" -v m="$(cat "$work/mem")" -v n="$rows" -v db="$suivi_db" -v csv="$csv_k" -F'\t' '
BEGIN {
	printf "suivi ingest: %6.2f s (%.0f rows/s), peak memory %.1f MiB, database %.2f x the CSV\n",
	    s, n / s, m / 1024, db / csv
}
{
	printf "%-45s %6.2f s  ratio %5.2f (above 1: suivi faster)%s\n", $1 ":", $2, $2 / s,
	    $3 != "" ? sprintf(", its file %.2f x the CSV", $3 / csv) : ""
}' "$work/peers"
