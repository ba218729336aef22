#!/bin/bash
# bench/alarms-cut.sh [MONTHS] — the alarms as they would have been raised
# at the time, with and without the allowance for registrations to come.
#
# Generates the default sample and ingests it; then for each of the last
# MONTHS months T (default 24) aggregates as the database stood at the end
# of T (`suivi aggregate --through T --cut`: only what was registered by
# then), once with the default thresholds (a recent month held to the
# count expected by now) and once with --raw-alarms (thresholds for
# complete months), and keeps the alarms of month T.  Against truth.json:
# each injected anomaly's detection delay (months from its onset to its
# first alarm), and the false-alarm rate on the series with nothing
# injected.  An evaluation, not a test.
months=${1:-24}
. "$(dirname "$0")/lib.sh"
cd "$work"

"$suivi" sample --out s 2>/dev/null
(cd s && "$suivi" ingest --db ../t.db --create $(ls [0-9]*/*.csv | sort -V) 2>/dev/null)
"$suivi" aggregate --db t.db 2>/dev/null
last=$(sqlite3 t.db "SELECT max(through) FROM aggregate_run")
sqlite3 -separator , :memory: "SELECT json_extract(value, '\$.kind'), json_extract(value, '\$.phenomenon'), json_extract(value, '\$.zone'), json_extract(value, '\$.from'), json_extract(value, '\$.to') FROM json_each(readfile('s/truth.json'), '\$.anomalies')" >anomalies.csv
for T in $(awk -v last="$last" -v n="$months" 'BEGIN { m = int(last / 100) * 12 + last % 100 - 1
	for (i = n - 1; i >= 0; i--) { t = m - i; printf "%04d-%02d\n", int(t / 12), t % 12 + 1 } }'); do
	for mode in by-now raw; do
		"$suivi" aggregate --db t.db --through "$T" --cut $([ $mode = raw ] && echo --raw-alarms) 2>/dev/null
		"$suivi" export --db t.db --what alarms | awk -F, -v T="$T" -v mode=$mode \
		    '$1 == T && $10 ~ /^farrington/ { print mode "," $0 }' >>alarms.csv
	done
done

awk -F, '
function mon(s) { return substr(s, 1, 4) * 12 + substr(s, 6, 2) - 1 }
FNR == NR { kind[NR] = $1; ph[NR] = $2; zone[NR] = $3; from[NR] = mon($4); to[NR] = mon($5); n = NR
	injected[$2 "," $3] = 1; injected_ph[$2] = 1; next }
{
	# mode, month, phenomenon, zone, observed, expected, upper, p, score, alarm, method, completeness
	mode = $1; m = mon($2); modes[mode] = 1
	for (i = 1; i <= n; i++)
		if ($3 == ph[i] && $4 == zone[i] && m >= from[i] && m <= to[i] && $10 == 1 && !((mode, i) in first))
			first[mode, i] = m
	if (($3 "," $4) in injected || ($4 == 0 && $3 in injected_ph)) next
	evaluated[mode]++; false_alarms[mode] += $10
}
END {
	for (mode in modes) {
		printf "%s:\n", mode == "raw" ? "thresholds for complete months (--raw-alarms)" : "thresholds for the count expected by now (default)"
		detected = 0
		for (i = 1; i <= n; i++) {
			if ((mode, i) in first) { detected++; printf "  %-20s %-14s zone %s: detected %d month(s) after onset\n", kind[i], ph[i], zone[i], first[mode, i] - from[i] }
			else printf "  %-20s %-14s zone %s: not detected while it lasted\n", kind[i], ph[i], zone[i]
		}
		printf "  detected: %d of %d; false alarms: %d in %d series-months with nothing injected (%.2f%%)\n",
		    detected, n, false_alarms[mode], evaluated[mode], 100 * false_alarms[mode] / evaluated[mode]
	}
}' anomalies.csv alarms.csv
