#!/bin/bash
# Files refused whole leave the database untouched and name the reason;
# exit 65 for a refused file, 66 for a missing one.
. "$(dirname "$0")/lib.sh"

printf 'numero_pv;commune;date_faits;phenomene\nok;21001;01/09/2026;vol\n' >good.csv
"$SUIVI" ingest --db t.db --create good.csv 2>/dev/null
before=$("$SUIVI" status --db t.db --json)
for col in "Nom victime" "adresse" "Straat" "rijksregisternummer" "telephone" "E-mail" "date de naissance" "nummerplaat" "first name"; do
	printf 'numero_pv;commune;date_faits;phenomene;%s\nx;21001;01/09/2026;vol;secret\n' "$col" >priv.csv
	check_exit 65 "a column '$col' refuses the file" "$SUIVI" ingest --db t.db priv.csv
	check "... naming the column" grep -q "column '$col' looks like" "$WORK/last.err"
done
printf 'numero_pv;commune;phenomene\nx;21001;vol\n' >nodate.csv
check_exit 65 "a file without a date column is refused" "$SUIVI" ingest --db t.db nodate.csv
check "... saying which field is missing and what to do" grep -q "no column is recognised as 'date_fact'.*--profile" "$WORK/last.err"
: >empty.csv
check_exit 65 "an empty file is refused" "$SUIVI" ingest --db t.db empty.csv
check_exit 66 "a missing file exits 66" "$SUIVI" ingest --db t.db nowhere.csv good.csv
check "... and the other files are still processed" grep -q "^ingest: 2 files (0 new, 1 already loaded, 1 refused)" "$WORK/last.err"
check "the database is unchanged" test "$before" = "$("$SUIVI" status --db t.db --json)"
finish
