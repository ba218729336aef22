#!/usr/bin/env python3
# chart-descs.py PAGE — the descriptions of a French page's charts of
# parts (by sex, a share and its base) against the data each links: the
# description of the chart, and of its phone version (its last 24 months),
# must say how many of the months it shows the data hide (status
# "suppressed" in a part that is not left out whole), months not
# delivered apart.  Prints each disagreement; exits 1 on any, or when the
# page has no such chart.
import csv, os, re, sys

page = sys.argv[1]
html = open(page, encoding="utf-8").read()
PHONE_MONTHS = 24   # reports/charts.h: CHART_PHONE_MONTHS


def said(desc):
    if "Un mois n&#39;y est pas montré" in desc:
        return 1
    m = re.search(r"(\d+) mois n&#39;y sont pas montrés", desc)
    return int(m.group(1)) if m else 0


bad = checked = 0
for fig, body in re.findall(r'<figure id="(fig-\d+)">(.*?)</figure>', html, re.S):
    data = os.path.join(os.path.dirname(page), "data", fig + ".csv")
    descs = re.findall(r"<desc>([^<]*)</desc>", body)
    if len(descs) != 2 or not os.path.exists(data):
        continue
    rows = list(csv.DictReader(open(data, encoding="utf-8")))
    if not rows or rows[0]["series"] not in ("by_sex", "share", "base"):
        continue
    parts = {}
    for r in rows:
        parts.setdefault((r["series"], r["part"]), []).append(r["status"])
    left_out = {k for k, v in parts.items() if all(s == "suppressed" for s in v)}
    months = sorted({r["month"] for r in rows})
    lost = {r["month"] for r in rows if r["status"] == "suppressed"
            and (r["series"], r["part"]) not in left_out}
    want = (len(lost), len(lost & set(months[-PHONE_MONTHS:])))
    got = (said(descs[0]), said(descs[1]))
    checked += 1
    if want != got:
        bad += 1
        print(f"{fig}: the data hide {want[0]} months, {want[1]} of the last "
              f"{PHONE_MONTHS}; the descriptions say {got[0]} and {got[1]}")
print(f"{checked} charts of parts, {bad} with a wrong description")
sys.exit(1 if bad or not checked else 0)
