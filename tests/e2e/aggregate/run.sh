#!/bin/bash
# kharita aggregate: totals per place and period from extract output (JSON Lines on stdout or
# a GDAL layer), malformed lines reported as FILE:LINE, exit codes.
. "$(dirname "$0")/../lib.sh"
cd "$R"
D=tests/e2e/aggregate

$K aggregate --no-store --by week $D/input.jsonl > $T/week.jsonl 2> $T/err; rc=$?
check "rejected lines exit 1" test $rc -eq 1
check "weekly totals as expected" cmp -s $T/week.jsonl $D/expected.week.jsonl
check "bad date reported as FILE:LINE" grep -q "^kharita: $D/input.jsonl:5: \"date\" '2018-02-30' is not a date" $T/err
check "invalid JSON reported as FILE:LINE" grep -q "^kharita: $D/input.jsonl:6: invalid JSON" $T/err
check "summary counts unmapped events" grep -q "not mapped: 1 unlocated, 1 undated, 1 foreign" $T/err
check "summary counts kept-apart figures" grep -q "kept apart: 1 running totals, 1 parts of totals" $T/err
check "summary counts repeated reports" grep -q "1 repeated reports counted once; 2 lines rejected" $T/err

$K aggregate --no-store --by month $D/input.jsonl > $T/month.jsonl 2>/dev/null
check "monthly totals as expected" cmp -s $T/month.jsonl $D/expected.month.jsonl

$K aggregate --no-store < $D/input.jsonl > $T/stdin.jsonl 2>/dev/null
check "reads stdin, by week by default" cmp -s $T/stdin.jsonl $D/expected.week.jsonl

# The same document twice counts once: max of equal figures.
cat $D/input.jsonl $D/input.jsonl | $K aggregate --no-store > $T/twice.jsonl 2>/dev/null
check "the same input twice gives the same totals" cmp -s $T/twice.jsonl $D/expected.week.jsonl

$K aggregate --no-store --count-cumulative --by day $D/input.jsonl 2>/dev/null |
    grep '"gn:170063"' | grep -q '"period":"2018-06-07".*"killed":312,'
check "--count-cumulative adds running totals (12+300 in one report > 15)" test $? -eq 0

$K aggregate --no-store --by week -o $T/week.geojson $D/input.jsonl 2>/dev/null
check "-o writes a GeoJSON layer" test "$(ogrinfo -so $T/week.geojson places_week 2>/dev/null | sed -n 's/^Feature Count: //p')" = 7
check "-o layer has Date periods" grep -q '"period_start": "2018-06-04"' $T/week.geojson
$K aggregate --no-store --by day -o $T/day.csv $D/input.jsonl 2>/dev/null
check "-o CSV has a .csvt" grep -q '^CoordX,CoordY,String' $T/day.csvt

$K aggregate --no-store --by year $D/input.jsonl > /dev/null 2>&1
check "unknown period is a usage error" test $? -eq 2
$K aggregate --no-store -o $T/x.nosuchformat $D/input.jsonl > /dev/null 2>&1
check "unknown output format is a usage error" test $? -eq 2
$K aggregate --no-store $T/missing.jsonl > /dev/null 2> $T/err
check "unreadable input exits 3" test $? -eq 3
check "unreadable input is named" grep -q "missing.jsonl: cannot open" $T/err
$K aggregate --help | grep -q -- '--count-cumulative'
check "--help lists the options" test $? -eq 0

# A line over 64 MiB is rejected unread, like extract's, and the next one is counted.
{ printf '{"doc":"huge","title":"'; head -c $((65 << 20)) /dev/zero | tr '\0' x; printf '"}\n'
  sed -n 1p $D/input.jsonl; } > $T/huge.jsonl
$K aggregate --no-store $T/huge.jsonl > /dev/null 2> $T/err
check "a line over 64 MiB exits 1" test $? -eq 1
check "a line over 64 MiB is named" grep -q "huge.jsonl:1: line of more than 64 MiB" $T/err
check "the line after it is read" grep -q "2 documents read, 1 processed, 1 rejected" $T/err
rm -f $T/huge.jsonl
# A last line without its newline is read; a bare value on it is no document.
{ sed -n 1p $D/input.jsonl; printf '12'; } | $K aggregate --no-store > /dev/null 2> $T/err
check "a last line without newline is read" grep -q "stdin:2: not a JSON object" $T/err
