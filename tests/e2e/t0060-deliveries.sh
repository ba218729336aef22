#!/bin/bash
# What zones do with their deliveries, one story each: a later month
# revises an incident and an old file read again does not undo it; a
# conflict in a later file leaves an earlier delivery's incident alone; a
# corrected delivery withdraws what it no longer carries; a month
# retracted and delivered again; a month with nothing registered is
# delivered; the state as it stood at a moment; what the quarantine
# keeps; partners' corrections whatever the order; the reference the
# database keeps.
. "$(dirname "$0")/lib.sh"
export TZ=UTC
H='numero_pv;commune;date_faits;date_enregistrement;phenomene'
inc() {         # inc DB: the incidents as "ref phenomenon_raw", sorted
	"$SUIVI" export --db "$1" --what incidents | tail -n +2 | cut -d, -f2,7 | sort | tr '\n' ' '
}
"$SUIVI" init --db t.db 2>/dev/null

# 1. A later month revises R1; reading the old file again (--replace) puts
# it back in its own place in the order: the correction stands.
printf '%s\nR1;21001;05/10/2026;05/10/2026;Vol simple\nR2;21001;06/10/2026;06/10/2026;Vol simple\n' "$H" >A.csv
printf '%s\nR1;21001;05/10/2026;05/10/2026;Vol qualifié\nR3;21001;02/11/2026;02/11/2026;Vol simple\n' "$H" >2026-11.csv
"$SUIVI" ingest --db t.db A.csv 2026-11.csv 2>/dev/null
check "a later month's file revises an incident" test "$(inc t.db)" = "R1,Vol qualifié R2,Vol simple R3,Vol simple "
check_exit 0 "the old file read again (--replace)" "$SUIVI" ingest --db t.db --replace A.csv
check "... does not undo the later correction" test "$(inc t.db)" = "R1,Vol qualifié R2,Vol simple R3,Vol simple "
check "... and the ledger keeps both readings" test "$("$SUIVI" export --db t.db --what extracts | grep -c ',A.csv,')" -eq 2

# 2. A later file with one ref twice, two contents: both rows quarantined,
# the earlier delivery's incident untouched and its ledger true.
printf '%s\nC1;21004;03/09/2026;03/09/2026;Vol simple\nC2;21004;04/09/2026;04/09/2026;Vol simple\n' "$H" >c1.csv
printf '%s\nC1;21004;03/09/2026;03/10/2026;Vandalisme\nC1;21004;03/09/2026;03/10/2026;Graffiti\nC3;21004;03/10/2026;03/10/2026;Vol simple\n' "$H" >c2.csv
"$SUIVI" ingest --db t.db c1.csv 2>/dev/null
check_exit 0 "a later file where a ref appears twice with two contents" "$SUIVI" ingest --db t.db c2.csv
check "... has both rows quarantined" grep -q 'c2.csv: 3 read, 1 loaded, 0 revised, 0 unchanged, 0 duplicates, 2 quarantined (2 same ref, other content)' "$WORK/last.err"
check "... and the earlier delivery's incident stays as it was" sh -c '"$SUIVI" export --db t.db --what incidents | grep -q "^5339,C1,21004,2026-09-03,,2026-09-03,Vol simple,"'
check "... which its ledger row still counts" sh -c '"$SUIVI" export --db t.db --what extracts | grep ",c1.csv," | grep -q ",2,2,0,0,0,0,"'

# 3. Zone 5341 re-sends 2026-08 with three rows withdrawn and one changed:
# whatever the order, the same incidents; the withdrawn ones are kept.
mkdir -p in/5341
{ echo "$H"; for i in 1 2 3 4 5 6; do echo "W$i;21001;0$i/08/2026;0$i/08/2026;Vol simple"; done; } >in/5341/2026-08.csv
{ echo "$H"; echo "W1;21001;01/08/2026;01/08/2026;Vandalisme"; for i in 2 3; do echo "W$i;21001;0$i/08/2026;0$i/08/2026;Vol simple"; done; } >in/5341/2026-08-v2.csv
"$SUIVI" init --db a.db 2>/dev/null
"$SUIVI" init --db b.db 2>/dev/null
"$SUIVI" ingest --db a.db in/5341/2026-08.csv 2>/dev/null
check_exit 0 "the corrected delivery, as version 2" "$SUIVI" ingest --db a.db in/5341/2026-08-v2.csv
check "... counts what changed, what did not, and what it withdrew" grep -q '2026-08-v2.csv: 3 read, 0 loaded, 1 revised, 2 unchanged, 0 duplicates, 0 quarantined; 3 withdrawn' "$WORK/last.err"
"$SUIVI" ingest --db b.db in/5341/2026-08-v2.csv 2>/dev/null
check_exit 0 "the other way round, version 1 after version 2" "$SUIVI" ingest --db b.db in/5341/2026-08.csv
check "... is kept but counts for nothing" grep -q "2026-08.csv: zone 5341's 2026-08 has a later version loaded" "$WORK/last.err"
check "both orders give the same incidents" test "$(inc a.db)" = "$(inc b.db)"
check "... the three that version 2 carries" test "$(inc a.db)" = "W1,Vandalisme W2,Vol simple W3,Vol simple "
"$SUIVI" export --db a.db --what incidents --all-versions >v.csv
check "every version is kept, with its delivery and status" test "$(tail -n +2 v.csv | awk -F, '{ print $2 ":" $NF }' | sort | tr '\n' ' ')" = "W1:current W1:superseded W2:current W2:superseded W3:current W3:superseded W4:withdrawn W5:withdrawn W6:withdrawn "
check "... the all-versions export names each version's delivery" sh -c 'head -n 1 v.csv | grep -q ",delivery_zone,delivery_month,delivery_version,delivery_file,line,status$" && grep -q ",5341,2026-08,2,in/5341/2026-08-v2.csv,2,current$" v.csv'

# 4. Retraction: the month withdrawn, kept in the ledger with its reason;
# a new version delivers it again.
check_exit 0 "a zone's month retracted" "$SUIVI" retract --db a.db --zone 5341 --month 2026-08 --reason "sent by mistake"
check "... withdraws its incidents" test "$(inc a.db)" = ""
check "... keeps its readings, marked retracted" test "$("$SUIVI" export --db a.db --what extracts | grep -c ',retracted,')" -eq 2
check "... and the reason" sh -c 'sqlite3 a.db "SELECT reason, withdrawn FROM retraction" | grep -qx "sent by mistake|3"'
check_exit 65 "retracted twice is refused" "$SUIVI" retract --db a.db --zone 5341 --month 2026-08 --reason again
check "... saying how to deliver it again" grep -q "2026-08-v3.csv" "$WORK/last.err"
check_exit 66 "a month never delivered cannot be retracted" "$SUIVI" retract --db a.db --zone 5341 --month 2025-01 --reason x
check_exit 64 "a retraction needs its reason" "$SUIVI" retract --db a.db --zone 5341 --month 2026-08
{ echo "$H"; echo "W9;21001;09/08/2026;09/08/2026;Vol simple"; } >in/5341/2026-08-v3.csv
"$SUIVI" ingest --db a.db in/5341/2026-08-v3.csv 2>/dev/null
check "version 3 delivers the month again" test "$(inc a.db)" = "W9,Vol simple "

# 5. A month with nothing registered: a header alone, named by its month
# in its zone's folder, is delivered (zero), not missing.
"$SUIVI" sample --out s --from 2025-01 --to 2026-10 --scale 0.05 2>/dev/null
rm s/5343/2026-10.csv
"$SUIVI" init --db z.db 2>/dev/null
(cd s && "$SUIVI" ingest --db ../z.db --create $(ls [0-9]*/*.csv | sort -V) 2>/dev/null)
"$SUIVI" aggregate --db z.db 2>/dev/null
check "a month without a file is not delivered" sh -c '"$SUIVI" export --db z.db --what coverage | grep -q "^5343,2026-10,0,0$"'
head -n 1 s/5343/2026-09.csv >s/5343/2026-10.csv
(cd s && "$SUIVI" ingest --db ../z.db 5343/2026-10.csv 2>/dev/null)
"$SUIVI" aggregate --db z.db 2>/dev/null
check "a header alone delivers the month: nothing registered" sh -c '"$SUIVI" export --db z.db --what coverage | grep -q "^5343,2026-10,1,0$"'
check "... and status no longer lists it as missing" sh -c '"$SUIVI" status --db z.db --json | grep -q "\"not_delivered\":{\"5343\":\[\"2025-01\"\]}"'
check "... and its figures are compared, not flagged incomplete" sh -c '"$SUIVI" export --db z.db --what indicators | grep "^property_by_phenomenon,M5.9,5,2026-10,zone,5343," | grep -qv incomplete'
# the same header alone for another zone and another month: the
# same bytes, each a month delivered, and each the same file again later
mkdir -p s2/5344 s2/5343
cp s/5343/2026-10.csv s2/5344/2026-11.csv
cp s/5343/2026-10.csv s2/5343/2026-11.csv
check_exit 0 "two more header-only files, byte for byte the first" "$SUIVI" ingest --db z.db s2/5344/2026-11.csv s2/5343/2026-11.csv
check "... are two more months delivered, not the first file again" sh -c 'grep -q "2 files (2 new, 0 already loaded" "$0" && [ "$(sqlite3 "$1" "SELECT count(*) FROM extract WHERE rows_read = 0 AND ((zone = 5343 AND month IN (202610, 202611)) OR (zone = 5344 AND month = 202611))")" = 3 ]' "$WORK/last.err" z.db
check_exit 0 "... and loaded again, change nothing" "$SUIVI" ingest --db z.db s/5343/2026-10.csv s2/5344/2026-11.csv s2/5343/2026-11.csv
check "... (all three already loaded)" grep -q "3 files (0 new, 3 already loaded" "$WORK/last.err"
# the same bytes again, outside any zone's folder, named by a month, the
# zone given by --zone: two zones' months, each delivered
mkdir -p s3/a s3/b
cp s/5343/2026-10.csv s3/a/2026-12.csv
cp s/5343/2026-10.csv s3/b/2026-12.csv
"$SUIVI" ingest --db z.db --zone 5343 s3/a/2026-12.csv 2>/dev/null
check_exit 0 "... with --zone, another zone's header alone" "$SUIVI" ingest --db z.db --zone 5344 s3/b/2026-12.csv
check "... is that zone's month delivered" test "$(sqlite3 z.db "SELECT group_concat(zone) FROM (SELECT zone FROM extract WHERE month = 202612 ORDER BY zone)")" = 5343,5344

# 6. As of a moment: the deliveries loaded by then, the versions current
# then.
"$SUIVI" init --db h.db 2>/dev/null
"$SUIVI" ingest --db h.db in/5341/2026-08.csv 2>/dev/null
t1=$(sqlite3 h.db "SELECT loaded_at FROM extract")   # to the millisecond
"$SUIVI" ingest --db h.db in/5341/2026-08-v2.csv 2>/dev/null
"$SUIVI" export --db h.db --what incidents --as-of "$t1" >then.csv
"$SUIVI" export --db a.db --what incidents --as-of 2000-01-01 >none.csv
check "export --as-of gives the incidents as they stood then" test "$(tail -n +2 then.csv | cut -d, -f2,7 | tr '\n' ' ')" = "W1,Vol simple W2,Vol simple W3,Vol simple W4,Vol simple W5,Vol simple W6,Vol simple "
check "... and nothing before the first delivery" test "$(wc -l <none.csv)" -eq 1
check_exit 0 "aggregate --as-of the same moment" "$SUIVI" aggregate --db h.db --as-of "$t1"
check "... counts the six incidents of then" sh -c '"$SUIVI" export --db h.db --what cube | awk -F, "NR > 1 { n += \$NF } END { exit n != 6 }"'
check "... and export --as-of reads its tables" sh -c '"$SUIVI" export --db h.db --what cube --as-of "'"$t1"'" | grep -q .'
check_exit 64 "the derived tables as of another moment are refused" "$SUIVI" export --db h.db --what cube --as-of 2026-01-01
check "... saying what to run" grep -q "run 'suivi aggregate --as-of" "$WORK/last.err"
check_exit 64 "a moment that is not one is a usage error" "$SUIVI" export --db h.db --what incidents --as-of 2026-02-30
"$SUIVI" aggregate --db h.db 2>/dev/null
check "the next plain aggregate counts the present" sh -c '"$SUIVI" export --db h.db --what cube | awk -F, "NR > 1 { n += \$NF } END { exit n != 3 }"'

# 7. The quarantine keeps only the columns suivi stores: no name, no
# account number from a column the summary says it does not store.
printf '%s;remarque\nP1;21001;31/02/2026;01/10/2026;Vol simple;appelé par Jean Dupont\nP2;21001;01/10/2026;01/10/2026;Vol simple;rien\n' "$H" >p.csv
"$SUIVI" ingest --db t.db p.csv 2>/dev/null
"$SUIVI" export --db t.db --what quarantine >q.csv
check "a quarantined row keeps its recognised fields" grep -q ',bad_date,.*P1;21001;31/02/2026;01/10/2026;Vol simple' q.csv
check "... and nothing of a column not stored" sh -c '! grep -q "Jean Dupont" q.csv && ! grep -q "Jean Dupont" t.db'
for h in INSZ NRN NN IBAN BSN "numéro de compte" identiteitskaart; do
	printf 'numero_pv;commune;date_faits;phenomene;%s\nX1;21001;01/10/2026;Vol;BE71096123456769\n' "$h" >id.csv
	check_exit 65 "a '$h' column is refused as identifying" "$SUIVI" ingest --db t.db id.csv
done

# 8. Partners: a correction (-v2) is current whatever the order loaded.
F='mesure;indicateur;période;valeur;unité;source;note'
printf '%s\nM2.10;interservice_meetings;2026-Q3;14;meetings;Communes;\n' "$F" >figures-2026-Q3.csv
printf '%s\nM2.10;interservice_meetings;2026-Q3;12;meetings;Communes;corrigé\n' "$F" >figures-2026-Q3-v2.csv
for order in "figures-2026-Q3.csv figures-2026-Q3-v2.csv" "figures-2026-Q3-v2.csv figures-2026-Q3.csv"; do
	rm -f p.db; "$SUIVI" init --db p.db 2>/dev/null
	"$SUIVI" partners --db p.db $order 2>/dev/null
	check "partners in the order $order: the -v2's figure is current" sh -c '"$SUIVI" export --db p.db --what figures | grep -q "^M2.10,interservice_meetings,2026-Q3,12,.*,1,figures-2026-Q3-v2.csv,"'
done

# 9. The reference lives in the database: a zone added is kept whatever
# folder a later command is given, and an update that drops what the
# data use is refused, as is a commune without a population.
cp -r "$TOP/reference" ref2
echo '5999,Zone test,Testzone' >>ref2/zones.csv
echo '29999,Commune test,Testgemeente,5999' >>ref2/communes.csv
echo '29999,2020,T,1000,test,test' >>ref2/population.csv
"$SUIVI" init --db r.db --reference ref2 2>/dev/null
printf '%s\nZ1;29999;01/10/2026;01/10/2026;Vol simple\n' "$H" >z.csv
"$SUIVI" ingest --db r.db z.csv 2>/dev/null
check_exit 0 "an ingest given the shipped reference" "$SUIVI" ingest --db r.db A.csv
check "... says the folder differs and uses the database's copy" grep -q "note: the reference data in .* differ from the database's copy" "$WORK/last.err"
check "... and zone 5999 is still there" sh -c '"$SUIVI" export --db r.db --what incidents | grep -q "^5999,Z1,"'
check_exit 0 "aggregate works from the copy" "$SUIVI" aggregate --db r.db
check_exit 65 "loading a reference without zone 5999 is refused" "$SUIVI" init --db r.db
check "... naming the zone and what uses it" grep -q "zones.csv: refused: zone 5999 is not in it, but 2 incidents and deliveries use it" "$WORK/last.err"
sed -i 's/^21005,2020,T,[0-9]*/21005,2020,T,0/' ref2/population.csv
check_exit 65 "a commune with a population of 0" "$SUIVI" init --db r.db --reference ref2
check "... is refused with its file and line" grep -q "population.csv:6: commune 21005 has a total population of 0" "$WORK/last.err"
cp "$TOP/reference/population.csv" ref2/
check_exit 65 "a commune without a population" "$SUIVI" init --db r.db --reference ref2
check "... is refused naming it and its line" grep -q "communes.csv:21: commune 29999 (Commune test) has no total population" "$WORK/last.err"
finish
