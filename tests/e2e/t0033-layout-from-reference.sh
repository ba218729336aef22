#!/bin/bash
# The layout is the reference's: a reference with one more zone, one more
# commune (with its population) and 80 more phenomena loads, ingests
# extracts for them, aggregates and reports, and the new zone and commune
# are found by name in the cube, the indicators and both report pages.
# Then each remaining limit, pushed one past its bound, is refused with
# what and where, never cut.
. "$(dirname "$0")/lib.sh"

"$SUIVI" sample --out s --from 2022-01 --to 2026-10 --scale 0.1 2>/dev/null

cp -r "$TOP/reference" ref
printf '5400,Zone d'"'"'essai,Proefzone\n' >>ref/zones.csv
printf '23999,Commune d'"'"'essai,Proefgemeente,5400\n' >>ref/communes.csv
printf '23999,2020,T,41000,test,test\n' >>ref/population.csv
for i in $(seq 1 80); do
	printf 'extra_%d,Phénomène essai %d,Proeffenomeen %d,Essai,5,,0\n' "$i" "$i" "$i" >>ref/phenomena.csv
	printf 'Phénomène essai %d,extra_%d\n' "$i" "$i" >>ref/phenomenon_aliases.csv
done

# The new zone's extracts: zone 5339's months, moved to the new commune,
# every other row relabelled to one of the new phenomena.
mkdir -p z/5400
for f in s/5339/*.csv; do
	awk -F, -v OFS=, 'NR == 1 { print; next }
		/"/ { next }
		{ $1 = "T" $1; $2 = 23999; if (NR % 2) $6 = "Phénomène essai " (int(NR / 2) % 80 + 1); print }' \
		"$f" >"z/5400/$(basename "$f")"
done
check_exit 0 "init with the wider reference" "$SUIVI" init --db t.db --reference ref
(cd s && "$SUIVI" ingest --db ../t.db --create --reference ../ref $(ls [0-9]*/*.csv | sort -V) 2>/dev/null)
check_exit 0 "the new zone's extracts load" "$SUIVI" ingest --db t.db --reference ref $(ls z/5400/*.csv | sort -V)
check_exit 0 "aggregate counts the wider layout" "$SUIVI" aggregate --db t.db --reference ref

"$SUIVI" export --db t.db --what cube >cube.csv
check "the cube has the new zone and commune" grep -q '^[0-9-]*,5400,23999,' cube.csv
check "... and every one of the 80 new phenomena" test "$(grep -o ',extra_[0-9]*,' cube.csv | sort -u | wc -l)" -eq 80
"$SUIVI" export --db t.db --what incidents | tail -n +2 | awk -F, '$1 == 5400 { n++ } END { print n }' >want
"$SUIVI" export --db t.db --what cube | awk -F, '$2 == 5400 { n += $NF } END { print n }' >got
check "... adding up to the new zone's incidents" diff want got
"$SUIVI" export --db t.db --what indicators >ind.csv
check "the indicators have the new zone" grep -q ',zone,5400,0,' ind.csv
check "... and the new commune's rate per 1,000 inhabitants" grep -q '^incivilities_per_1000,M7.10,7,[0-9-]*,commune,5400,23999,all,' ind.csv
check "trends and coverage know the new zone" sh -c '"$SUIVI" export --db t.db --what trends | grep -q "^[a-z_0-9:.A-Z]*,5400," && "$SUIVI" export --db t.db --what coverage | grep -q "^5400,2026-10,1,"'

check_exit 0 "the report is written" "$SUIVI" report --db t.db --reference ref --out out
check "the French page names the new zone and commune" sh -c "grep -q \"Zone d&#39;essai\\|Zone d'essai\" out/*/report.fr.html && grep -q \"Commune d&#39;essai\\|Commune d'essai\" out/*/report.fr.html"
check "the Dutch page names them in Dutch" sh -c 'grep -q Proefzone out/*/report.nl.html && grep -q Proefgemeente out/*/report.nl.html'

# Past the cell key's bound (phenomena): refused, saying the limit and the file.
cp -r ref big
awk 'BEGIN { for (i = 81; i <= 1100; i++) printf "extra_%d,Essai %d,Proef %d,Essai,5,,0\n", i, i, i }' >>big/phenomena.csv
check_exit 65 "a reference with more phenomena than a cube cell can name is refused" "$SUIVI" init --db t.db --reference big
check "... saying the file, how many, and the limit" grep -q "phenomena.csv has [0-9]* rows, more than the 1022" "$WORK/last.err"
check "... and the earlier figures stay" sh -c '"$SUIVI" export --db t.db --what cube | grep -q ",5400,23999,"'

# Communes: the same.
cp -r ref wide
awk 'BEGIN { for (i = 1; i <= 2028; i++) printf "%d,Commune %d,Gemeente %d,5400\n", 30000 + i, i, i }' >>wide/communes.csv
check_exit 65 "a reference with more communes than a cube cell can name is refused" "$SUIVI" init --db t.db --reference wide
check "... saying the file, how many, and the limit" grep -q "communes.csv has 2048 rows, more than the 2047" "$WORK/last.err"

# Distinct channels in the data: one past the bound is refused by name.
awk 'BEGIN { print "id,nis,date,registration_date,offence,channel"
	for (i = 0; i < 2048; i++) printf "C%d,23999,2026-10-01,2026-10-02,Vol simple,canal %d\n", i, i }' >z/channels.csv
check_exit 0 "an extract with 2048 distinct channels loads" "$SUIVI" ingest --db t.db --reference ref z/channels.csv
check_exit 65 "... but aggregate refuses to cut them" "$SUIVI" aggregate --db t.db --reference ref
check "... saying which column and the limit" grep -q "more than 2047 distinct channel values" "$WORK/last.err"
check "... and the earlier figures stay" sh -c '"$SUIVI" export --db t.db --what cube | grep -q ",5400,23999,"'
finish
