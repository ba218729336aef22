#!/bin/bash
# Six zones, six dialects: each is read without a profile, and the incidents
# export says exactly what the files say.
. "$(dirname "$0")/lib.sh"

# 5339: UTF-8, ',', English headers, ISO dates, CRLF.
printf 'id,municipality,fact_date,time,phenomenon,victim_sex,author_sex,attempt\r\nA1,Ixelles,2024-03-01,14:30,Pickpocketing,female,male,no\r\nA2,21004,2024-03-02,,Bike theft,F,M,1\r\n' >5339.csv
# 5340: UTF-8 with BOM, ';', French headers, dd/mm/yyyy, quoted fields.
printf '\xef\xbb\xbfnumero_pv;commune;date_faits;heure;phenomene;sexe_victime;tentative\nB1;Molenbeek-Saint-Jean;31/12/2024;14h30;"Vol à la tire";femme;non\nB2;jette;01/12/2024;9;"Vol ; étrange";homme;oui\n' >5340.csv
# 5341: Windows-1252, ';', Dutch headers, dd-mm-yyyy.
printf 'pv_nummer;gemeente;datum_feiten;uur;fenomeen;geslacht_slachtoffer;poging\nC1;Vorst;15-06-2024;23:59;Woninginbraak;vrouw;poging\nC2;Sint-Gillis;16-06-2024;;Diefstal \xe0 la tire \x80;man;voltooid\n' >5341.csv
# 5342: UTF-8, tab, French headers, dd.mm.yyyy, trailing empty column.
printf 'numero_pv\tcommune\tdate_faits\tphenomene\tsexe_victime\t\nD1\tUccle\t01.02.2024\tVol de vélo\tX\t\nD2\tOudergem\t02.02.2024\tGraffiti\t\t\n' >5342.tsv
# 5343: UTF-8, '|', English headers, a quoted newline.
printf 'ref|nis|date|offence|attempted\nE1|21005|2024-05-05|"Sac-jacking\nnear the station"|yes\n' >5343.psv
# 5344: Windows-1252, ',', Dutch headers, zone column, registration date.
printf 'pz,pv_nummer,gemeente,datum_feiten,registratiedatum,fenomeen\n5344,F1,Schaarbeek,01/03/2024,15/04/2024,Dépôts clandestins\n' | iconv -f UTF-8 -t WINDOWS-1252 >5344.csv

check "all six files load" "$SUIVI" ingest --db t.db --create 5339.csv 5340.csv 5341.csv 5342.tsv 5343.psv 5344.csv
"$SUIVI" ingest --db t.db 5339.csv 2>/dev/null   # already loaded: no change
"$SUIVI" export --db t.db --what incidents | sed 's/,[0-9a-f]\{64\}$//' >got.csv
cat >want.csv <<'CSV'
zone,ref,commune,date_fact,time_fact,date_registered,phenomenon_raw,phenomenon,attempt,modus_operandi,place_type,channel,victim_sex,victim_age,author_sex,author_age,relation,author_ref,quartier,extract_sha256
5339,A1,21009,2024-03-01,14:30,2024-03-01,Pickpocketing,,0,,,,F,,M,,,,
5339,A2,21004,2024-03-02,,2024-03-02,Bike theft,,1,,,,F,,M,,,,
5340,B2,21010,2024-12-01,09:00,2024-12-01,Vol ; étrange,,1,,,,M,,,,,,
5340,B1,21012,2024-12-31,14:30,2024-12-31,Vol à la tire,,0,,,,F,,,,,,
5341,C1,21007,2024-06-15,23:59,2024-06-15,Woninginbraak,,1,,,,F,,,,,,
5341,C2,21013,2024-06-16,,2024-06-16,Diefstal à la tire €,,0,,,,M,,,,,,
5342,D1,21016,2024-02-01,,2024-02-01,Vol de vélo,,,,,,X,,,,,,
5342,D2,21002,2024-02-02,,2024-02-02,Graffiti,,,,,,,,,,,,
5343,E1,21005,2024-05-05,,2024-05-05,"Sac-jacking
near the station",,1,,,,,,,,,,
5344,F1,21015,2024-03-01,,2024-04-15,Dépôts clandestins,,,,,,,,,,,,
CSV
check "the incidents are exactly what the files say" diff want.csv got.csv
"$SUIVI" export --db t.db --what extracts >x.csv
check "the ledger records each dialect" grep -q ',windows-1252,;,nl,' x.csv
check "... the BOM" grep -q ',utf-8-bom,;,fr,' x.csv
check "... tab" grep -q ',utf-8,tab,fr,' x.csv
check "... the pipe" grep -q ',utf-8,|,en,' x.csv
check "... and six files, not seven" test "$(tail -n +2 x.csv | grep -c '^[0-9a-f]\{64\},')" -eq 6
check "every file: read = loaded + revised + unchanged + duplicates + quarantined" sh -c \
	'sqlite3 t.db "SELECT count(*) FROM extract WHERE rows_read <> rows_loaded + rows_revised + rows_unchanged + rows_duplicate + rows_quarantined" | grep -qx 0'
check "status --json counts incidents and extracts" sh -c '"$SUIVI" status --db t.db --json | grep -q "\"extracts\":6,\"incidents\":10,\"quarantined\":0"'
# A known file is recognised without being read again while it is not
# written (once its times are two seconds old, so that a coarse clock
# cannot hide a rewrite); written again, it is read again.
printf 'ref,nis,date,offence\nK1,21004,2024-03-01,Vol\n' >known.csv
settled known.csv
"$SUIVI" ingest --db t.db known.csv 2>/dev/null
check_exit 0 "a known file, not written since" "$SUIVI" ingest --db t.db --verbose known.csv
check "... is known by its size and times" grep -q "known.csv: already loaded (not written since)" "$WORK/last.err"
printf 'ref,nis,date,offence\nK2,21004,2024-03-01,Vol\n' >known.csv
check_exit 65 "written again, the same size: read again, and refused as another content for the same delivery" "$SUIVI" ingest --db t.db --verbose known.csv
check "... saying how to name its next version" grep -q "name this file known-v2.csv" "$WORK/last.err"
check_exit 0 "... or read in its place with --replace" "$SUIVI" ingest --db t.db --replace known.csv
check "... then its row counts, and the first one's no longer" sh -c '"$SUIVI" export --db t.db --what incidents >inc.csv; grep -q "^5339,K2," inc.csv && ! grep -q "^5339,K1," inc.csv'
# Loaded as soon as it was written, a file has no stat key yet: the next
# reading, two seconds on, finds it by its SHA-256 and records the key.
printf 'ref,nis,date,offence\nK3,21004,2024-03-01,Vol\n' >fresh.csv
"$SUIVI" ingest --db t.db fresh.csv 2>/dev/null
settled fresh.csv
check_exit 0 "a file loaded as soon as it was written, read again" "$SUIVI" ingest --db t.db --verbose fresh.csv
check "... is found by its SHA-256" grep -q "fresh.csv: already loaded (same SHA-256" "$WORK/last.err"
check_exit 0 "... and the time after" "$SUIVI" ingest --db t.db --verbose fresh.csv
check "... by its size and times, without reading it" grep -q "fresh.csv: already loaded (not written since)" "$WORK/last.err"
finish
