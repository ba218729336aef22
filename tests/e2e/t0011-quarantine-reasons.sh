#!/bin/bash
# Every kind of broken row goes to quarantine with its line, its raw text
# and a reason; the good rows around it load; nothing is lost.
. "$(dirname "$0")/lib.sh"

{
printf 'numero_pv;zone;commune;date_faits;heure;phenomene;sexe_victime;sexe_auteur;tentative\n'
printf 'ok1;;21004;01/01/2024;10:00;vol;F;M;0\n'                  # 2
printf 'q3;;21004;01/01/2024;10:00;vol;F;M;0;extra\n'            # 3 field count
printf ';;21004;01/01/2024;10:00;vol;F;M;0\n'                    # 4 missing ref
printf 'q5;;Atlantis;01/01/2024;10:00;vol;F;M;0\n'               # 5 unknown commune
printf 'q6;;21004;31/02/2024;10:00;vol;F;M;0\n'                  # 6 impossible date
printf 'q7;;21004;01/01/24;10:00;vol;F;M;0\n'                    # 7 two-digit year
printf 'q8;;21004;01/01/2024;10:00;;F;M;0\n'                     # 8 missing phenomenon
printf 'q9;;21004;01/01/2024;25:00;vol;F;M;0\n'                  # 9 bad time
printf 'q10;;21004;01/01/2024;10:00;vol;Q;M;0\n'                 # 10 bad sex
printf 'q11;;21004;01/01/2024;10:00;vol;F;M;peut-etre\n'         # 11 bad attempt
printf 'q12;9999;21004;01/01/2024;10:00;vol;F;M;0\n'             # 12 unknown zone
printf 'q13;5341;21004;01/01/2024;10:00;vol;F;M;0\n'             # 13 zone contradicts commune
printf 'q14;;21004;01/01/2024;10:00;"vol;F;M;0\n'                # 14 unbalanced quote
printf 'q15;;21004;01/01/2024;10:00;v"o"l;F;M;0\n'               # 15 misplaced quote
printf 'q16;;21004;01/01/2024;10:00;vol \xe9;F;M;0\n'            # 16 invalid UTF-8
printf 'ok17;;21004;01/01/2024;10:00;vol à la tire;F;M;0\n'      # 17
printf 'q18;;21004;01/01/2024;10:00;vol;F;M;0\n'                 # 18 conflict with 19
printf 'q18;;21004;01/01/2024;10:00;coups;F;M;0\n'               # 19
printf 'ok1;;21004;01/01/2024;10:00;vol;F;M;0\n'                 # 20 duplicate of 2
} >z.csv

check_exit 0 "quarantined rows do not make ingest fail" "$SUIVI" ingest --db t.db --create z.csv
check "the summary accounts for every row" grep -q '^z.csv: 19 read, 2 loaded, 0 revised, 0 unchanged, 1 duplicates, 16 quarantined (' "$WORK/last.err"
"$SUIVI" export --db t.db --what quarantine | cut -d, -f3-5 >got.csv
cat >want.csv <<'CSV'
line,field,reason_code
3,,field_count
4,ref,missing_ref
5,commune,unknown_commune
6,date_fact,bad_date
7,date_fact,bad_date
8,phenomenon,missing_phenomenon
9,time_fact,bad_time
10,victim_sex,bad_sex
11,attempt,bad_attempt
12,zone,unknown_zone
13,zone,zone_mismatch
14,,unbalanced_quote
15,,malformed_quotes
16,,bad_encoding
18,ref,ref_conflict
19,ref,ref_conflict
CSV
check "each line has its reason" diff want.csv got.csv
check "raw text is kept, invalid bytes shown as \\xNN" sh -c '"$SUIVI" export --db t.db --what quarantine | grep -q "^[0-9a-f]*,z.csv,16,,bad_encoding,.*,q16;;21004;01/01/2024;10:00;vol \\\\xE9;F;M;0$"'
check "reasons are sentences a person understands" sh -c '"$SUIVI" export --db t.db --what quarantine | grep -q "zone 5341, but commune 21004 belongs to zone 5339"'
check "the line after an unbalanced quote was still read" sh -c '"$SUIVI" export --db t.db --what incidents | grep -q "^5339,ok17,"'
check "the dry run agrees and writes nothing" sh -c '"$SUIVI" check z.csv 2>&1 | grep -q "^z.csv: 19 read, 2 loaded, 0 revised, 0 unchanged, 1 duplicates, 16 quarantined"; ! ls *.db-journal 2>/dev/null'
check "check leaves no database behind" sh -c '! ls suivi.db 2>/dev/null'
finish
