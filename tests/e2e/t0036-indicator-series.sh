#!/bin/bash
# The month-by-month series the report's indicator charts draw
# (indicator_month, `export --what series`) are aggregate's, computed from
# its counts in memory.  Here they are computed again in SQL straight from
# the incidents, and agree row for row: shares, breakdowns by sex, the mix
# of modus operandi and the authors involved more than once.  Then the
# report draws its charts from them, and a chart that cannot find its
# series says so instead of drawing nothing silently.
. "$(dirname "$0")/lib.sh"

"$SUIVI" sample --out s --from 2020-01 --to 2026-10 --scale 0.15 2>/dev/null
(cd s && "$SUIVI" ingest --db ../t.db --create $(ls [0-9]*/*.csv | sort -V) 2>/dev/null)
check_exit 0 "aggregate writes the series" "$SUIVI" aggregate --db t.db
"$SUIVI" export --db t.db --what series >got.csv
check "the export has its columns" sh -c 'head -n 1 got.csv | grep -qx "indicator,part,month,n,base"'

# The phenomena of each indicator, its facts by month of facts up to the
# month under review, and each kind of series from them.
sqlite3 -list -separator , t.db >want.csv <<'EOF'
CREATE TEMP TABLE members AS
  SELECT d.indicator, pm.phenomenon FROM indicator_def d
    JOIN phenomenon_measure pm ON pm.measure = d.measure
    WHERE ' ' || d.phenomena || ' ' LIKE '% measure %'
  UNION SELECT d.indicator, p.code FROM indicator_def d
    JOIN phenomenon p ON p.police_on_web = 1
    WHERE ' ' || d.phenomena || ' ' LIKE '% pow %'
  UNION SELECT d.indicator, j.value FROM indicator_def d,
    json_each('["' || replace(d.phenomena, ' ', '","') || '"]') j
    WHERE j.value NOT IN ('measure', 'pow', 'all');
CREATE TEMP TABLE t AS SELECT through, through / 100 * 12 + through % 100 - 1
  AS ti FROM aggregate_run ORDER BY id DESC LIMIT 1;
CREATE TEMP TABLE f AS
  SELECT m.indicator, i.date_fact / 100 AS month,
    i.date_fact / 10000 * 12 + i.date_fact / 100 % 100 - 1 AS mi,
    i.victim_sex, i.author_sex, i.channel, i.place_type, i.modus_operandi
    AS mo, c.zone, i.author_ref
  FROM incident i JOIN label r ON r.id = i.label
  JOIN label_map l ON l.raw = r.text
  JOIN members m ON m.phenomenon = l.phenomenon
  JOIN commune c ON c.nis = i.commune
  JOIN indicator_def d ON d.indicator = m.indicator
  WHERE d.kind IN ('share', 'repeat') OR d.breakdown IN ('victim_sex',
    'author_sex');
DELETE FROM f WHERE mi > (SELECT ti FROM t);
CREATE TEMP TABLE want(indicator, part, month, n, base);
-- shares with a filter (or none): numerator and base
INSERT INTO want SELECT f.indicator, '', month,
    sum(CASE d.filter WHEN 'victim_sex=F' THEN victim_sex = 1
      WHEN 'channel=police_on_web' THEN channel = 'police_on_web'
      WHEN 'place_type=public_transport' THEN place_type = 'public_transport'
      ELSE 1 END),
    sum(CASE d.filter WHEN 'victim_sex=F' THEN victim_sex IS NOT NULL
      ELSE 1 END)
  FROM f JOIN indicator_def d ON d.indicator = f.indicator
  WHERE d.kind = 'share' AND d.breakdown NOT IN ('modus_operandi',
    'victim_sex', 'author_sex')
  GROUP BY 1, 3;
-- breakdowns by sex: each sex's facts, and all of them
INSERT INTO want SELECT f.indicator, s.word, month,
    sum(coalesce(CASE d.breakdown WHEN 'victim_sex' THEN victim_sex
      ELSE author_sex END, 0) = s.v), count(*)
  FROM f JOIN indicator_def d ON d.indicator = f.indicator,
    (SELECT 0 AS v, 'unknown' AS word UNION SELECT 1, 'F' UNION
     SELECT 2, 'M' UNION SELECT 3, 'X') s
  WHERE d.breakdown IN ('victim_sex', 'author_sex')
  GROUP BY 1, 2, 3;
-- the mix of modus operandi over the last five years
INSERT INTO want SELECT f.indicator, mo, month, count(*),
    (SELECT count(*) FROM f g WHERE g.indicator = f.indicator AND
      g.month = f.month AND g.mo IS NOT NULL)
  FROM f JOIN indicator_def d ON d.indicator = f.indicator
  WHERE d.breakdown = 'modus_operandi' AND mo IS NOT NULL AND
    mi > (SELECT ti FROM t) - 60
  GROUP BY 1, 2, 3;
-- the authors of the 12 months to each of the last 36, by zone
WITH RECURSIVE ends(e) AS (SELECT ti - 35 FROM t UNION ALL
    SELECT e + 1 FROM ends WHERE e < (SELECT ti FROM t)),
  a AS (SELECT f.indicator, e, zone, author_ref, count(*) AS c
    FROM f JOIN indicator_def d ON d.indicator = f.indicator, ends
    WHERE d.kind = 'repeat' AND author_ref IS NOT NULL AND
      mi BETWEEN e - 11 AND e
    GROUP BY 1, 2, 3, 4)
INSERT INTO want SELECT indicator, '', e / 12 * 100 + e % 12 + 1,
    sum(c > 1), count(*) FROM a GROUP BY 1, 3;
SELECT indicator, part, printf('%04d-%02d', month / 100, month % 100), n,
  base FROM want WHERE base > 0 ORDER BY 1, 2, 3;
EOF
# aggregate writes every month of a share or sex series, zeros too
awk -F, 'NR > 1 && $5 > 0' got.csv >got-nonzero.csv
check "SQL from the incidents gives series for every kind" sh -c 'test "$(cut -d, -f1 want.csv | sort -u | wc -l)" -ge 6'
check "aggregate's series agree with them, row for row" diff want.csv got-nonzero.csv
check "the repeat series covers the last 36 months" test "$(grep -c '^repeat_authors_12m,' got.csv)" -eq 36
check "the mix covers the last 60 months" sh -c 'test "$(grep "^burglary_modus_mix," got.csv | cut -d, -f3 | sort -u | wc -l)" -eq 60'

# The report draws the indicator charts from them.
check_exit 0 "the report is written" "$SUIVI" report --db t.db --out out
check "the pages have the share, the mix, the repeat and the sex charts" sh -c 'for l in fr nl; do for w in "Police on Web" "Porte forcée\|Deur geforceerd" "12 mois\|12 maanden" "victime\|slachtoffer"; do grep -q "$w" out/2026-10/report.$l.html || exit 1; done; done'
sqlite3 t.db "DELETE FROM indicator_month WHERE indicator = 'police_on_web_share'"
check_exit 0 "without its series, the report still comes out" "$SUIVI" report --db t.db --out out2
check "... saying the chart could not be drawn, on standard error" grep -q "police_on_web_share: no month to draw" "$WORK/last.err"
check "... standard output keeping to the pages' paths" sh -c '! grep -v "/report\.\(fr\|nl\)\.html$" "$0"' "$WORK/last.out"
finish
