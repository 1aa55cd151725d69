#!/bin/bash
# The same input gives the same bytes: extract JSON Lines (run twice, and on 1 and 2 threads),
# the GeoJSON and CSV exports, the SVG and PNG maps, and the GeoPackage's content (compared as
# `ogrinfo -al -q` text, since SQLite pages may differ) — for stores built in separate runs,
# from extract output made with -j 1 and with -j 2.
set -u
. "$(dirname "$0")/../lib.sh"
cd "$T"
same() {   # same NAME FILE1 FILE2
    if [ -s "$2" ] && cmp -s "$2" "$3"; then
        echo "PASS determinism $1"
    else
        echo "FAIL determinism $1: $2 and $3 differ (or are empty)"
        diff <(head -c 200000 "$2") <(head -c 200000 "$3") | head -n 8 | cut -c1-200 | sed 's/^/    /'
    fi
}

# a larger input than the sample: the sample twice, the second time under other ids and dates
python3 - "$R/examples/sample.jsonl" <<'PY'
import json, sys
docs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
with open("in.jsonl", "w", encoding="utf-8") as f:
    for d in docs:
        f.write(json.dumps(d, ensure_ascii=False) + "\n")
    for d in docs:
        e = dict(d, id=d["id"] + "-b")
        if e.get("date"):
            e["date"] = "2017" + e["date"][4:] if not e["date"].endswith("02-29") else e["date"]
        f.write(json.dumps(e, ensure_ascii=False) + "\n")
PY

for run in 1 2; do
    mkdir "r$run"
    "$K" extract in.jsonl > "r$run/x1.jsonl" 2>/dev/null
    "$K" extract -j 2 in.jsonl > "r$run/x2.jsonl" 2>/dev/null
    x=r$run/x$run.jsonl     # the first run's store from -j 1 output, the second's from -j 2
    "$K" aggregate -s "r$run/k.gpkg" --by week "$x" > "r$run/cells.jsonl" 2>/dev/null
    "$K" aggregate -s "r$run/k.gpkg" --by month "$x" > /dev/null 2>&1   # an update in place
    for l in events places_week places_month documents unlocated; do
        "$K" export -s "r$run/k.gpkg" -l "$l" -o "r$run/$l.geojson" 2>/dev/null
    done
    "$K" export -s "r$run/k.gpkg" -l documents -o "r$run/documents.csv" 2>/dev/null
    "$K" map -o "r$run/map.svg" --lang both "r$run/k.gpkg" 2>/dev/null
    "$K" map -o "r$run/map.png" "r$run/k.gpkg" 2>/dev/null
    "$K" map -o "r$run/jsonl.svg" "$x" 2>/dev/null
    ogrinfo -al -q "r$run/k.gpkg" > "r$run/k.ogrinfo" 2>&1
done

same "extract twice" r1/x1.jsonl r2/x1.jsonl
same "extract -j 2 twice" r1/x2.jsonl r2/x2.jsonl
same "extract -j 1 and -j 2" r1/x1.jsonl r1/x2.jsonl
same "aggregate totals" r1/cells.jsonl r2/cells.jsonl
same "GeoPackage content (ogrinfo -al -q)" r1/k.ogrinfo r2/k.ogrinfo
for l in events places_week places_month documents unlocated; do
    same "GeoJSON export of $l" "r1/$l.geojson" "r2/$l.geojson"
done
same "CSV export of documents" r1/documents.csv r2/documents.csv
same "SVG map of the store" r1/map.svg r2/map.svg
same "PNG map of the store" r1/map.png r2/map.png
same "SVG map of extract output" r1/jsonl.svg r2/jsonl.svg

# the same store whether documents arrive in one batch or in several, in another order
tac r1/x1.jsonl > rev.jsonl
"$K" aggregate -s rev.gpkg --by week --batch 7 rev.jsonl > /dev/null 2>&1
"$K" aggregate -s rev.gpkg --by month rev.jsonl > /dev/null 2>&1
for l in places_week places_month; do
    "$K" export -s rev.gpkg -l "$l" -o "rev-$l.geojson" 2>/dev/null
    same "GeoJSON export of $l, documents in reverse order and small batches" \
        "r1/$l.geojson" "rev-$l.geojson"
done
# events and documents keep the order they arrived in: the same features, in another order
for l in events documents; do
    "$K" export -s rev.gpkg -l "$l" -o "rev-$l.geojson" 2>/dev/null
    sed "s/,$//" "r1/$l.geojson" | sort > "r1-$l.sorted"
    sed "s/,$//" "rev-$l.geojson" | sort > "rev-$l.sorted"
    same "GeoJSON export of $l, documents in reverse order and small batches (as sets)" \
        "r1-$l.sorted" "rev-$l.sorted"
done
exit 0
