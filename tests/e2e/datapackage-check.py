#!/usr/bin/env python3
"""datapackage-check.py DIR [MIN_CELL] — check a data package on its own,
without suivi's code: the descriptor against the Frictionless Data Package
and Table Schema (v1) rules a validator applies, every CSV against its
schema, and, given MIN_CELL, an open-data release's promise that no small
count can be read from it.

Data Package / Table Schema rules checked: a JSON object with a valid
name and a non-empty resources array; each resource a unique valid name,
a relative path with no '..' to a file that exists, its bytes and its
sha256 hash as the descriptor says, a schema whose fields have unique
names and a known type; licenses with a name or path; contributors with
a title.  Each CSV: UTF-8, a header equal to the field names in order,
every row as wide, every value of its type (integer, number, yearmonth
YYYY-MM, string), required values present, enum values among theirs, the
primary key unique.

The release's own promise: a value is empty exactly when it is suppressed
or not delivered; no count (facts, by_sex, base, authors, figures) is
1 to MIN_CELL-1; and the attack a privacy officer found on the pages
(the victims' sex chart's X recovered as the share chart's base minus F
minus M) finds no small count.  Prints one line per failure; exits 1 on any.
"""
import csv
import hashlib
import json
import os
import re
import sys

TYPES = {"string", "number", "integer", "boolean", "object", "array", "date",
         "time", "datetime", "year", "yearmonth", "duration", "geopoint",
         "geojson", "any"}
NAME = re.compile(r"^[a-z0-9._-]+$")
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL " + msg)


def typed(value, ftype):
    if ftype == "integer":
        return re.fullmatch(r"-?\d+", value) is not None
    if ftype == "number":
        # Table Schema: a decimal with an optional exponent, or NaN, INF, -INF
        return re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?|NaN|-?INF",
                            value) is not None
    if ftype == "yearmonth":
        return re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value) is not None
    return True


def check_resource(root, res, names):
    name = res.get("name", "")
    if not NAME.match(name):
        fail("resource name %r is not lower-case letters, digits, . _ -" % name)
    if name in names:
        fail("resource name %r twice" % name)
    names.add(name)
    path = res.get("path", "")
    if not isinstance(path, str) or path.startswith("/") or ".." in path.split("/") \
            or "\\" in path or re.match(r"^[a-z]+:", path):
        fail("%s: path %r is not a safe relative path" % (name, path))
        return None
    full = os.path.join(root, path)
    if not os.path.isfile(full):
        fail("%s: %s does not exist" % (name, path))
        return None
    raw = open(full, "rb").read()
    if res.get("bytes") != len(raw):
        fail("%s: bytes %r, the file has %d" % (name, res.get("bytes"), len(raw)))
    h = res.get("hash", "")
    if h != "sha256:" + hashlib.sha256(raw).hexdigest():
        fail("%s: hash %r is not the file's" % (name, h))
    schema = res.get("schema")
    if res.get("profile") == "tabular-data-resource" and not isinstance(schema, dict):
        fail("%s: a tabular resource without a schema" % name)
        return None
    fields = schema.get("fields", [])
    fnames = [f.get("name") for f in fields]
    if not fields or len(set(fnames)) != len(fnames):
        fail("%s: fields missing or named twice" % name)
    for f in fields:
        if f.get("type", "string") not in TYPES:
            fail("%s: field %s has an unknown type %r" % (name, f.get("name"), f.get("type")))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        fail("%s: not UTF-8" % name)
        return None
    rows = list(csv.reader(text.splitlines()))
    if not rows or rows[0] != fnames:
        fail("%s: header %r is not the fields %r" % (name, rows[:1], fnames))
        return None
    missing = set(schema.get("missingValues", [""]))
    key = schema.get("primaryKey")
    keys = set()
    out = []
    for n, row in enumerate(rows[1:], start=2):
        if len(row) != len(fields):
            fail("%s:%d: %d cells for %d fields" % (name, n, len(row), len(fields)))
            continue
        rec = {}
        for f, v in zip(fields, row):
            c = f.get("constraints", {})
            if v in missing:
                if c.get("required"):
                    fail("%s:%d: %s is required" % (name, n, f["name"]))
                rec[f["name"]] = None
                continue
            if not typed(v, f.get("type", "string")):
                fail("%s:%d: %s %r is not a %s" % (name, n, f["name"], v, f.get("type")))
            if "enum" in c and v not in c["enum"]:
                fail("%s:%d: %s %r is not one of %r" % (name, n, f["name"], v, c["enum"]))
            rec[f["name"]] = v
        if key:
            k = tuple(rec.get(x) for x in ([key] if isinstance(key, str) else key))
            if k in keys:
                fail("%s:%d: primary key %r twice" % (name, n, k))
            keys.add(k)
        out.append(rec)
    return out


def main():
    root = sys.argv[1]
    min_cell = int(sys.argv[2]) if len(sys.argv) > 2 else None
    try:
        pkg = json.load(open(os.path.join(root, "datapackage.json"), encoding="utf-8"))
    except (OSError, ValueError) as err:
        fail("datapackage.json: %s" % err)
        return 1
    if not isinstance(pkg, dict) or not NAME.match(pkg.get("name", "")):
        fail("the package has no valid name")
    resources = pkg.get("resources")
    if not isinstance(resources, list) or not resources:
        fail("the package has no resources")
        return 1
    for lic in pkg.get("licenses", []):
        if not (lic.get("name") or lic.get("path")):
            fail("a licence with neither name nor path")
    for c in pkg.get("contributors", []):
        if not c.get("title"):
            fail("a contributor without a title")
    names, data = set(), {}
    for res in resources:
        data[res.get("name")] = check_resource(root, res, names) or []
    if min_cell is None:
        print("%d resources, %d rows checked" % (len(resources), sum(len(r) for r in data.values())))
        return 1 if failures else 0
    counts = {"facts", "by_sex", "base", "authors"}
    total = 0
    for name, rows in data.items():
        for r in rows:
            total += 1
            status, value = r.get("status"), r.get("value")
            if (value is None) != (status in ("suppressed", "not_delivered")):
                fail("%s: %r: a value must be empty exactly when suppressed or not delivered" % (name, r))
            if value is not None and (name == "figures" or r.get("series") in counts):
                v = float(value)
                if 1 <= v < min_cell:
                    fail("%s: %r: a small count published" % (name, r))
    # The pages' attack, on the release: X = base - F - M.
    titled = {r.get("title"): r.get("name") for r in resources}

    def by(name, series, part=None):
        return {(r["month"]): float(r["value"]) for r in data.get(name, [])
                if r.get("series") == series and (part is None or r.get("part") == part)
                and r.get("value") is not None}
    tried = 0
    for victims, share in ((titled.get("Violences dans le couple par sexe de la victime"),
                            titled.get("Part des femmes parmi les victimes (sexe connu)")),):
        if not victims or not share:
            fail("the release has no chart of partner violence by the victim's sex and its share")
            continue
        f, m, base = by(victims, "by_sex", "F"), by(victims, "by_sex", "M"), by(share, "base")
        for month in set(f) & set(m) & set(base):
            tried += 1
            x = base[month] - f[month] - m[month]
            if 1 <= x < min_cell:
                fail("%s: X recovered as %s's base - F - M = %g" % (month, share, x))
    print("%d resources, %d values checked; the base - F - M attack tried on %d months"
          % (len(resources), total, tried))
    return 1 if failures else 0


sys.exit(main())
