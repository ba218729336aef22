#!/bin/bash
# The whole plan followed: the templates a partner fills in, in French or
# Dutch, come back and load; a wrong row refuses its file with its line
# and changes nothing; the same file twice changes nothing; a new value
# revises a figure and the earlier one is kept; the report shows the
# partners' figures (and who is late) and the progress of the 120
# measures, in both languages.
. "$(dirname "$0")/lib.sh"

check_exit 0 "init" "$SUIVI" init --db t.db
check_exit 0 "the figures template, in Dutch" "$SUIVI" template figures --db t.db --lang nl --out fig.csv
check "... has the Dutch header and a row per partner indicator" sh -c 'head -n 1 fig.csv | grep -qx "maatregel,indicator,periode,waarde,eenheid,bron,opmerking.*" && test "$(grep -c "^M" fig.csv)" -eq 10'
check_exit 0 "the progress template, for a French spreadsheet" "$SUIVI" template progress --db t.db --lang fr --excel --out prog.csv
check "... with a BOM, ';' and a row per measure and partner" sh -c 'head -c 3 prog.csv | od -An -tx1 | grep -q "ef bb bf" && head -n 1 prog.csv | grep -q "mesure;partenaire;date;statut;note" && test "$(grep -c "^M" prog.csv)" -ge 120'
check "every suivi measure has an indicator now, from incidents or a partner" sh -c '"$SUIVI" export --db t.db --what catalogue | awk -F, "NR > 1 && \$4 != \"none\" { m[\$2] = 1 } END { exit length(m) != 22 }"'

# The figures template filled in: a quarter, a year.
awk -F, 'NR == 1 { print; next } { p = ($2 ~ /^(drug_studies_published|local_projects_coordinated|cbrne_studies)$/) ? "2025" : "2026-Q2"
	printf "%s,%s,%s,%d,%s,%s,\n", $1, $2, p, 10 + NR, $5, $6 }' fig.csv | tr -d '\r' >fig1.csv
check_exit 0 "the filled-in template loads" "$SUIVI" partners --db t.db fig1.csv
check "... every figure in the export, current" sh -c 'test "$("$SUIVI" export --db t.db --what figures | grep -c ",1,fig1.csv,")" -eq 10'
check_exit 0 "the same file again" "$SUIVI" partners --db t.db fig1.csv
check "... changes nothing, and says so" grep -q "already loaded, nothing changed" "$WORK/last.err"

printf 'measure,indicator,period,value,unit,source,note\nM2.10,interservice_meetings,2026-Q2,99,,Communes,corrected\n' >rev.csv
check_exit 0 "a new value for a figure" "$SUIVI" partners --db t.db rev.csv
"$SUIVI" export --db t.db --what figures >figs.csv
check "... revises it: the new one current, the earlier one kept" sh -c 'grep -q "^M2.10,interservice_meetings,2026-Q2,99,meetings,Communes,corrected,1,rev.csv,2," figs.csv && grep -q "^M2.10,interservice_meetings,2026-Q2,[0-9]*,meetings,Communes,,0,fig1.csv," figs.csv'

cat >bad.csv <<'CSV'
mesure;indicateur;période;valeur;unité;source;note
M2.10;interservice_meetings;2026-Q1;7;;Communes;
M2.10;interservice_meetings;2026-10;12;;Communes;
M2.10;no_such_indicator;2026-Q1;1;;Communes;
M3.10;drug_studies_published;2025;trois;;Institutions de recherche;
M2.10;interservice_meetings;2026-Q1;8;;Communes;
CSV
check_exit 65 "a file with wrong rows is refused" "$SUIVI" partners --db t.db bad.csv
check "... each wrong row with its line and what is wrong" sh -c 'grep -q "bad.csv:3: period .2026-10. is a month, but this indicator is not monthly" "'"$WORK"'/last.err" && grep -q "bad.csv:4: indicator .no_such_indicator. is not a partner indicator" "'"$WORK"'/last.err" && grep -q "bad.csv:5: value .trois. is not a figure" "'"$WORK"'/last.err" && grep -q "bad.csv:6: the same indicator, period and source as line 2" "'"$WORK"'/last.err"'
check "... and nothing of it is loaded, not even its good rows" sh -c '! "$SUIVI" export --db t.db --what figures | grep -q "2026-Q1"'

printf 'measure,indicator,period,value,unit,source,note\nM4.10,communes_connected_tool,2026-Q1,45,,CIRB,\n' >bound.csv
check_exit 65 "a count of communes above the region's 19 is refused" "$SUIVI" partners --db t.db bound.csv
check "... saying so" grep -q "bound.csv:2: value 45 is more communes than the region has (19)" "$WORK/last.err"
printf 'measure,indicator,period,value,unit,source,note\nM2.10,interservice_meetings,2026-Q1,7,,Communes,ok\nM2.10,interservice_meetings,2025-Q4,7,,Comm\033[31munes,\007\n' >ctl.csv
check_exit 65 "a partner file with ESC or BEL in a field is refused" "$SUIVI" partners --db t.db ctl.csv
check "... naming the line and what is wrong" grep -q "ctl.csv:3: the row cannot be read: a control character (such as ESC or BEL) in a field" "$WORK/last.err"

# Progress: the French template, two measures filled in, in Dutch words too.
awk -F';' 'NR == 1 || $1 == "M1.1" || $1 == "M5.9" { print }' prog.csv | tr -d '\r' |
	awk -F';' -v OFS=';' 'NR == 1 { print; next } { $3 = "30/09/2026"; $4 = NR % 2 ? "en cours" : "lopend"; print }' >prog1.csv
check_exit 0 "progress reports load, statuses in French or Dutch" "$SUIVI" partners --db t.db prog1.csv
check "... exported with their status codes" sh -c '"$SUIVI" export --db t.db --what progress | grep -q "^M5.9,Communes,2026-09-30,in_progress,,1,prog1.csv,"'
printf 'maatregel,partner,datum,status,opmerking\nM1.1,Communes,2026-09-30,klaar,\n' >badprog.csv
check_exit 65 "a status that is none of the five is refused" "$SUIVI" partners --db t.db badprog.csv
check "... saying which words are" grep -q "badprog.csv:2: status 'klaar' is not one of: pas commencée, en préparation, en cours, réalisée, abandonnée" "$WORK/last.err"

# The report, on the sample with its partners' files.
"$SUIVI" sample --out s --from 2023-01 --to 2026-10 --scale 0.05 2>/dev/null
check_exit 0 "run loads the sample's partner files with its extracts" "$SUIVI" run --db r.db --create --inbox s --out out
check "... said in the summary" grep -q "and 1[0-9] partner file(s) from s;" "$WORK/last.err"
check "the French page follows the plan" sh -c 'grep -q "<section id=\"plan\"><h2>Avancement du plan</h2>" out/2026-10/report.fr.html && grep -q "Changements ce mois" out/2026-10/report.fr.html && grep -q "class=\"st-in_progress\"" out/2026-10/report.fr.html'
check "the Dutch page too, in Dutch" sh -c 'grep -q "<h2>Voortgang van het plan</h2>" out/2026-10/report.nl.html && grep -q "Zonder rapport in de laatste 12 maanden" out/2026-10/report.nl.html && grep -q "lopend" out/2026-10/report.nl.html'
check "a partner's figure is shown with the period before" grep -q "<h4>Gehouden overlegvergaderingen tussen diensten</h4>" out/2026-10/report.nl.html
check "... and the figure that did not come is said late, its partner named in Dutch" grep -q "Parket: nog niet geladen voor 3e kwartaal 2026 (verwacht sinds oktober 2026)" out/2026-10/report.nl.html
# A quarterly figure's chart says its periods as quarters, not as the
# months they end in; French elides "de" before a vowel.
check "a quarterly figure's chart describes its quarters" sh -c 'grep -q "<desc>Chiffres transmis par les partenaires, par trimestre, du [1-4]e\{0,1\}r\{0,1\} trimestre 20[0-9][0-9] au [1-4]e\{0,1\}r\{0,1\} trimestre 20[0-9][0-9]\.</desc>" out/2026-10/report.fr.html && grep -q "<desc>Cijfers van de partners, per kwartaal, van het [1-4]e kwartaal 20[0-9][0-9] tot het [1-4]e kwartaal 20[0-9][0-9]\.</desc>" out/2026-10/report.nl.html && ! grep -q "de \(avril\|août\|octobre\) 20" out/2026-10/report.fr.html'
# A figure's source as the partner typed it (in French, in Dutch, in
# capitals): named in the page's language when the catalogue lists the
# partner; one it does not list is shown as typed, marked.
printf 'mesure;indicateur;période;valeur;unité;source;note\nM2.10;interservice_meetings;2026-Q2;40;;GEMEENTEN;\nM2.10;interservice_meetings;2026-Q1;41;;Bureau inconnu;\n' >typed.csv
check_exit 0 "partner figures with their sources typed every way" "$SUIVI" partners --db r.db typed.csv
check_exit 0 "... reported" "$SUIVI" report --db r.db --out typed
check "... Communes in French, Gemeenten in Dutch, whatever the file said" sh -c 'grep -q "<th scope=\"row\">Communes</th>" typed/2026-10/report.fr.html && grep -q "<th scope=\"row\">Gemeenten</th>" typed/2026-10/report.nl.html && ! grep -q ">Communes</th>\|>GEMEENTEN</th>" typed/2026-10/report.nl.html'
check "... and a source the catalogue does not list marked as such" grep -q "<th scope=\"row\"><span class=\"unlisted\">Bureau inconnu</span> (partner niet in de referentie)</th>" typed/2026-10/report.nl.html
finish
