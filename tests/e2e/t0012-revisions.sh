#!/bin/bash
# A zone re-delivers a corrected month: the later file replaces the rows it
# carries again and counts them as revised; the same file twice changes
# nothing.
. "$(dirname "$0")/lib.sh"

printf 'numero_pv;commune;date_faits;phenomene\nr1;21001;01/09/2026;vol\nr2;21001;02/09/2026;vol\nr3;21001;03/09/2026;vol\n' >2026-09.csv
printf 'numero_pv;commune;date_faits;phenomene\nr2;21001;02/09/2026;cambriolage\nr4;21001;04/09/2026;vol\n' >2026-09-v2.csv
"$SUIVI" ingest --db t.db 2026-09.csv 2>/dev/null
check_exit 0 "the corrected file loads" "$SUIVI" ingest --db t.db 2026-09-v2.csv
check "... with one revised and one new row" grep -q '2 read, 1 loaded, 1 revised, 0 duplicates, 0 quarantined' "$WORK/last.err"
check "the revision replaced the row" sh -c '"$SUIVI" export --db t.db --what incidents | grep -q "^5341,r2,21001,2026-09-02,,2026-09-02,cambriolage,"'
check "four incidents in all" sh -c '[ "$("$SUIVI" export --db t.db --what incidents | tail -n +2 | wc -l)" -eq 4 ]'
cp 2026-09-v2.csv renamed.csv
check_exit 0 "the same bytes under another name" "$SUIVI" ingest --db t.db renamed.csv
check "... are recognised as already loaded" grep -q "already loaded" "$WORK/last.err"
check "... and add no extract" sh -c '[ "$("$SUIVI" export --db t.db --what extracts | tail -n +2 | wc -l)" -eq 2 ]'
finish
