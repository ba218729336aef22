# bench/lib.sh — what every benchmark begins with (sourced, after its own
# arguments are read): strict shell, the tree ($top), the suivi it times
# ($suivi: SUIVI, else build/release/suivi, which must be built), a
# scratch folder ($work) removed on exit, need() for a program it cannot
# do without, and now() for the wall clock in seconds.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
suivi=${SUIVI:-$top/build/release/suivi}
[ -x "$suivi" ] || { echo "build suivi first (make)" >&2; exit 69; }
work=$(mktemp -d "${TMPDIR:-/tmp}/suivi-$(basename "$0" .sh)-XXXXXX")
trap 'rm -rf "$work"' EXIT

# need PROGRAM PACKAGE: stop (69) naming the package when PROGRAM is missing.
need() {
	command -v "$1" >/dev/null || { echo "needs $1 (apt-get install $2)" >&2; exit 69; }
}

now() { date +%s.%N; }
