#!/bin/bash
# An export recognition cannot read is read with a profile.
. "$(dirname "$0")/lib.sh"

printf 'Num dossier|Loc|Quand|Quoi\nP1|Uccle|12/31/2024|vol\nP2|21016|01/02/2025|vol\n' >odd.csv
check_exit 65 "without a profile the headers are not recognised" "$SUIVI" ingest --db t.db --create odd.csv
cat >odd.profile <<'P'
# zone 5342's old system
delimiter = |
encoding = utf-8
date_format = mm/dd/yyyy
zone = 5342
column.Num dossier = ref
column.Loc = commune
column.Quand = date_fact
column.Quoi = phenomenon
P
check_exit 0 "with the profile it loads" "$SUIVI" ingest --db t.db --profile odd.profile odd.csv
check "... dates read month first" sh -c '"$SUIVI" export --db t.db --what incidents | grep -q "^5342,P1,21016,2024-12-31,"'
check "... and 01/02/2025 is the 2nd of January" sh -c '"$SUIVI" export --db t.db --what incidents | grep -q "^5342,P2,21016,2025-01-02,"'
printf 'date_format = yy/mm/dd\n' >bad.profile
check_exit 65 "a bad profile is refused" "$SUIVI" ingest --db t.db --profile bad.profile odd.csv
check "... with its line" grep -q "bad.profile:1:" "$WORK/last.err"
printf 'delimter = ;\n' >typo.profile
check_exit 65 "a misspelt profile key is refused" "$SUIVI" ingest --db t.db --profile typo.profile odd.csv
check "... by its name, with the keys there are" grep -q "typo.profile:1: 'delimter' is not a profile key (the keys are delimiter," "$WORK/last.err"

# A column whose words look personal but is not, vouched for by the user.
printf 'numero_pv;commune;date_faits;phenomene;LSOA name\nL1;21004;01/10/2026;vol;Brussels 001A\n' >lsoa.csv
check_exit 65 "a column named like a person is refused" "$SUIVI" ingest --db t.db lsoa.csv
check "... saying how to vouch for it" grep -q "allow_column = LSOA name" "$WORK/last.err"
printf 'allow_column = LSOA name\n' >lsoa.profile
check_exit 0 "allow_column lets it through" "$SUIVI" ingest --db t.db --profile lsoa.profile lsoa.csv
check "... and the ledger records that the user vouched for it" sh -c '"$SUIVI" export --db t.db --what extracts | grep -q "LSOA name (declared not personal)"'

# Facts dated to the month only.
printf 'numero_pv;commune;date_faits;phenomene\nM1;21004;2019-03;vol\nM2;21004;2019-13;vol\n' >months.csv
printf 'date_format = yyyy-mm\n' >months.profile
check_exit 0 "date_format = yyyy-mm" "$SUIVI" ingest --db t.db --profile months.profile months.csv
check "... keeps the month as such" sh -c '"$SUIVI" export --db t.db --what incidents | grep -q "^5339,M1,21004,2019-03,"'
check "... and refuses a month that is not one" grep -q "1 quarantined (1 bad date)" "$WORK/last.err"
check "... and its registration date, month-only too, is not written with a day 00" sh -c \
	'"$SUIVI" export --db t.db --what incidents | grep "^5339,M1," | cut -d, -f6 | grep -qx 2019-03'
# suivi reads back its own incidents export, months included: a date
# known to the month is written 2019-03 and read as that month.
"$SUIVI" export --db t.db --what incidents --out back.csv
"$SUIVI" init --db back.db 2>/dev/null
check_exit 0 "the incidents export loads into another database" "$SUIVI" ingest --db back.db back.csv
check "... every incident, the month-only dates as months" sh -c 'a=$("$0" export --db t.db --what incidents | cut -d, -f1-19 | sort); b=$("$0" export --db back.db --what incidents | cut -d, -f1-19 | sort); test -n "$a" && test "$a" = "$b"' "$SUIVI"
# Each date column its own format.
printf 'numero_pv;commune;date_faits;date_enregistrement;phenomene\nW1;21004;2019-04;03/05/2019;vol\n' >mixed.csv
printf 'date_format = yyyy-mm\ndate_format.date_registered = dd/mm/yyyy\n' >mixed.profile
check_exit 0 "date_format.date_registered gives that column its own format" "$SUIVI" ingest --db t.db --profile mixed.profile mixed.csv
check "... the facts dated to the month, the registration to the day" sh -c \
	'"$SUIVI" export --db t.db --what incidents | grep -q "^5339,W1,21004,2019-04,,2019-05-03,"'
printf 'date_format.date_reported = dd/mm/yyyy\n' >badcol.profile
check_exit 65 "a date_format for a column that is not a date is refused" "$SUIVI" ingest --db t.db --profile badcol.profile mixed.csv
# A file read with the wrong profile, read again with --replace.
"$SUIVI" init --db r.db 2>/dev/null
printf 'numero_pv;commune;date_faits;phenomene\nr1;21004;03/02/2026;vol\nr2;21004;13/02/2026;vol\n' >rp.csv
printf 'date_format = mm/dd/yyyy\n' >wrong.profile
"$SUIVI" ingest --db r.db --profile wrong.profile rp.csv 2>/dev/null
check "read with the wrong profile, a date is wrong and a row quarantined" sh -c \
	'"$SUIVI" export --db r.db --what incidents | grep -q "^5339,r1,21004,2026-03-02,"'
check_exit 0 "the same file again says it is already loaded" "$SUIVI" ingest --db r.db rp.csv
check_exit 0 "--replace reads it again" "$SUIVI" ingest --db r.db --replace rp.csv
check "... replacing what the earlier reading brought" sh -c '"$SUIVI" export --db r.db --what incidents >inc.csv &&
	grep -q "^5339,r1,21004,2026-02-03," inc.csv && grep -q "^5339,r2,21004,2026-02-13," inc.csv &&
	test "$(grep -c "^5339,r1," inc.csv)" = 1 && test -z "$(sqlite3 r.db "SELECT 1 FROM quarantine")"'
check "... and the ledger tells both stories" test "$(sqlite3 r.db "SELECT count(*) || ',' || sum(replaced_by IS NOT NULL) FROM extract")" = 2,1
# Dates that read both ways: March's first twelve days written month
# first (03/05/2026), 40 of them, no day after the 12th to tell.  Read
# day first they would scatter over twelve months: refused, nothing
# loaded.  Read month first, as written, they are March's.  And a file
# written day first, read day first, loads though no day passes the 12th.
awk 'BEGIN { print "numero_pv;commune;date_faits;phenomene"
	for (i = 0; i < 40; i++) printf "a%d;21004;03/%02d/2026;vol\n", i, i % 12 + 1 }' >amb.csv
printf 'date_format = dd/mm/yyyy\n' >dmy.profile
"$SUIVI" init --db a.db 2>/dev/null
check_exit 65 "every date read both ways, scattered read as the profile says: refused" "$SUIVI" ingest --db a.db --profile dmy.profile amb.csv
check "... saying why, and nothing is loaded" sh -c 'grep -q "of its dates of facts read both as the profile.s date_format says and with day and month swapped, none after the 12th tells them apart, and as read they fall in 1[01] months of the year, swapped in 1: check date_format" "$0" && test "$(sqlite3 "$1" "SELECT count(*) FROM incident")" = 0' "$WORK/last.err" a.db
check_exit 0 "... read month first, it loads" "$SUIVI" ingest --db a.db --profile wrong.profile amb.csv
check "... every fact in March" test "$(sqlite3 a.db "SELECT count(*) FROM incident WHERE date_fact / 100 = 202603")" = 40
awk 'BEGIN { print "numero_pv;commune;date_faits;phenomene"
	for (i = 0; i < 40; i++) printf "b%d;21004;%02d/03/2026;vol\n", i, i % 12 + 1 }' >dmy.csv
check_exit 0 "days 1 to 12 written day first, read day first, load" "$SUIVI" ingest --db a.db --profile dmy.profile dmy.csv
# Dates known only to their month, written as its 1st (01/05/2025), day
# first: the 1st tells nothing, so they load as written.
awk 'BEGIN { print "numero_pv;commune;date_faits;phenomene"
	for (i = 0; i < 24; i++) printf "m%d;21004;01/%02d/2025;vol\n", i, i % 6 + 1 }' >firsts.csv
check_exit 0 "the 1st of six months, day first, loads" "$SUIVI" ingest --db a.db --profile dmy.profile firsts.csv
# Without a profile dates are read day first: a file written month first
# whose dates all read both ways is refused too, saying how to read it.
awk 'BEGIN { print "numero_pv;commune;date_faits;phenomene"
	for (i = 0; i < 40; i++) printf "n%d;21004;04/%02d/2026;vol\n", i, i % 12 + 1 }' >auto.csv
check_exit 65 "without a profile, month-first dates that all read both ways: refused" "$SUIVI" ingest --db a.db auto.csv
check "... saying to read it with a profile" grep -q "day first (as read without a profile).*date_format = mm/dd/yyyy" "$WORK/last.err"
finish
