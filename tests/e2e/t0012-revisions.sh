#!/bin/bash
# A zone re-delivers a corrected month as its version 2: what that version
# carries replaces the first's rows (revised), what it no longer carries is
# withdrawn, and every version is kept; the same file twice changes
# nothing.
. "$(dirname "$0")/lib.sh"

printf 'numero_pv;commune;date_faits;phenomene\nr1;21001;01/09/2026;vol\nr2;21001;02/09/2026;vol\nr3;21001;03/09/2026;vol\n' >2026-09.csv
printf 'numero_pv;commune;date_faits;phenomene\nr2;21001;02/09/2026;cambriolage\nr4;21001;04/09/2026;vol\n' >2026-09-v2.csv
"$SUIVI" ingest --db t.db --create 2026-09.csv 2>/dev/null
check_exit 0 "the corrected file loads" "$SUIVI" ingest --db t.db 2026-09-v2.csv
check "... with one revised and one new row, and the two it no longer carries withdrawn" grep -q '2 read, 1 loaded, 1 revised, 0 unchanged, 0 duplicates, 0 quarantined; 2 withdrawn' "$WORK/last.err"
check "the revision replaced the row" sh -c '"$SUIVI" export --db t.db --what incidents | grep -q "^5341,r2,21001,2026-09-02,,2026-09-02,cambriolage,"'
check "two incidents count" sh -c '[ "$("$SUIVI" export --db t.db --what incidents | tail -n +2 | wc -l)" -eq 2 ]'
check "every version is kept: r1 and r3 withdrawn, r2's first superseded" sh -c '"$SUIVI" export --db t.db --what incidents --all-versions | awk -F, "NR > 1 { print \$2, \$NF }" | sort | tr "\n" " " | grep -qx "r1 withdrawn r2 current r2 superseded r3 withdrawn r4 current "'
cp 2026-09-v2.csv renamed.csv
check_exit 0 "the same bytes under another name" "$SUIVI" ingest --db t.db renamed.csv
check "... are recognised as already loaded" grep -q "already loaded" "$WORK/last.err"
check "... and add no extract" sh -c '[ "$("$SUIVI" export --db t.db --what extracts | tail -n +2 | wc -l)" -eq 2 ]'
finish
