#!/bin/bash
# pipeline.sh DOCS DIR: every command that writes files, on documents whose ids look like paths
# ("../../x", "/tmp/x"), all outputs inside DIR. An id is data: it must never name a file.
set -u
docs=$1 dir=$2
mkdir -p "$dir"
"$K" extract -o "$dir/x.jsonl" "$docs" || exit 1
"$K" aggregate -s "$dir/s.gpkg" -o "$dir/places.geojson" "$dir/x.jsonl" || exit 1
"$K" export -s "$dir/s.gpkg" -o "$dir/events.geojson" || exit 1
"$K" export -s "$dir/s.gpkg" -l documents -o "$dir/documents.csv" || exit 1
"$K" map -o "$dir/map.svg" "$dir/x.jsonl" || exit 1
"$K" timelapse -j 1 --by month -o "$dir/frames" "$dir/s.gpkg" || exit 1
"$K" run -o "$dir/run" "$docs" > /dev/null || exit 1
