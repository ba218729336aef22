#!/bin/bash
# The exports of the reference data agree with the plan's table of
# measures (reference/tools/plan-measures.txt, as the region published it)
# and with the zone and commune layout, computed here independently of
# suivi.
. "$(dirname "$0")/lib.sh"

"$SUIVI" init --db t.db 2>/dev/null
check "measures export has the contract header" sh -c \
	'"$SUIVI" export --db t.db --what measures > m.csv && head -n 1 m.csv | grep -qx "measure,axis,pillar,subtheme,title,title_nl,short_fr,short_nl"'

# The seed's measure ids in order: each <b>Mx.y opens one measure.
grep -o '<b>M[0-9]*\.[0-9]*' "$SEED" | sed 's/<b>//' >seed-ids.txt
cut -d, -f1 m.csv | tail -n +2 >export-ids.txt
check "every measure of the seed, in the seed's order" cmp seed-ids.txt export-ids.txt
# Pillar of each measure = the last pillar label seen in column 1.
awk -F'\t' '{ c=$1; gsub(/<[^>]*>/, "", c)
	if (c == "Prévention") p="prevention"; else if (c == "Réaction") p="reaction"; else if (c == "Suivi") p="suivi"
	if (match($2, /<b>M[0-9]+\.[0-9]+/)) print substr($2, RSTART+3, RLENGTH-3) "," p }' "$SEED" >seed-pillars.txt
cut -d, -f1,3 m.csv | tail -n +2 >export-pillars.txt
check "every measure's pillar is its row group's" cmp seed-pillars.txt export-pillars.txt
check "22 suivi measures" sh -c '[ "$(grep -c ",suivi," m.csv)" -eq 22 ]'
check "axis 6 measures carry their sub-theme" grep -q '^M6.16,6,suivi,public_transport,' m.csv
check "axis 8 measures carry their sub-theme" grep -q '^M8.15,8,suivi,cybercrime,' m.csv

cat >want-communes.csv <<'CSV'
nis,name_fr,name_nl,zone,population,population_year
21001,Anderlecht,Anderlecht,5341,120887,2020
21002,Auderghem,Oudergem,5342,34404,2020
21003,Berchem-Sainte-Agathe,Sint-Agatha-Berchem,5340,25502,2020
21004,Bruxelles,Brussel,5339,185103,2020
21005,Etterbeek,Etterbeek,5343,48473,2020
21006,Evere,Evere,5344,42656,2020
21007,Forest,Vorst,5341,56581,2020
21008,Ganshoren,Ganshoren,5340,25234,2020
21009,Ixelles,Elsene,5339,87632,2020
21010,Jette,Jette,5340,52728,2020
21011,Koekelberg,Koekelberg,5340,21959,2020
21012,Molenbeek-Saint-Jean,Sint-Jans-Molenbeek,5340,97979,2020
21013,Saint-Gilles,Sint-Gillis,5341,49678,2020
21014,Saint-Josse-ten-Noode,Sint-Joost-ten-Node,5344,27497,2020
21015,Schaerbeek,Schaarbeek,5344,132799,2020
21016,Uccle,Ukkel,5342,83980,2020
21017,Watermael-Boitsfort,Watermaal-Bosvoorde,5342,25332,2020
21018,Woluwe-Saint-Lambert,Sint-Lambrechts-Woluwe,5343,57712,2020
21019,Woluwe-Saint-Pierre,Sint-Pieters-Woluwe,5343,42119,2020
CSV
"$SUIVI" export --db t.db --what communes --out communes.csv
check "communes export is the Brussels layout exactly" cmp want-communes.csv communes.csv

"$SUIVI" export --db t.db --what phenomena >p.csv
check "phenomena export has the contract header" sh -c 'head -n 1 p.csv | grep -qx "code,label_fr,label_nl,axis,measures,police_on_web"'
check "phenomena cover axes 1 to 9" sh -c '[ "$(tail -n +2 p.csv | awk -F, "{print \$(NF-2)}" | sort -u | tr "\n" " ")" = "1 2 3 4 5 6 7 8 9 " ]'
check "burglary feeds M5.9 and M9.10" grep -q '^burglary_home,Cambriolage dans habitation,Woninginbraak,5,M5.9 M9.10,0$' p.csv
check "JSON export is an array of objects" sh -c '"$SUIVI" export --db t.db --what measures --format json | head -c 200 | grep -q "^\[$"'
check "--excel uses ; and a BOM" sh -c '"$SUIVI" export --db t.db --what communes --excel | head -c 9 | od -c | grep -q "357 273 277   n   i   s   ;"'
check_exit 64 "an unknown table is a usage error" "$SUIVI" export --db t.db --what nope
check_exit 73 "an export to an impossible place fails with 73" "$SUIVI" export --db t.db --what measures --out /nonexistent/dir/m.csv
check "--excel=nl gives Dutch column heads" sh -c '"$SUIVI" export --db t.db --what communes --excel=nl | head -n 1 | grep -q "^.*nis;naam_fr;naam_nl;zone;bevolking;jaar_bevolking"'
check_exit 64 "--excel=de is refused" "$SUIVI" export --db t.db --what communes --excel=de
missing=$(for w in incidents quarantine extracts cube cube-registered coverage indicators trends alarms modus catalogue measures communes phenomena mapping delays messages net-changes; do
	"$SUIVI" export --db t.db --what $w | head -n 1 | tr ',' '\n'; done | sort -u |
	while read -r c; do grep -q "^$c," "$TOP/reference/export_heads.csv" || echo "$c"; done)
check "every column of every export has its FR and NL head ($missing)" test -z "$missing"
finish
