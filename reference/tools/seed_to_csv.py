#!/usr/bin/env python3
"""Maintainer tool: derive reference/axes.csv and reference/measures.csv from
the plan's measures table (reference/tools/plan-measures.txt, tab-separated,
HTML markup, as the region published it).

Not used at build or run time; the CSV files it writes are committed and are
what analysts edit.  Re-run it only when the plan itself changes:

    python3 reference/tools/seed_to_csv.py reference/tools/plan-measures.txt reference/
"""
import csv, html, re, sys

PILLARS = {"Prévention": "prevention", "Réaction": "reaction", "Suivi": "suivi"}
SUBTHEMES = {"Sécurité routière": "road_safety", "Transports en commun": "public_transport",
             "Fraude": "fraud", "Cybercriminalité": "cybercrime"}

def text(cell):
    s = re.sub(r"<[^>]+>", " ", cell)
    s = html.unescape(s).replace("\u2019", "'")
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"\s+([,.)])", r"\1", s)        # "haine , sensibiliser" -> "haine, sensibiliser"
    s = re.sub(r"\b([dlDL]') ", r"\1", s)      # "l' image" -> "l'image"
    return re.sub(r"\( ", "(", s)

def short_title(body):
    body = re.sub(r"^M\d+\.\d+\s*:?\s*", "", body).strip(" :")
    clause = re.split(r"\s[;:]\s|\s*;\s*$|\s:$", body)[0].strip()
    if len(clause) <= 110:
        return clause
    cut = clause[:110].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"

def main(seed, outdir):
    rows = [l.split("\t") for l in open(seed, encoding="utf-8").read().split("\n")]
    axes, measures = [], []
    axis = pillar = sub = None
    for cols in rows:
        c0 = text(cols[0]) if cols else ""
        body = text(cols[1]) if len(cols) > 1 else ""
        partners = text(cols[2]) if len(cols) > 2 else ""
        m = re.match(r"^(\d+)\.\s*(.+)$", c0)
        if m and not body:
            axis, pillar, sub = int(m.group(1)), None, None
            axes.append((axis, m.group(2)))
            continue
        if c0 in SUBTHEMES:
            sub = SUBTHEMES[c0]
            continue
        if c0 in PILLARS:
            pillar = PILLARS[c0]
        mm = re.match(r"^(M\d+\.\d+)\b", body)
        if mm:
            measures.append({"measure": mm.group(1), "axis": axis, "pillar": pillar,
                             "subtheme": sub or "", "title": short_title(body),
                             "text": body, "partners": partners})
        elif body and measures:       # a sub-bullet row continues the measure above
            last = measures[-1]
            last["text"] += " " + body
            if partners and partners not in last["partners"]:
                last["partners"] = (last["partners"] + ", " + partners).strip(", ")
    with open(f"{outdir}/axes.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["axis", "title_fr"])
        w.writerows(axes)
    with open(f"{outdir}/measures.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, ["measure", "axis", "pillar", "subtheme", "title", "text", "partners"],
                           lineterminator="\n")
        w.writeheader()
        w.writerows(measures)
    by = {}
    for m in measures:
        by[m["pillar"]] = by.get(m["pillar"], 0) + 1
    print(len(axes), "axes,", len(measures), "measures,", by, file=sys.stderr)

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
