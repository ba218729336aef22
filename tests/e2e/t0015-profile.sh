#!/bin/bash
# An export recognition cannot read is read with a profile.
. "$(dirname "$0")/lib.sh"

printf 'Num dossier|Loc|Quand|Quoi\nP1|Uccle|12/31/2024|vol\nP2|21016|01/02/2025|vol\n' >odd.csv
check_exit 65 "without a profile the headers are not recognised" "$SUIVI" ingest --db t.db odd.csv
cat >odd.profile <<'P'
# zone 5342's old system
delimiter = |
encoding = utf-8
date_format = mm/dd/yyyy
zone = 5342
column.Num dossier = ref
column.Loc = commune
column.Quand = date_fact
column.Quoi = phenomenon
P
check_exit 0 "with the profile it loads" "$SUIVI" ingest --db t.db --profile odd.profile odd.csv
check "... dates read month first" sh -c '"$SUIVI" export --db t.db --what incidents | grep -q "^5342,P1,21016,2024-12-31,"'
check "... and 01/02/2025 is the 2nd of January" sh -c '"$SUIVI" export --db t.db --what incidents | grep -q "^5342,P2,21016,2025-01-02,"'
printf 'date_format = yy/mm/dd\n' >bad.profile
check_exit 65 "a bad profile is refused" "$SUIVI" ingest --db t.db --profile bad.profile odd.csv
check "... with its line" grep -q "bad.profile:1:" "$WORK/last.err"
finish
