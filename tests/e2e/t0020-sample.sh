#!/bin/bash
# suivi sample: deterministic, six distinct dialects, and ingesting it
# reconciles exactly with truth.json — the quarantine is exactly the
# injected defects, and the facts loaded per zone and month are exactly
# those it says.
. "$(dirname "$0")/lib.sh"

args="--from 2025-01 --to 2026-10 --scale 0.5"
check "sample generates" "$SUIVI" sample --out s1 $args
check "the same arguments give byte-identical files" sh -c "\"$SUIVI\" sample --out s2 $args 2>/dev/null && diff -r s1 s2"
check "a month more adds files and changes none of the earlier ones" sh -c "\"$SUIVI\" sample --out s4 --from 2025-01 --to 2026-09 --scale 0.5 2>/dev/null && cd s4 && for f in [0-9]*/*.csv; do cmp -s \$f ../s1/\$f || exit 1; done && test \$(ls ../s1/[0-9]*/2026-10*.csv | wc -l) -eq 6"
check "another seed gives other files" sh -c "\"$SUIVI\" sample --out s3 --seed 2 $args 2>/dev/null && ! diff -q s1/5341/2026-01.csv s3/5341/2026-01.csv"
check "one file per zone and month, plus the re-delivery, less the month not delivered" \
	test "$(find s1 -path s1/partners -prune -o -name '*.csv' -print | wc -l)" -eq $((6 * 22 + 1 - 1))
check "no header names an identifying column" sh -c '! "$SUIVI" check s1/[0-9]*/2026-10.csv 2>&1 | grep -q "refused:"'

cd s1
"$SUIVI" check */2026-10.csv 2>dialects.txt
check "six distinct dialects" test "$(sed -n 's/^[0-9]*\/2026-10.csv: .*; //p' dialects.txt | sort -u | wc -l)" -eq 6
check "... covering UTF-8, UTF-8 with BOM and Windows-1252" sh -c 'grep -q "; utf-8," dialects.txt && grep -q "; utf-8-bom," dialects.txt && grep -q "; windows-1252," dialects.txt'
check "... and French, Dutch and English headers" sh -c 'grep -q ", fr$" dialects.txt && grep -q ", nl$" dialects.txt && grep -q ", en$" dialects.txt'

check "ingesting the sample succeeds" sh -c '"$SUIVI" ingest --db ../t.db --create $(ls [0-9]*/*.csv | sort -V) 2>../ingest.log'
cd ..

# What truth.json says, as sorted text, through the sqlite3 shell's JSON.
sqlite3 -separator , :memory: "SELECT json_extract(value, '$.file'), json_extract(value, '$.line'), json_extract(value, '$.reason_code') FROM json_each(readfile('s1/truth.json'), '$.defects') ORDER BY 1, 2" >want-defects.csv
"$SUIVI" export --db t.db --what quarantine | tail -n +2 | cut -d, -f2,3,5 | sort -t, -k1,1 -k2,2n >got-defects.csv
check "truth has defects of every kind" test "$(cut -d, -f3 want-defects.csv | sort -u | wc -l)" -eq 6
check "quarantined rows are exactly the injected defects" diff want-defects.csv got-defects.csv

sqlite3 -separator , :memory: "SELECT z.key, m.key, m.value FROM json_each(readfile('s1/truth.json'), '$.facts') z, json_each(z.value) m WHERE m.value > 0 ORDER BY 1, 2" >want-facts.csv
"$SUIVI" export --db t.db --what incidents | tail -n +2 | awk -F, '{ n[$1 "," substr($4, 1, 7)]++ } END { for (k in n) print k "," n[k] }' | sort >got-facts.csv
check "facts per zone and month are exactly truth's" diff want-facts.csv got-facts.csv
check "the month not delivered has no file" sh -c 'm=$(sqlite3 :memory: "SELECT json_extract(value, \"$.zone\") || \"/\" || json_extract(value, \"$.month\") FROM json_each(readfile(\"s1/truth.json\"), \"$.not_delivered\")"); test ! -e "s1/$m.csv"'
check "the re-delivered month: its corrected rows revised, the others unchanged" sh -c 'f=$(sqlite3 :memory: "SELECT json_extract(value, \"$.file\") || \": \" || json_extract(value, \"$.rows\") || \" read, 0 loaded, \" || json_extract(value, \"$.corrected\") || \" revised, \" || (json_extract(value, \"$.rows\") - json_extract(value, \"$.corrected\")) || \" unchanged, 0 duplicates, 0 quarantined;\" FROM json_each(readfile(\"s1/truth.json\"), \"$.revisions\")"); grep -q "^$f" ingest.log'
check "five anomalies of different kinds are declared" test "$(sqlite3 :memory: "SELECT count(DISTINCT json_extract(value, '$.kind')) FROM json_each(readfile('s1/truth.json'), '$.anomalies')")" -eq 5
finish
