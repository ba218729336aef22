#!/bin/bash
# The counts aggregate keeps between runs, after any sequence of what an
# analyst does: twelve steps drawn at random (seeded, so the same on every
# run) from loading a few more extracts, a zone re-delivering a month with
# rows moved a year and one withdrawn, a file read again with --replace,
# a cut of an earlier month, and a run --through an earlier month.  After
# each step, an aggregate that reads only what changed gives the tables
# of one that reads everything afresh.
. "$(dirname "$0")/lib.sh"

"$SUIVI" sample --out s --from 2024-01 --to 2026-10 --scale 0.05 2>/dev/null
ls s/[0-9]*/*.csv | awk 'BEGIN { srand(38) } { print rand() "\t" $0 }' |
	sort -n | cut -f 2 >pending.txt
: >loaded.txt

# load N: the next N extracts of the shuffled list.
load() {
	head -n "$1" pending.txt >>loaded.txt
	[ -s pending.txt ] && "$SUIVI" ingest --db inc.db --create $(head -n "$1" pending.txt) 2>/dev/null
	sed -i "1,$1d" pending.txt
}

# revise FILE N: the file re-delivered, every Nth row's first 2026 made
# 2025 (its facts or its registration a year earlier), its fifth row
# withdrawn, in the file's own delimiter; prints the new file's name.
revise() {
	d=$(head -n 1 "$1" | grep -o '[;,|	]' | head -n 1)
	out=rev-$step-$(basename "$(dirname "$1")")-$(basename "$1")
	LC_ALL=C awk -F"$d" -v OFS="$d" -v n="$2" 'NR == 1 { print; next }
		NR % n == 0 { sub(/2026/, "2025") }
		NR != 5 { print }' "$1" >"$out"
	echo "$out"
}

load 40
"$SUIVI" aggregate --db inc.db 2>/dev/null
same=1 incremental=1 others=1
RANDOM=38
for step in $(seq 1 12); do
	# ($RANDOM only in this shell: a subshell's is seeded anew)
	pick=$((RANDOM % $(wc -l <loaded.txt) + 1))
	f=$(sed -n "${pick}p" loaded.txt)
	case $((RANDOM % 5)) in
	0)	load 8 ;;
	1)	"$SUIVI" ingest --db inc.db "$(revise "$f" $((RANDOM % 9 + 3)))" \
		    2>/dev/null ;;
	2)	"$SUIVI" ingest --db inc.db --replace "$f" 2>/dev/null ;;
	3)	"$SUIVI" aggregate --db inc.db --through "2025-0$((RANDOM % 9 + 1))" \
		    --cut 2>/dev/null || others=0 ;;
	4)	"$SUIVI" aggregate --db inc.db --through "2026-0$((RANDOM % 9 + 1))" \
		    2>/dev/null || others=0 ;;
	esac
	"$SUIVI" aggregate --db inc.db 2>agg.log || { cat agg.log >&2; same=0; }
	grep -q "read, what changed since the last run" agg.log ||
		{ echo "    step $step: read afresh" >&2; incremental=0; }
	cp inc.db full.db
	"$SUIVI" aggregate --db full.db --rebuild 2>/dev/null
	for w in cube cube-registered indicators series trends alarms nowcast \
		mapping; do
		"$SUIVI" export --db inc.db --what $w >inc.csv
		"$SUIVI" export --db full.db --what $w >full.csv
		cmp -s inc.csv full.csv || {
			echo "    step $step: differs: $w" >&2
			diff inc.csv full.csv | head -n 4 | sed 's/^/      /' >&2
			same=0
		}
	done
	rm -f full.db*
done
check "twelve steps at random, each aggregate as a full rebuild's" test $same -eq 1
check "... each reading only what changed since the run before" test $incremental -eq 1
check "... the cuts and earlier months in between run" test $others -eq 1
finish
