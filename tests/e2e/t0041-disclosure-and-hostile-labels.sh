#!/bin/bash
# Nothing from the data is ever code, and small counts are not published:
# hostile labels in extracts and in the reference data come out as text in
# the HTML report, the charts, CSV and JSON; gnuplot commands in labels do
# not run; counts of 1 to 4 appear as <5.
. "$(dirname "$0")/lib.sh"

cp -r "$TOP/reference" ref
# A phenomenon label that tries gnuplot, HTML and a spreadsheet at once.
sed -i "s/^bike_theft,Vol de vélo,/bike_theft,\"Vol'); system(\"\"touch PWNED\"\"); print('<script>x<\/script>\",/" ref/phenomena.csv
"$SUIVI" sample --out s --from 2022-01 --to 2026-10 --scale 0.3 --reference ref 2>/dev/null
# One more extract with hostile raw labels (they stay unmapped).
{
	printf 'numero_pv;commune;date_faits;phenomene\n'
	printf 'h1;21004;02/10/2026;"<script>alert(1)</script>"\n'
	printf 'h2;21004;02/10/2026;"=HYPERLINK(""http://x"")"\n'
	printf 'h3;21004;02/10/2026;"`touch PWNED2` @x ''q'' \\n"\n'
} >s/5339/2026-10-extra.csv
check_exit 0 "the run goes through" "$SUIVI" run --db t.db --create --inbox s --out out --reference ref --lang fr
f=out/2026-10/report.fr.html
check "no gnuplot command ran" sh -c '! ls PWNED PWNED2 out/PWNED 2>/dev/null | grep -q .'
check "the page is still well-formed" xmllint --noout "$f"
check "no script element came from the data" sh -c '! grep -q "<script" "$0"' "$f"
check "the hostile labels are there, as text" grep -q "&lt;script&gt;alert(1)&lt;/script&gt;" "$f"
check "the report shows the hostile reference label escaped" grep -q "Vol&#39;); system(&quot;touch PWNED&quot;); print(&#39;&lt;script&gt;x&lt;/script&gt;" "$f"
check_exit 0 "a chart titled with it is drawn" "$SUIVI" chart --db t.db --phenomenon bike_theft --reference ref --out bike.svg
check "... with the label as text in a well-formed SVG" sh -c 'xmllint --noout bike.svg && grep -q "system(" bike.svg && ! grep -q "<script" bike.svg'
check "... and still no gnuplot command ran" sh -c '! ls PWNED 2>/dev/null | grep -q .'
"$SUIVI" export --db t.db --what incidents >inc.csv
check "CSV: a formula-looking label cannot become a formula" grep -q "\"'=HYPERLINK(\"\"http://x\"\")\"" inc.csv
"$SUIVI" status --db t.db --json >s.json
check "JSON: the status escapes them" grep -q '"\\u003cscript>alert(1)\\u003c/script>":1' s.json
check "small counts are published as <5" grep -q "<td>&lt;5</td>" "$f"
check "... and the database keeps them exact" sh -c '"$SUIVI" export --db t.db --what indicators | grep -Eq ",[1-4](\.0)?,facts,"'
check_exit 65 "the month published again at another minimum cell is refused" "$SUIVI" report --db t.db --out out10 --lang fr --reference ref --min-cell 10 --chart-files
check "... saying why and what to do" grep -q "the last publication ([0-9]*, 2026-10) used a minimum cell of 5; pages at 10 beside it share most of their months and could be read together: what one shows of 5 to 9 the other hides.  Give --min-cell 5, or --new-threshold" "$WORK/last.err"
check "... writing nothing" test ! -e out10
cp t.db t10.db          # another publication of the month, kept apart
check_exit 0 "--min-cell changes the threshold, with --new-threshold" "$SUIVI" report --db t10.db --out out10 --lang fr --reference ref --min-cell 10 --new-threshold --chart-files
check "... to <10" grep -q "<td>&lt;10</td>" out10/2026-10/report.fr.html
if command -v python3 >/dev/null; then
	check "... and charts of parts say how many months they hide, their phone versions of their last 24 months" python3 "$TOP/tests/e2e/chart-descs.py" out10/2026-10/report.fr.html
	check "... and every mark its charts draw is a figure their data files show, hostile labels and all" python3 "$TOP/tests/e2e/svg-data.py" "$f" 5
	check_exit 0 "... nor with --min-cell 10" python3 "$TOP/tests/e2e/svg-data.py" out10/2026-10/report.fr.html 10
	quick || check "... its charts' own files (--chart-files) read too" grep -q "(and [1-9][0-9]* files of their own)" "$WORK/last.out"
else
	skip "python3 missing: the charts' descriptions were not checked"
fi
bad=0
for svg in out10/2026-10/charts/*.svg; do
	[ -s "$svg" ] && xmllint --noout "$svg" 2>/dev/null && tail -c 20 "$svg" | grep -q "</svg>" || bad=$((bad + 1))
done
check "--chart-files: every chart also a complete, well-formed SVG of its own" test "$bad" -eq 0
check "... one per chart of the page" test "$(ls out10/2026-10/charts/*.svg | wc -l)" -eq "$(grep -o "<figure id=" out10/2026-10/report.fr.html | wc -l)"
check "... titled as on the page, not 'Gnuplot'" sh -c '! grep -l "<title>Gnuplot" out10/2026-10/charts/*.svg | grep -q . && grep -q "<title>Violences dans le couple par sexe de la victime</title>" out10/2026-10/charts/*.svg'

"$SUIVI" export --db t.db --what communes --reference ref >communes.csv
check "no suppressed count can be recomputed from the published figures" Rscript "$TOP/tests/e2e/recover.R" "$f" fr 5 communes.csv
check "... nor with --min-cell 10" Rscript "$TOP/tests/e2e/recover.R" out10/2026-10/report.fr.html fr 10 communes.csv
check "... nor from all the charts together, with the tables" Rscript "$TOP/tests/e2e/charts-attack.R" "$f" fr 5 communes.csv
check "... nor with --min-cell 10" Rscript "$TOP/tests/e2e/charts-attack.R" out10/2026-10/report.fr.html fr 10 communes.csv
check "complementary suppression happened (×)" grep -q "<td>×</td>" "$f"

touch out/2026-10/report.fr.html.tmp-AbC123 out/2026-10/data/fig-1.csv.tmp-XyZ789 out/2026-10/.chart-fig-1.fr.svg out/2026-10/data/fig-999.csv
mkdir -p out/2026-10/charts && touch out/2026-10/charts/fig-998.fr.svg
check_exit 0 "a report after one that was killed half-way" "$SUIVI" report --db t.db --out out --lang fr --reference ref
check "... clears the temporary files it left" sh -c '! find out -name "*.tmp-*" -o -name ".chart-*" | grep -q .'
check "... and the data and chart files no chart of its pages has" sh -c '[ ! -e out/2026-10/data/fig-999.csv ] && [ ! -e out/2026-10/charts ]'

# A gnuplot that answers 'exit' but dies on a chart, one that says it
# met an error, and one that hangs.
mkdir badplot errplot slowplot
printf '#!/bin/sh\nread first\n[ "$first" = exit ] && exit 0\necho "line 7: undefined variable" >&2\nexit 1\n' >badplot/gnuplot
printf '#!/bin/sh\nread first\n[ "$first" = exit ] && exit 0\nwhile read l; do case "$l" in *GPVAL_ERRNO*) echo "line 3: undefined variable: x" >&2; printf "\\n<<suivi-chart-done 1>>\\n";; esac; done\n' >errplot/gnuplot
printf '#!/bin/sh\nread first\n[ "$first" = exit ] && exit 0\nexec sleep 60\n' >slowplot/gnuplot
chmod +x badplot/gnuplot errplot/gnuplot slowplot/gnuplot
check_exit 70 "a gnuplot that fails makes report fail" env PATH="$WORK/badplot:$PATH" "$SUIVI" report --db t.db --out outbad --lang fr
check "... saying which chart and what gnuplot said" grep -q "gnuplot failed to draw the chart (exit 1: line 7: undefined variable)" "$WORK/last.err"
check "... and puts no page in place" test ! -e outbad/2026-10/report.fr.html
check "... nor leaves a temporary file" sh -c '! find outbad -name "*.tmp-*" | grep -q .'
check_exit 70 "a gnuplot that meets an error on a chart makes report fail" env PATH="$WORK/errplot:$PATH" "$SUIVI" report --db t.db --out outerr --lang fr
check "... saying what gnuplot said" grep -q "gnuplot failed to draw the chart (error 1: line 3: undefined variable: x)" "$WORK/last.err"
check "... and puts no page in place" test ! -e outerr/2026-10/report.fr.html
start=$(date +%s)
check_exit 70 "a gnuplot that hangs is stopped" env PATH="$WORK/slowplot:$PATH" SUIVI_GNUPLOT_TIMEOUT=1 "$SUIVI" report --db t.db --out outslow --lang fr
check "... after the timeout, not forever" test $(($(date +%s) - start)) -lt 20
check "... saying so" grep -q "did not finish the chart in time" "$WORK/last.err"
# A database that breaks under the report: the command fails, says what
# broke, and leaves no page behind.
cp t.db broken.db
sqlite3 broken.db "DROP VIEW v_modus; DROP TABLE modus_signal"
check_exit 70 "a table gone from under the report makes it fail" "$SUIVI" report --db broken.db --out outbroken --lang fr --reference ref
check "... naming what is missing" grep -q "no such table: modus_signal" "$WORK/last.err"
check "... and puts no page in place" sh -c '! find outbroken -name "report.*.html" 2>/dev/null | grep -q .'
# A measure id with markup and a path in it is refused where it is read;
# a measure title with them comes out as text.
cp -r ref ref2
sed -i 's|M5\.9\b|M5.9<i>..\/..\/..\/evil|g' ref2/measures.csv
check_exit 65 "a hostile measure id in the reference is refused" "$SUIVI" init --db t2.db --reference ref2
check "... naming its line" grep -q "ref2/measures.csv:53: column 'measure' is 20 bytes long" "$WORK/last.err"
cp ref/measures.csv ref2/measures.csv
sed -i 's|^M5\.9,5,suivi,,"|M5.9,5,suivi,,"<i>../../../evil</i> |' ref2/measures.csv
check_exit 0 "a report with a hostile measure title in the reference" "$SUIVI" run --db t2.db --create --inbox s --out out2 --reference ref2 --lang fr
check "... is well-formed, the title shown as text" sh -c 'xmllint --noout out2/2026-10/report.fr.html && grep -q "&lt;i&gt;../../../evil&lt;/i&gt;" out2/2026-10/report.fr.html && ! grep -q "<i>\.\./" out2/2026-10/report.fr.html'
check "... and writes no file outside --out" sh -c '! find "$WORK" / -maxdepth 3 -name "evil*" 2>/dev/null | grep -q .'
# An alarm whose series has a month of 1 to 4 (its chart hides it) is said
# without the expected count and threshold computed from its months.
small_series=$(sqlite3 -separator '|' t.db "SELECT (SELECT label_fr FROM phenomenon WHERE code = a.phenomenon), (SELECT name_fr FROM zone WHERE zone = a.zone) FROM alarm a WHERE a.alarm AND a.month = 202610 AND a.zone IS NOT NULL AND EXISTS (SELECT 1 FROM series_month s WHERE s.series = a.phenomenon AND s.zone = a.zone AND s.month <= 202610 AND s.observed BETWEEN 1 AND 4) LIMIT 1")
if [ -n "$small_series" ]; then
	check "an alarm whose series has small months gives neither expected count nor threshold (${small_series%%|*}, ${small_series#*|})" sh -c 'grep -F "<strong>${0%%|*}</strong>, ${0#*|}" "$1" | grep -q "ni l.attendu ni le seuil ne sont donnés"' "$small_series" "$f"
else
	skip "the small sample raised no zone alarm on a series with small months"
fi
# A zone's alarm on a small count: its chart shows the month as below 5,
# and neither the sentence nor the chart (nor its data) gives the expected
# count and threshold that would bound it (a threshold of 3.2 crossed
# would say 4).
alarm=$(sqlite3 -separator ' ' t.db "SELECT phenomenon, zone FROM alarm WHERE alarm AND zone IS NOT NULL AND month = 202610 LIMIT 1")
if [ -n "$alarm" ]; then
	set -- $alarm
	cp t.db small.db
	sqlite3 small.db "UPDATE alarm SET observed = 4, expected = 0.8, upper = 3.2 WHERE month = 202610 AND phenomenon = '$1' AND zone = $2; UPDATE series_month SET observed = 4, expected = 0.8, upper = 3.2 WHERE month = 202610 AND series = '$1' AND zone = $2"
	check_exit 0 "a report with a zone's alarm on 4 facts" "$SUIVI" report --db small.db --out small --lang fr --reference ref
	check "... says <5 and above the threshold, without either number" sh -c 'grep -o "[^>]*faits ce mois, au-dessus du seuil d.alerte" "$0" | grep -q "&lt;5 faits" && ! grep -q "environ 0 (seuil d.alerte.*3,2)" "$0"' small/2026-10/report.fr.html
	fig=$(grep -o '&lt;5 faits ce mois, au-dessus du seuil d.alerte[^<]*<a href="#fig-[0-9]*"' small/2026-10/report.fr.html | grep -o 'fig-[0-9]*')
	check "... its chart's data: the month suppressed, no band for it ($fig)" sh -c 'grep -q "^2026-10,[0-9]*,facts,,,suppressed$" "$0" && ! grep -q "^2026-10,[0-9]*,\(expected\|upper\)," "$0"' "small/2026-10/data/$fig.csv"
	# The same series with every month 0 but hidden ones of 1 and the
	# month's 4: its height must not say so (an axis topping at 4 would
	# give the 4 back; at 1.08, every hidden month a 1).
	cp small.db tiny.db
	sqlite3 tiny.db "UPDATE series_month SET observed = CASE WHEN month = 202610 THEN 4 WHEN month % 3 = 0 THEN 1 ELSE 0 END, average = NULL, trend = NULL, expected = NULL, upper = NULL, alarm = CASE WHEN month = 202610 THEN 1 ELSE NULL END WHERE series = '$1' AND zone = $2"
	check_exit 0 "a report where that series' months are 0 or hidden" "$SUIVI" report --db tiny.db --out tiny --lang fr --reference ref --new-threshold
	check "... draws its chart ($fig) as tall as its mark of a small month, not as its hidden months" sh -c 'sed -n "/<figure id=\"$1\"/,/<\/figure>/p" "$0" | sed -n "/class=\"desk\"/,/<\/svg>/p" | grep -q "<text> 5</text>"' tiny/2026-10/report.fr.html "$fig"
else
	skip "no zone alarm this month in this sample"
fi
# A modus operandi signal's chart with a month that would give a small
# count away is not drawn (the signal's sums would give a masked month
# back), nor are its data written; the sentence's link still leads to its
# place.  In a zone, the rest of the region counts: the region's facts
# with the code less the zone's.
signal=$(sqlite3 -separator ' ' t.db "SELECT zone, (SELECT month FROM modus_month GROUP BY month ORDER BY month DESC LIMIT 1 OFFSET 1) FROM modus_signal WHERE zone IS NOT NULL LIMIT 1")
if [ -n "$signal" ]; then
	set -- $signal
	cp t.db mo.db
	sqlite3 mo.db "UPDATE modus_month SET n = n + 2 WHERE zone = 0 AND month = $2"
	check_exit 0 "a report where the rest of the region has 2 facts of a code one month" "$SUIVI" report --db mo.db --out mo --lang fr --reference ref
	zone_fig=$(sed -n '/<h3 id="modus">/,/<\/ul>/p' mo/2026-10/report.fr.html | grep '^<li>' | grep -F "$(sqlite3 mo.db "SELECT name_fr FROM zone WHERE zone = $1")" | grep -o 'href="#fig-[0-9]*"' | grep -o 'fig-[0-9]*')
	check "... withholds the zone's chart of the code ($zone_fig), in its place" grep -q "<div id=\"$zone_fig\"><p class=\"note\">Graphique du mode opératoire non publié" mo/2026-10/report.fr.html
	check "... and its data" test ! -e "mo/2026-10/data/$zone_fig.csv"
	check "... but draws the region's" sh -c 'grep -l ",modus," mo/2026-10/data/*.csv | grep -q .'
	check "... and every link of the page still leads somewhere" sh -c 'for a in $(grep -o "href=\"#[^\"]*\"" "$0" | sed "s/^href=\"#//; s/\"$//" | sort -u); do grep -q " id=\"$a\"" "$0" || exit 1; done' mo/2026-10/report.fr.html
	sqlite3 mo.db "UPDATE modus_month SET n = 3 WHERE month = $2"
	check_exit 0 "a report where the code has 3 facts one month, all in the zone" "$SUIVI" report --db mo.db --out mo2 --lang fr --reference ref
	check "... draws no chart of the code" sh -c '! grep -l ",modus," mo2/2026-10/data/*.csv | grep -q .'
	# Two more zones signal the code, one with 2 facts a month, the other
	# with 10: the region less the first zone and the third would give
	# the second's 2 back, so no zone's chart of the code is drawn.
	cp t.db mo3.db
	sqlite3 mo3.db "INSERT INTO modus_signal SELECT phenomenon, z.zone, modus_operandi, recent, baseline, share_recent, share_baseline, p_value, q_value, first_seen, kind FROM modus_signal s, (SELECT zone FROM zone WHERE zone <> $1 ORDER BY zone LIMIT 2) z WHERE s.zone = $1;
		INSERT INTO modus_month SELECT phenomenon, (SELECT zone FROM zone WHERE zone <> $1 ORDER BY zone LIMIT 1), modus_operandi, month, CASE month WHEN $2 THEN 2 ELSE 0 END, 100, 100 FROM modus_month WHERE zone = $1;
		INSERT INTO modus_month SELECT phenomenon, (SELECT zone FROM zone WHERE zone <> $1 ORDER BY zone LIMIT 1 OFFSET 1), modus_operandi, month, CASE month WHEN $2 THEN 10 ELSE 0 END, 100, 100 FROM modus_month WHERE zone = $1;
		UPDATE modus_month SET n = n + 12 WHERE zone = 0 AND month = $2;"
	check_exit 0 "a report where three zones signal a code, one with 2 facts a month" "$SUIVI" report --db mo3.db --out mo3 --lang fr --reference ref
	check "... draws no zone's chart of the code, only the region's" sh -c '[ -z "$(cat mo3/2026-10/data/*.csv | grep ",modus," | grep -v "^[0-9-]*,0,")" ] && grep -q "^[0-9-]*,0,modus," mo3/2026-10/data/*.csv'
else
	skip "no modus operandi signal in a zone in this sample"
fi
mkdir nognuplot
for t in sh cat; do ln -s "$(command -v $t)" nognuplot/$t; done
check_exit 69 "without gnuplot, report exits 69" env PATH="$WORK/nognuplot" "$SUIVI" report --db t.db --out out3
check "... naming the package to install" grep -q "apt-get install gnuplot-nox" "$WORK/last.err"
finish
