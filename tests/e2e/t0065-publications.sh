#!/bin/bash
# What was published stays findable: each report is recorded as a
# publication (the pages with their SHA-256, the state of the data, the
# settings) with every figure of the page's linked set, shown or hidden,
# under a key that is the same a month later; so September's figures,
# grown by October's late registrations, line up with October's.
. "$(dirname "$0")/lib.sh"

"$SUIVI" sample --out s --from 2023-01 --to 2026-10 --scale 0.3 2>/dev/null
(cd s && "$SUIVI" ingest --db ../t.db --create $(ls [0-9]*/*.csv | grep -v 2026-10 | sort -V) 2>/dev/null)
"$SUIVI" aggregate --db t.db --through 2026-09 2>/dev/null
check_exit 0 "September's report" "$SUIVI" report --db t.db --out out --lang fr
check "publications: none before it, one after" sh -c '"$0" publications --db t.db | grep -c "^publication " | grep -qx 1' "$SUIVI"
(cd s && "$SUIVI" ingest --db ../t.db $(ls [0-9]*/2026-10*.csv | sort -V) 2>/dev/null)
# and zone 5339 corrects its August: half its incidents withdrawn, a
# quarter of the rest dated July instead
mkdir fix
awk -F, -v OFS=, 'NR == 1 { print; next } NR % 2 == 0 { next } NR % 4 == 1 { $3 = "2026-07-15" } { print }' s/5339/2026-08.csv >fix/2026-08-v2.csv
"$SUIVI" ingest --db t.db --zone 5339 fix/2026-08-v2.csv 2>/dev/null
"$SUIVI" aggregate --db t.db 2>/dev/null
check_exit 0 "October's report, in both languages" "$SUIVI" report --db t.db --out out
"$SUIVI" publications --db t.db >pubs
check "two publications, for 2026-09 and 2026-10" sh -c 'grep "^publication " pubs | sed "s/,.*//" | tr "\n" " " | grep -qx "publication 1: 2026-09 publication 2: 2026-10 "'
"$SUIVI" export --db t.db --what publications >pub.csv
check "each page's SHA-256 is the file's" sh -c 'sqlite3 -separator " " t.db "SELECT sha256, path FROM publication_file" | while read -r sha path; do [ "$(sha256sum "$path" | cut -d" " -f1)" = "$sha" ] || exit 1; done'
check "... three pages, September's in French only" test "$(tail -n +2 pub.csv | wc -l)" -eq 3
check "the state differs: October's deliveries came in between" test "$(cut -d, -f6 pub.csv | sort -u | wc -l)" -eq 3
check "each keeps every figure of its page's linked set" sh -c 'for p in 1 2; do [ "$(sqlite3 t.db "SELECT count(*) FROM published_value WHERE publication = $p")" -gt 500 ] || exit 1; done'
"$SUIVI" audit --db t.db --list >hidden.csv 2>audit.txt
check "... October's hidden ones are those the audit hides" sh -c 'tail -n +2 hidden.csv | cut -d, -f1 | sort >a; sqlite3 t.db "SELECT figure FROM published_value WHERE publication = 2 AND NOT shown" | sort >b; cmp -s a b'
check "... as many as the audit counts" test "$(sqlite3 t.db "SELECT count(*) FROM published_value WHERE publication = 2")" = "$(sed -n 's/^audit 2026-10: \([0-9]*\) figures.*/\1/p' audit.txt)"
# The vintages: the same figure in both publications, its growth the
# registrations of a month later.
"$SUIVI" export --db t.db --what vintages >vintages.csv
check "vintages: August's partner violence in both publications, September's value then October's" sh -c 'grep -c "^S/M1.10/202608,series,M1.10,,2026-08,[12]," vintages.csv | grep -qx 2'
check "... each series month of 2026-09 grew or stayed, never fell" awk -F, '$2 == "series" && $5 == "2026-09" { v[$1, $6] = $9; k[$1] = 1 } END { for (f in k) if (v[f, 2] < v[f, 1]) { print f; bad = 1 } exit bad }' vintages.csv
check "... while 2026-08 fell where zone 5339 withdrew half its August" awk -F, '$1 == "S/M5.9/202608" { v[$6] = $9 } END { exit !(v[2] < v[1]) }' vintages.csv
check "... and some grew (late registrations)" awk -F, '$2 == "series" && $5 == "2026-09" { v[$1, $6] = $9; k[$1] = 1 } END { for (f in k) if (v[f, 2] > v[f, 1]) n++; exit !(n > 0) }' vintages.csv
"$SUIVI" export --db t.db --what revision-triangle >triangle.csv
check "the revision triangle: August's M5.9 published a month after, then two, its revision the difference" awk -F, '$1 == "M5.9" && $2 == "2026-08" { a[$5] = $6; r[$5] = $8 } END { exit !(a[1] != "" && a[2] != "" && r[1] == 0 && r[2] == a[2] - a[1]) }' triangle.csv
check "September's October figures are not there: it was not out" sh -c '! grep -q "^S/[^,]*/202610,[^,]*,[^,]*,[^,]*,[^,]*,1," vintages.csv'
# What moved since September's report, and why: every month of a
# measure's series it showed that moved by 5 facts and 5 % or more, its
# change split into registrations since, corrections and withdrawals.
sed -n '/id="revisions"/,/<\/table>/p' out/2026-10/report.fr.html | grep -o '<tr><th scope="row">.*</tr>' |
	sed 's/<\/t[dh]><t[dh][^>]*>/|/g; s/<[^>]*>//g; s/\xe2\x80\xaf//g; s/\xe2\x88\x92/-/g' >revisions.txt
# A publication written again from the database as it stood: September's,
# after October's deliveries and 5339's corrected August came in, is the
# page recorded, byte for byte, but for the line saying when it was
# written, which now says both dates.
before=$(sha256sum t.db | cut -d' ' -f1)
check_exit 0 "report --publication 1 writes September's page again, in a folder of its own" "$SUIVI" report --db t.db --publication 1
check "... from the database taken back (October's deliveries and the correction set aside)" grep -q "publication 1's database taken back to .*: 7 delivery reading(s)" "$WORK/last.err"
check "... and says it is the one recorded" grep -q "publication 1 reproduced: its pages and charts' data are the ones recorded, byte for byte" "$WORK/last.err"
check "... which it is, but for the line that says when it was written" sh -c 'diff out/2026-09/report.fr.html reproduced/2026-09/report.fr.html | grep -c "^[<>]" | grep -qx 2 && diff out/2026-09/report.fr.html reproduced/2026-09/report.fr.html | grep "^>" | grep -q "Produit le .* reproduit le .* à partir de la base de données telle qu.elle était alors"'
check "... leaving the database as it was" test "$(sha256sum t.db | cut -d' ' -f1)" = "$before"
# October's, after zone 5340 withdrew its September (on a copy): the
# retraction, made after the pages, is taken back with the rest.
cp t.db retracted.db
"$SUIVI" retract --db retracted.db --zone 5340 --month 2026-09 --reason "test" 2>/dev/null
check_exit 0 "October's, in both languages, too, a retraction made since taken back" "$SUIVI" report --db retracted.db --publication 2 --out again
check "... the Dutch page saying both dates" grep -q "Gemaakt op .* opnieuw gemaakt op .* uit de databank zoals die toen was" again/2026-10/report.nl.html
cp t.db tampered.db
sqlite3 tampered.db "UPDATE publication_file SET sha256 = replace(sha256, substr(sha256, 1, 1), 'x') WHERE publication = 1"
check_exit 65 "a page that does not come out as recorded is said (exit 65)" "$SUIVI" report --db tampered.db --publication 1 --out bad
check "... naming the page, recorded and reproduced" grep -q "recorded page fr x.*, reproduced page fr " "$WORK/last.err"
check_exit 73 "a reproduction is not written over the pages it reproduces" "$SUIVI" report --db t.db --publication 1 --out out
check "... saying so" grep -q "out/2026-09/report.fr.html exists: a reproduction is not written over pages" "$WORK/last.err"
check_exit 64 "--publication takes the publication's own settings, not --lang" "$SUIVI" report --db t.db --publication 1 --lang nl --out x
check_exit 66 "... and a publication that is not there is said" "$SUIVI" report --db t.db --publication 9 --out x
# Stopped half-way (Ctrl-C, kill, a signal to its whole process group as
# timeout or a service manager sends), a reproduction leaves no copy of
# the database behind: its watcher removes the copy when it ends.  (A
# background job of a script starts with SIGINT ignored: env gives the
# command it back.  setsid gives it a process group of its own.)
for how in INT KILL TERM-group; do
	d=tmp-$how
	mkdir "$d"
	TMPDIR="$WORK/$d" setsid env --default-signal=INT,QUIT "$SUIVI" report --db t.db --publication 1 --out "stopped-$how" >/dev/null 2>&1 &
	pid=$!
	until [ -e "$d"/suivi-reproduce-*/copy.db ] || ! kill -0 $pid 2>/dev/null; do sleep 0.05; done
	case $how in
	TERM-group) kill -TERM -- -$pid 2>/dev/null ;;
	*) kill -$how $pid 2>/dev/null ;;
	esac
	{ wait $pid; } 2>/dev/null
	status=$?
	check "a reproduction stopped by SIG$how ends by the signal ($status) and leaves no copy of the database" sh -c '[ "$1" -gt 128 ] && for i in $(seq 1 600); do [ -z "$(ls -A "$0")" ] && exit 0; sleep 0.05; done; ls -A "$0"; exit 1' "$d" "$status"
done
check "October's report has its revisions since September's (publication 1)" grep -q "Les mois des séries du rapport de septembre 2026 (publication 1) qui ont bougé" out/2026-10/report.fr.html
check "... in Dutch" grep -q "Herzieningen sinds het vorige rapport" out/2026-10/report.nl.html
check "... September's months grew by late registrations, nothing else" awk -F'|' '$2 == "septembre 2026" { n++; if (!($5 > 0 && $6 == 0 && $7 == 0 && $8 == 0 && $4 - $3 == $5)) bad++ } END { exit !(n > 0 && !bad) }' revisions.txt
check "... August's lost what the correction withdrew and moved to July, and each change adds up" awk -F'|' '$2 == "août 2026" && $5 != "×" { n++; if (!($7 > 0 && $6 < 0 && $4 - $3 == $5 + $6 - $7 + $8)) bad++ } END { exit !(n > 0 && !bad) }' revisions.txt
check "... with nothing left unexplained" awk -F'|' '$5 != "×" && $8 != 0 { bad++ } END { exit bad > 0 }' revisions.txt
# Every table for analysts at once, typed and described (export
# --package), each exactly what export --what writes.
check_exit 0 "export --package writes every table with a datapackage.json" "$SUIVI" export --db t.db --package pkg
check "... one CSV per table export --what offers" test "$(ls pkg/data | wc -l)" -eq 27
check "... each exactly what export --what writes" sh -c 'for t in incidents vintages indicators; do "$0" export --db t.db --what $t | cmp -s - pkg/data/$t.csv || exit 1; done' "$SUIVI"
if command -v python3 >/dev/null; then
	check "... a valid data package: every value of its column's type, every field described" sh -c 'python3 "$0/tests/e2e/datapackage-check.py" pkg && python3 -c "import json, sys; d = json.load(open(\"pkg/datapackage.json\")); f = [x for r in d[\"resources\"] for x in r[\"schema\"][\"fields\"]]; sys.exit(not all(\"description\" in x for x in f))"' "$TOP"
else
	skip "python3 missing: the package's validator did not run"
fi
check_exit 64 "--package with --what is refused" "$SUIVI" export --db t.db --package pkg2 --what incidents
# Where a figure came from: the deliveries behind August's M5.9, as each
# publication saw them (zone 5339's first August, then its correction).
for p in 1 2; do
	check_exit 0 "explain: the deliveries behind August's M5.9 in publication $p" "$SUIVI" explain --db t.db --publication $p --figure S/M5.9/202608
	cp "$WORK/last.out" explain$p.csv
	check "... add up to the figure as published" sh -c 'tail -n +2 "$0" | awk -F, "{ n += \$NF } END { print n }" | grep -qx "$(sqlite3 t.db "SELECT CAST(value AS INTEGER) FROM published_value WHERE publication = $1 AND figure = '"'"'S/M5.9/202608'"'"'")"' explain$p.csv $p
done
check "... zone 5339's August: its first version in September's, its correction in October's" sh -c 'grep -q "^5339,2026-08,1,[^,]*2026-08.csv," explain1.csv && ! grep -q "^5339,2026-08,2," explain1.csv && grep -q "^5339,2026-08,2,fix/2026-08-v2.csv," explain2.csv && ! grep -q "^5339,2026-08,1," explain2.csv'
row=$(sqlite3 t.db "SELECT figure FROM published_value WHERE publication = 2 AND kind = 'table' AND part LIKE 'victim_sex=%' AND shown LIMIT 1")
check_exit 0 "explain a 12-month table's row by sex ($row)" "$SUIVI" explain --db t.db --figure "$row"
check "... which adds up to it too" sh -c 'tail -n +2 "$0" | awk -F, "{ n += \$NF } END { print n }" | grep -qx "$(sqlite3 t.db "SELECT CAST(value AS INTEGER) FROM published_value WHERE publication = 2 AND figure = '"'"'$1'"'"'")"' "$WORK/last.out" "$row"
check_exit 64 "explain a figure it cannot recount, saying which it can" "$SUIVI" explain --db t.db --figure "$(sqlite3 t.db "SELECT figure FROM published_value WHERE kind = 'share' LIMIT 1")"
check "... (the months of a series or a breakdown by sex, the tables' rows)" grep -q "it knows the months of a measure's series" "$WORK/last.err"
check_exit 66 "explain a figure no publication has" "$SUIVI" explain --db t.db --figure S/M5.9/190001
# How September's nowcasts fared, recounted here from what publication 1
# kept and the series as they stand.
fared=$(sqlite3 -separator ' ' t.db "SELECT count(*) FILTER (WHERE s.complete >= 0.95), count(*) FILTER (WHERE s.complete >= 0.95 AND s.observed BETWEEN n.lower AND n.upper), count(*) FILTER (WHERE s.complete >= 0.95 AND s.observed < n.lower), count(*) FILTER (WHERE s.complete >= 0.95 AND s.observed > n.upper), count(*) FILTER (WHERE s.complete < 0.95) FROM published_nowcast n JOIN series_month s ON s.series = n.series AND s.zone = 0 AND s.month = n.month WHERE n.publication = 1 AND n.series LIKE 'measure:%' AND n.lower IS NOT NULL")
set -- $fared
check "September's nowcasts of the measures' series were kept with it ($(sqlite3 t.db "SELECT count(*) FROM published_nowcast WHERE publication = 1 AND series LIKE 'measure:%'"))" test "$(sqlite3 t.db "SELECT count(*) FROM published_nowcast WHERE publication = 1 AND series LIKE 'measure:%'")" -ge 20
check "... and October's report says how they fared ($fared)" sh -c 'sed "s/\xc2\xa0/ /g; s/\xe2\x80\xaf/ /g" "$0" | grep -q "$1"' out/2026-10/report.fr.html "Les estimations du rapport de septembre 2026 pour les mois encore incomplets des séries des mesures : des $1 mois aujourd.hui enregistrés à 95 % au moins, $2 ont un compte dans l.intervalle à 95 % annoncé, $3 en dessous et $4 au-dessus ; $5 autres mois"
check "... which add up" test $(( $2 + $3 + $4 )) -eq "$1"
check "... in Dutch" grep -q "De ramingen uit het rapport van september 2026 voor de nog onvolledige maanden" out/2026-10/report.nl.html
# Facts of a month before the charts begin (registered years later) are
# no figure of the page: the audit and the sex charts agree on what they
# leave out, and an attacker reading the page back still derives no small
# count (the audit once withheld whole lines for such a month while the
# chart drew them).
mkdir old
{ head -n 1 s/5339/2026-10.csv
  printf 'OLD1,21004,2022-12-15,,2026-10-20,Violence physique dans le couple,0,,home,station,F,30-44,M,30-44,partner,,Q21004-07\n'
  printf 'OLD2,21004,2022-12-16,,2026-10-21,Violence physique dans le couple,0,,home,station,F,30-44,M,30-44,partner,,Q21004-07\n'
} >old/late.csv
"$SUIVI" ingest --db t.db --zone 5339 old/late.csv 2>/dev/null
"$SUIVI" aggregate --db t.db 2>/dev/null
check "a month of facts before the charts begin is in the series ($(sqlite3 t.db "SELECT group_concat(part || '=' || n) FROM indicator_month WHERE indicator = 'ipv_by_author_sex' AND month = 202212"))" test "$(sqlite3 t.db "SELECT n FROM indicator_month WHERE indicator = 'ipv_by_author_sex' AND part = 'M' AND month = 202212")" = 2
check_exit 0 "the report goes through" "$SUIVI" report --db t.db --out late --lang fr
if command -v glpsol >/dev/null; then
	check "... and the attacker derives no small count from it" Rscript "$TOP/tests/r/disclosure-audit.R" late/2026-10/report.fr.html t.db
else
	skip "glpsol (glpk-utils) missing: the attacker's audit did not run"
fi
check "... the men's line of authors is drawn: the audit did not count it out" sh -c '! grep -q "hommes : non montré" late/2026-10/report.fr.html'
# Alarms keep their history: September's, as raised, survive October's
# plain aggregate and a back-test, and October's report says of each alarm
# whether it is new or since when, and which of September's ended.
sqlite3 t.db "SELECT month, phenomenon, zone, method, observed, run, backtest FROM alarm_raised WHERE month = 202609 ORDER BY 2, 3, 4" >sept.raised
check "September's alarms are kept after October's aggregate" test "$(wc -l <sept.raised)" -gt 0
check "... October's too, beside them" test "$(sqlite3 t.db "SELECT count(*) FROM alarm_raised WHERE month = 202610")" -gt 0
f=out/2026-10/report.fr.html
check "each of October's alarms says whether it is new or since when" sh -c 'n=$(grep -c "Pour cette série prise seule, une telle hausse arrive rarement par hasard" "$0"); s=$(grep -c "hasard\. \(Nouvelle alarme\|En alarme depuis\)" "$0"); [ "$n" -gt 0 ] && [ "$n" -eq "$s" ]' "$f"
# ... and the main points say it of the alarms they list, as the alarm
# section says it of each
cat >since.py <<'EOF'
import html, re, sys
page = html.unescape(open(sys.argv[1], encoding="utf-8").read())
points = re.search(r"<li>Alarmes ce mois-ci\s*:\s*(.*?)\s;\s", page).group(1)
items = re.findall(r"\s*([^,(]+?) \(([^,()]+)(?:, en alarme depuis ([^)]+))?\)", points)
said = 0
for name, zone, since in items:
    m = re.search(r"<strong>" + re.escape(name.strip()) + r"</strong>, " + re.escape(zone)
                  + r"\s*:.*?hasard\.\s(Nouvelle alarme|En alarme depuis ([^.]+))", page)
    if not m or (m.group(2) or "") != since:
        sys.exit("%s (%s): the main points say '%s', the alarm section '%s'"
                 % (name, zone, since, m and m.group(1)))
    said += bool(since)
print(len(items), said)
sys.exit(0 if items and said else 1)
EOF
check "... and the main points say it of the alarms they list that continue, as the alarm section does" python3 since.py "$f"
ended=$(sqlite3 t.db "SELECT count(*) FROM (SELECT DISTINCT phenomenon, zone FROM alarm_raised r WHERE month = 202609 AND NOT EXISTS (SELECT 1 FROM alarm_raised q WHERE q.month = 202610 AND q.phenomenon = r.phenomenon AND q.zone = r.zone))")
check "some of September's alarms were not raised again in October ($ended)" test "$ended" -gt 0
check "the alarms of September that October did not raise again are said to have ended ($ended)" test "$(sed -n '/id="ended"/,/<\/ul>/p' "$f" | grep -c "plus ce mois-ci")" -eq "$ended"
check "... in Dutch too" test "$(sed -n '/id="ended"/,/<\/ul>/p' out/2026-10/report.nl.html | grep -c "niet meer deze maand")" -eq "$ended"
check_exit 0 "a back-test" "$SUIVI" aggregate --db t.db --backtest
check "... leaves September's alarms as they were raised" sh -c 'sqlite3 t.db "SELECT month, phenomenon, zone, method, observed, run, backtest FROM alarm_raised WHERE month = 202609 AND NOT backtest ORDER BY 2, 3, 4" | cmp -s - sept.raised'
check "... and adds the earlier months', marked as a back-test" test "$(sqlite3 t.db "SELECT count(*) > 0 AND min(backtest) = 1 FROM alarm_raised WHERE month < 202609")" = 1
"$SUIVI" export --db t.db --what alarm-history >history.csv
check "export --what alarm-history gives them, month by month" sh -c 'head -n 1 history.csv | grep -qx "month,phenomenon,zone,observed,expected,upper,completeness,method,run,backtest" && grep -q "^2026-09," history.csv && grep -q "^2023-" history.csv'
finish
