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
#
# bench/nowcast.sh --real salm|hus [CUTS] — the same on two real reporting
# triangles of R's `surveillance` package, beside its own nowcast
# (method "bayes.trunc", Höhle & an der Heiden 2014) on the same cuts:
# salmAllOnset (salmonella in Germany, weekly onsets 2001-2015, delays 0..10
# weeks) and husO104Hosp (the 2011 HUS outbreak, one day made one month).
# bench/triangles.R writes them as zone 5339's monthly extracts (its header
# says every assumption) and their monthly triangle; they are ingested
# into a fresh database; at each cut T, `suivi aggregate --through T
# --cut` and `suivi export --what nowcast` give the region's nowcasts of
# the one phenomenon (assault), and bench/bayes-trunc.R runs nowcast()
# on the triangle as it stood at T (its header gives the settings; both
# take the level of the year before the months nowcast as the prior for
# their final counts; salm: delays from a moving window of 24 months, 200
# draws; hus: from every month, 1000 draws).
# bench/nowcast-score.R compares both with the final counts (every
# registration), on the months both nowcast: coverage of the 95%
# intervals, MAE of the median beside the raw count's, and the median
# interval width, by age of the month and by period of the cut (salm: its
# year; hus: 10 days of the outbreak).  Cuts: salm, every month from the
# first with 25 months of history before it to the last month of facts
# complete at the data's end (151); hus, every month from the first with
# a registration to the last (49).  CUTS: only the last CUTS of them.
# Needs R with surveillance (and bench/triangles.R etc. beside this).
if [ "${1-}" = --real ]; then
	real=${2-}
	cuts=${3-}
	case $real in salm|hus) ;; *) echo "usage: $0 --real salm|hus [CUTS]" >&2; exit 64 ;; esac
else
	real=
	cuts=${1:-36}
	scale=${2:-1}
fi
. "$(dirname "$0")/lib.sh"
cd "$work"

# months_from FROM TO [N]: the months FROM..TO (YYYY-MM), one a line; with
# N, only the last N of them
months_from() {
	awk -v from="$1" -v to="$2" -v n="${3:-0}" 'BEGIN {
		a = substr(from, 1, 4) * 12 + substr(from, 6, 2) - 1
		b = substr(to, 1, 4) * 12 + substr(to, 6, 2) - 1
		if (n > 0 && b - n + 1 > a) a = b - n + 1
		for (t = a; t <= b; t++) printf "%04d-%02d\n", int(t / 12), t % 12 + 1 }'
}

seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", b - a }'; }

if [ -n "$real" ]; then
	need Rscript r-base-core
	bench=$top/bench
	t0=$(now)
	Rscript "$bench/triangles.R" "$real" x
	first=$(sed -n 's/^first=//p' x/about.txt)
	last=$(sed -n 's/^last=//p' x/about.txt)
	complete=$(sed -n 's/^complete=//p' x/about.txt)
	D=$(sed -n 's/^D=//p' x/about.txt)
	(cd x && "$suivi" ingest --db ../t.db --create $(ls [0-9]*/*.csv | sort -V)) 2>&1 | tail -n 1
	"$suivi" aggregate --db t.db 2>&1 | tail -n 1
	# every registration ingested and counted: the delays export is the triangle
	"$suivi" export --db t.db --what delays | awk -F, 'NR > 1 && $2 == "assault" && $4 > 0 { print $1 "," $3 "," $4 }' >delays.csv
	if tail -n +2 x/triangle.csv | cmp -s - delays.csv; then
		echo "export --what delays = the triangle: every case counted"
	else
		echo "export --what delays differs from the triangle: $(tail -n +2 x/triangle.csv | diff - delays.csv | grep -c '^[<>]') lines"
	fi
	if [ "$real" = salm ]; then
		from=$(months_from "$first" "$complete" | sed -n 26p)   # 25 months before it
		to=$complete
		set -- 24 empirical 200
	else
		from=$(awk -F, 'NR > 1 { m = substr($1, 1, 4) * 12 + substr($1, 6, 2) - 1 + $2
			if (!n++ || m < min) min = m } END { printf "%04d-%02d\n", int(min / 12), min % 12 + 1 }' x/triangle.csv)
		to=$last
		set -- all empirical 1000
	fi
	months=$(months_from "$from" "$to" "$cuts")
	from=$(echo "$months" | head -n 1)
	echo "cuts: $(echo "$months" | wc -l), $from..$to"

	t1=$(now)
	echo "T,month,phenomenon,zone,observed,nowcast,lower,upper,completeness" >suivi.csv
	for T in $months; do
		"$suivi" aggregate --db t.db --through "$T" --cut 2>/dev/null
		"$suivi" export --db t.db --what nowcast | awk -F, -v T="$T" 'NR > 1 && $2 == "assault" && $3 == 0 { print T "," $0 }' >>suivi.csv
	done
	t2=$(now)
	awk -F, -v s="$(seconds "$t1" "$t2")" 'NR > 1 { n++; if ($6 != "") { k++; if (!($1 in t)) { t[$1]; c++; a = a ? a : $1; b = $1 } } }
		END { printf "suivi: %d months nowcast (%d with a median) at %d cuts (%s..%s): %d s\n", n, k, c, a, b, s }' suivi.csv
	Rscript "$bench/bayes-trunc.R" x/triangle.csv "$from" "$to" $((D < 24 ? D : 24)) "$1" "$2" "$3" "$(nproc)" bayes.csv
	echo
	Rscript "$bench/nowcast-score.R" x/triangle.csv x/periods.csv suivi=suivi.csv bayes.trunc=bayes.csv
	echo "(all of it: $(seconds "$t0" "$(now)") s)"
	exit 0
fi

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
	# where at least 5 facts are expected still to come (as the nowcast
	# says, not the outcome): the intervals of a count of 0 to 3 still
	# to come cover more than 95% by their integers alone
	if ($6 - $5 >= 5) { nb[age]++; covb[age] += ($7 <= f && f <= $8) }
}
END {
	if (none) printf "(%d series-months with too little registered by then get no nowcast)\n", none
	for (g in n)
		printf "%-16s %5d series-months: interval coverage %.1f%%, mean absolute error %.2f facts (raw count: %.2f, %.0f%% less)\n",
		    g, n[g], 100 * cov[g] / n[g], ae[g] / n[g], raw[g] / n[g], 100 * (1 - ae[g] / raw[g])
	for (a = 0; a < 24; a++) if (a in na)
		printf "  age %2d: %5d series-months, coverage %.1f%%, error %.2f (raw %.2f); %5d with 5 or more facts expected to come: coverage %s\n", a, na[a], 100 * cova[a] / na[a], aea[a] / na[a], rawa[a] / na[a], nb[a], nb[a] ? sprintf("%.1f%%", 100 * covb[a] / nb[a]) : "-"
}' phenomena.csv delays.csv cube.csv nowcasts.csv
