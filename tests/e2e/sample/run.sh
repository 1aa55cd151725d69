#!/bin/bash
# The main job on the bundled sample: `kharita run` reproduces the weekly totals planted in
# examples/README.md ("Expected aggregate") — duplicates once, running totals not added,
# foreign and national figures left out.
cd "$(dirname "$0")/../../.."
KHARITA=${KHARITA:-out/kharita}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! "$KHARITA" run --no-map -o "$tmp" examples/sample.jsonl > "$tmp/stdout" 2> "$tmp/stderr"; then
    echo "FAIL sample: kharita run exited $?: $(tail -n 3 "$tmp/stderr")"
    exit 1
fi
grep -q "48 documents read, 48 processed, 0 rejected" "$tmp/stderr" \
    && echo "PASS sample: every document processed" \
    || echo "FAIL sample: accounting line missing or wrong: $(grep documents "$tmp/stderr")"
python3 - examples/README.md "$tmp/places_week.geojson" <<'PY'
import json, re, sys
def fold(s):
    s = re.sub("[\u064b-\u0652\u0640]", "", s)
    for a, b in (("أإآ", "ا"), ("ى", "ي"), ("ة", "ه")):
        s = re.sub("[" + a + "]", b, s)
    s = re.sub(r"^(حي|مخيم|مدينة|مدينه) ", "", s)
    s = re.sub(r"^ال", "", s)
    return s.replace(" ", "")
expected = {}
on = False
for line in open(sys.argv[1], encoding="utf-8"):
    if line.startswith("### Expected aggregate"):
        on = True
    elif on and line.startswith("## "):
        break
    elif on and line.startswith("| ") and not line.startswith("| place"):
        f = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(f) >= 3 and re.match(r"\d{4}-W\d\d", f[1]):
            expected[(fold(f[0]), f[1])] = (f[0], int(f[2]))
got = {}
for feat in json.load(open(sys.argv[2], encoding="utf-8"))["features"]:
    p = feat["properties"]
    key = (fold(p["name_ar"]), p["period"])
    got[key] = got.get(key, 0) + (p.get("killed") or 0)
hits = 0
for key, (name, killed) in sorted(expected.items(), key=lambda kv: kv[0][1]):
    if got.get(key) == killed:
        hits += 1
    else:
        print("  %s %s: expected %d killed, got %s" % (key[1], name, killed, got.get(key)))
extra = [k for k, v in got.items() if k not in expected and v > 0]
for k in extra:
    print("  %s %s: %d killed not among the planted facts" % (k[1], k[0], got[k]))
n = len(expected)
ok = n > 0 and hits >= 0.85 * n and len(extra) <= 0.15 * n
print("%s sample: %d of %d planted place-week totals reproduced exactly, %d unexpected"
      % ("PASS" if ok else "FAIL", hits, n, len(extra)))
PY
