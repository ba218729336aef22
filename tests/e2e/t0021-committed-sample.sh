#!/bin/bash
# The sample committed under sample-data/ is what the generator makes, and
# ingests cleanly: the README's examples and the tests can rely on it.
. "$(dirname "$0")/lib.sh"

check "sample-data/ is the generator's output for its documented arguments" sh -c \
	"\"$SUIVI\" sample --out regen --from 2026-07 --to 2026-10 --scale 0.2 2>/dev/null && diff -r regen \"$TOP/sample-data\""
cd "$TOP/sample-data"
check_exit 0 "it ingests" "$SUIVI" ingest --verbose --db "$WORK/t.db" --create $(ls [0-9]*/*.csv | sort -V)
cd "$WORK"
check "... one summary for them all" grep -q '^ingest: 24 files (24 new, 0 already loaded, 0 refused); [0-9]* rows read, ' last.err
check "every file is accounted for" test "$(grep -c '^[0-9]*/.*: [0-9]* read, ' last.err)" -eq "$(find "$TOP/sample-data" -path '*/partners' -prune -o -name '*.csv' -print | wc -l)"
# On a terminal, a progress line counts the files, and is cleared; piped,
# there is none (above).
if command -v script >/dev/null; then
	cd "$TOP/sample-data"
	script -qec "'$SUIVI' ingest --db '$WORK/p.db' --create $(ls [0-9]*/*.csv | sort -V | head -n 3 | tr '\n' ' ')" /dev/null >"$WORK/tty.out" 2>&1
	cd "$WORK"
	check "on a terminal a progress line counts the files" grep -q "ingest: 3/3 files" tty.out
	check "... and piped there is none" sh -c '! grep -q "files$(printf "\r")" last.err && ! grep -q "/24 files" last.err'
else
	skip "no script(1): the progress line was not looked at"
fi
finish
