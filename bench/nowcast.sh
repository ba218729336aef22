#!/bin/bash
# bench/nowcast.sh [CUTS] [SCALE] — how good the nowcasts are, honestly.
#
# Generates the sample (scale SCALE, default 1), ingests it, then for each
# of the CUTS months T (default 36) ending two years before the last month
# (so that the months nowcast at T are complete by now) aggregates as the
# database stood at the end of T (`suivi aggregate --through T --cut`:
# only what was registered by then) and keeps the nowcasts.  Against the
# final counts (every registration in the database) it reports, by kind
# of series (single phenomena, each measure's phenomena together, and
# those in each zone):
# how often the 95% interval holds the final count (aim: 90-97%), and the
# mean absolute error of the nowcast beside that of the raw count, by age
# of the month.  An evaluation, not a test.
cuts=${1:-36}
scale=${2:-1}
. "$(dirname "$0")/lib.sh"
cd "$work"

"$suivi" sample --out s --scale "$scale" 2>/dev/null
(cd s && "$suivi" ingest --db ../t.db --create $(ls [0-9]*/*.csv | sort -V) 2>/dev/null)
"$suivi" aggregate --db t.db 2>/dev/null
"$suivi" export --db t.db --what delays --out delays.csv
"$suivi" export --db t.db --what phenomena --out phenomena.csv
"$suivi" export --db t.db --what cube --out cube.csv
last=$(sqlite3 t.db "SELECT max(through) FROM aggregate_run")
# the cut months: CUTS of them, the latest two years before the last
months=$(awk -v last="$last" -v n="$cuts" 'BEGIN {
	m = int(last / 100) * 12 + last % 100 - 1 - 24
	for (i = n - 1; i >= 0; i--) { t = m - i; printf "%04d-%02d\n", int(t / 12), t % 12 + 1 } }')
: >nowcasts.csv
for T in $months; do
	"$suivi" aggregate --db t.db --through "$T" --cut 2>/dev/null
	"$suivi" export --db t.db --what nowcast | awk -v T="$T" 'NR > 1 { print T "," $0 }' >>nowcasts.csv
done
echo "nowcasts: $(wc -l <nowcasts.csv) series-months at $cuts cuts, sample scale $scale"

awk -F, '
function mon(s) { return substr(s, 1, 4) * 12 + substr(s, 6, 2) - 1 }
FILENAME == "phenomena.csv" { if (FNR > 1) { c = split($5, ms, " "); for (i = 1; i <= c; i++) of[$1, ++k[$1]] = "measure:" ms[i] } ; next }
FILENAME == "delays.csv" { if (FNR > 1) { final[$1 "," $2 ","] += $4; for (i = 1; i <= k[$2]; i++) final[$1 "," of[$2, i] ","] += $4 } ; next }
FILENAME == "cube.csv" { if (FNR > 1) for (i = 1; i <= k[$4]; i++) final[$1 "," of[$4, i] "," $2] += $NF; next }
$6 == "" { none++; next }       # too little registered by then to scale
{
	# T, month, phenomenon, zone, observed, nowcast, lower, upper, completeness
	z = $4 == "0" ? "" : $4         # the region is zone 0
	age = mon($1) - mon($2); f = final[$2 "," $3 "," z] + 0
	g = z != "" ? "measure-zones" : $3 ~ /^measure:/ ? "measures" : "phenomena"
	n[g]++; cov[g] += ($7 <= f && f <= $8)
	ae[g] += ($6 > f ? $6 - f : f - $6); raw[g] += f - $5
	na[age]++; aea[age] += ($6 > f ? $6 - f : f - $6); rawa[age] += f - $5; cova[age] += ($7 <= f && f <= $8)
}
END {
	if (none) printf "(%d series-months with too little registered by then get no nowcast)\n", none
	for (g in n)
		printf "%-16s %5d series-months: interval coverage %.1f%%, mean absolute error %.2f facts (raw count: %.2f, %.0f%% less)\n",
		    g, n[g], 100 * cov[g] / n[g], ae[g] / n[g], raw[g] / n[g], 100 * (1 - ae[g] / raw[g])
	for (a = 0; a < 24; a++) if (a in na)
		printf "  age %2d: %5d series-months, coverage %.1f%%, error %.2f (raw %.2f)\n", a, na[a], 100 * cova[a] / na[a], aea[a] / na[a], rawa[a] / na[a]
}' phenomena.csv delays.csv cube.csv nowcasts.csv
