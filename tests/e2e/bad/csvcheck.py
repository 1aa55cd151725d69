#!/usr/bin/env python3
"""csvcheck.py FILE: no cell of the CSV FILE starts with = + - @ (a spreadsheet would run it as
a formula), and the neutralised cells (a leading ') are there."""
import csv, sys

bad, neutralised = [], 0
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    for row in csv.reader(f):
        for cell in row:
            if cell[:1] in ("=", "+", "-", "@"):
                bad.append(cell)
            if cell[:2] in ("'=", "'+", "'-", "'@"):
                neutralised += 1
if bad:
    sys.exit("cells a spreadsheet would run: %r" % bad)
if neutralised < 4:
    sys.exit("expected 4 neutralised cells, found %d" % neutralised)
