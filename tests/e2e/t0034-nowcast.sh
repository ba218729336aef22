#!/bin/bash
# Recent months as they will be: aggregate nowcasts the months whose
# registrations are not all in (observed, nowcast, 95% interval,
# completeness), the same figures on every run; and, cut at past months
# as the database stood then, the intervals hold the final counts and the
# nowcasts come closer to them than the raw counts.
. "$(dirname "$0")/lib.sh"

"$SUIVI" sample --out s --from 2021-01 --to 2026-10 --scale 0.2 2>/dev/null
(cd s && "$SUIVI" ingest --db ../t.db --create $(ls [0-9]*/*.csv | sort -V) 2>/dev/null)
check_exit 0 "aggregate nowcasts the recent months" "$SUIVI" aggregate --db t.db
"$SUIVI" export --db t.db --what nowcast >n.csv
check "the export has its columns" sh -c 'head -n 1 n.csv | grep -qx "month,phenomenon,zone,observed,nowcast,lower,upper,completeness"'
check "the month under review is nowcast for a phenomenon and a measure" sh -c 'grep -q "^2026-10,burglary_home,0," n.csv && grep -q "^2026-10,measure:M5.9,0," n.csv'
check "... and for each zone, a measure's phenomena together" sh -c 'test "$(grep -c "^2026-10,measure:M5.9,53[34][0-9]," n.csv)" -eq 6'
check "what is in <= lower <= nowcast <= upper, completeness between 0 and 1" awk -F, 'NR > 1 && $5 != "" && !($4 <= $6 && $6 <= $5 && $5 <= $7 && $8 > 0 && $8 < 1) { bad++ } END { exit bad > 0 }' n.csv
check "the latest month is the least complete" awk -F, 'NR > 1 && $2 == "measure:M5.9" { c[$1] = $8 } END { exit !(c["2026-10"] < c["2026-08"]) }' n.csv
"$SUIVI" aggregate --db t.db 2>/dev/null
check "the same database gives the same nowcasts" sh -c '"$SUIVI" export --db t.db --what nowcast | cmp -s - n.csv'
check "the method notes' figures are exported with the delays" sh -c '"$SUIVI" export --db t.db --what delays | grep -q "^2026-09,burglary_home,0,"'

# A region where one zone takes part: the others never deliver, and the
# months it delivered are whole; the nowcasts are its.
(cd s && "$SUIVI" ingest --db ../one.db --create $(ls 5339/*.csv | sort -V) 2>/dev/null)
"$SUIVI" aggregate --db one.db 2>/dev/null
check "one zone alone taking part: still nowcast" sh -c '"$SUIVI" export --db one.db --what nowcast | awk -F, "\$1 == \"2026-10\" && \$2 == \"burglary_home\" && \$3 == 0 && \$5 != \"\" { ok = 1 } END { exit !ok }"'
# A zone that has not delivered the month under review: the others' are
# nowcast, the steps learnt without the month it lacks.
cp t.db lag.db
"$SUIVI" retract --db lag.db --zone 5339 --month 2026-10 --reason "late" 2>/dev/null
"$SUIVI" aggregate --db lag.db 2>/dev/null
check "a zone late with the month: the region's month is nowcast all the same" sh -c '"$SUIVI" export --db lag.db --what nowcast | grep -q "^2026-10,measure:M5.9,0,[0-9]*,[0-9]"'

"$SUIVI" export --db t.db --what alarms >a.csv
check "the month under review's alarms allow for registrations to come" awk -F, '$1 == "2026-10" && $10 ~ /^farrington/ && $11 > 0 && $11 < 1 { n++ } END { exit !(n > 10) }' a.csv
check "... with thresholds for the count by now, not above those for a complete month (but for rounding to a count)" sh -c '"$SUIVI" aggregate --db t.db --raw-alarms 2>/dev/null && "$SUIVI" export --db t.db --what alarms >raw.csv && awk -F, "NR == FNR { if (\$1 == \"2026-10\" && \$10 ~ /^farrington/) u[\$2 \",\" \$3] = \$6; next } \$1 == \"2026-10\" && (\$2 \",\" \$3) in u && \$6 != \"\" && u[\$2 \",\" \$3] != \"\" && u[\$2 \",\" \$3] + 0 > \$6 + 1 { bad++ } END { exit bad > 0 }" a.csv raw.csv'
check "--raw-alarms leaves the completeness out" awk -F, 'NR > 1 && $11 != "" { bad++ } END { exit bad > 0 }' raw.csv
check_exit 0 "aggregate as the database stood at the end of 2026-06" "$SUIVI" aggregate --db t.db --through 2026-06 --cut
check "... counts nothing registered after it" sh -c '"$SUIVI" export --db t.db --what cube-registered | tail -n +2 | cut -d, -f1 | sort | tail -n 1 | grep -qx 2026-06'
check "... and nowcasts its own recent months" sh -c '"$SUIVI" export --db t.db --what nowcast | grep -q "^2026-06,measure:M5.9,0,"'

# Cut and compare: three past months, as the database stood then.
SUIVI="$SUIVI" bash "$TOP/bench/nowcast.sh" 3 0.2 >cut.txt 2>cut.err
check "the cut-and-compare runs" grep -q "^phenomena " cut.txt
check "the 95% intervals hold at least 85% of the final counts" awk '$1 == "phenomena" || $1 == "measures" { sub("%,", "", $6); if ($6 + 0 < 85) bad++ } END { exit bad > 0 }' cut.txt
check "the nowcasts are closer to the final counts than the raw counts" awk '$1 == "measures" { sub(",", "", $14); exit !($10 + 0 < $14 + 0) }' cut.txt
finish
