#!/bin/bash
# A broken reference file is reported as file:line and loads nothing.
. "$(dirname "$0")/lib.sh"

cp -r "$TOP/reference" ref
"$SUIVI" init --db t.db --reference ref 2>/dev/null
"$SUIVI" export --db t.db --what communes >before.csv
sed -i '6s/.*/21005,Etterbeek,Etterbeek,ZONE/' ref/communes.csv
check_exit 65 "init refuses a broken communes.csv" "$SUIVI" init --db t.db --reference ref
check "... naming the file and line" grep -q "ref/communes.csv:6: column 'zone': 'ZONE' is not a whole number" "$WORK/last.err"
"$SUIVI" export --db t.db --what communes >after.csv
check "... and the database keeps its previous reference data" cmp before.csv after.csv
printf 'nis,name_fr\n"21001,Anderlecht\n' >ref/communes.csv
check_exit 65 "an unbalanced quote is refused" "$SUIVI" init --db t.db --reference ref
check "... with the file named" grep -q "ref/communes.csv:.*malformed CSV" "$WORK/last.err"
cp "$TOP/reference/communes.csv" ref/communes.csv
sed -i '2s/^21001,/2101,/' ref/communes.csv
check_exit 65 "a NIS code that is not five digits is refused" "$SUIVI" init --db t.db --reference ref
check "... saying what a NIS code looks like" grep -q "ref/communes.csv:2: column 'nis': 2101 is not between 10000 and 99999" "$WORK/last.err"
cp "$TOP/reference/communes.csv" ref/communes.csv
sed -i '2s/^M1\.1,/M2.1,/' ref/measures.csv
check_exit 65 "a measure id that contradicts its axis is refused" "$SUIVI" init --db t.db --reference ref
check "... naming the measure" grep -q "ref/measures.csv:2: measure 'M2.1' is not M1.<number>" "$WORK/last.err"
cp "$TOP/reference/measures.csv" ref/measures.csv
cp "$TOP/reference/phenomena.csv" ref/phenomena.csv
sed -i '2s/^[a-z_]*,/Bike-Theft\/..,/' ref/phenomena.csv
check_exit 65 "a phenomenon code with capitals and a path is refused" "$SUIVI" init --db t.db --reference ref
check "... saying what a code may hold" grep -q "ref/phenomena.csv:2: phenomenon code 'Bike-Theft/..' may hold only a-z, 0-9 and _" "$WORK/last.err"
long=$(printf 'x%.0s' $(seq 1 201))
cp "$TOP/reference/phenomena.csv" ref/phenomena.csv
sed -i "2s/^\([a-z_]*\),[^,]*,/\1,$long,/" ref/phenomena.csv
check_exit 65 "a label longer than a chart can show is refused, not cut" "$SUIVI" init --db t.db --reference ref
check "... with its length and the limit" grep -q "ref/phenomena.csv:2: column 'label_fr' is 201 bytes long, more than the 200 it may have" "$WORK/last.err"
cp "$TOP/reference/phenomena.csv" ref/phenomena.csv
printf '%s,bike_theft\n' "$long" >>ref/phenomenon_aliases.csv
check_exit 65 "an alias longer than a name may be is refused" "$SUIVI" init --db t.db --reference ref
check "... with its line" grep -q "ref/phenomenon_aliases.csv:[0-9]*: column 'alias' is 201 bytes long" "$WORK/last.err"
cp "$TOP/reference/phenomenon_aliases.csv" ref/phenomenon_aliases.csv
sed "s/,Parket,,\$/,$long,,/" "$TOP/reference/indicators.csv" >ref/indicators.csv
check_exit 65 "a partner's Dutch name longer than a name may be is refused" "$SUIVI" init --db t.db --reference ref
check "... with its line" grep -q "ref/indicators.csv:[0-9]*: column 'partner_nl' is 201 bytes long" "$WORK/last.err"
sed 's/,Parket,,$/,,,/' "$TOP/reference/indicators.csv" >ref/indicators.csv
check_exit 65 "a partner figure without its partner's Dutch name is refused" "$SUIVI" init --db t.db --reference ref
check "... saying what it needs" grep -q "ref/indicators.csv:[0-9]*: a partner figure needs its partner_nl" "$WORK/last.err"
cp "$TOP/reference/indicators.csv" ref/indicators.csv
sed -i 's/,dont la victime est une femme,/,,/' ref/indicators.csv
check_exit 65 "a filter without its words is refused" "$SUIVI" init --db f.db --reference ref
check "... saying what it needs" grep -q "ref/indicators.csv:[0-9]*: filter 'victim_sex=F' needs its words in French and Dutch" "$WORK/last.err"
cp "$TOP/reference/indicators.csv" ref/indicators.csv
sed -i '2s/,count,/,tally,/' ref/indicators.csv
check_exit 65 "an indicator kind the catalogue does not know is refused" "$SUIVI" init --db t.db --reference ref
check "... listing the kinds it knows" grep -q "ref/indicators.csv:2: kind 'tally' is not none, count, share, rate, repeat or partner" "$WORK/last.err"
cp "$TOP/reference/indicators.csv" ref/indicators.csv
sed -i '2s/,phenomenon,,facts,/,zone,,facts,/' ref/indicators.csv
check_exit 65 "... and so is a breakdown" "$SUIVI" init --db t.db --reference ref
check "... listing the breakdowns" grep -q "ref/indicators.csv:2: breakdown 'zone' is not empty, phenomenon, victim_sex, author_sex, commune or modus_operandi" "$WORK/last.err"
cp "$TOP/reference/indicators.csv" ref/indicators.csv
SUIVI_REFERENCE="$WORK/nowhere" "$SUIVI" init --db u.db >/dev/null 2>&1
check "SUIVI_REFERENCE chooses the folder" test $? -eq 66
finish
