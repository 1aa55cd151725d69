#!/bin/bash
# Table-driven sentence tests: every line of tests/cases/*.tsv goes through `kharita extract` and
# its casualty events are compared with the line's expectations; one PASS/FAIL line a sentence.
#
# A line is: TEXT <TAB> PUBLICATION-DATE (YYYY-MM-DD or -) <TAB> EXPECTED, where EXPECTED is
# "none" (no figure) or events separated by " ; ", each a list of KEY=VALUE:
#   k=30 / k=-      killed (- for null)            i=14 / i=-   injured
#   q=at_least      qualifier                      g=regime_forces   group ('_' for a space)
#   c=1 / c=0       cumulative                     d=2017-09-08 / d=-   event date
#   dp=week         date precision                 p=دير الزور  place surface (the place's text)
#   part=1          a part of another event        vague        an event without numbers
# Only the keys given are compared. An event must have k or i (or be "vague"); the events with
# numbers must be exactly the expected ones, in any order. A backslash-n in TEXT is a newline
# (a headline above its lead). Lines starting with # are comments.
set -u
cd "$(dirname "$0")/../.."
KHARITA=${KHARITA:-$PWD/out/kharita}
if ! command -v python3 >/dev/null; then
    echo "SKIP cases: python3 is missing"
    exit 0
fi
if ! "$KHARITA" extract --help >/dev/null 2>&1; then
    echo "FAIL cases: $KHARITA extract does not run"
    exit 1
fi
exec python3 - "$KHARITA" tests/cases/*.tsv <<'PY'
import json, subprocess, sys, unicodedata, re

kharita, files = sys.argv[1], sys.argv[2:]

def fold(s):
    s = unicodedata.normalize("NFKC", s or "")
    s = re.sub("[\u064b-\u065f\u0670\u0640]", "", s)
    s = re.sub("[أإآٱ]", "ا", s).replace("ى", "ي").replace("ة", "ه")
    return re.sub(r"\s+", " ", s).strip()

def parse_expect(spec):
    if spec.strip() == "none":
        return []
    events = []
    for part in spec.split(" ; "):
        e, last = {}, None
        for tok in part.split():
            if tok == "vague":
                e["vague"] = True
            elif "=" in tok:
                last, _, v = tok.partition("=")
                e[last] = v.replace("_", " ") if last == "g" else v
            elif last:
                e[last] += " " + tok        # p=دير الزور
        events.append(e)
    return events

def num(v):
    return None if v == "-" else int(v)

def matches(e, p):
    if e.get("vague"):
        if p.get("killed") is not None or p.get("injured") is not None:
            return False
    else:
        if num(e.get("k", "-")) != p.get("killed") or num(e.get("i", "-")) != p.get("injured"):
            return False
    if "q" in e and p.get("qualifier") != e["q"]:
        return False
    if "g" in e and (p.get("group") or "-") != e["g"]:
        return False
    if "c" in e and bool(p.get("cumulative")) != (e["c"] == "1"):
        return False
    if "d" in e and (p.get("date") or "-") != e["d"]:
        return False
    if "dp" in e and (p.get("date_precision") or "-") != e["dp"]:
        return False
    if "p" in e:
        place = (p.get("place") or {}).get("text")
        if e["p"] == "-":
            if place:
                return False
        elif not place or (fold(e["p"]) not in fold(place) and fold(place) not in fold(e["p"])):
            return False
    if "part" in e and ("part_of" in p) != (e["part"] == "1"):
        return False
    return True

def show(p):
    keys = ("killed", "injured", "qualifier", "group", "cumulative", "date", "date_precision")
    d = {k: p.get(k) for k in keys}
    d["place"] = (p.get("place") or {}).get("text")
    if "part_of" in p:
        d["part_of"] = p["part_of"]
    return json.dumps(d, ensure_ascii=False)

passed = failed = 0
for path in files:
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 3:
                print(f"FAIL {path}:{n}: needs TEXT, DATE and EXPECTED separated by tabs")
                failed += 1
                continue
            rows.append((n, cols[0].replace("\\n", "\n"), cols[1].strip(), parse_expect(cols[2])))
    docs = "".join(json.dumps({"id": f"{path}:{n}", "date": None if d in ("", "-") else d,
                               "text": t}, ensure_ascii=False) + "\n" for n, t, d, _ in rows)
    r = subprocess.run([kharita, "extract", "-"], input=docs, capture_output=True, text=True)
    out = {}
    for line in r.stdout.splitlines():
        if line.strip():
            o = json.loads(line)
            out[o["doc"]] = o
    for n, text, _, expect in rows:
        name = f"{path.split('tests/', 1)[-1]}:{n}"
        o = out.get(f"{path}:{n}")
        if o is None:
            print(f"FAIL {name}: no output (rejected?)")
            failed += 1
            continue
        preds = o.get("events") or []
        numeric = [p for p in preds if p.get("killed") is not None or p.get("injured") is not None]
        want_numeric = [e for e in expect if not e.get("vague")]
        ok = len(numeric) == len(want_numeric)
        used = set()
        for e in expect:
            pool = numeric if not e.get("vague") else preds
            hit = next((i for i, p in enumerate(pool)
                        if (id(p) not in used) and matches(e, p)), None)
            if hit is None:
                ok = False
            else:
                used.add(id(pool[hit]))
        if ok:
            print(f"PASS {name}")
            passed += 1
        else:
            failed += 1
            print(f"FAIL {name}: {text[:80]}")
            print(f"    expected: {expect}")
            for p in numeric or preds:
                print(f"    got:      {show(p)}")
print(f"cases: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
