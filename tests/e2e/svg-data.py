#!/usr/bin/env python3
"""svg-data.py PAGE.html [MIN_CELL] — every mark a chart draws is a figure
its data file shows.

The attackers (charts-attack.R, datapackage-check.py) read each chart's
numbers from the CSV the page links to it, exactly.  This closes the gap
between that file and the picture: it reads every chart of the page back
from its SVG alone — the desk version, the phone version, and the file of
its own a report writes with --chart-files — as a reader with a ruler
would, and fails on any mark that is not a figure the file
shows for that month:

 - the axes from the charts' own tick labels (left and right scales; each
   panel of a small multiple apart, up to its border) and the time axis
   from its year (and month, quarter) labels, a month drawn at its 1st;
 - the marks: every vertex of a line or a band, every point, and the top
   of every bar, inside a panel;
 - a mark at month m and value v is accounted for when the file shows a
   figure (status shown or provisional) of month m within the drawing's
   resolution of v (a fiftieth of a pixel: the SVG's coordinates are
   rounded to a hundredth), as the file writes it (a chart drawn from
   finer figures than its file's would give them away); each plot is of
   one zone and draws one series or a few (unaccounted() says how many).

A mark no shown figure accounts for is something the picture gives and
the file does not: a suppressed count drawn, a base the file leaves out.
Charts without a numeric scale (the coverage grid) are not read; any
other chart none of whose marks can be read fails.

A chart's description (its <desc>, what a screen reader says) is read
too: each number in it is a year, a count of months, the "1 000" of a
rate, or a figure its data file shows.  Prints what it read; exits 1 on a
mark or a number unaccounted for.
"""
import csv
import datetime
import html
import os
import re
import sys

PAGE = sys.argv[1]
MIN_CELL = int(sys.argv[2]) if len(sys.argv) > 2 else 5
DIR = os.path.dirname(PAGE)
with open(PAGE, encoding="utf-8") as f:
    SOURCE = f.read()
LANG = re.search(r"<html lang=\"(\w+)\"", SOURCE).group(1)
EPOCH = datetime.date(1970, 1, 1).toordinal()
# months as the axes name them (French, Dutch, English), 1 to 12
MONTHS = {}
for names in (("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août",
               "sept.", "oct.", "nov.", "déc."),
              ("jan.", "feb.", "mrt.", "apr.", "mei", "jun.", "jul.", "aug.",
               "sep.", "okt.", "nov.", "dec."),
              ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
               "oct", "nov", "dec")):
    for i, n in enumerate(names):
        MONTHS[n] = i + 1

problems = []


def complain(*a):
    problems.append("".join(str(x) for x in a))


def number(s):
    """A number as the page's language writes it: '1 000' and '0,5' in
    French, '1.000' and '0,5' in Dutch, '1,000' and '0.5' in English; a
    percentage's number."""
    s = html.unescape(re.sub(r"<[^>]*>", "", s)).strip()
    s = re.sub(r"[\s\u00a0\u202f%]", "", s).replace("\u2212", "-")
    if LANG == "en":
        s = s.replace(",", "")
    else:
        s = s.replace(".", "").replace(",", ".")
    try:
        return float(s)
    except ValueError:
        return None


def days(y, m=1):
    """Days from 1970-01-01 to a month's 1st (gnuplot's time: a month of
    the data is its 1st)."""
    return datetime.date(y, m, 1).toordinal() - EPOCH


def month_at(d):
    """The month whose 1st is nearest to day d, and how far (days)."""
    y = datetime.date.fromordinal(int(d) + EPOCH).year
    best = min(((yy, mm) for yy in (y - 1, y, y + 1) for mm in range(1, 13)),
               key=lambda q: abs(d - days(*q)))
    return "%04d-%02d" % best, abs(d - days(*best))


def label_day(text, years):
    """Where a time-axis label stands, in days; a month named alone as
    (month, None); None if it is not a label of time.  A year stands where
    years says (the reader does not know which the chart uses and tries
    each): "jan", its 1st of January (gnuplot's yearly ticks, set xtics
    31557600, stand within a day of it; a phone's are set there); "dec",
    its 1st of December (a yearly figure's period).  A quarter "T3 2026"
    stands at its last month, a named month at its 1st."""
    if re.fullmatch(r"\d{4}", text):
        y = int(text)
        return days(y, 12 if years == "dec" else 1)
    m = re.fullmatch(r"[TKQ]([1-4]) (\d{4})", text)
    if m:
        return days(int(m.group(2)), 3 * int(m.group(1)))
    m = re.fullmatch(r"(\S+)(?: (\d{4}))?", text)
    if m and m.group(1).lower() in MONTHS:
        mo = MONTHS[m.group(1).lower()]
        return days(int(m.group(2)), mo) if m.group(2) else (mo, None)
    return None


def fit(p, v, within, units="p"):
    """The least-squares line v = a + b p, or None if a point lies further
    than within (in p's units, or v's) from it."""
    n = len(p)
    mp, mv = sum(p) / n, sum(v) / n
    b = sum((pi - mp) * (vi - mv) for pi, vi in zip(p, v)) / sum((pi - mp) ** 2 for pi in p)
    a = mv - b * mp
    if any(abs(a + b * pi - vi) > (abs(b) if units == "p" else 1) * within
           for pi, vi in zip(p, v)):
        return None
    return (a, b)


TICK = re.compile(
    r"d='M([\d.]+),([\d.]+) L([\d.]+),([\d.]+)\s*'/>\s*"
    r"<g transform=\"translate\(([\d.]+),([\d.]+)\)\"[^>]*text-anchor=\"(\w+)\">"
    r"\s*<text>([^<]*)</text>")
LABEL = re.compile(
    r"<g transform=\"translate\(([\d.]+),([\d.]+)\)\"[^>]*text-anchor=\"middle\">"
    r"\s*<text>([^<]*)</text>")
# the plot's border (left and bottom): M x0,top L x0,bottom L x1,bottom ...
BORDER = re.compile(r"d='M([\d.]+),([\d.]+) L\1,([\d.]+) L([\d.]+),\3 M\4,\2 M\1,\2\s*'")


def panels(svg, years):
    """The plot areas of a chart: left scale (and right scale), x extent,
    y extent (the border's: a mark above the highest tick is in it), time
    axis.  A small multiple has one per zone."""
    ticks = []
    for m in TICK.finditer(svg):
        x0, y0, x1, y1 = (float(m.group(i)) for i in range(1, 5))
        v = number(m.group(8))
        if v is None or abs(y0 - y1) > 0.01:
            continue
        ticks.append((m.group(7), x0, x1, y0, v))
    borders = {tuple(float(g) for g in m.groups()) for m in BORDER.finditer(svg)}
    out = []
    left = sorted({round(t[1], 2) for t in ticks if t[0] == "end"})
    for x0 in left:
        col = sorted((t for t in ticks if t[0] == "end" and round(t[1], 2) == x0),
                     key=lambda t: t[3])
        # a column of ticks splits into panels where it jumps
        groups, cur = [], [col[0]]
        for t in col[1:]:
            step = cur[-1][3] - cur[-2][3] if len(cur) >= 2 else None
            if step is not None and t[3] - cur[-1][3] > 1.5 * step:
                groups.append(cur)
                cur = [t]
            else:
                cur.append(t)
        groups.append(cur)
        for g in groups:
            if len(g) < 2:
                continue
            ys = [t[3] for t in g]
            scale = fit(ys, [t[4] for t in g], 0.02)
            if scale is None:
                complain("a scale that is not linear at x ", x0)
                continue
            box = [b for b in borders if abs(b[0] - x0) < 0.5 and
                   b[1] <= min(ys) + 0.5 and b[2] >= max(ys) - 0.5]
            if len(box) != 1:
                complain("a panel without its border at x ", x0)
                continue
            _, top, bottom, right = box[0]
            p = {"x0": x0, "x1": right, "top": top, "bottom": bottom, "y": scale}
            r = sorted((t for t in ticks if t[0] == "start" and abs(t[1] - right) < 1
                        and top - 0.5 <= t[3] <= bottom + 0.5), key=lambda t: t[3])
            if len(r) >= 2:
                p["y2"] = fit([t[3] for t in r], [t[4] for t in r], 0.02)
            out.append(p)
    for p in out:
        # the time axis: the labels below the panel and within it
        pts, named = [], []
        for m in LABEL.finditer(svg):
            x, y, text = float(m.group(1)), float(m.group(2)), html.unescape(m.group(3)).strip()
            if not (p["x0"] - 1 <= x <= p["x1"] + 1 and p["bottom"] < y < p["bottom"] + 40):
                continue
            d = label_day(text, years)
            if isinstance(d, tuple):
                named.append((x, d[0]))
            elif d is not None:
                pts.append((x, d))
        # a month named alone is of the year of the label before it
        for x, mo in sorted(named):
            before = [q for q in sorted(pts) if q[0] < x]
            if before:
                year = datetime.date.fromordinal(int(before[-1][1]) + 1 + EPOCH).year
                pts.append((x, days(year, mo)))
        pts.sort()
        p["x"] = fit([q[0] for q in pts], [q[1] for q in pts], 1.5, "v") if len(pts) >= 2 else None
    return [p for p in out if p["x"]]


def group_end(svg, start):
    """Where the <g> element opening at start closes."""
    depth = 0
    for m in re.compile(r"<g[ >]|</g>").finditer(svg, start):
        depth += -1 if m.group(0) == "</g>" else 1
        if depth == 0:
            return m.end()
    return len(svg)


def plots(svg):
    """Each plot of a chart: its legend and its marks (x, y, kind)."""
    starts = [m.start() for m in re.finditer(r"<g id=\"[^\"]*gnuplot_plot_\d+[a-z]?\"", svg)]
    for i, st in enumerate(starts):
        p = svg[st:group_end(svg, st)]
        legend = re.search(r"<text>([^<]*)</text>", p)
        legend = html.unescape(legend.group(1)) if legend else "(plot %d)" % (i + 1)
        marks = []
        # a plot of bars draws their outlines as paths: its bars say it
        for d in [] if "points = '" in p else re.findall(r"d='([^']*)'", p):
            for x, y in re.findall(r"[ML]([\d.]+),([\d.]+)", d):
                marks.append((float(x), float(y), "line"))
        for x, y in re.findall(r"<use [^>]*translate\(([\d.]+),([\d.]+)\)", p):
            marks.append((float(x), float(y), "point"))
        for pts in re.findall(r"points = '([^']*)'", p):
            v = [tuple(float(c) for c in q.split(",")) for q in pts.split()]
            xs = sorted({round(q[0], 2) for q in v})
            ys = sorted({round(q[1], 2) for q in v})
            if len(xs) < 2 or len(ys) < 2:
                continue        # clipped to nothing: no area, no figure
            if len(v) == 4 and len(xs) == 2 and len(ys) == 2:
                marks.append(((xs[0] + xs[1]) / 2, ys[0], "bar", ys[1]))
            else:
                marks.extend((q[0], q[1], "band") for q in v)
        yield legend, marks


def data_file(fid):
    """A chart's data file: its shown figures, month by month, each (key,
    value), key (series, part, zone); and the months it has any row for.
    A count the file hides may be marked on the chart as below the minimum
    cell: a box up to MIN_CELL - 0.5, an alarm in it at MIN_CELL / 2 (its
    place, not its count); those marks are figures of their own, series
    "<" (never a number a description may say).  None when there is no
    file."""
    path = os.path.join(DIR, "data", fid + ".csv")
    if not os.path.exists(path):
        return None
    shown, months = {}, set()
    with open(path, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            months.add(r["month"])
            if r["status"] in ("shown", "provisional") and r["value"] != "":
                shown.setdefault(r["month"], []).append(
                    ((r["series"], r["part"], r["zone"]), float(r["value"])))
            elif r["status"] == "suppressed" and r["series"] == "facts":
                shown.setdefault(r["month"], []).extend(
                    ((("<", r["part"], r["zone"]), MIN_CELL - 0.5),
                     (("<alarm", r["part"], r["zone"]), MIN_CELL / 2)))
    return shown, months


def marks_read(svg, years, months):
    """The marks of a chart's panels as a reader reads them: (plot, month,
    {axis: (value, tolerance)}), and the points between months."""
    ps = panels(svg, years)
    read, stray = [], []
    for legend, marks in plots(svg):
        for mk in marks:
            x, y, kind = mk[0], mk[1], mk[2]
            p = next((p for p in ps if p["x0"] - 0.5 <= x <= p["x1"] + 0.5
                      and p["top"] - 0.5 <= y <= p["bottom"] + 0.5), None)
            if p is None:
                continue        # the legend, the title: outside the plot
            if kind == "bar" and abs(y - p["top"]) < 0.6 and abs(mk[3] - p["bottom"]) < 0.6:
                continue        # shading the whole height: provisional months
            a, b = p["x"]
            month, off = month_at(a + b * x)
            if off > 2:
                # not at a month's 1st: a line clipped at the border, a
                # bar's corner, the shading's edge
                if kind == "point":
                    stray.append((legend, x))
                continue
            bottom = p["y"][0] + p["y"][1] * p["bottom"]
            if abs(y - p["top"]) < 0.02 or (kind in ("line", "band")
                                            and abs(y - p["bottom"]) < 0.02
                                            and bottom > abs(p["y"][1]) * 0.02):
                continue        # at the top or a bottom above 0: clipped
            if kind in ("line", "band") and month not in months and \
                    min(abs(x - p["x0"]), abs(x - p["x1"])) < 0.02:
                continue        # a line cut at the side, between two figures
            vals = {ax: (p[ax][0] + p[ax][1] * y, abs(p[ax][1]) * 0.02)
                    for ax in ("y", "y2") if p.get(ax)}
            read.append((legend, month, vals))
    return read, stray


def unaccounted(read, shown):
    """The marks no shown figure accounts for: each plot is of one zone
    (the one that accounts for most of its marks) and covered greedily by
    the fewest series, each of which must account for two of its marks not
    yet covered, or for 30 % of them (a band is two series, a nowcast's
    interval three; a series that would account only for a stray mark is
    a coincidence of values, not what the plot draws)."""
    out = []
    for legend in sorted({r[0] for r in read}):
        mine = [r for r in read if r[0] == legend]
        fits = [{(key, ax) for key, v in shown.get(month, ())
                 for ax, (val, tol) in vals.items() if abs(v - val) <= tol}
                for _, month, vals in mine]
        zones = {}
        for f in fits:
            for z in {k[0][2] for k in f}:
                zones[z] = zones.get(z, 0) + 1
        zone = max(sorted(zones), key=zones.get) if zones else None
        fits = [{k for k in f if k[0][2] == zone} for f in fits]
        left = set(range(len(mine)))
        while left:
            count = {}
            for j in left:
                for k in fits[j]:
                    count[k] = count.get(k, 0) + 1
            best = max(sorted(count), key=count.get) if count else None
            if best is None or (count[best] < 2 and count[best] < 0.3 * len(mine)):
                break
            left = {j for j in left if best not in fits[j]}
        out.extend((legend, zone) + mine[j][1:] for j in sorted(left))
    return out


def read_chart(fid, which, svg, data):
    """One SVG of a chart against its data file; returns the marks read.
    The time axis's years are read each way a chart may place them, and
    the reading that accounts for the most marks is the chart's."""
    best = None
    for years in ("jan", "dec"):
        read, stray = marks_read(svg, years, data[1])
        bad = unaccounted(read, data[0])
        score = (len(bad) + len(stray) - len(read), len(bad) + len(stray))
        if best is None or score < best[0]:
            best = (score, read, bad, stray)
    _, read, bad, stray = best
    for legend, x in stray:
        complain(fid, " (", which, ") ", legend, ": a point between months at x ", x)
    for legend, zone, month, vals in bad:
        complain(fid, " (", which, ", zone ", zone, ") ", legend, ", ", month, ": drawn at ",
                 " or ".join("%.2f (%s)" % (val, ax) for ax, (val, tol) in vals.items()),
                 ", which the data file does not show")
    return len(read)


# a number of a description that is not a figure: one a month's or a
# period's name comes before (a year), one that counts months, the 1 000 of
# a rate, the 5 of "<5"; a number inside a word ("4e", "Q3") is a period's
NOT_FIGURES = ("mois", "maand", "maanden", "derniers", "précédents", "daarvoor",
               "habitants", "inwoners", "months", "previous", "inhabitants")
BEFORE_YEARS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                "septembre", "octobre", "novembre", "décembre", "januari", "februari",
                "maart", "april", "mei", "juni", "juli", "augustus", "september",
                "oktober", "november", "december", "january", "february", "march",
                "may", "june", "july", "august", "october", "trimestre", "kwartaal")
NUMBER = re.compile(r"(\S*)\s?(?<![\w])(\d{1,3}(?:[\u202f\u00a0 .]\d{3})+(?:,\d+)?|\d+(?:,\d+)?)"
                    r"(?![\w])(?=(\s\S+)?)")


def read_desc(fid, fig, shown):
    """The numbers of a chart's descriptions; returns how many were read."""
    values = {round(v, 6) for figs in shown.values() for key, v in figs
              if not key[0].startswith("<")}
    n = 0
    for desc in re.findall(r"<desc>(.*?)</desc>", fig, re.S):
        text = html.unescape(desc)
        for m in NUMBER.finditer(text):
            after = (m.group(3) or "").strip().rstrip(".,;:").lower()
            before = re.sub(r"^[dl]['\u2019]", "", m.group(1).lower())   # d'octobre
            if before in BEFORE_YEARS or after in NOT_FIGURES:
                continue
            if m.group(1).endswith("<") and number(m.group(2)) == MIN_CELL:
                continue        # "<5": the mark of a small count, no figure
            n += 1
            v = number(m.group(2))
            if v is None or round(v, 6) not in values:
                complain(fid, ": its description says ", m.group(2).strip(),
                         ", which the data file does not show")
    return n


def main():
    page = SOURCE
    charts = read = said = files = 0
    for m in re.finditer(r"<figure id=\"(fig-\d+)\".*?</figure>", page, re.S):
        fid, fig = m.group(1), m.group(0)
        svgs = re.findall(r"<svg.*?</svg>", fig, re.S)
        if not svgs:
            continue
        data = data_file(fid)
        if data is None:
            complain(fid, ": a chart without its data file")
            continue
        # the chart's own file, where the report wrote one (--chart-files)
        svgs = list(zip(("desk", "phone"), svgs))
        alone = os.path.join(DIR, "charts", "%s.%s.svg" % (fid, LANG))
        if os.path.exists(alone):
            with open(alone, encoding="utf-8") as f:
                svgs.append(("file", f.read()))
            files += 1
            fig += svgs[-1][1]
        n = 0
        for which, svg in svgs:
            got = read_chart(fid, which, svg, data)
            # every chart with figures other than deliveries is read; one
            # whose axes or marks cannot be would pass unread
            if not got and any(key[0] != "delivered" for figs in data[0].values()
                               for key, _ in figs):
                complain(fid, " (", which, "): no mark could be read")
            n += got
        charts += n > 0
        read += n
        said += read_desc(fid, fig, data[0])
    print("%s: %d charts read back from their SVG (and %d files of their own), %d marks, "
          "and %d numbers from their descriptions; %d not a figure the data file shows"
          % (os.path.basename(PAGE), charts, files, read, said, len(problems)))
    for p in problems[:20]:
        print("  " + p)
    return 1 if problems else 0


sys.exit(main())
