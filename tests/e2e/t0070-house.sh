#!/bin/bash
# The house others live in: every stage includes only from its own folder
# or from the floors below it (core/, then ingest/, then aggregate/ and
# partners/, then sample/ and reports/, then the command line), and no
# chain of includes comes back to its start (tests/e2e/house.py draws the
# graph).  The folders and files the README's layout names are there.
. "$(dirname "$0")/lib.sh"

if command -v python3 >/dev/null; then
	check "no include from a floor above, no circle of includes" python3 "$TOP/tests/e2e/house.py" "$TOP"
	# the check can fail: a stage reaching up is found
	mkdir -p up/core up/ingest up/aggregate up/partners up/sample up/reports
	printf '#include "../reports/page.h"\n' >up/core/bad.c
	printf '\n' >up/reports/page.h
	check "... and finds one when there is" sh -c '! python3 "$0" up >up.out && grep -q "core/bad.c includes reports/page.h" up.out' "$TOP/tests/e2e/house.py"
else
	skip "python3 missing: the include graph was not drawn"
fi
# the layout section's files: each name "folder/file.ext" it gives exists
sed -n '/^## Layout/,/^## /p' "$TOP/README.md" | grep -o '[A-Za-z0-9_/*-]*\.\(c\|h\|inc\|sh\|R\|py\)\b' | grep -v '^[.*]\|\*' | sort -u >named
check "the README's layout names files that exist ($(wc -l <named) named)" sh -c 'while read -r f; do find "$0" -path "$0/build" -prune -o -path "*/$f" -print | grep -q . || { echo "$f"; exit 1; }; done <named' "$TOP"
echo "gone.h" >>named
check "... and would say which one is not" sh -c '! (while read -r f; do find "$0" -path "$0/build" -prune -o -path "*/$f" -print | grep -q . || exit 1; done <named)' "$TOP"
finish
