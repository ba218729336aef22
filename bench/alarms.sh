#!/bin/bash
# bench/alarms.sh — how well suivi's alarms find what the sample injected,
# and how long the back-test takes beside R.
#
# Generates the default eight-year sample, ingests it, back-tests the
# alarms over every month (suivi aggregate --backtest), and against
# truth.json reports: the share of injected anomalies detected, how many
# months after onset; the false-alarm rate on series with nothing
# injected; the modus-operandi signals; the time of the back-test, and R's
# time for the same Farrington work on the same series (when R is here).
# METHOD=delta uses the 2/3-power threshold; SKIP_R=1 leaves R out.
# A benchmark and an evaluation, not a test.
method=${METHOD:-nbplugin}
. "$(dirname "$0")/lib.sh"
cd "$work"

"$suivi" sample --out s 2>/dev/null
(cd s && "$suivi" ingest --db ../t.db --create $(ls [0-9]*/*.csv | sort -V) 2>/dev/null)
"$suivi" aggregate --db t.db 2>/dev/null
t0=$(now)
"$suivi" aggregate --db t.db --backtest --alarm-method "$method" 2>agg.log
t1=$(now)
for w in alarms modus cube coverage; do "$suivi" export --db t.db --what $w --out $w.csv; done
sqlite3 -separator , :memory: "SELECT json_extract(value, '\$.kind'), json_extract(value, '\$.phenomenon'), json_extract(value, '\$.zone'), json_extract(value, '\$.from'), json_extract(value, '\$.to') FROM json_each(readfile('s/truth.json'), '\$.anomalies')" >anomalies.csv

awk -F, -v t0="$t0" -v t1="$t1" '
function mon(s) { return substr(s, 1, 4) * 12 + substr(s, 6, 2) - 1 }
FNR == NR { kind[NR] = $1; ph[NR] = $2; zone[NR] = $3; from[NR] = mon($4); to[NR] = mon($5); n = NR
	injected[$2 "," $3] = 1; injected_ph[$2] = 1; next }
FNR == 1 { next }
$10 !~ /^farrington/ { next }
{
	m = mon($1); key = $2 "," $3; series[key] = 1
	for (i = 1; i <= n; i++)
		if ($2 == ph[i] && $3 == zone[i] && m >= from[i] && m <= to[i] && $9 == 1 && !(i in first))
			first[i] = m
	if (key in injected || ($3 == "" && $2 in injected_ph)) next
	evaluated++; false_alarms += $9
}
END {
	for (i = 1; i <= n; i++) {
		if (i in first) { detected++; printf "  %-20s %-14s zone %s: detected %d month(s) after onset\n", kind[i], ph[i], zone[i], first[i] - from[i] }
		else printf "  %-20s %-14s zone %s: not detected\n", kind[i], ph[i], zone[i]
	}
	printf "detected: %d of %d injected anomalies\n", detected, n
	printf "false alarms: %d in %d series-months with nothing injected (%.2f%%)\n", false_alarms, evaluated, 100 * false_alarms / evaluated
	printf "back-test: %d series over every month in %.1f s (suivi aggregate --backtest, all stages included)\n", length(series), t1 - t0
}' anomalies.csv alarms.csv
echo "modus operandi signals:"
grep -v '^phenomenon,' modus.csv | sed 's/^/  /' | cut -c1-120

if [ -z "${SKIP_R:-}" ] && command -v Rscript >/dev/null 2>&1 && Rscript -e 'library(surveillance)' >/dev/null 2>&1; then
	t2=$(now)
	Rscript "$top/tests/r/farrington.R" . "$( [ "$method" = delta ] && echo delta || echo nbPlugin)" 100000 >r.log 2>&1 || true
	t3=$(now)
	tail -n 1 r.log
	awk -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" 'BEGIN { printf "R farringtonFlexible on the same series and months: %.1f s (ratio R / suivi: %.1f)\n", d - c, (d - c) / (b - a) }'
fi
