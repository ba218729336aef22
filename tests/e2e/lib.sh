# lib.sh — sourced by every tests/e2e/tNNNN-*.sh script.
#
# Each script is a story: it runs $SUIVI (the binary under test) in a fresh
# directory and states what must hold with `check "what" command...` or
# `check_exit CODE "what" command...`.  The script's last line is
# `finish`, which prints its tally for tests/e2e/run.
set -u
: "${SUIVI:?set SUIVI to the suivi binary}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
SEED="$TOP/reference/tools/plan-measures.txt"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/suivi-e2e-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
passed=0
failed=0
skipped=0

# settled FILE: wait until FILE's modification and change times are two
# seconds old, as ingest asks before it trusts a file's size and times
# (a condition, polled: however slow the machine, never too early).
settled() {
	while [ $(( $(date +%s) - $(stat -c %Z "$1") )) -lt 2 ] ||
	    [ $(( $(date +%s) - $(stat -c %Y "$1") )) -lt 2 ]; do
		sleep 0.2
	done
}

# skip "why": this script's checks cannot run here; said aloud, counted.
skip() {
	skipped=$((skipped + 1))
	echo "SKIP - $(basename "$0"): $1" >&2
}

# quick: a quick run (make check, SUIVI_QUICK=1), which leaves out the
# checks against an outside reference and the rendering of the pages:
# a check run by Rscript or python3 is skipped there, and counted.
quick() {
	[ -n "${SUIVI_QUICK:-}" ]
}

# outside CMD: whether a quick run leaves a check by CMD out.
outside() {
	quick && case $1 in Rscript|python3) true;; *) false;; esac
}

check() {
	what=$1; shift
	if outside "$1"; then
		skip "quick run: $what"
		return 0
	fi
	if "$@" >"$WORK/.out" 2>"$WORK/.err"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "not ok - $(basename "$0"): $what" >&2
		sed 's/^/    /' "$WORK/.out" "$WORK/.err" | head -n 20 >&2
	fi
}

# check_exit CODE "what" command...: the command exits with CODE.  Its
# stdout and stderr stay in $WORK/last.out and $WORK/last.err for the
# checks that follow (check itself does not touch them).
check_exit() {
	want=$1 what=$2; shift 2
	if outside "$1"; then
		skip "quick run: $what"
		: >"$WORK/last.out"
		: >"$WORK/last.err"
		return 0
	fi
	"$@" >"$WORK/last.out" 2>"$WORK/last.err"
	got=$?
	cp "$WORK/last.err" "$WORK/.err"
	if [ "$got" -eq "$want" ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "not ok - $(basename "$0"): $what (exit $got, wanted $want)" >&2
		sed 's/^/    /' "$WORK/.err" | head -n 20 >&2
	fi
}

finish() {
	echo "$(basename "$0"): $passed passed, $failed failed, $skipped skipped" >"$WORK/.tally"
	cat "$WORK/.tally"
	[ "$failed" -eq 0 ]
}
