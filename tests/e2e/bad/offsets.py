#!/usr/bin/env python3
"""offsets.py FILE OUT NAME: the extract output OUT of FILE (one document) has a place NAME
whose byte offsets slice FILE's bytes to exactly NAME (offsets count a byte-order mark too)."""
import json, sys

path, out, name = sys.argv[1:4]
raw = open(path, "rb").read()
doc = json.loads(open(out, encoding="utf-8").readline())
hits = [p for p in doc["places"] if p["text"] == name]
if not hits:
    sys.exit("no place %s in %s" % (name, out))
for p in hits:
    got = raw[p["start"]:p["end"]].decode("utf-8")
    if got != name:
        sys.exit("offsets [%d, %d) give %r, not %r" % (p["start"], p["end"], got, name))
