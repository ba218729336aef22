#!/bin/bash
# Rows built to break a reader: a field of 600,000 characters, a line of
# 20 MB, line ends from an old Macintosh spreadsheet, a stray CR, NUL
# bytes, dates from the future or before the facts.  Each is counted and
# quarantined with its line and a reason, or read right; nothing crashes,
# nothing is cut or lost, and one far-future date cannot take over the
# month under review.
. "$(dirname "$0")/lib.sh"

head='numero_pv;commune;date_faits;date_enregistrement;phenomene'
"$SUIVI" init --db t.db 2>/dev/null

# A 600,000-character phenomenon label between two good rows.
{
	echo "$head"
	echo "a1;21004;01/10/2026;02/10/2026;vol"
	printf 'a2;21004;01/10/2026;02/10/2026;'; head -c 600000 /dev/zero | tr '\0' x; echo
	echo "a3;21004;01/10/2026;02/10/2026;vol"
} >long.csv
check_exit 0 "a 600,000-character field does not stop the file" "$SUIVI" ingest --db t.db long.csv
check "... every row is accounted for" grep -q '^long.csv: 3 read, 2 loaded, 0 revised, 0 unchanged, 0 duplicates, 1 quarantined (1 row too long)' "$WORK/last.err"
"$SUIVI" export --db t.db --what quarantine >q.csv
check "... quarantined at its line, as too long" grep -q ',3,,record_too_long,' q.csv
check "... keeping its beginning and saying it was cut" grep -q 'a2;21004;01/10/2026;02/10/2026;xxx.*(more than 65536 bytes)' q.csv

# A 20 MB line: bounded memory, quickly.
{ echo "$head"; head -c 20000000 /dev/zero | tr '\0' y; echo; echo "b2;21004;01/10/2026;02/10/2026;vol"; } >huge.csv
start=$(date +%s)
check_exit 0 "a 20 MB line is read" "$SUIVI" ingest --db t.db huge.csv
check "... and quarantined, the next row loaded" grep -q '^huge.csv: 2 read, 1 loaded, .* 1 quarantined (1 row too long)' "$WORK/last.err"
check "... in a few seconds" test $(($(date +%s) - start)) -lt 20

# Old Macintosh line ends (CR only), and a stray CR in an LF file.
printf '%s\rc1;21004;01/10/2026;02/10/2026;vol\rc2;21004;01/10/2026;02/10/2026;vol\rc3;21004;01/10/2026;02/10/2026;vol\r' "$head" >mac.csv
check_exit 0 "a file with CR line ends" "$SUIVI" ingest --db t.db mac.csv
check "... is read row by row, not as one line" grep -q '^mac.csv: 3 read, 3 loaded' "$WORK/last.err"
printf '%s\nd1;21004;01/10/2026;02/10/2026;vol\nd2;21004;01/10/2026;02/10/2026;v\rol\nd3;21004;01/10/2026;02/10/2026;vol\n' "$head" >stray.csv
check_exit 0 "a stray CR" "$SUIVI" ingest --db t.db stray.csv
check "... ends a line: counted as two lines, not merged into one row" grep -q '^stray.csv: 4 read, 3 loaded, 0 revised, 0 unchanged, 0 duplicates, 1 quarantined (1 wrong field count)' "$WORK/last.err"

# NUL bytes: no value is cut at one, no row lost as a "duplicate".
printf '%s\ne\0001;21004;01/10/2026;02/10/2026;vol\ne\0002;21004;01/10/2026;02/10/2026;vol\n' "$head" >nul.csv
check_exit 65 "NUL bytes (a file of which no row loads is refused: 65)" "$SUIVI" ingest --db t.db nul.csv
check "... both rows quarantined as bad bytes, neither a duplicate" grep -q '^nul.csv: 2 read, 0 loaded, 0 revised, 0 unchanged, 0 duplicates, 2 quarantined (2 bad encoding)' "$WORK/last.err"
"$SUIVI" export --db t.db --what quarantine >q.csv
check "... the raw text shows the NUL" grep -q 'e\\x001;21004' q.csv
check_exit 65 "a file of which no row loaded is read again, not 'already loaded'" "$SUIVI" ingest --db t.db nul.csv
check "... its earlier reading replaced, not doubled" test "$(sqlite3 t.db "SELECT count(*) FROM extract WHERE path = 'nul.csv'")" = 1

# Refs in conflict: long ones are kept whole, and many cost little.
long=$(head -c 150 /dev/zero | tr '\0' r)
{
	echo "$head"
	echo "${long}1;21004;01/10/2026;02/10/2026;vol"
	echo "${long}1;21004;01/10/2026;02/10/2026;coups"
	echo "${long}2;21004;01/10/2026;02/10/2026;vol"
} >longref.csv
check_exit 0 "two refs of 151 characters that differ at the end" "$SUIVI" ingest --db t.db longref.csv
check "... are two refs: the pair in conflict quarantined, the other loaded" grep -q '^longref.csv: 3 read, 1 loaded, 0 revised, 0 unchanged, 0 duplicates, 2 quarantined (2 same ref, other content)' "$WORK/last.err"
awk -v h="$head" 'BEGIN { print h; for (i = 1; i <= 20000; i++) {
	printf "k%d;21004;01/10/2026;02/10/2026;vol\n", i
	printf "k%d;21004;01/10/2026;02/10/2026;coups\n", i } }' >pairs.csv
start=$(date +%s)
check_exit 65 "20,000 refs in conflict (nothing loads: 65)" "$SUIVI" ingest --db t.db pairs.csv
check "... all quarantined" grep -q '^pairs.csv: 40000 read, 0 loaded, 0 revised, 0 unchanged, 0 duplicates, 40000 quarantined' "$WORK/last.err"
check "... in seconds, not minutes ($(($(date +%s) - start)) s)" test $(($(date +%s) - start)) -lt 15

# Dates from the future, and a registration before the facts.
{
	echo "$head"
	echo "f1;21004;01/10/2026;02/10/2026;vol"
	echo "f2;21004;01/10/2026;15/10/2062;vol"
	echo "f3;21004;15/10/2062;15/10/2062;vol"
	echo "f4;21004;10/10/2026;02/10/2026;vol"
} >future.csv
check_exit 0 "rows dated in the future" "$SUIVI" ingest --db t.db future.csv
check "... are quarantined, with a registration before its facts" grep -q '^future.csv: 4 read, 1 loaded, 0 revised, 0 unchanged, 0 duplicates, 3 quarantined (3 bad date)' "$WORK/last.err"
"$SUIVI" export --db t.db --what quarantine >q.csv
check "... saying why" sh -c 'grep -q "is after the day of the load" q.csv && grep -q "is before the date of facts" q.csv'
check "the ledger says which month each extract delivers" test "$(sqlite3 t.db 'SELECT DISTINCT month FROM extract WHERE rows_loaded > 0')" = 202610
check "one stray registration month cannot take over the month under review" sh -c \
	'"$SUIVI" aggregate --db t.db 2>&1 | grep -q "through 2026-10"'

# Files that are not plain UTF-8 or Windows-1252 files.
printf '%s\nu1;21004;01/10/2026;02/10/2026;vol\n' "$head" >u8.csv
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE u8.csv; } >u16.csv
check_exit 0 "a UTF-16 file (a spreadsheet's Unicode text)" "$SUIVI" ingest --db t.db u16.csv
check "... is read, not refused" grep -q '^u16.csv: 1 read, 1 loaded' "$WORK/last.err"
printf '%s\np1;21004;01/10/2026;02/10/2026;vol\np2;21004;01/10/2026;02/10/2026;vol\n' "$head" >piped.csv
mkfifo fifo
cat piped.csv >fifo &
check_exit 0 "a FIFO" timeout 20 "$SUIVI" ingest --db t.db fifo
check "... is read whole, not hung on" grep -q '^fifo: 2 read, 2 loaded' "$WORK/last.err"
printf '%s\nq1;21004;01/10/2026;02/10/2026;vol\n' "$head" >stdin.csv
check_exit 0 "standard input" sh -c '"$0" ingest --db t.db /dev/stdin <stdin.csv' "$SUIVI"
check "... is not 'empty'" grep -q '^/dev/stdin: 1 read, 1 loaded' "$WORK/last.err"

# Numbers are numbers, ages are ages.
{
	echo "$head;age_victime;age_auteur"
	echo "g1;21004xyz;01/10/2026;02/10/2026;vol;;"
	echo "g2;21004;01/10/2026;02/10/2026;vol;-1;"
	echo "g3;21004;01/10/2026;02/10/2026;vol;99999;"
	echo "g4;21004;01/10/2026;02/10/2026;vol;;=1+1"
	echo "g5;21004;01/10/2026;02/10/2026;vol;30-39;80+"
	echo "g6;21004;01/10/2026;02/10/2026;vol;34;0"
} >ages.csv
check_exit 0 "a commune code with a tail, and ages that are not ages" "$SUIVI" ingest --db t.db ages.csv
check "... are quarantined; bands and whole ages load" grep -q '^ages.csv: 6 read, 2 loaded, 0 revised, 0 unchanged, 0 duplicates, 4 quarantined (1 unknown commune, 3 bad age)' "$WORK/last.err"

# A header name that would drive the terminal is shown, not obeyed.
printf '%s;\033[2Jnotes\n' "$head" >esc.csv
echo "h1;21004;01/10/2026;02/10/2026;vol;x" >>esc.csv
check_exit 0 "a header with a terminal escape" "$SUIVI" ingest --db t.db esc.csv
check "... is printed with the escape shown as \\x1B" grep -q 'not stored: \\x1B\[2Jnotes' "$WORK/last.err"
check "... and no raw escape reaches the terminal" sh -c '! grep -q "$(printf "\033")" "$0"' "$WORK/last.err"
check_exit 64 "a zone with a tail is refused on the command line" "$SUIVI" chart --db t.db --phenomenon vol --zone 5341junk --out x.svg
finish
