#!/bin/bash
# The command line: help, version, and usage errors that exit 64.
. "$(dirname "$0")/lib.sh"

check "suivi --help lists the commands" sh -c '"$SUIVI" --help | grep -q "^  init"'
check "suivi --version names the version" sh -c '"$SUIVI" --version | grep -q "^suivi [0-9]"'
check "each command has --help" sh -c 'for c in init status export; do "$SUIVI" $c --help | grep -q "^usage: suivi $c" || exit 1; done'
check_exit 64 "no command is a usage error" "$SUIVI"
check_exit 64 "an unknown command is a usage error" "$SUIVI" frobnicate
check "... and says which" grep -q "unknown command 'frobnicate'" "$WORK/last.err"
check_exit 64 "an unknown option is a usage error" "$SUIVI" status --bogus
check "... and names the option" grep -q -- "--bogus is not an option of this command" "$WORK/last.err"
check_exit 64 "an option missing its value is a usage error" "$SUIVI" init --db
check_exit 64 "export without --what is a usage error" "$SUIVI" export --db x.db
check_exit 64 "export with a bad --format is a usage error" "$SUIVI" export --what measures --format xml
check_exit 66 "status on a missing database says so" "$SUIVI" status --db missing.db
check "... and tells how to create it" grep -q "suivi init --db missing.db" "$WORK/last.err"
check "... without creating it" test ! -e missing.db
check_exit 64 "a misspelt command is refused" "$SUIVI" injest x.csv
check "... suggesting the nearest one" grep -q "unknown command 'injest'; did you mean 'ingest'?" "$WORK/last.err"
check_exit 64 "a month that is not a month is refused" "$SUIVI" chart --db x.db --phenomenon vol --from 2026-13 --out x.svg
check "... saying which option and what a month is" grep -q -- "--from: '2026-13' is not a valid value (a month is YYYY-MM)" "$WORK/last.err"
"$SUIVI" init --db lang.db 2>/dev/null
check_exit 64 "report in an unknown language is refused" "$SUIVI" report --db lang.db --lang de
check "... naming the languages there are" grep -q "language 'de': fr, nl or en" "$WORK/last.err"
# the man page lists every option every command's --help names
man_lists_all() {
	for c in init ingest check retract aggregate partners template report \
	    audit publications run chart export status sample; do
		for o in $("$SUIVI" "$c" --help | grep -o -- '--[a-z-]*' | sort -u); do
			grep -qF -- "$(printf '%s' "$o" | sed 's/-/\\-/g')" \
			    "$TOP/doc/suivi.1" || { echo "suivi $c $o is not in suivi.1"; return 1; }
		done
	done
}
check "the man page lists every option of every command" man_lists_all
check_exit 0 "suivi help COMMAND is that command's help" "$SUIVI" help export
check "... which lists its options" grep -q -- "--columns" "$WORK/last.out"
finish
