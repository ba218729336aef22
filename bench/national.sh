#!/bin/bash
# bench/national.sh [FACTS_PER_YEAR] — suivi on a national layout.
#
# Builds a reference with the shape of Belgium — 185 police zones, 581
# communes (each with its population) and 150 phenomena (the reference's
# own plus invented ones, each with its alias) — and ten years of
# incidents, FACTS_PER_YEAR a year (default 900,000, about the country's
# recorded crime), one extract per zone.  Then it times ingest, aggregate
# and report and gives each one's peak memory, and the same for the
# Brussels sample in the same run, with the ratios: how far suivi's cost
# follows the size of the layout and of the data.  A benchmark, not a
# test: it fails only if a command fails.
per_year=${1:-900000}
. "$(dirname "$0")/lib.sh"
need /usr/bin/time time

ref=$work/ref
cp -r "$top/reference" "$ref"
# The layout: zones 5001-5185, communes 10001-10581 spread over them.
awk 'BEGIN { print "zone,name_fr,name_nl"
	for (z = 1; z <= 185; z++) printf "%d,Zone %d,Zone %d\n", 5000 + z, z, z }' >"$ref/zones.csv"
awk 'BEGIN { print "nis,name_fr,name_nl,zone"
	for (c = 1; c <= 581; c++) printf "%d,Commune %d,Gemeente %d,%d\n", 10000 + c, c, c, 5001 + (c - 1) % 185 }' >"$ref/communes.csv"
awk 'BEGIN { srand(7); print "nis,year,sex,population,source,source_nl"
	for (c = 1; c <= 581; c++) printf "%d,2024,T,%d,bench,bench\n", 10000 + c, 2000 + int(rand() * 60000) }' >"$ref/population.csv"
have=$(($(wc -l <"$ref/phenomena.csv") - 1))
awk -v from="$((have + 1))" 'BEGIN { for (i = from; i <= 150; i++)
	printf "national_%d,Phénomène national %d,Nationaal fenomeen %d,Autre,5,,0\n", i, i, i }' >>"$ref/phenomena.csv"
awk -v from="$((have + 1))" 'BEGIN { for (i = from; i <= 150; i++)
	printf "Phénomène national %d,national_%d\n", i, i }' >>"$ref/phenomenon_aliases.csv"
# Every label an extract may carry: one alias per phenomenon.
awk -F, 'NR > 1 && !seen[$2]++ { print $1 }' "$ref/phenomenon_aliases.csv" >"$work/labels"

# Ten years to October 2026, one extract per zone.
mkdir -p "$work/in"
awk -v n="$((per_year * 10))" -v dir="$work/in" -v labels="$work/labels" '
BEGIN {
	srand(1)
	while ((getline l < labels) > 0) label[nl++] = l
	split("street dwelling shop public_transport vehicle other", place, " ")
	split("station police_on_web phone patrol", channel, " ")
	first = 2016 * 12 + 10          # November 2016, as a month index
	for (i = 0; i < n; i++) {
		c = int(rand() * 581); z = 5001 + c % 185
		m = first + int(rand() * 120); d = 1 + int(rand() * 28)
		r = m + (rand() < 0.8 ? 0 : int(rand() * 3)); if (r > first + 119) r = first + 119
		f = dir "/" z ".csv"
		if (!(z in started)) { started[z] = 1
			print "id,nis,date,registration_date,offence,victim_sex,offender_sex,attempted,mo,place_type,channel,offender_pseudo" >f }
		# modus operandi codes, as in real data, for a few phenomena only
		p = int(rand() * nl) % nl
		printf "N%09d,%d,%04d-%02d-%02d,%04d-%02d-%02d,%s,%s,%s,%d,%s,%s,%s,%s\n", i,
		    10001 + c, int(m / 12), m % 12 + 1, d, int(r / 12), r % 12 + 1, d,
		    label[p], (rand() < 0.5 ? "F" : "M"), (rand() < 0.7 ? "M" : "F"),
		    rand() < 0.1, (p % 15 == 0 && rand() < 0.6 ? "MO" p "-" int(rand() * 12) : ""),
		    place[1 + int(rand() * 6)], channel[1 + int(rand() * 4)],
		    (rand() < 0.3 ? "A" z "-" int(rand() * 5000) : "") >>f
	}
}'
size=$(du -sm "$work/in" | cut -f1)
echo "national layout: 185 zones, 581 communes, 150 phenomena; $((per_year * 10)) incidents over 10 years in 185 extracts (${size} MiB)"

# stage NAME DB ARGS...: time one command, keep its wall time and peak RSS.
stage() {
	local name=$1; shift
	local t0 t1
	t0=$(now)
	/usr/bin/time -f '%M' -o "$work/mem" "$@" >"$work/log" 2>&1 || { cat "$work/log" >&2; exit 1; }
	t1=$(now)
	awk -v n="$name" -v a="$t0" -v b="$t1" -v m="$(cat "$work/mem")" \
	    'BEGIN { printf "  %-10s %7.2f s  %6.0f MiB\n", n, b - a, m / 1024 }' | tee -a "$work/times"
}
echo "national:"
stage ingest "$suivi" ingest --db "$work/n.db" --create --reference "$ref" "$work"/in/*.csv
stage aggregate "$suivi" aggregate --db "$work/n.db" --reference "$ref"
stage report "$suivi" report --db "$work/n.db" --reference "$ref" --out "$work/nout"

echo "Brussels sample (8 years, 6 zones, 19 communes):"
"$suivi" sample --out "$work/s" >/dev/null 2>&1
stage ingest "$suivi" ingest --db "$work/b.db" --create $(cd "$work" && ls s/[0-9]*/*.csv | sort -V | sed "s|^|$work/|")
stage aggregate "$suivi" aggregate --db "$work/b.db"
stage report "$suivi" report --db "$work/b.db" --out "$work/bout"
awk '{ t[NR] = $2; m[NR] = $4 } END {
	printf "ratios national / Brussels: ingest %.1fx time, aggregate %.1fx time %.1fx memory, report %.1fx time %.1fx memory\n",
	    t[1] / t[4], t[2] / t[5], m[2] / m[5], t[3] / t[6], m[3] / m[6] }' "$work/times"
