#!/bin/bash
# Seed corpora for the fuzz targets, from the sentence tables (tests/cases/*.tsv), the sample
# corpus, the curated gazetteer and small valid files: seeds.sh OUT CORPUS_DIR.
# Existing corpus files are kept (the fuzzers add what they find); seeds are rewritten.
set -eu
cd "$(dirname "$0")/../.."
OUT=$1
C=$2
K=$OUT/kharita
mkdir -p "$C"/{text,jsonl,numbers,dates,gaz_source,gaz_index,gaz_import,agg_doc,map_data}

python3 - "$C" tests/cases/*.tsv <<'PY'
import json, os, sys
c, files = sys.argv[1], sys.argv[2:]
n = 0
def put(target, name, data):
    with open(os.path.join(c, target, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
for path in files:
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        text = cols[0].replace("\\n", "\n")
        date = cols[1] if len(cols) > 1 and cols[1] != "-" else "2018-03-05"
        n += 1
        put("text", "seed-%04d" % n, text)
        put("dates", "seed-%04d" % n, date + "\n" + text)
        put("jsonl", "seed-%04d" % n,
            json.dumps({"id": "c%d" % n, "date": date, "text": text}, ensure_ascii=False) + "\n")
        # the figures: the words around the first digit or number word
        words = text.split()
        put("numbers", "seed-%04d" % n, " ".join(words[:6]))
for i, s in enumerate(["ثلاثة وعشرون", "1,200", "خمسة آلاف", "مئة وخمسون", "عشرات",
                       "ما لا يقل عن 40", "قتيلين", "١٢", "ألفان", "ثلاثمئة وأربعة عشر",
                       "999999999999999999999 قتيل", "أحد عناصر", "واحد من", "30 على الأقل"]):
    put("numbers", "words-%02d" % i, s)
PY

# whole JSON lines of the sample corpus, and a few lines of everything together
split -l 1 -d -a 3 examples/sample.jsonl "$C/jsonl/sample-"
head -n 3 examples/sample.jsonl > "$C/jsonl/sample-lines"
printf '{"id":"x","text":"قتل 3 في حلب"}\n\n{"id":7,"date":null,"text":"x"}\r\n[1]\n{"text":1}\n' \
    > "$C/jsonl/mixed"

# extract output (what the aggregate reader reads)
for f in tests/e2e/aggregate/input.jsonl tests/e2e/map/extract.jsonl; do
    [ -f "$f" ] && split -l 1 -d -a 3 "$f" "$C/agg_doc/$(basename "$(dirname "$f")")-"
done
"$K" extract examples/sample.jsonl 2>/dev/null | split -l 1 -d -a 3 - "$C/agg_doc/sample-"

# what maps read: extract output, several lines at once, and GeoJSON of the store's layers
"$K" extract examples/sample.jsonl 2>/dev/null | split -l 6 -d -a 2 - "$C/map_data/sample-"
for f in tests/e2e/map/events.geojson; do [ -f "$f" ] && cp "$f" "$C/map_data/events.geojson"; done

# gazetteer source rows: the start of each curated table, and the import test's expectations
for f in gazetteer/curated/*.tsv tests/e2e/gazetteer_import/expected_*.tsv; do
    [ -f "$f" ] && head -n 12 "$f" > "$C/gaz_source/$(basename "$f")"
done

# GeoNames dumps, with and without alternate names
g=tests/e2e/gazetteer_import
if [ -f $g/geonames_sample.txt ]; then
    cp $g/geonames_sample.txt "$C/gaz_import/geonames"
    { cat $g/geonames_sample.txt; echo '#ALT'; cat $g/alternateNames_sample.txt; } \
        > "$C/gaz_import/geonames-alt"
fi
# OCHA p-code tables and plain point tables (CSV through GDAL)
if [ -f $g/ocha_sample.csv ]; then
    { echo '#OCHA'; cat $g/ocha_sample.csv; } > "$C/gaz_import/ocha"
    { echo '#OGR'; echo 'name,name_ar,latitude,longitude'; echo 'Darayya,داريا,33.458,36.236';
      echo 'x,,91,200'; } > "$C/gaz_import/ogr"
fi

# a small compiled index, and a truncated one
small=$(mktemp -d)
trap 'rm -rf "$small"' EXIT
head -n 25 gazetteer/curated/localities.tsv > "$small/s.tsv"
"$K" gazetteer build -o "$C/gaz_index/small.khg" "$small/s.tsv" >/dev/null 2>&1 ||
    echo "seeds: could not build the small index" >&2
head -n 4 gazetteer/curated/admin.tsv > "$small/t.tsv"
"$K" gazetteer build -o "$C/gaz_index/tiny.khg" "$small/t.tsv" >/dev/null 2>&1 || true
[ -f "$C/gaz_index/small.khg" ] && head -c 200 "$C/gaz_index/small.khg" > "$C/gaz_index/truncated"
echo "seeds: $(find "$C" -type f | wc -l) files in $C"
