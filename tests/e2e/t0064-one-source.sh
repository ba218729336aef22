#!/bin/bash
# One source for every statistic: what a chart draws of a series (its
# alarm band, its alarm points) is what aggregate computed, the alarm
# table's figures to the last digit drawn, whether aggregate wrote the
# series for the report or the chart asks for one it did not; and
# aggregate records the settings its figures depend on.
. "$(dirname "$0")/lib.sh"

"$SUIVI" sample --out s --from 2019-01 --to 2026-10 --scale 0.2 2>/dev/null
(cd s && "$SUIVI" ingest --db ../t.db --create $(ls [0-9]*/*.csv | sort -V) 2>/dev/null)
check_exit 0 "aggregate with the alarms of every month (--backtest)" "$SUIVI" aggregate --db t.db --backtest
check "the run records its settings" test "$(sqlite3 t.db "SELECT method || ',' || alpha || ',' || raw_alarms || ',' || backtest || ',' || cut FROM aggregate_run ORDER BY id DESC LIMIT 1")" = "farrington_delta,0.01,0,1,0"
check "aggregate writes the series the report draws, some with their band" test "$(sqlite3 t.db "SELECT count(DISTINCT series || zone) > 20 AND sum(alarm IS NOT NULL) > 0 FROM series_month")" = 1

# gnuplot as the charts' reader sees it: every script kept.
real=$(command -v gnuplot)
mkdir bin
printf '#!/bin/sh\ntee -a "$PLOTLOG" | "%s" "$@"\n' "$real" >bin/gnuplot
chmod +x bin/gnuplot
"$SUIVI" export --db t.db --what alarms >alarms.csv

# drawn P Z DB [chart options]: the chart's datablock as month, expected,
# upper, alarm drawn (1) or not (0).
drawn() {
	p=$1 z=$2 db=$3; shift 3
	zo=
	[ "$z" = 0 ] || zo="--zone $z"
	rm -f plot.gp
	PLOTLOG=$WORK/plot.gp PATH="$WORK/bin:$PATH" "$SUIVI" chart --db "$db" --phenomenon "$p" $zo --out c.svg "$@" || return 1
	awk '/<< EOD$/ { on = 1; next } /^EOD$/ { on = 0 }
		on { print $1 "," ($7 == "NaN" ? "NaN" : sprintf("%.1f", $7)) "," \
		    ($8 == "NaN" ? "NaN" : sprintf("%.1f", $8)) "," ($9 == "NaN" ? 0 : 1) }' plot.gp
}

# The alarm table's Farrington figures for P in Z, as a chart draws them
# (to a tenth, as its data file publishes them: rounded half away from
# zero), over the months drawn.
table() {
	awk -F, -v p="$1" -v z="$2" 'function r(v) { return sprintf("%.1f", (v < 0 ? -1 : 1) * int((v < 0 ? -v : v) * 10 + 0.5) / 10) }
		$2 == p && $3 == z && $10 ~ /^farrington/ {
		printf "%s,%s,%s,%d\n", $1, r($5), r($6), $9 }' alarms.csv
}

# agree P Z DB [options]: every month the chart draws a band for is one
# the alarm table judged, with the same expected count, threshold and
# verdict, and the other way round.
agree() {
	p=$1 z=$2 db=$3; shift 3
	drawn "$p" "$z" "$db" "$@" | awk -F, '$2 != "NaN"' >d.csv || return 1
	table "$p" "$z" | awk -F, 'NR == FNR { m[$1]; next } $1 in m' d.csv - >t.csv
	# a measure's series: its band, and never an alarm drawn (the page
	# lists the phenomena's alarms only)
	case $p in measure:*)
		awk -F, '$4 != 0 { bad = 1 } END { exit bad }' d.csv || return 1
		cut -d, -f1-3 d.csv >d3.csv && mv d3.csv d.csv
		cut -d, -f1-3 t.csv >t3.csv && mv t3.csv t.csv;;
	esac
	test -s d.csv && diff d.csv t.csv
}

written=$(sqlite3 t.db "SELECT DISTINCT series || ' ' || zone FROM series_month WHERE alarm IS NOT NULL AND series NOT LIKE 'measure:%'")
check "there are alarm series aggregate wrote with their band" test -n "$written"
while read -r p z; do
	check "the band and alarms drawn for $p in $z are the alarm table's" agree "$p" "$z" t.db
done <<<"$written"
for pz in "burglary_home 0" "bike_theft 5341" "assault 5344" "theft_from_vehicle 5339"; do
	set -- $pz
	check "... and for $1 in $2, whose series the chart computes" agree "$1" "$2" t.db
done
check "a chart from a later month draws the band of the whole history" agree bike_theft 0 t.db --from 2023-03 --to 2026-06

# A series aggregate wrote and the same series computed on request are
# one: the same script to gnuplot.
cp t.db copy.db
sqlite3 copy.db "DELETE FROM series_month"
for pz in "measure:M5.9 0" "measure:M5.9 5342" $(echo "$written" | head -n 2 | tr ' ' '/'); do
	set -- $(echo "$pz" | tr '/' ' ')
	drawn "$1" "$2" t.db >w.csv
	cp plot.gp w.gp
	drawn "$1" "$2" copy.db >c.csv
	check "$1 in $2: the series written and the series computed draw the same" cmp w.gp plot.gp
done

# The settings are read, not guessed: with the negative binomial
# threshold, the chart draws what the alarm table then says.
check_exit 0 "aggregate --alarm-method nbplugin" "$SUIVI" aggregate --db t.db --backtest --alarm-method nbplugin
"$SUIVI" export --db t.db --what alarms >alarms.csv
check "... records its method" test "$(sqlite3 t.db "SELECT method FROM aggregate_run ORDER BY id DESC LIMIT 1")" = farrington_nbplugin
check "... and a chart computed on request draws its band" agree assault 5344 t.db
check "... as the report's series do" agree burglary_home 0 t.db

# The indicator charts' series (an indicator's phenomena in the region):
# written by aggregate, and the same as a chart computes them.
check "aggregate writes each incident indicator's series" test "$(sqlite3 t.db "SELECT count(DISTINCT series) FROM series_month WHERE series LIKE 'indicator:%'")" -gt 10
check_exit 0 "the report, from the series aggregate wrote" "$SUIVI" report --db t.db --out written --lang fr
cp t.db computed.db
sqlite3 computed.db "DELETE FROM series_month WHERE series LIKE 'indicator:%'"
check_exit 0 "... and from series its charts compute" "$SUIVI" report --db computed.db --out computed --lang fr
check "... draw every chart's data the same" diff -r written/2026-10/data computed/2026-10/data
finish
