#!/bin/bash
# kharita export: every store layer through GDAL (GeoJSON RFC 7946, CSV + .csvt, GPKG,
# FlatGeobuf, KML), checked with ogrinfo and, when python3-qgis is there, opened in QGIS.
. "$(dirname "$0")/../lib.sh"
cd "$R"
IN=$R/tests/e2e/aggregate/input.jsonl
QC=$R/tests/e2e/export/qgis_check.py
count() { ogrinfo -so -al "$1" 2>/dev/null | sed -n 's/^Feature Count: //p' | head -n 1; }
S=$T/k.gpkg
$K aggregate --store $S $IN > /dev/null 2>&1

declare -A N=([events]=10 [places_day]=7 [places_week]=7 [places_month]=6 [documents]=5 [unlocated]=3)
declare -A DATE=([events]=event_date [places_day]=period_start [places_week]=period_start
                 [places_month]=period_start [documents]=pub_date [unlocated]=event_date)
for layer in events places_day places_week places_month documents unlocated; do
    for ext in geojson csv gpkg fgb kml; do
        f=$T/$layer.$ext
        if [ $ext = fgb ] && { [ $layer = documents ] || [ $layer = unlocated ]; }; then
            $K export --store $S --layer $layer -o $f > /dev/null 2>&1
            check "$layer.fgb refused: FlatGeobuf needs geometry" test $? -eq 2
            continue
        fi
        $K export --store $S --layer $layer -o $f 2> $T/err
        rc=$?
        check "$layer.$ext written" test $rc -eq 0
        check "$layer.$ext has ${N[$layer]} features" test "$(count $f)" = "${N[$layer]}"
    done
    d=${DATE[$layer]}
    for ext in geojson csv gpkg; do
        check "$layer.$ext: $d is a Date" sh -c "ogrinfo -so -al $T/$layer.$ext 2>/dev/null | grep -q '^$d: Date'"
    done
    check "$layer.csv has a .csvt" test -s $T/$layer.csvt
    check "$layer.csvt types $d as Date" sh -c "head -c 2000 $T/$layer.csv | head -n 1 | tr ',' '\n' > $T/h; tr ',' '\n' < $T/$layer.csvt > $T/t; paste -d' ' $T/h $T/t | grep -qx '$d Date'"
done

# GeoJSON is RFC 7946: lon/lat, no crs member, 6 decimals at most.
G=$T/events.geojson
check "GeoJSON has no crs member" sh -c "! grep -q '\"crs\"' $G"
check "GeoJSON coordinates are lon, lat" grep -q '"coordinates": \[ 37.1343, 36.2021 \]' $G
check "GeoJSON dates are ISO" grep -q '"event_date": "2018-06-07"' $G
check "GeoJSON keeps Arabic as UTF-8" grep -q '"name_ar": "البوكمال"' $G
check "GeoPackage output is EPSG:4326" sh -c "ogrinfo -so $T/events.gpkg events | grep -q 'ID\[\"EPSG\",4326\]'"
check "GeoJSON output is EPSG:4326" sh -c "ogrinfo -so $G events | grep -q 'ID\[\"EPSG\",4326\]'"

# CSV: X,Y columns, ISO dates, formulas neutralised.
C=$T/events.csv
check "CSV starts with X,Y" sh -c "head -n 1 $C | grep -q '^X,Y,event_id,doc_id,event_date,'"
check "CSV dates are ISO" grep -q '^37.1343,36.2021,sy-001#0,sy-001,2018-06-07,' $C
check "CSV neutralises =formulas" grep -q "\"'=HYPERLINK(\"\"http://x\"\")\"" $T/documents.csv
check "CSV neutralises -cells" grep -q ",'-rebels," $T/places_week.csv
check "CSV neutralises @cells" grep -q ",'@civil defence," $T/places_week.csv
check "GeoJSON keeps values as they are" grep -q '"group_name": "-rebels"' $T/events.geojson

# Filters by date.
$K export --store $S --from 2018-06-01 --to 2018-06-30 -o $T/june.geojson 2>/dev/null
check "--from/--to filter events" test "$(count $T/june.geojson)" = 6
$K export --store $S --layer places_week --from 2018-06-01 --to 2018-06-30 -o $T/june_w.csv 2>/dev/null
check "--from/--to keep overlapping weeks" test "$(count $T/june_w.csv)" = 3
$K export --store $S --layer documents --from 2018-06-01 -o $T/june_d.geojson 2>/dev/null
check "--from filters documents by pub_date" test "$(count $T/june_d.geojson)" = 4
$K export --store $S --layer unlocated --to 2018-06-30 -o $T/un.geojson 2>/dev/null
check "--to filters unlocated by event_date" test "$(count $T/un.geojson)" = 2

# Formats by name, stdout, and errors.
$K export --store $S --format GeoJSONSeq -o $T/ev.txt 2>/dev/null
check "--format names any GDAL driver" test "$(wc -l < $T/ev.txt)" = 10
$K export --store $S -o - 2>/dev/null | grep -q '"type": "FeatureCollection"'
check "-o - writes GeoJSON to stdout" test $? -eq 0
echo old > $T/keep.geojson
$K export --store $S --layer nosuch -o $T/keep.geojson > /dev/null 2>&1
check "unknown layer is a usage error" test $? -eq 2
$K export --store $S --from 2018-13-01 -o $T/keep.geojson > /dev/null 2>&1
check "bad date is a usage error" test $? -eq 2
$K export --store $S --format NoSuchDriver -o $T/keep.geojson > /dev/null 2>&1
check "unknown format is a usage error" test $? -eq 2
$K export --store $T/missing.gpkg -o $T/keep.geojson > /dev/null 2>&1
check "missing store exits 3" test $? -eq 3
echo "not a geopackage" > $T/text.gpkg
$K export --store $T/text.gpkg -o $T/keep.geojson > /dev/null 2>&1
check "non-GeoPackage store exits 3" test $? -eq 3
check "failed exports leave the old output" test "$(cat $T/keep.geojson)" = old
$K export --store $S -o $T/no/such/dir/x.geojson > /dev/null 2>&1
check "unwritable output exits 5" test $? -eq 5
check "no temporary files left" test -z "$(ls -A $T | grep tmp)"

# QGIS, headless: valid layers, counts, CRS, Date fields.
PY=
for p in /usr/bin/python3 python3; do
    if "$p" -c 'import qgis.core' > /dev/null 2>&1; then PY=$p; break; fi
done
if [ -z "$PY" ]; then
    echo "SKIP qgis: python3-qgis is not installed (apt-get install python3-qgis); QGIS checks skipped"
else
    export XDG_RUNTIME_DIR=$T/xdg QT_QPA_PLATFORM=offscreen
    mkdir -p -m 700 $XDG_RUNTIME_DIR
    args=()
    for layer in events places_week documents; do
        for ext in geojson csv gpkg; do
            uri=$T/$layer.$ext
            [ $ext = gpkg ] && uri="$uri|layername=$layer"
            args+=("$uri" "${N[$layer]}" "${DATE[$layer]}")
        done
    done
    args+=("$S|layername=events" 10 event_date "$S|layername=places_month" 6 period_start)
    "$PY" $QC "${args[@]}" 2>/dev/null
    # the default style QGIS loads: a .qml beside file layers, layer_styles in a GeoPackage;
    # a user's own .qml beside an output is left as it is
    mkdir -p $T/own && echo '<qgis/>' > $T/own/events.qml
    $K export --store $S --layer events -o $T/own/events.geojson 2>/dev/null
    check "a user's own .qml beside the output is kept" test "$(cat $T/own/events.qml)" = '<qgis/>'
    "$PY" $QC --styled $T/events.geojson "$T/events.gpkg|layername=events" $T/places_week.geojson \
        "$S|layername=events" "$S|layername=places_month" \
        --unstyled $T/own/events.geojson 2>/dev/null
fi
mkdir -p $T/plain
$K export --store $S --layer events -o $T/plain/events.csv 2>/dev/null
$K export --store $S --layer documents -o $T/plain/documents.geojson 2>/dev/null
$K export --store $S --layer events -o $T/plain/styled.geojson 2>/dev/null
check "a QGIS style beside point layers with figures, none for CSV or documents" \
    test -e $T/plain/styled.qml -a ! -e $T/plain/events.qml -a ! -e $T/plain/documents.qml
