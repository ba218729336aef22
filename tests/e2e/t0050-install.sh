#!/bin/bash
# make install and make uninstall, as a packager would (DESTDIR, PREFIX):
# the binary, the reference data, a man page groff reads without a
# warning and the example systemd units; the installed suivi finds its
# reference data from any folder.
. "$(dirname "$0")/lib.sh"

build=$(dirname "$SUIVI")
build=${build#"$TOP"/}
stage="$WORK/stage"
check "make install into a staging folder" make -C "$TOP" --no-print-directory -s install \
	DESTDIR="$stage" PREFIX=/usr BUILD="$build"
check "... puts the binary, the reference and the man page in place" sh -c \
	'test -x "$0/usr/bin/suivi" && test -f "$0/usr/share/suivi/reference/phenomena.csv" && test -f "$0/usr/share/man/man1/suivi.1"' "$stage"
check "... and the systemd units of the monthly run, as examples" sh -c \
	'test -f "$0/usr/share/doc/suivi/examples/suivi-monthly.service" && test -f "$0/usr/share/doc/suivi/examples/suivi-monthly.timer"' "$stage"
if command -v systemd-analyze >/dev/null; then
	check "... which systemd reads without a complaint" sh -c \
		'test -z "$(systemd-analyze verify "$0"/usr/share/doc/suivi/examples/suivi-monthly.timer 2>&1 | grep -v "is not executable")"' "$stage"
fi
check "the installed suivi finds its reference data from any folder" sh -c \
	'cd / && "$0/usr/bin/suivi" init --db "$1/i.db" 2>&1 | grep -q "reference data from $0/usr/bin/../share/suivi/reference"' "$stage" "$WORK"
if command -v groff >/dev/null; then
	check "the man page reads without a warning" sh -c \
		'test -z "$(groff -man -ww -z "$0/usr/share/man/man1/suivi.1" 2>&1)"' "$stage"
else
	skip "groff is not installed: the man page was not checked"
fi
check "make uninstall removes what install put" sh -c \
	'make -C "$1" --no-print-directory -s uninstall DESTDIR="$0" PREFIX=/usr && test -z "$(find "$0" -type f)"' "$stage" "$TOP"
finish
