#!/bin/bash
# Load-order independence, the deliveries' contract: the committed sample
# and what zones do with their deliveries — a month delivered again as
# -v2 with rows withdrawn and rows changed, a later month's file revising
# an earlier month's incidents, a file carrying one ref twice with two
# contents (a conflict) whose ref an earlier month holds, a month
# delivered with nothing registered (a header alone), a file named not by
# its month — loaded in many orders, then a month retracted: every order
# gives the same exports, byte for byte.
. "$(dirname "$0")/lib.sh"

cp -r "$TOP/sample-data" in
rm -r in/partners
# 5342 re-delivers 2026-09: ten rows withdrawn, five changed (tab-separated)
awk -F'\t' 'BEGIN { OFS = "\t" } NR == 1 { print; next }
	NR >= 2 && NR <= 11 { next }
	NR >= 12 && NR <= 16 { $5 = "Vol simple" }
	{ print }' in/5342/2026-09.csv >in/5342/2026-09-v2.csv
# 5339's October file also revises three of its August incidents
head -n 4 in/5339/2026-08.csv | tail -n 3 |
	awk -F, 'BEGIN { OFS = "," } { $6 = "Vol simple"; print }' |
	sed 's/\r*$/\r/' >>in/5339/2026-10.csv
# 5344's September file carries one of its August refs twice, two contents
ref=$(sed -n 2p in/5344/2026-08.csv | cut -d, -f1)
{ printf '%s,Schaarbeek,02/09/2026,10:00,02/09/2026,Vandalisme,nee,,street,station,,,,,,,\r\n' "$ref"
  printf '%s,Schaarbeek,02/09/2026,10:00,02/09/2026,Diefstal,nee,,street,station,,,,,,,\r\n' "$ref"; } >>in/5344/2026-09.csv
# 5343 had nothing registered in 2026-07: its header alone says so
head -n 1 in/5343/2026-08.csv >in/5343/2026-07.csv
# a file named not by its month, in no zone's folder: two of 5341's
# September incidents again, one changed
{ head -n 1 in/5341/2026-09.csv; sed -n '2,3p' in/5341/2026-09.csv |
	awk -F';' 'BEGIN { OFS = ";" } NR == 2 { $6 = "Vandalisme" } { print }'; } |
	iconv -f windows-1252 -t utf-8 >in/extra-5341.csv

ls in/*.csv in/*/*.csv >files
check "the set has its deliveries" test "$(wc -l <files)" -eq 27

# One run: ingest in the order given, retract a month, aggregate, export.
run() {
	rm -f o.db o.db-*
	"$SUIVI" init --db o.db 2>/dev/null
	xargs "$SUIVI" ingest --db o.db <"$1" 2>/dev/null
	"$SUIVI" retract --db o.db --zone 5340 --month 2026-08 --reason test 2>/dev/null
	"$SUIVI" aggregate --db o.db 2>/dev/null || return 1
	for w in incidents quarantine cube cube-registered coverage indicators \
	    series trends alarms modus delays nowcast mapping; do
		echo "== $w"
		"$SUIVI" export --db o.db --what "$w"
	done
	echo "== all versions"
	"$SUIVI" export --db o.db --what incidents --all-versions
}

sort -V files >order.0
run order.0 >want
status=$?
check "in delivery order, the run goes through" test "$status" -eq 0
check "... and exports something" test "$(grep -c . want)" -gt 20000
check "the ten rows the -v2 no longer carries are withdrawn" test "$(grep -c ',in/5342/2026-09.csv,[0-9]*,withdrawn$' want)" -eq 10
check "the retracted month's rows are withdrawn too" sh -c 'grep ",withdrawn$" want | grep -q ",5340,2026-08,"'
check "the conflicting ref keeps its August version, current" sh -c "grep '^5344,$ref,' want | grep -q ',current\$'"
check "the header-only month is delivered" grep -q '^5343,2026-07,1,0$' want
# Orders drawn from a fixed seed (a failure can be run again), the
# reverse order, and one with each -v2 before its first version.
awk 'BEGIN { srand(22) } { l[NR] = $0 } END {
	for (k = 1; k <= 5; k++) {
		for (i = NR; i > 1; i--) { j = int(rand() * i) + 1; t = l[i]; l[i] = l[j]; l[j] = t }
		f = "order." k; for (i = 1; i <= NR; i++) print l[i] > f; close(f)
	} }' order.0
sort -rV files >order.6
{ grep -- '-v2' files; grep -v -- '-v2' files; } >order.7
for k in 1 2 3 4 5 6 7; do
	run order.$k >got.$k
	check "order $k gives the same exports" cmp -s want got.$k
	cmp -s want got.$k || diff want got.$k | head -n 6 >&2
done
finish
