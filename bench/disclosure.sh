#!/bin/bash
# bench/disclosure.sh [RUNS] — what the whole-page disclosure audit costs.
#
# Builds the eight-year sample's database once (suivi run --sample), then,
# RUNS times (default 5): suivi audit (the audit alone: the figures read,
# every linear programme solved, what to hide chosen), suivi report (both
# pages, the audit included), and, as the peer on the same data, the
# attacker's audit of the test suite (tests/r/disclosure-audit.R: R reads
# the French page back and glpsol bounds every small count).  Prints the
# medians, the audit's share of the report, and the ratio to the peer.  A
# benchmark, not a test.
runs=${1:-5}
. "$(dirname "$0")/lib.sh"
need Rscript r-base-core
need glpsol glpk-utils
cd "$work"

"$suivi" run --db t.db --inbox extracts --sample --out out >/dev/null 2>&1
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
for i in $(seq "$runs"); do
	t0=$(now); "$suivi" audit --db t.db >audit.out; t1=$(now)
	"$suivi" report --db t.db --out out >/dev/null; t2=$(now)
	Rscript "$top/tests/r/disclosure-audit.R" out/2026-10/report.fr.html t.db >peer.out; t3=$(now)
	echo "$t0 $t1 $t2 $t3" | awk '{ print $2 - $1, $3 - $2, $4 - $3 }' >>times
done
audit=$(cut -d' ' -f1 times | median)
report=$(cut -d' ' -f2 times | median)
peer=$(cut -d' ' -f3 times | median)
echo "suivi audit (alone): $(cat audit.out)"
echo "peer: $(tr '\n' ' ' <peer.out)"
awk -v a="$audit" -v r="$report" -v p="$peer" -v n="$runs" 'BEGIN {
	printf "medians of %d runs: suivi audit %.3f s, suivi report %.3f s (the audit is %.0f %% of it), the attacker'"'"'s audit (R + glpsol) %.2f s\n", n, a, r, 100 * a / r, p
	printf "ratio: suivi audit is %.0fx faster than the peer on the same page, and audits more figures\n", p / a
}'
