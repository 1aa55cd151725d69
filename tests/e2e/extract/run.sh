#!/bin/bash
# kharita extract end to end: JSON Lines in -> JSON Lines out. Offsets slice the original text
# to the reported surface, bad documents are rejected one by one with the rest processed,
# order is kept with -j, and the output is byte-identical from run to run.
cd "$(dirname "$0")/../../.."
KHARITA=${KHARITA:-./kharita}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

python3 - "$tmp" <<'PY'
import json, sys
tmp = sys.argv[1]
docs = [
    {"id": "a1", "date": "2018-03-12", "title": "قصف على دوما",
     "text": "قُتل ثمانية مدنيين بقصف جوي على مدينة دوما في الغوطة الشرقية، وأصيب آخرون في بلدة حرستا."},
    {"id": "a2", "date": None,
     "text": "وقال المرصد السوري لحقوق الإنسان إن اشتباكات عنيفة دارت في حي جوبر شرق دمشق."},
    {"id": "a3", "date": "2017-09-09",
     "text": "سيطرت قوات النظام على قرية الشولا في ريف دير الزور الغربي،\nوتقدمت نحو مدينة\nالميادين."},
    {"id": 44, "date": "2019-05-20T08:30:00Z",
     "text": "غارات روسية على بلدتي كفرنبودة والهبيط بريفي حماة الشمالي والغربي ومعرة النعمان جنوب إدلب."},
]
bad = [
    '{"id": "b-utf8", "date": null, "text": "حلب \xff\xfe"}',     # invalid UTF-8 (raw bytes)
    '{"id": "b-nul", "date": null, "text": "حلب\\u0000دمشق"}',   # NUL in the text
    '{"id": "b-json", "date": null, "text": "حلب',               # broken JSON
    '["not", "an", "object"]',
    '{"id": "b-notext", "date": null}',
    '{"id": "b-numtext", "date": null, "text": 12}',
    '{"id": "b-date", "date": "2019-02-30", "text": "في حلب"}',
]
with open(f"{tmp}/good.jsonl", "w", encoding="utf-8") as f:
    for d in docs:
        f.write(json.dumps(d, ensure_ascii=False) + "\n")
# write the mixed file explicitly: good, bad, good, bad, ... so order is checkable
lines = []
for i in range(max(len(docs), len(bad))):
    if i < len(docs):
        lines.append((json.dumps(docs[i], ensure_ascii=False)).encode())
    if i < len(bad):
        b = bad[i]
        if "\xff" in b:
            pre, post = b.split("\xff\xfe")
            lines.append(pre.encode() + b"\xff\xfe" + post.encode())
        else:
            lines.append(b.encode())
    if i == 1:
        lines.append(b"   ")      # a blank line is no document
with open(f"{tmp}/mixed.jsonl", "wb") as f:
    f.write(b"\n".join(lines) + b"\n")
# many documents for the -j order check
with open(f"{tmp}/many.jsonl", "w", encoding="utf-8") as f:
    for k in range(60):
        d = dict(docs[k % len(docs)])
        d["id"] = f"m{k:03d}"
        f.write(json.dumps(d, ensure_ascii=False) + "\n")
with open(f"{tmp}/report.txt", "w", encoding="utf-8") as f:
    f.write("\nاستشهد مدنيان في مدينة سرمين بريف إدلب الشرقي جراء قصف مدفعي.\n")
PY

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1"; }

# 1. every document gives one line, offsets slice the text to the surface
"$KHARITA" extract "$tmp/good.jsonl" > "$tmp/good.out" 2> "$tmp/good.err"; rc=$?
python3 - "$tmp/good.jsonl" "$tmp/good.out" <<'PY' && pass "offsets slice the original text to the surface" || fail "offsets slice the original text to the surface"
import json, sys
ins = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
outs = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
assert len(ins) == len(outs), (len(ins), len(outs))
n = 0
for i, o in zip(ins, outs):
    assert o["doc"] == str(i["id"]), (o["doc"], i["id"])
    raw = i["text"].encode("utf-8")
    for p in o["places"]:
        assert raw[p["start"]:p["end"]].decode("utf-8") == p["text"], p
        for k in ("id", "name_ar", "name_en", "kind", "admin1", "country", "lat", "lon"):
            assert k in p, (k, p)
        n += 1
    assert isinstance(o["events"], list)
assert n >= 10, n
PY
[ $rc -eq 0 ] && pass "clean input exits 0" || fail "clean input exits 0 (got $rc)"

python3 - "$tmp/good.out" <<'PY' && pass "places resolved in context" || fail "places resolved in context"
import json, sys
outs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
surf = lambda o: [(p["text"], p["kind"], p["country"]) for p in o["places"]]
a1, a2, a3, a4 = outs
assert ("دوما", "city", "SY") in surf(a1) or ("دوما", "town", "SY") in surf(a1), surf(a1)
assert a1["title"] == "قصف على دوما" and a1["date"] == "2018-03-12"
# the Observatory is an organisation, not Syria
assert all(p["kind"] != "country" for p in a2["places"]), surf(a2)
assert a2["date"] is None
# a governorate-wide countryside and a name across a line break
assert any(p["text"] == "ريف دير الزور الغربي" for p in a3["places"]), surf(a3)
assert any(p["text"] == "الميادين" for p in a3["places"]), surf(a3)
# the dual countryside is one mention; a date-time keeps its date; a numeric id is its text
assert any(p["text"] == "ريفي حماة الشمالي والغربي" for p in a4["places"]), surf(a4)
assert a4["doc"] == "44" and a4["date"] == "2019-05-20"
PY

# 2. bad documents are rejected one by one, the others processed in order
"$KHARITA" extract "$tmp/mixed.jsonl" > "$tmp/mixed.out" 2> "$tmp/mixed.err"; rc=$?
[ $rc -eq 1 ] && pass "rejected documents exit 1" || fail "rejected documents exit 1 (got $rc)"
grep -q "^kharita: extract: 11 documents read, 4 processed, 7 rejected$" "$tmp/mixed.err" \
    && pass "summary counts read, processed and rejected" || { fail "summary counts read, processed and rejected"; cat "$tmp/mixed.err"; }
python3 - "$tmp/mixed.err" "$tmp/mixed.out" "$tmp/good.out" <<'PY' && pass "each rejection names file, line, document and reason" || fail "each rejection names file, line, document and reason"
import re, sys
err = open(sys.argv[1], encoding="utf-8").read().splitlines()
want = [(2, "b-utf8", "UTF-8"), (4, "b-nul", "NUL"), (7, None, "JSON"), (9, None, "object"),
        (10, "b-notext", "text"), (11, "b-numtext", "text"), (12, "b-date", "date")]
rej = [l for l in err if not l.startswith("kharita: extract:")]
assert len(rej) == len(want), rej
for line, (ln, doc, why) in zip(rej, want):
    m = re.match(r"kharita: (\S+):(\d+): (.*)$", line)
    assert m and m.group(1).endswith("mixed.jsonl") and int(m.group(2)) == ln, (line, ln)
    if doc:
        assert f"document {doc}:" in m.group(3), line
    assert why.lower() in m.group(3).lower(), (line, why)
assert open(sys.argv[2], "rb").read() == open(sys.argv[3], "rb").read(), "good documents differ"
PY

# 3. the same output, byte for byte, on repeated runs and with -j 2
"$KHARITA" extract "$tmp/many.jsonl" > "$tmp/j1.out" 2>/dev/null
"$KHARITA" extract "$tmp/many.jsonl" > "$tmp/j1b.out" 2>/dev/null
"$KHARITA" extract -j 2 "$tmp/many.jsonl" > "$tmp/j2.out" 2>/dev/null
"$KHARITA" extract -j 3 "$tmp/mixed.jsonl" > "$tmp/j3mixed.out" 2> "$tmp/j3mixed.err"
cmp -s "$tmp/j1.out" "$tmp/j1b.out" && pass "repeated runs are byte-identical" || fail "repeated runs are byte-identical"
cmp -s "$tmp/j1.out" "$tmp/j2.out" && pass "-j 2 gives the same bytes in input order" || fail "-j 2 gives the same bytes in input order"
cmp -s "$tmp/mixed.out" "$tmp/j3mixed.out" && cmp -s "$tmp/mixed.err" "$tmp/j3mixed.err" \
    && pass "-j 3 reports rejections in input order" || fail "-j 3 reports rejections in input order"
python3 -c "
import json,sys
ids=[json.loads(l)['doc'] for l in open(sys.argv[1])]
assert ids==[f'm{k:03d}' for k in range(60)], ids[:5]" "$tmp/j2.out" && pass "-j 2 keeps the order of 60 documents" || fail "-j 2 keeps the order of 60 documents"

# 4. plain text from a file and from stdin, with --date; -o writes the file
"$KHARITA" extract --date 2021-08-11 -o "$tmp/report.out" "$tmp/report.txt" 2>/dev/null; rc=$?
python3 - "$tmp/report.txt" "$tmp/report.out" <<'PY' && [ $rc -eq 0 ] && pass "plain text file with --date and -o" || fail "plain text file with --date and -o"
import json, sys
raw = open(sys.argv[1], "rb").read()
o = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
assert len(o) == 1 and o[0]["doc"] == "report.txt" and o[0]["date"] == "2021-08-11", o
texts = [p["text"] for p in o[0]["places"]]
assert "سرمين" in texts, texts
for p in o[0]["places"]:
    assert raw[p["start"]:p["end"]].decode() == p["text"]
PY
"$KHARITA" extract < "$tmp/good.jsonl" > "$tmp/stdin.out" 2>/dev/null
cmp -s "$tmp/stdin.out" "$tmp/good.out" && pass "JSON Lines on stdin are recognised" || fail "JSON Lines on stdin are recognised"
"$KHARITA" extract --date 2021-08-11 - < "$tmp/report.txt" > "$tmp/stdin2.out" 2>/dev/null
python3 -c "
import json,sys
o=json.loads(open(sys.argv[1]).readline()); raw=open(sys.argv[2],'rb').read()
assert o['date']=='2021-08-11' and any(p['text']=='سرمين' for p in o['places'])
assert all(raw[p['start']:p['end']].decode()==p['text'] for p in o['places'])" "$tmp/stdin2.out" "$tmp/report.txt" \
    && pass "plain text on stdin keeps its offsets" || fail "plain text on stdin keeps its offsets"

printf '\xef\xbb\xbf{"id":"bom","text":"قصف على حلب"}\r\n' > "$tmp/bom.jsonl"
"$KHARITA" extract "$tmp/bom.jsonl" 2>/dev/null | python3 -c "
import json,sys
o=json.loads(sys.stdin.read()); assert o['doc']=='bom' and [p['text'] for p in o['places']]==['حلب'], o" \
    && pass "a byte-order mark and CRLF line ends are read" || fail "a byte-order mark and CRLF line ends are read"

# 5. a line over 64 MiB is rejected without stopping the rest
python3 - "$tmp/huge.jsonl" "$tmp/good.jsonl" <<'PY'
import sys
good = open(sys.argv[2], "rb").read()
with open(sys.argv[1], "wb") as f:
    f.write(good.splitlines()[0] + b"\n")
    f.write(b'{"id": "huge", "text": "' + b"a" * (65 << 20) + b'"}\n')
    f.write(good.splitlines()[1] + b"\n")
PY
"$KHARITA" extract "$tmp/huge.jsonl" > "$tmp/huge.out" 2> "$tmp/huge.err"; rc=$?
[ $rc -eq 1 ] && [ "$(wc -l < "$tmp/huge.out")" -eq 2 ] && grep -q "huge.jsonl:2: line of more than 64 MiB" "$tmp/huge.err" \
    && pass "a line over 64 MiB is rejected, the rest processed" || { fail "a line over 64 MiB is rejected, the rest processed"; cat "$tmp/huge.err"; }

# 6. usage errors and unreadable input
"$KHARITA" extract --format xml "$tmp/good.jsonl" > /dev/null 2>&1; [ $? -eq 2 ] && pass "a bad --format is a usage error" || fail "a bad --format is a usage error"
"$KHARITA" extract --date 2019-02-30 "$tmp/good.jsonl" > /dev/null 2>&1; [ $? -eq 2 ] && pass "an impossible --date is a usage error" || fail "an impossible --date is a usage error"
"$KHARITA" extract "$tmp/missing.jsonl" > /dev/null 2>&1; [ $? -eq 3 ] && pass "a missing input exits 3" || fail "a missing input exits 3"
"$KHARITA" extract --gazetteer "$tmp/good.jsonl" "$tmp/good.jsonl" > /dev/null 2>&1; [ $? -eq 4 ] && pass "a bad gazetteer exits 4" || fail "a bad gazetteer exits 4"
exit 0
