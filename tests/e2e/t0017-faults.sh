#!/bin/bash
# Bad luck rather than bad data: a full disk, a database another command
# holds, the same file ingested twice at once, a folder the user cannot
# write, a reference folder that does not exist.  Each is said as what it
# is (74 for the disk, 75 for busy), and nothing is lost or left behind.
. "$(dirname "$0")/lib.sh"

"$SUIVI" sample --out s --from 2026-01 --to 2026-10 --scale 0.2 2>/dev/null
files=$(cd s && ls [0-9]*/*.csv | sort -V)

check_exit 66 "init with a reference folder that does not exist fails" "$SUIVI" init --db none.db --reference /nonexistent
check "... and leaves no empty database behind" test ! -e none.db

# The same file twice at once: one loads it, the other finds it loaded.
"$SUIVI" init --db t.db 2>/dev/null
f=s/5339/2026-01.csv
"$SUIVI" ingest --db t.db "$f" >a.out 2>a.err & pa=$!
"$SUIVI" ingest --db t.db "$f" >b.out 2>b.err & pb=$!
wait $pa; ra=$?
wait $pb; rb=$?
check "two ingests of one file at once both succeed" test "$ra$rb" = 00
check "... one loads it, the other finds it loaded" sh -c 'cat a.err b.err | grep -c "already loaded" | grep -qx 1'
check "... it is in the ledger once" test "$(sqlite3 t.db "SELECT count(*) FROM extract")" = 1

# Outputs go through temporary files of random names made with O_EXCL, and
# replace the target: a symbolic link planted in the output folder is
# never written through.
echo "precious" >victim
ln -s victim planted.csv
check_exit 0 "an export onto a planted symbolic link" "$SUIVI" export --db t.db --what communes --out planted.csv
check "... replaces the link, leaving what it pointed to untouched" sh -c 'test "$(cat victim)" = precious && test ! -L planted.csv && grep -q "^nis," planted.csv'
check "... and leaves no temporary file" sh -c '! ls planted.csv.tmp-* 2>/dev/null | grep -q .'

# A database held by another writer past the busy timeout: the holder
# says when it has the lock and keeps it until told to let go.
sqlite3 t.db "BEGIN IMMEDIATE; SELECT 1;" ".shell touch held; while [ ! -e release ]; do sleep 0.1; done" \
	"COMMIT;" >/dev/null 2>&1 & holder=$!
while [ ! -e held ] && kill -0 $holder 2>/dev/null; do sleep 0.05; done
check_exit 75 "a database another command holds gives 75" "$SUIVI" ingest --db t.db s/5339/2026-02.csv
check "... saying another command is writing it and to try again" grep -q "another suivi command.*is writing it; run this one again" "$WORK/last.err"
touch release
wait $holder
check_exit 0 "... and it goes through afterwards" "$SUIVI" ingest --db t.db s/5339/2026-02.csv

# A file still being written while it is read.
awk -v h="numero_pv;commune;date_faits;phenomene" 'BEGIN { print h
	for (i = 1; i <= 600000; i++) printf "w%d;21004;01/10/2026;vol\n", i }' >growing.csv
# The row is added once the reading has begun (the file is open), not
# after a time: a loaded machine reads later, not differently.
"$SUIVI" ingest --db t.db growing.csv >/dev/null 2>growing.err & reader=$!
while kill -0 $reader 2>/dev/null && ! ls -l /proc/$reader/fd 2>/dev/null | grep -q 'growing\.csv$'; do
	sleep 0.01
done
echo "w0;21004;01/10/2026;vol" >>growing.csv
wait $reader
check "a file that grows while it is read is refused" test $? -eq 65
check "... saying it changed, and to run again" grep -q "growing.csv: refused: the file changed while it was being read" growing.err
check "... and nothing of it is in the database" test "$(sqlite3 t.db "SELECT count(*) FROM incident WHERE ref LIKE 'w%'")" = 0

# A folder the user cannot write: reading commands still work.
if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1; then
	# the binary beside the database: the clone may lie where only root
	# may enter (a 0700 home, a folder mktemp -d made)
	chmod o+x "$WORK"
	cp "$SUIVI" ro-suivi && chmod 755 ro-suivi
	mkdir ro && sqlite3 t.db ".backup ro/t.db" && sqlite3 ro/t.db "PRAGMA journal_mode = WAL" >/dev/null &&
		chmod 644 ro/t.db && chmod 555 ro
	check "status reads a database in a read-only folder" su nobody -s /bin/sh -c "'$WORK/ro-suivi' status --db '$WORK/ro/t.db' >/dev/null"
	check "... and export" su nobody -s /bin/sh -c "'$WORK/ro-suivi' export --db '$WORK/ro/t.db' --what extracts >/dev/null"
	chmod 755 ro
else
	skip "not root, or no user nobody: the read-only folder was not tried"
fi

# A full disk: a small file system of its own.
if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null; then
	mkdir small
	sqlite3 t.db ".backup small.db"
	room=$(($(stat -c %s small.db) + 300000))
	# one file bigger than the whole small disk: zone 5339's months in one
	{ head -n 1 s/5339/2026-01.csv; for f in s/5339/*.csv; do tail -n +2 "$f"; done; } >big.csv
	unshare -m sh -c "mount -t tmpfs -o size=$room tmpfs small && cp small.db small/t.db &&
		sqlite3 small/t.db 'SELECT count(*) FROM extract' >big.before &&
		'$SUIVI' ingest --db small/t.db big.csv >big.out 2>big.err; echo \$? >big.rc;
		sqlite3 small/t.db 'SELECT count(*) FROM extract' >big.after;
		'$SUIVI' ingest --db small/t.db s/5340/*.csv s/5341/*.csv s/5342/*.csv >full.out 2>full.err; echo \$? >full.rc;
		sqlite3 small/t.db 'SELECT count(*) FROM extract' >full.count; sqlite3 small/t.db 'PRAGMA integrity_check' >full.check"
	check "a file the disk has no room for is refused before any row is written (74)" test "$(cat big.rc)" = 74
	check "... saying how much is free and how much it needs" grep -q "small/t.db: the disk is full for big.csv: [0-9]* KiB free where loading it needs at least [0-9]* KiB.*not loaded, the database is unchanged" big.err
	check "... and the ledger has nothing of it" cmp -s big.before big.after
	check "a full disk gives 74, not 'data refused'" test "$(cat full.rc)" = 74
	check "... saying the disk is full and naming the database" grep -q "small/t.db: the disk is full" full.err
	check "... once, not for every file after it" sh -c 'test "$(grep -c "the disk is full" full.err)" -eq 1 && grep -q "stopped: the [0-9]* file(s) after it not tried" full.err'
	check "... the database is whole" grep -qx ok full.check
	check "... and holds only whole files: each loaded one in the ledger with all its rows" test "$(cat full.count)" -ge 2
else
	skip "not root, or no unshare: the full disk was not tried"
fi
finish
