#!/bin/bash
# A year of monthly reports, each on the data as they stood at the end of
# its month (aggregate --cut): from the thirteenth on, the revisions
# section draws the largest series as each month was first published
# and as the last report published it, from the figures the publications
# kept, the late registrations showing as the gap between the lines.
. "$(dirname "$0")/lib.sh"

"$SUIVI" sample --out s --from 2024-10 --to 2026-10 --scale 0.05 2>/dev/null
(cd s && "$SUIVI" ingest --db ../t.db --create $(ls [0-9]*/*.csv | sort -V) 2>/dev/null)
fails=0 dup=
for m in 2025-10 2025-11 2025-12 2026-01 2026-02 2026-03 2026-04 2026-05 2026-06 2026-07 2026-08 2026-09; do
	"$SUIVI" aggregate --db t.db --through $m --cut >/dev/null 2>&1 &&
	    dup=$dup$(sqlite3 t.db "SELECT count(*) FROM (SELECT 1 FROM indicator_value GROUP BY indicator, period, zone, commune, breakdown HAVING count(*) > 1)" | grep -v '^0$' | sed "s/^/ $m: /") &&
	    "$SUIVI" report --db t.db --out out --lang fr >/dev/null 2>report.err || { fails=$((fails + 1)); cat report.err; }
done
check "twelve monthly reports, each on its month's data, December's too" test "$fails" -eq 0
check "... no indicator row twice (in December the year to date is the last 12 months: one row)$dup" test -z "$dup"
check "... December's count tables without year-to-date columns (the 12 months are the year), January's with January alone" sh -c '! grep -q "<th scope=\"col\">Évolution</th>" out/2025-12/report.fr.html && grep -q "<th scope=\"col\">janv. 2026</th><th scope=\"col\">janv. 2025</th><th scope=\"col\">Évolution</th>" out/2026-01/report.fr.html'
check "... the twelfth, with eleven before it, draws no revision chart" sh -c '! grep -q "tel que publié la première fois" out/2026-09/report.fr.html'
check_exit 0 "the thirteenth report" sh -c '"$0" aggregate --db t.db --through 2026-10 --cut && "$0" report --db t.db --out out' "$SUIVI"
f=out/2026-10/report.fr.html
check "... draws the largest series as first and as last published, in the revisions section" sh -c 'sed -n "/id=\"revisions\"/,/<\/section>/p" "$0" | grep -q "<title>M[0-9.]* — .*chaque mois tel que publié la première fois, et dans le rapport de septembre 2026</title>"' $f
check "... in Dutch too" grep -q "elke maand zoals eerst gepubliceerd, en in het rapport van september 2026" out/2026-10/report.nl.html
# The chart's data, against the figures the publications kept, read
# here with sqlite3 alone.
fig=$(sed -n "/id=\"revisions\"/,/<\/section>/p" $f | grep -o 'href="data/fig-[0-9]*\.csv"' | head -n 1 | sed 's/href="//; s/"$//')
check "... with its data beside it ($fig)" test -s "out/2026-10/$fig"
measure=$(sqlite3 t.db "SELECT subject FROM published_value WHERE publication = 12 AND kind = 'series' AND part = '' AND shown GROUP BY subject ORDER BY sum(value) DESC, subject LIMIT 1")
sqlite3 -csv t.db "SELECT v.period, CAST(v.value AS INTEGER), p.id FROM published_value v JOIN publication p ON p.id = v.publication WHERE v.kind = 'series' AND v.subject = '$measure' AND v.part = '' AND v.shown AND p.id <= 12 AND v.period >= '2025-10' ORDER BY v.period, p.id" |
	awk -F, '{ if (!($1 in first)) first[$1] = $2; last[$1] = $2 } END { for (m in first) { print m ",first_published," first[m]; print m ",last_published," last[m] } }' | sort >want.csv
awk -F, 'NR > 1 && ($3 == "first_published" || $3 == "last_published") { print $1 "," $3 "," $5 }' "out/2026-10/$fig" | sort >got.csv
check "... each month from the first report's on, its first and last published values the ones kept ($(wc -l <got.csv) values)" sh -c 'test "$(wc -l <got.csv)" -eq 24 && cmp want.csv got.csv'
check "... late registrations make the last at least the first, and above it somewhere" awk -F, '{ v[$1, $2] = $3; k[$1] = 1 } END { for (m in k) { if (v[m, "last_published"] < v[m, "first_published"]) bad++; if (v[m, "last_published"] > v[m, "first_published"]) up++ } exit bad || !up }' got.csv
check_exit 0 "the page is reproduced as recorded, the chart with it" "$SUIVI" report --db t.db --publication 13 --out again
finish
