#!/bin/bash
# The sample committed under sample-data/ is what the generator makes, and
# ingests cleanly: the README's examples and the tests can rely on it.
. "$(dirname "$0")/lib.sh"

check "sample-data/ is the generator's output for its documented arguments" sh -c \
	"\"$SUIVI\" sample --out regen --from 2026-07 --to 2026-10 --scale 0.2 2>/dev/null && diff -r regen \"$TOP/sample-data\""
cd "$TOP/sample-data"
check_exit 0 "it ingests" "$SUIVI" ingest --verbose --db "$WORK/t.db" $(ls */*.csv | sort -V)
cd "$WORK"
check "... one summary for them all" grep -q '^ingest: 24 files (24 new, 0 already loaded, 0 refused); [0-9]* rows read, ' last.err
check "every file is accounted for" test "$(grep -c '^[0-9]*/.*: [0-9]* read, ' last.err)" -eq "$(find "$TOP/sample-data" -name '*.csv' | wc -l)"
finish
