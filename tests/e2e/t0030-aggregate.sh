#!/bin/bash
# suivi aggregate on the sample: the cube adds up to the incidents exactly
# (recomputed here from the incidents export), unmapped labels are kept and
# listed, a fixed alias fixes the figures without re-ingesting, a month not
# delivered is flagged, and every suivi measure has its catalogue entry.
. "$(dirname "$0")/lib.sh"

"$SUIVI" sample --out s --from 2022-01 --to 2026-10 --scale 0.3 2>/dev/null
(cd s && "$SUIVI" ingest --db ../t.db --create $(ls [0-9]*/*.csv | sort -V) 2>/dev/null)
check_exit 0 "aggregate runs" "$SUIVI" aggregate --db t.db
check "... and says what it did" grep -q "^aggregate: [0-9]* incidents through 2026-10" "$WORK/last.err"

"$SUIVI" export --db t.db --what incidents | tail -n +2 | awk -F, '{ print $1 "," substr($4, 1, 7) }' | sort | uniq -c | awk '{ print $2 "," $1 }' >want-zm.csv
"$SUIVI" export --db t.db --what cube | tail -n +2 | awk -F, '{ n[$2 "," $1] += $NF } END { for (k in n) print k "," n[k] }' | sort >got-zm.csv
check "cube by date of facts: every zone and month adds up to its incidents" diff want-zm.csv got-zm.csv
"$SUIVI" export --db t.db --what incidents | tail -n +2 | awk -F, '{ print $1 "," $3 "," substr($6, 1, 7) }' | sort | uniq -c | awk '{ print $2 "," $1 }' >want-reg.csv
"$SUIVI" export --db t.db --what cube-registered | tail -n +2 | awk -F, '{ n[$2 "," $3 "," $1] += $NF } END { for (k in n) print k "," n[k] }' | sort >got-reg.csv
check "cube by registration: every zone, commune and month adds up" diff want-reg.csv got-reg.csv

"$SUIVI" status --db t.db --json >s.json
n_other=$("$SUIVI" export --db t.db --what incidents | grep -c ',Overige feiten,')
check "unmapped labels are listed with their counts" grep -q "\"Overige feiten\":$n_other" s.json
check "... and counted in the cube as unmapped" sh -c "\"$SUIVI\" export --db t.db --what cube | awk -F, '\$4 == \"unmapped\" { n += \$NF } END { exit !(n >= $n_other) }'"
check "the month not delivered is listed" grep -q '"not_delivered":{"5343":\["2023-06"\]}' s.json

cp -r "$TOP/reference" ref
printf 'Overige feiten,sac_other\nAutre fait non qualifié,sac_other\n' >>ref/phenomenon_aliases.csv
before=$("$SUIVI" export --db t.db --what cube | awk -F, '$4 == "sac_other" { n += $NF } END { print n }')
check_exit 0 "the fixed aliases are not used until loaded" "$SUIVI" aggregate --db t.db --reference ref
check "... and the command says so" grep -q "note: the reference data in ref differ from the database's copy" "$WORK/last.err"
check_exit 0 "after loading them (init), aggregate again (no re-ingest)" sh -c '"$SUIVI" init --db t.db --reference ref && "$SUIVI" aggregate --db t.db'
check "... no longer noted as different" sh -c '! "$SUIVI" aggregate --db t.db --reference ref 2>&1 | grep -q note'
after=$("$SUIVI" export --db t.db --what cube | awk -F, '$4 == "sac_other" { n += $NF } END { print n }')
check "... the labels are mapped" sh -c '"$SUIVI" status --db t.db --json | grep -q "\"unmapped\":{}"'
check "... and the figures include them" test "$after" -gt "$before"
# back to the reference as shipped, for what follows
"$SUIVI" init --db t.db 2>/dev/null

check_exit 0 "aggregate through a month whose comparison month was not delivered" "$SUIVI" aggregate --db t.db --through 2024-06
"$SUIVI" export --db t.db --what indicators >ind.csv
check "zone 5343's month is flagged incomplete, with no comparison" grep -q '^property_by_phenomenon,M5.9,5,2024-06,zone,5343,0,all,[0-9.]*,facts,,,,,,incomplete,$' ind.csv
check "the region's month too" grep -q '^property_by_phenomenon,M5.9,5,2024-06,region,0,0,all,[0-9.]*,facts,,,,,,incomplete,$' ind.csv
check "the region is zone 0 in CSV, a number in JSON too" sh -c '"$SUIVI" export --db t.db --what alarms --format json | grep -q "\"zone\":0,"'
check "another zone's month is compared" grep -Eq '^property_by_phenomenon,M5.9,5,2024-06,zone,5341,0,all,[0-9.]+,facts,[0-9.]+,[0-9.e-]+,[0-9.e-]+,[0-9.e-]+,[0-9.e-]+,,$' ind.csv
check "a month two years old is complete: no completeness" grep -Eq '^property_by_phenomenon,M5.9,5,2024-06,region,0,0,all,.*,$' ind.csv

"$SUIVI" export --db t.db --what catalogue >cat.csv
check "the catalogue covers all 22 suivi measures" test "$(tail -n +2 cat.csv | cut -d, -f2 | sort -u | wc -l)" -eq 22
check "... with a reason for each measure incident data cannot serve" test "$(grep -c ',none,' cat.csv)" -eq 10
for m in M1.10 M1.11 M2.9 M4.9 M5.9 M5.10 M6.8 M6.16 M7.10 M8.15 M9.10 M9.11; do
	check "indicators computed for $m" grep -q "^[a-z_0-9]*,$m," ind.csv
done
check "rates per 1,000 inhabitants by commune" grep -q '^incivilities_per_1000,M7.10,7,2024-06,commune,5339,21004,all,' ind.csv
check "the share of women among partner-violence victims" grep -Eq '^ipv_women_victims_share,M1.10,1,2023-07/2024-06,region,0,0,all,0\.[6-9]' ind.csv
check "trends for every phenomenon and measure" sh -c '"$SUIVI" export --db t.db --what trends | grep -q "^measure:M1.10,0,"'
"$SUIVI" export --db t.db --what indicators --format json >ind.json
check "the JSON export parses, one object per CSV row" test "$(sqlite3 :memory: "SELECT json_array_length(readfile('ind.json'))")" -eq "$(($(wc -l <ind.csv) - 1))"
check "alarms export has the contract header" sh -c '"$SUIVI" export --db t.db --what alarms | head -n 1 | grep -qx "month,phenomenon,zone,observed,expected,upper,p_value,score,alarm,method,completeness"'
check "alarms for the month under review" sh -c '"$SUIVI" export --db t.db --what alarms | grep -q "^2024-06,burglary_home,0,"'
check "modus export has the contract header" sh -c '"$SUIVI" export --db t.db --what modus | head -n 1 | grep -qx "phenomenon,zone,modus_operandi,recent,baseline,share_recent,share_baseline,p_value,q_value,first_seen,kind"'
check_exit 0 "aggregate with the back-test and the negative binomial threshold" "$SUIVI" aggregate --db t.db --backtest --alarm-method nbplugin
check "the back-test covers earlier months" sh -c '"$SUIVI" export --db t.db --what alarms | grep -q "^2026-05,.*,farrington_nbplugin,[0-9.]*$"'
check "... and the new burglary modus operandi is found" sh -c '"$SUIVI" export --db t.db --what modus | grep -q "^burglary_home,5342,BH-LOCK-BUMPING,[0-9]*,0,.*,2026-08,new$"'
check_exit 64 "an unknown alarm method is a usage error" "$SUIVI" aggregate --db t.db --alarm-method magic

# Exports analysts can use as they are.
"$SUIVI" export --db t.db --what incidents >inc.csv
check "the incidents export carries the phenomenon each label maps to" sh -c 'head -n 1 inc.csv | grep -q ",phenomenon_raw,phenomenon," && grep -q ",Woninginbraak,burglary_home," inc.csv'
"$SUIVI" export --db t.db --what mapping >map.csv
check "--what mapping lists each label, its phenomenon, the alias and its count" sh -c 'head -n 1 map.csv | grep -qx "label,phenomenon,alias,incidents" && grep -q "^Woninginbraak,burglary_home,Woninginbraak,[0-9]*$" map.csv && grep -q ",unmapped,,[0-9]*$" map.csv'
"$SUIVI" export --db t.db --what indicators --excel --out ind.csv
check "--excel numbers have a decimal comma that read.csv2 reads as numbers" Rscript -e \
	'x <- read.csv2("ind.csv", fileEncoding = "UTF-8-BOM"); stopifnot(is.numeric(x$value), is.numeric(x$rate_ratio), any(x$value %% 1 != 0, na.rm = TRUE))'

# The month under review as the registrations stand: its indicators
# say how much of their facts is expected to be in by now.
check_exit 0 "aggregate for the last month" "$SUIVI" aggregate --db t.db
check "its month is expected to be incomplete by now, its 12 months less so" sh -c '"$SUIVI" export --db t.db --what indicators | awk -F, "\$1 == \"property_by_phenomenon\" && \$5 == \"region\" && \$8 == \"all\" { c[\$4] = \$17 } END { exit !(c[\"2026-10\"] > 0 && c[\"2026-10\"] < c[\"2025-11/2026-10\"] && c[\"2025-11/2026-10\"] < 0.99) }"'
check "counts by date of registration are complete when made" sh -c '"$SUIVI" export --db t.db --what indicators | awk -F, "\$1 == \"family_violence_complaints\" && \$17 != \"\" { bad++ } END { exit bad > 0 }"'
finish
