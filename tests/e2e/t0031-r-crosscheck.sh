#!/bin/bash
# Every trend and every comparison suivi computes on the sample, computed
# again by R (glm quasipoisson, poisson.test, a seasonal Mann-Kendall
# written from its definition in tests/r/crosscheck.R): all figures agree
# to 1e-6 relative.  Without R this is skipped, visibly.
. "$(dirname "$0")/lib.sh"

if quick; then
	skip "quick run: the cross-check against R did not run"
	finish
	exit
fi
if ! command -v Rscript >/dev/null 2>&1; then
	skip "R is not installed (apt-get install r-base-core): the cross-check against R did not run"
	finish
	exit
fi
"$SUIVI" sample --out s --from 2022-01 --to 2026-10 --scale 0.3 2>/dev/null
(cd s && "$SUIVI" ingest --db ../t.db --create $(ls [0-9]*/*.csv | sort -V) 2>/dev/null)
"$SUIVI" aggregate --db t.db 2>/dev/null
for w in cube coverage trends indicators; do
	"$SUIVI" export --db t.db --what $w --out $w.csv
done
check_exit 0 "R agrees with every trend and comparison" Rscript "$TOP/tests/r/crosscheck.R" .
sed 's/^/    /' "$WORK/last.out" | tail -n 5 >&2
finish
