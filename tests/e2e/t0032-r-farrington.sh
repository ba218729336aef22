#!/bin/bash
# The alarms are surveillance::farringtonFlexible's, exactly: on a
# generated sample, back-tested over every month with both threshold
# methods, R recomputes expected count, upper bound, p-value and alarm for
# 200 series and more, and EARS C1-C3 with earsC; every figure agrees.
# Without R (or in the sanitizer pass, where the C is the same) it is
# skipped, visibly.
. "$(dirname "$0")/lib.sh"

if quick; then
	skip "quick run: the cross-check against R did not run"
	finish
	exit
fi
if ! command -v Rscript >/dev/null 2>&1 || ! Rscript -e 'library(surveillance)' >/dev/null 2>&1; then
	skip "R or r-cran-surveillance is not installed: the cross-check against farringtonFlexible did not run"
	finish
	exit
fi
if [ -n "${SUIVI_SANITIZED:-}" ]; then
	skip "sanitizer build: the R cross-check ran against the release build"
	finish
	exit
fi
"$SUIVI" sample --out s --from 2022-01 --to 2026-10 --scale 0.3 2>/dev/null
(cd s && "$SUIVI" ingest --db ../t.db --create $(ls [0-9]*/*.csv | sort -V) 2>/dev/null)
for w in nbplugin delta; do
	R=nbPlugin
	[ $w = delta ] && R=delta
	# the method as R has it: no allowance for registrations to come
	"$SUIVI" aggregate --db t.db --backtest --alarm-method $w --raw-alarms 2>/dev/null
	for t in cube coverage alarms; do
		"$SUIVI" export --db t.db --what $t --out $t.csv
	done
	check_exit 0 "farringtonFlexible ($R) and earsC agree with every alarm" Rscript "$TOP/tests/r/farrington.R" . $R 200
	tail -n 3 "$WORK/last.out" | sed 's/^/    /' >&2
done
finish
