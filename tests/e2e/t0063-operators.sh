#!/bin/bash
# What operators and analysts meet: hangs and lost runs, numbers taken
# wrong, outputs and terminals, and the daily conveniences — each as it
# must now go.
. "$(dirname "$0")/lib.sh"
H='numero_pv;commune;date_faits;phenomene'
cp -r "$TOP/sample-data" in
"$SUIVI" init --db t.db 2>/dev/null
(cd in && "$SUIVI" ingest --db ../t.db $(ls [0-9]*/*.csv | sort -V) 2>/dev/null)
"$SUIVI" aggregate --db t.db 2>/dev/null

# --- Hangs and lost runs -----------------------------------------------
mkdir in/5339/folder.csv
ln -s /nonexistent in/5340/broken.csv
mkfifo in/5341/fifo.csv in/partners/fifo.csv
check_exit 65 "a folder, a broken link and FIFOs named like extracts" timeout 120 "$SUIVI" run --db t.db --inbox in --out out
check "... are named and passed over" sh -c 'grep -q "in/5339/folder.csv: passed over: it is a folder" last.err && grep -q "in/5340/broken.csv: passed over: it is a broken link" last.err && grep -q "in/5341/fifo.csv: passed over: it is a FIFO" last.err && grep -q "in/partners/fifo.csv: passed over: it is a FIFO" last.err' 
check "... and the report is written all the same" test -s out/2026-10/report.fr.html
rm -r in/5339/folder.csv in/5340/broken.csv in/5341/fifo.csv in/partners/fifo.csv
# A FIFO given by name: read once something writes into it (t0016);
# one that nothing writes into is refused after a bounded wait, never
# hung on; a partners file or a profile must be a file.
mkfifo lone.csv lone-partners.csv lone-profile
check_exit 66 "ingest of a FIFO nothing writes into is refused, not hung on" timeout 120 "$SUIVI" ingest --db t.db lone.csv
check "... saying what to do" grep -q "lone.csv: refused: it is a FIFO nothing has written into for [0-9]* s; start what writes it first" "$WORK/last.err"
check_exit 66 "a FIFO as a partners file is refused at once" timeout 60 "$SUIVI" partners --db t.db lone-partners.csv
check_exit 66 "... and as a profile" timeout 60 "$SUIVI" check --profile lone-profile in/5339/2026-10.csv
check "... said as such" grep -q "lone-profile: refused: it is a FIFO, not a file" "$WORK/last.err"
cp -r "$TOP/reference" ref
rm ref/zones.csv && mkfifo ref/zones.csv
check_exit 66 "a FIFO as a reference file is refused, not waited on" timeout 60 "$SUIVI" init --db r.db --reference ref
rm ref/zones.csv && ln -s /dev/zero ref/zones.csv
check_exit 66 "... and a device" timeout 60 "$SUIVI" init --db r.db --reference ref
check "... said as such" grep -q "refused: it is a device, not a file" "$WORK/last.err"
"$SUIVI" init --db one.db 2>/dev/null
"$SUIVI" ingest --db one.db in/*/2026-10.csv 2>/dev/null
"$SUIVI" aggregate --db one.db 2>/dev/null
check_exit 0 "the first month of use (one month in the database) reports" "$SUIVI" report --db one.db --out one
for i in 1 2 3; do ("$SUIVI" report --db t.db --out same >/dev/null 2>"rep$i.err"; echo $? >"rep$i.rc") & done
wait
check "three reports into one folder at once all succeed" sh -c 'cat rep1.rc rep2.rc rep3.rc | tr -d "\n" | grep -qx 000'
check "... none leaving a temporary file" sh -c '! find same -name "*.tmp-*" | grep -q .'
check_exit 74 "a report past a file size limit" bash -c 'ulimit -f 40; exec "$0" report --db t.db --out big' "$SUIVI"
check "... says it cannot write, not that gnuplot failed" grep -q "cannot write.*: File too large" "$WORK/last.err"
cp t.db small.db
printf '%s\n' "$H" >wide.csv; for i in $(seq 1 3000); do echo "W$i;21001;01/09/2026;Vol simple au coin de la rue, en plein jour, sans témoin"; done >>wide.csv
check_exit 74 "an ingest past a file size limit" bash -c 'ulimit -f 200; exec "$0" ingest --db small.db wide.csv' "$SUIVI"
check "... says what failed, and that it was rolled back" grep -q "cannot write the database: a write failed .*rolled back" "$WORK/last.err"

# --- Numbers taken wrong ------------------------------------------------
check_exit 64 "--min-cell past an int is refused, not taken as 1" "$SUIVI" report --db t.db --out o --min-cell 4294967297
check_exit 64 "--zone past an int is refused, not taken as another zone" "$SUIVI" ingest --db t.db --zone 4294972635 x.csv
check_exit 64 "--seed past its range is refused" "$SUIVI" sample --out s --seed 99999999999999999999999
check_exit 64 "... and a negative one" "$SUIVI" sample --out s --seed -1
check_exit 64 "sample with a --db it would not use is refused" "$SUIVI" sample --out s2 --db x.db
check "... generating nothing, and saying what loads a sample" sh -c '[ ! -e s2 ] && grep -q "run --sample --db loads them" "$0"' "$WORK/last.err"
mkdir chk && printf 'pv;date;phenomene\n1;01/10/2026;Vol simple\n' >chk/a.csv
check_exit 64 "check with a --db is refused: it writes none" "$SUIVI" check --db x.db --zone 5339 chk/a.csv
printf 'id,nis,date,registration_date,offence\nLATE1,21004,2026-10-30,2026-11-02,Vol simple\n' >late.csv
cp t.db l.db
"$SUIVI" ingest --db l.db late.csv 2>/dev/null
check_exit 0 "one late row registered in the next month" "$SUIVI" aggregate --db l.db
check "... does not move the month under review" grep -q "incidents through 2026-10" "$WORK/last.err"
check "... and is named, with how to review its month" grep -q "2026-11 is delivered by too few zones .*aggregate --through 2026-11.*zone 5339, late.csv" "$WORK/last.err"
long=$(printf 'BH-%0100d' 0)
printf 'numero_pv;commune;date_faits;phenomene;mode_operatoire\nMO1;21001;01/10/2026;cambriolage;%sA\nMO2;21001;02/10/2026;cambriolage;%sB\nMO3;21001;03/10/2026;cambriolage;%sB\n' "$long" "$long" "$long" >mo.csv
cp t.db m.db
"$SUIVI" ingest --db m.db mo.csv 2>/dev/null
"$SUIVI" aggregate --db m.db 2>/dev/null
check "two modus operandi codes sharing their first 100 bytes are two breakdowns" sh -c '"$SUIVI" export --db m.db --what indicators | grep -c "^burglary_modus_mix,.*,2026-10,region,0,0,modus_operandi=BH-0*[AB]," | grep -qx 2'
F='mesure;indicateur;période;valeur;unité;source;note'
month=$(date +%Y-%m); y=${month%-*}; q=$(( (10#${month#*-} + 2) / 3 ))
printf '%s\nM2.10;interservice_meetings;%s-Q%d;4;meetings;Communes;\n' "$F" "$y" "$q" >now.csv
check_exit 65 "a partner figure for the quarter not yet ended is refused" "$SUIVI" partners --db t.db now.csv
for v in 1e308 0x10 -0 '+3' '1.5e2' ',5' 9999999999999999 1234567890,123456; do
	printf '%s\nM2.10;interservice_meetings;2025-Q1;%s;meetings;Communes;\n' "$F" "$v" >v.csv
	check_exit 65 "a partner value '$v' is refused" "$SUIVI" partners --db t.db v.csv
done
printf '%s\nM2.10;interservice_meetings;2025-Q1;999999999999999;meetings;Communes;\n' "$F" >v.csv
cp t.db t15.db
check_exit 0 "... but fifteen digits are a figure" "$SUIVI" partners --db t15.db v.csv
a=$(printf 'A%.0s' $(seq 1 260))
printf '%s\nM2.10;interservice_meetings;2025-Q1;4;meetings;%sx;\nM2.10;interservice_meetings;2025-Q1;5;meetings;%sy;\n' "$F" "$a" "$a" >two.csv
check_exit 0 "two sources sharing their first 260 characters" "$SUIVI" partners --db t.db two.csv
check "... are two sources, not one" grep -q "2 rows: 2 new" "$WORK/last.err"
printf '%s\nC1;21001;01/10/2026;Vol\x1fsimple\nC1;21001;01/10/2026;Vol\x1f\x1fsimple\nC2;21001;01/10/2026;Vol\n' "$H" >us.csv
check_exit 0 "two rows differing by a unit separator" "$SUIVI" ingest --db t.db us.csv
check "... are a conflict, not a duplicate" grep -q "0 duplicates, 2 quarantined" "$WORK/last.err"
printf 'delimiter = ;\ndate_format = mm/dd/yyyy\n' >mdy
{ echo "$H"; for d in $(seq 1 28); do printf 'D%d;21001;%02d/09/2026;Vol\n' "$d" "$d"; done; } >dm.csv
check_exit 65 "a profile whose date_format the file does not follow" "$SUIVI" ingest --db t.db --profile mdy dm.csv
check "... is refused, saying how many dates do not read" grep -q "refused: 16 of its 28 dates of facts do not read as the profile's date_format" "$WORK/last.err"
check "exports write numbers whole" sh -c '"$SUIVI" export --db t.db --what indicators | grep -Eq ",[0-9]\.[0-9]{11,},"'
check "JSON writes a missing number as null, not text" sh -c '"$SUIVI" export --db t.db --what incidents --format json | grep -q "\"attempt\":null"'
check "the region is zone 0 in the nowcast export too" sh -c '! "$SUIVI" export --db t.db --what nowcast | grep -q "^[^,]*,[^,]*,,"'
check "the ledger's month is YYYY-MM" sh -c '"$SUIVI" export --db t.db --what extracts | tail -n +2 | cut -d, -f18 | grep -qx "2026-10"'

# --- Outputs and terminals ------------------------------------------------
check_exit 74 "an export to /dev/full says it cannot write" "$SUIVI" export --db t.db --what measures --out /dev/full
check "... and /dev/full is still a device" test -c /dev/full
check_exit 74 "a template to a full standard output" sh -c '"$0" template figures --db t.db >/dev/full' "$SUIVI"
check "--out - is standard output" sh -c '"$SUIVI" export --db t.db --what measures --out - | head -n 1 | grep -q "^measure,"'
mkfifo pipe.csv
cat pipe.csv >from-fifo.csv &
check_exit 0 "--out into a FIFO writes into it" "$SUIVI" export --db t.db --what measures --out pipe.csv
wait
check "... which stays a FIFO" sh -c 'test -p pipe.csv && grep -q "^M1.1," from-fifo.csv'
esc=$(printf 'e\033[2Jvil.csv')
printf '%s\nE1;21001;01/10/2026;Lab\033[2Jel\n' "$H" >"$esc"
"$SUIVI" ingest --db t.db --verbose "$esc" 2>ingest.err
check "a file name with an escape reaches the terminal shown, not sent" sh -c '! grep -q "$(printf "\033")" ingest.err && grep -q "\\\\x1B\[2Jvil.csv" ingest.err'
"$SUIVI" aggregate --db t.db 2>/dev/null
check "... and so does an unmapped label in status" sh -c '"$SUIVI" status --db t.db | grep "unmapped label" | grep -q "\\\\x1B" && ! "$SUIVI" status --db t.db | grep -q "$(printf "\033")"'
printf 'numero_pv;commune;date_faits;phenomene\nA1;21001;01/09/2026;Vol\n' >a8.csv
iconv -f utf-8 -t utf-16le a8.csv >a16.csv
iconv -f utf-8 -t utf-32 a8.csv >a32.csv
check_exit 65 "UTF-16 without its byte order mark" "$SUIVI" check a16.csv
check "... is named as such" grep -q "the text is UTF-16 without its byte order mark" "$WORK/last.err"
check_exit 65 "UTF-32" "$SUIVI" check a32.csv
check "... too" grep -q "the text is UTF-32" "$WORK/last.err"

# --- Daily use -----------------------------------------------------------
check_exit 66 "ingest into a database that is not there" "$SUIVI" ingest --db nosuch.db a8.csv
check "... makes none, and says how" sh -c '! test -e nosuch.db && grep -q "create it with .suivi init --db nosuch.db." last.err'
check_exit 0 "... unless asked (--create)" "$SUIVI" ingest --db made.db --create a8.csv
check_exit 66 "run into a database that is not there" "$SUIVI" run --db nosuch.db --inbox in --out o
rm in/5343/2026-10.csv
"$SUIVI" init --db z.db 2>/dev/null
check_exit 0 "a month one zone has not delivered" "$SUIVI" run --db z.db --inbox in --out z
check "... the first run names the files with many rows quarantined only" test "$(grep -c ": [0-9]* read, " "$WORK/last.err")" -le 2
check "... is said" grep -q "warning: zone 5343 .* has not delivered 2026-10, the month under review" "$WORK/last.err"
check_exit 75 "... and with --require-all-zones the run says so in its exit" "$SUIVI" run --db z.db --inbox in --out z --require-all-zones
check "... the report written all the same" test -s z/2026-10/report.fr.html
check "a second run does not list the known partner files" sh -c '! grep -q "partners: .*already loaded" last.err'
check "... nor a line a file" test "$(grep -c ": [0-9]* read, " "$WORK/last.err")" -eq 0
check_exit 64 "an option without its value" "$SUIVI" export --db t.db --what
check "... says it needs one" grep -q -- "--what needs a value" "$WORK/last.err"
check_exit 0 "-h after a command is its help" "$SUIVI" ingest -h
check "... as is suivi help CMD" sh -c '"$SUIVI" help retract | grep -q "^usage: suivi retract"'
check "run --help lists --verbose" sh -c '"$SUIVI" run --help | grep -q -- "--verbose"'
check_exit 64 "an unknown --phenomenon" "$SUIVI" chart --db t.db --phenomenon nosuch --out x.svg
check "... gives a whole message" grep -q "chart: 'nosuch' names no phenomenon (a phenomenon code" "$WORK/last.err"
check_exit 66 "ingest given a folder" "$SUIVI" ingest --db t.db in
check "... says it is a folder" grep -q "in: is a folder: give its files" "$WORK/last.err"
check "exports take --from, --to, --zone and --columns" sh -c '"$SUIVI" export --db t.db --what incidents --from 2026-09 --to 2026-09 --zone 5341 --columns ref,date_fact >sel.csv && head -n 1 sel.csv | grep -qx "ref,date_fact" && test "$(tail -n +2 sel.csv | grep -vc ",2026-09-")" -eq 0 && test "$(wc -l <sel.csv)" -gt 100'
check "... and --phenomenon" sh -c '"$SUIVI" export --db t.db --what cube --phenomenon burglary_home | tail -n +2 | cut -d, -f4 | sort -u | grep -qx burglary_home'
check_exit 64 "an export by a phenomenon that does not exist is refused, not answered with no rows" "$SUIVI" export --db t.db --what cube --phenomenon nosuch
check "... saying where the codes are" grep -q "export: --phenomenon 'nosuch' names no phenomenon (export --what phenomena" "$WORK/last.err"
check_exit 64 "... and by a zone that does not exist" "$SUIVI" export --db t.db --what incidents --zone 9999
check "... a measure's series is a phenomenon of the trends" sh -c '"$SUIVI" export --db t.db --what trends --phenomenon measure:M5.9 | tail -n +2 | cut -d, -f1 | sort -u | grep -qx measure:M5.9'
check_exit 64 "a column the table does not have is refused" "$SUIVI" export --db t.db --what incidents --columns 'ref,x"y'
check_exit 64 "... and a month filter on a table without months" "$SUIVI" export --db t.db --what trends --from 2026-01
check "new views: the quarantine, the ledger, the communes (and the nowcast)" sh -c 'for v in v_quarantine v_extract v_commune; do sqlite3 t.db "SELECT count(*) FROM $v" | grep -q "^[1-9]" || exit 1; done && sqlite3 t.db "SELECT count(*) FROM v_nowcast" >/dev/null'
cp t.db view.db
# Each view holds every column of its export (a view's months named
# from_month and to_month: from and to are SQL's words), and every name
# it gives in French it gives in Dutch.
missing=$(for p in trends:v_trend indicators:v_indicator modus:v_modus alarms:v_alarm nowcast:v_nowcast cube:v_cube net-changes:v_net_change; do
	cols=$(sqlite3 t.db "SELECT group_concat(name, ' ') FROM pragma_table_info('${p#*:}')")
	for c in $("$SUIVI" export --db t.db --what ${p%%:*} | head -n 1 | tr ',' ' ' | sed 's/\bfrom\b/from_month/; s/\bto\b/to_month/'); do
		case " $cols " in *" $c "*) ;; *) echo "${p#*:}.$c";; esac
	done
	for c in $cols; do case $c in *_fr) case " $cols " in *" ${c%_fr}_nl "*) ;; *) echo "${p#*:}.${c%_fr}_nl";; esac;; esac; done
done | tr '\n' ' ')
check "the views hold their exports' columns, and Dutch names beside the French ($missing)" test -z "$missing"
check "... the region's rows named after the reference's region.csv" sh -c 'sqlite3 t.db "SELECT DISTINCT zone_fr FROM v_trend WHERE zone = 0; SELECT DISTINCT zone_nl FROM v_indicator WHERE zone = 0" | tr "\n" "|" | grep -qx "Région de Bruxelles-Capitale|Brussels Hoofdstedelijk Gewest|"'
check "... and months as dates" sh -c 'sqlite3 view.db "INSERT INTO alarm(month, phenomenon, observed, alarm, method) VALUES (202610, '"'bike_theft'"', 3, 0, '"'x'"'); SELECT month_date, zone_nl FROM v_alarm" | grep -qx "2026-10-01|Brussels Hoofdstedelijk Gewest"'
mkdir -p zin/5342
printf 'delimiter = |\ndate_format = mm/dd/yyyy\ncolumn.Num dossier = ref\ncolumn.Loc = commune\ncolumn.Quand = date_fact\ncolumn.Quoi = phenomenon\n' >zin/5342/profile
printf 'Num dossier|Loc|Quand|Quoi\nP1|21002|09/25/2026|Vol simple\n' >zin/5342/2026-09.csv
check_exit 0 "run reads a zone's files with the profile in its folder" "$SUIVI" run --db p.db --create --inbox zin --out zout
check "... its dates month first" sh -c '"$SUIVI" export --db p.db --what incidents | grep -q "^5342,P1,21002,2026-09-25,"'
# One zone's export of August, made on 4 September: a row registered that
# morning does not make September the month under review.
"$SUIVI" sample --out late --from 2026-07 --to 2026-08 --scale 0.05 2>/dev/null
awk -F';' -v OFS=';' '{ print } END { $1 = "ZUID/9999999"; $3 = "03-09-2026"; $5 = "04-09-2026"; print }' late/5341/2026-08.csv >late-aug.csv
"$SUIVI" init --db late.db 2>/dev/null
"$SUIVI" ingest --db late.db --zone 5341 late-aug.csv 2>/dev/null
check_exit 0 "a zone's August export with one row registered on 4 September" "$SUIVI" aggregate --db late.db
check "... is August's: the straggler does not make September the month under review" grep -q "through 2026-08" "$WORK/last.err"
# Data that begin in April of last year: short series, screened by EARS's
# three methods at once; the page lists each alarm once, and its main
# points compare only the months both years have.
"$SUIVI" sample --out young --from 2025-04 --to 2026-10 --scale 0.1 2>/dev/null
check_exit 0 "a run on data that begin in April of last year" "$SUIVI" run --db young.db --create --inbox young --out yout --lang fr
alarms=$(sed -n 's/.*; \([0-9]*\) alarm(s) this month.*/\1/p' "$WORK/last.err")
check "... each alarm once, though several methods raised it ($alarms, as aggregate counts them)" sh -c 'n=$(sed -n "/id=\"alarms\"/,/<\/ul>/p" "$0" | grep -c "<li>"); d=$(sed -n "/id=\"alarms\"/,/<\/ul>/p" "$0" | grep -o "<li><strong>[^<]*</strong>, [^:]*" | sort -u | wc -l); [ "$n" -gt 0 ] && [ "$n" -eq "$d" ] && [ "$n" -eq "$1" ]' yout/2026-10/report.fr.html "$alarms"
check "... a short series' alarm gives its threshold, not an expected count it does not have" sh -c 'grep -q "établi sur les derniers mois d.une série encore courte" "$0" && ! grep -q "environ – " "$0"' yout/2026-10/report.fr.html
check "... the month against a year before, but no January-to-October against April-to-October" sh -c 'grep -q "faits en octobre 2026</strong>, enregistrés à la fin du mois" "$0" && ! grep -q "De janvier à octobre 2026" "$0"' yout/2026-10/report.fr.html
cp t.db ro.db
"$SUIVI" status --db ro.db >/dev/null && "$SUIVI" export --db ro.db --what incidents >/dev/null
check "the commands that only read leave no -wal or -shm file behind" sh -c '! ls ro.db-wal ro.db-shm 2>/dev/null'
check "... and cannot write the database" sh -c 'test "$(md5sum <ro.db)" = "$(md5sum <t.db)"'
finish
