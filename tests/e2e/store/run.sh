#!/bin/bash
# The event store: a GeoPackage with kharita's layers, updated incrementally (a document stored
# again replaces it), refused when foreign, untouched by failed runs.
. "$(dirname "$0")/../lib.sh"
cd "$R"
IN=$R/tests/e2e/aggregate/input.jsonl
UP=$R/tests/e2e/store/update.jsonl
count() { ogrinfo -so "$1" "$2" 2>/dev/null | sed -n 's/^Feature Count: //p'; }
sql() { ogrinfo -q "$1" -sql "$2" 2>/dev/null | sed -n 's/^  [a-z_]* ([A-Za-z0-9]*) = //p'; }
counts() { for l in events unlocated documents places_day places_week places_month; do printf '%s=%s ' $l "$(count "$1" $l)"; done; }
S=$T/k.gpkg

$K aggregate --store $S $IN > /dev/null 2>&1
check "store written despite rejected lines" test -f $S
check "store is a GeoPackage" sh -c "ogrinfo -so $S 2>/dev/null | grep -q \"using driver \\\`GPKG'\""
check "layer counts" test "$(counts $S)" = "events=10 unlocated=3 documents=5 places_day=7 places_week=7 places_month=6 "
check "events are EPSG:4326" sh -c "ogrinfo -so $S events | grep -q 'ID\[\"EPSG\",4326\]'"
check "event_date is a Date" sh -c "ogrinfo -so $S events | grep -q '^event_date: Date'"
check "period_start is a Date" sh -c "ogrinfo -so $S places_week | grep -q '^period_start: Date'"
check "points are lon/lat" test "$(sql $S "SELECT ST_X(geom) AS x FROM events WHERE event_id = 'sy-002#1'")" = 40.9181
check "spatial index answers" test "$(ogrinfo -q -spat 40 34 41 35 $S events 2>/dev/null | grep -c 'OGRFeature(events)')" = 1
check "Aleppo week total is the largest report" test "$(sql $S "SELECT killed FROM places_week WHERE place_id = 'gn:170063' AND period = '2018-W23'")" = 15
check "unlocated reasons" test "$(sql $S "SELECT group_concat(reason) AS r FROM (SELECT reason FROM unlocated ORDER BY reason)")" = "foreign,undated,unlocated"
check "running total kept as flagged event" test "$(sql $S "SELECT count(*) AS n FROM events WHERE cumulative = 1")" = 1
check "document status" test "$(sql $S "SELECT status FROM documents WHERE doc_id = 'sy-005'")" = no_events
check "no temporary files left" test "$(ls -A $T)" = k.gpkg

ogrinfo -al -q $S places_week > $T/before.txt 2>/dev/null
$K aggregate --store $S $IN > /dev/null 2>&1
ogrinfo -al -q $S places_week > $T/after.txt 2>/dev/null
check "storing the same documents again changes nothing" test "$(counts $S)" = "events=10 unlocated=3 documents=5 places_day=7 places_week=7 places_month=6 "
check "period layer identical after re-run" cmp -s $T/before.txt $T/after.txt

cat $IN $IN | $K aggregate --store $T/twice.gpkg --batch 3 > /dev/null 2>&1
check "a document twice in one input is stored once" test "$(counts $T/twice.gpkg)" = "events=10 unlocated=3 documents=5 places_day=7 places_week=7 places_month=6 "
cat $IN $IN | $K aggregate --store $T/twice.gpkg --batch 100 > /dev/null 2>&1
check "...also within one batch" test "$(counts $T/twice.gpkg)" = "events=10 unlocated=3 documents=5 places_day=7 places_week=7 places_month=6 "
rm -f $T/twice.gpkg

$K aggregate --store $S $UP > $T/up.jsonl 2>/dev/null
check "update exits 0" test $? -eq 0
check "replaced document's old events are gone" test "$(counts $S)" = "events=11 unlocated=0 documents=6 places_day=8 places_week=8 places_month=6 "
check "replaced figure is used" test "$(sql $S "SELECT killed FROM places_day WHERE place_id = 'gn:170063' AND period = '2018-06-07'")" = 18
check "new document's week added" test "$(sql $S "SELECT killed || '/' || injured AS v FROM places_week WHERE place_id = 'gn:170592' AND period = '2018-W24'")" = 9/4
check "period layers recomputed from all events" test "$(sql $S "SELECT sum(killed) AS k FROM places_month")" = 62

# Refusals: the file is left exactly as it was.
echo "not a geopackage" > $T/text.gpkg
cp $T/text.gpkg $T/text.orig
$K aggregate --store $T/text.gpkg $IN > /dev/null 2> $T/err
check "a non-GeoPackage store exits 5" test $? -eq 5
check "a non-GeoPackage store is untouched" cmp -s $T/text.gpkg $T/text.orig
check "a non-GeoPackage store is named" grep -q "text.gpkg: not a GeoPackage" $T/err
printf '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":1},"geometry":{"type":"Point","coordinates":[36,33]}}]}' > $T/other.geojson
ogr2ogr -f GPKG $T/other.gpkg $T/other.geojson 2>/dev/null
cp $T/other.gpkg $T/other.orig
$K aggregate --store $T/other.gpkg $IN > /dev/null 2> $T/err
check "a foreign GeoPackage exits 5" test $? -eq 5
check "a foreign GeoPackage is untouched" cmp -s $T/other.gpkg $T/other.orig
check "a foreign GeoPackage is explained" grep -q "without kharita's layers" $T/err

# A run that fails part way (an unreadable input after a good one) leaves the store as it was.
cp $S $T/k.orig
$K aggregate --store $S $UP $T/missing.jsonl > /dev/null 2>&1
check "unreadable input exits 3" test $? -eq 3
check "failed run leaves the store untouched" cmp -s $S $T/k.orig
check "failed run leaves no temporary files" test -z "$(ls -A $T | grep tmp)"

# A run killed part way leaves the store as it was; the next run clears its working copy.
cp $S $T/k.orig
mkfifo $T/fifo
$K aggregate --store $S --batch 1 < $T/fifo > /dev/null 2>&1 &
pid=$!
exec 3> $T/fifo
cat $UP >&3
for i in $(seq 300); do ls -A $T | grep -q '^\.k\.gpkg\.tmp-' && break; sleep 0.1; done
check "a run works on a copy" sh -c "ls -A $T | grep -q '^\.k\.gpkg\.tmp-'"
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
exec 3>&-
check "a killed run leaves the store untouched" cmp -s $S $T/k.orig
$K aggregate --store $S $UP > /dev/null 2>&1
check "the next run removes the killed run's copy" test -z "$(ls -A $T | grep tmp)"
rm -f $T/fifo $T/k.orig

# The default store lives in out/ under the current folder.
(cd $T && $K aggregate $IN > /dev/null 2>&1)
check "default store out/kharita.gpkg" test "$(count $T/out/kharita.gpkg events)" = 10
check "--no-store writes no store" sh -c "cd $T && rm -rf out && $K aggregate --no-store $IN >/dev/null 2>&1; test ! -e out"

# Rows of one layer are written one after another: a value of one never stays on the next.
cat > $T/rows.jsonl <<'JSON'
{"doc": "rows-1", "date": "2018-07-02", "events": [{"killed": 2, "date": "2018-07-01", "group": "civilians", "place": {"id": "x:beirut", "name_ar": "بيروت", "country": "LB", "lat": 33.8938, "lon": 35.5018}}, {"killed": 3, "date": "2018-07-01"}]}
{"doc": "rows-2", "date": "2018-07-03", "events": [{"killed": 4, "date": "2018-07-02", "place": {"id": "gn:170063", "name_ar": "حلب", "kind": "city", "lat": 36.2021, "lon": 37.1343}}, {"injured": 1, "date": "2018-07-02", "place": {"id": "gn:170063", "name_ar": "حلب", "kind": "city", "lat": 36.2021, "lon": 37.1343}}]}
JSON
$K aggregate --store $T/rows.gpkg $T/rows.jsonl > /dev/null 2>&1
check "an unlocated event after a foreign one has no lat/lon" \
    test "$(sql $T/rows.gpkg "SELECT coalesce(lat, 'null') || '/' || coalesce(group_name, 'null') AS v FROM unlocated WHERE event_id = 'rows-1#1'")" = null/null
check "an event after one with figures has only its own" \
    test "$(sql $T/rows.gpkg "SELECT coalesce(killed, 'null') || '/' || coalesce(injured, 'null') AS v FROM events WHERE event_id = 'rows-2#1'")" = null/1
