#!/bin/bash
# kharita sources: every event of the store at a place, with its words and document, read by
# any spelling of the place; totals equal to what the place-day layer (the map) counts.
. "$(dirname "$0")/../lib.sh"
cd "$T"
"$K" run -o run --no-map "$R/examples/sample.jsonl" > /dev/null 2>&1
S=run/kharita.gpkg
sqlv() { ogrinfo -ro -q "$S" -sql "$1" 2>/dev/null | sed -n 's/^ *[a-z_]* ([A-Za-z0-9]*) = //p' | head -n 1; }
pid=$(sqlv "SELECT place_id FROM events WHERE name_ar = 'دوما' LIMIT 1")

"$K" sources --store $S دوما > ar.out 2> ar.err
check "sources of a place: exit 0" test $? -eq 0
n_store=$(sqlv "SELECT COUNT(*) AS n FROM events WHERE place_id = '$pid'")
n_shown=$(grep -c '^      «' ar.out)
check "every event of the place is listed with its words ($n_shown of $n_store)" \
    test "$n_shown" = "$n_store" -a "$n_store" -gt 1
k_map=$(sqlv "SELECT SUM(killed) AS k FROM places_day WHERE place_id = '$pid'")
check "the total is what the place-day layer counts ($k_map killed)" \
    grep -q "the map counts $k_map killed" ar.out
check "parts of a total are marked" grep -q '\[part of a total\]' ar.out
check "each figure names its document and title" grep -q '^      sample-001, 2018-03-05: ' ar.out

"$K" sources --store $S Duma > en.out 2>/dev/null
check "the English name lists the same events" cmp -s ar.out en.out
"$K" sources --store $S "$pid" > id.out 2>/dev/null
check "so does the place id" cmp -s ar.out id.out

"$K" sources --store $S --json دوما > j.out 2>/dev/null
check "--json: one valid object per event, with evidence and document" python3 -c '
import json, sys
rows = [json.loads(l) for l in open("j.out")]
assert len(rows) == int(sys.argv[1]), len(rows)
assert all(r["evidence"] and r["doc_id"] and r["place_id"] == sys.argv[2] for r in rows)
assert any(r["part_of_total"] for r in rows)
' "$n_store" "$pid"

"$K" sources --store $S هجين > all.out 2>/dev/null
"$K" sources --store $S --from 2018-04-01 --to 2018-05-31 هجين > d.out 2>/dev/null
check "--from/--to keep only those days" \
    sh -c "grep -q '^  2018-03-' all.out && grep -q '^  2018-05-' all.out && ! grep -q '^  2018-03-' d.out && grep -q '^  2018-05-' d.out"
"$K" sources --store $S --from 2018-13-01 دوما > /dev/null 2> bad.err
check "a bad date: exit 2 and what it should be" sh -c "test $? -eq 2 && grep -q 'YYYY-MM-DD' bad.err"
"$K" sources --store nostore.gpkg دوما > /dev/null 2> no.err
check "a missing store: exit 3" test $? -eq 3
"$K" sources --store $S "بلدة لا وجود لها" > none.out 2> none.err
check "a place without events: exit 0, said so" sh -c "test $? -eq 0 && grep -q 'no events' none.err && test ! -s none.out"
"$K" sources --store $S > /dev/null 2>&1
check "no place: usage error" test $? -eq 2
