#!/bin/bash
# kharita map: a golden image, SVG structure and text, PDF, every input kind, and bad input
# (clear messages, valid "no events" maps, never a half-written image).
# After a deliberate change of the map's look, renew the golden image with
#   KHARITA_UPDATE_GOLDEN=1 tests/e2e/map/run.sh
. "$(dirname "$0")/../lib.sh"
cd "$R"
D=tests/e2e/map

ok() { if [ "$1" = 0 ]; then echo "PASS $2"; else echo "FAIL $2"; fi; }
# text of the SVG's searchable copy of the labels
svgtext() { xmllint --xpath "//*[local-name()='g'][@id='kharita-text']/*[local-name()='text']" "$1" 2>/dev/null; }

# ---- golden image (PNG by pixel difference within a tolerance)
$K map $D/events.geojson -o $T/map.png --size 512x384 --dpi 48 --lang en 2>$T/err
rc=$?
if [ -n "$KHARITA_UPDATE_GOLDEN" ] && [ $rc = 0 ]; then cp $T/map.png $D/golden.png; fi
python3 $D/pngdiff.py $D/golden.png $T/map.png
ok $? "png map matches the golden image within 0.5% of pixels"

# ---- SVG: well-formed, labels as text, escaping, legend values
title='Killed <"north"> & south'
$K map $D/events.geojson -o $T/map.svg --lang both --title "$title" 2>$T/err
ok $? "svg map is written"
xmllint --noout $T/map.svg 2>$T/xml
ok $? "svg is well-formed XML"
[ "$(xmllint --xpath "string(//*[local-name()='svg']/*[local-name()='title'])" $T/map.svg)" = "$title" ]
ok $? "svg title round-trips < > & \" through XML escaping"
grep -q '&lt;&quot;north&quot;&gt; &amp; south' $T/map.svg
ok $? "svg escapes the title's < > & \""
svgtext $T/map.svg > $T/labels
grep -q '>معرة النعمان 26' $T/labels && grep -q 'Maarat al-Numan' $T/labels && grep -q 'البوكمال 50' $T/labels
ok $? "svg has Arabic and English place labels as text"
grep -q 'Yarmouk &amp; Hajar al-Aswad' $T/labels
ok $? "svg escapes & in place names"
grep -q '>50</text>' $T/labels && grep -q '>10</text>' $T/labels && grep -q '>2</text>' $T/labels
ok $? "legend shows reference sizes 50, 10, 2 (largest 50 killed)"
grep -q 'direction="rtl">البوكمال' $T/labels
ok $? "Arabic labels are marked right-to-left"

# ---- PDF
$K map $D/events.geojson -o $T/map.pdf 2>$T/err && [ "$(head -c 5 $T/map.pdf)" = "%PDF-" ]
ok $? "pdf map is written"

# ---- every input kind: store-like GeoPackage, extract JSON Lines, stdin
ogr2ogr -f GPKG $T/store.gpkg $D/events.geojson -nln events 2>/dev/null
$K map --store $T/store.gpkg -o $T/store.svg --lang en 2>$T/err && svgtext $T/store.svg | grep -q 'Al-Bukamal 50'
ok $? "reads the events layer of a GeoPackage store"
$K map $D/extract.jsonl -o $T/jsonl.svg 2>$T/err
rc=$?
[ $rc = 1 ] && grep -q 'extract.jsonl:3: ' $T/err && [ -s $T/jsonl.svg ]
ok $? "extract JSONL: a malformed line is reported with its line number, exit 1, map still drawn"
svgtext $T/jsonl.svg | grep -q 'معرة النعمان 11<'
ok $? "extract JSONL: two reports of one place and day count once, running totals are not added"
$K map - -o $T/stdin.svg --lang en < $D/events.geojson 2>$T/err && svgtext $T/stdin.svg | grep -q 'Douma'
ok $? "reads GeoJSON from stdin"

# ---- filters and extents
$K map $D/events.geojson -o $T/sdf.svg --group sdf --lang en 2>$T/err
svgtext $T/sdf.svg > $T/l
grep -q 'Manbij 4' $T/l && ! grep -q 'Douma' $T/l
ok $? "--group keeps only that group (case-insensitive)"
$K map $D/events.geojson -o $T/inset.svg --lang en 2>$T/err && svgtext $T/inset.svg > $T/l
grep -q '>Damascus and its countryside<' $T/l && grep -q '>Douma 24<' $T/l
ok $? "--inset auto: crowded Damascus places get an enlarged inset with their labels"
[ "$(grep -c '>Douma 24<' $T/l)" = 1 ]
ok $? "a place in the inset is labelled once (in the inset, not also on the main map)"
$K map $D/events.geojson -o $T/noinset.svg --lang en --inset none 2>$T/err &&
    ! svgtext $T/noinset.svg | grep -q 'Damascus and its countryside'
ok $? "--inset none: no inset"
$K map $D/events.geojson -o $T/x.svg --inset mars 2>$T/err
[ $? = 2 ] && grep -q -- "--inset takes auto, none or damascus" $T/err
ok $? "--inset with an unknown value: exit 2 and what it takes"
$K map $D/events.geojson -o $T/groups.svg --color group 2>$T/err && svgtext $T/groups.svg > $T/l
grep -q '>مدنيون<' $T/l && grep -q '>قسد<' $T/l && ! grep -q '>civilians<' $T/l
ok $? "--color group: an Arabic map names the groups in Arabic in its legend"
$K map $D/events.geojson -o $T/groups-both.svg --color group --lang both 2>$T/err
svgtext $T/groups-both.svg | grep -q '>مدنيون / civilians<'
ok $? "--color group --lang both: the legend gives both names"
$K map $D/events.geojson -o $T/week.svg --from 2018-05-21 --to 2018-05-27 --lang en 2>$T/err
grep -q '21–27 May 2018 · 41 killed · 67 injured' <(svgtext $T/week.svg)
ok $? "--from/--to: the subtitle has the period and its totals"
$K map $D/events.geojson -o $T/part.svg --extent 35.5,32.5,37.5,34.5 --lang en 2>$T/err
rc=$?
[ $rc = 0 ] && grep -q 'outside the map' $T/err && svgtext $T/part.svg | grep -q 'outside this map'
ok $? "places outside the extent: a warning and a note on the map"

# ---- empty period: a valid map that says so, in Arabic and English
$K map $D/events.geojson -o $T/empty.svg --from 2019-01-01 --to 2019-01-31 --lang both 2>$T/err
rc=$?
[ $rc = 0 ] && grep -q 'no events' $T/err && xmllint --noout $T/empty.svg &&
    svgtext $T/empty.svg | grep -q 'لا أحداث في هذه الفترة' && svgtext $T/empty.svg | grep -q 'No events in this period'
ok $? "an empty period gives a valid map saying 'no events' in Arabic and English"

# ---- bad input: clear messages, nothing half-written
$K map $T/missing.geojson -o $T/x.png 2>$T/err
rc=$?
[ $rc = 3 ] && grep -q 'missing.geojson: cannot open' $T/err && [ ! -e $T/x.png ]
ok $? "missing input: exit 3 and a message"
echo 'this is not a map' > $T/bad.geojson
echo old > $T/keep.png
$K map $D/events.geojson -o $T/keep.png --admin-layer $T/bad.geojson 2>$T/err
rc=$?
[ $rc = 3 ] && grep -q 'bad.geojson: cannot read' $T/err && [ "$(cat $T/keep.png)" = old ]
ok $? "unreadable admin layer: exit 3, the old image stays as it was"
$K map $D/events.geojson -o $T/adm.png --admin-layer out/share/kharita/basemaps/governorates.geojson --admin-name nope 2>$T/err
[ $? = 2 ] && grep -q "no field 'nope'" $T/err
ok $? "unknown --admin-name field: exit 2 and a message"
$K map $D/events.geojson -o $T/adm.svg --admin-layer out/share/kharita/basemaps/governorates.geojson --admin-name pcode --inset none 2>$T/err &&
    svgtext $T/adm.svg | grep -q '>SY04<'
ok $? "--admin-layer/--admin-name label the user's areas"
$K map $D/events.geojson -o $T/map.jpg 2>$T/err
[ $? = 2 ] && grep -q '.png, .svg or .pdf' $T/err
ok $? "unknown image extension: exit 2"
$K map $D/events.geojson -o $T/no/such/dir/map.png 2>$T/err
[ $? = 5 ] && grep -q 'map.png' $T/err
ok $? "unwritable output: exit 5"
ls -a $T | grep -q '\.tmp-' && echo "FAIL no temporary files are left behind" || echo "PASS no temporary files are left behind"
$K map $D/events.geojson -o $T/x.png --size 10x10 2>$T/err
[ $? = 2 ] && grep -q -- '--size' $T/err
ok $? "bad --size: exit 2"

# no fonts at all: a clear message, no image
mkdir -p $T/fc
printf '<?xml version="1.0"?>\n<fontconfig><dir>%s/nofonts</dir><cachedir>%s/fc</cachedir></fontconfig>\n' $T $T > $T/fonts.conf
FONTCONFIG_FILE=$T/fonts.conf $K map $D/events.geojson -o $T/nofont.png 2>$T/err
rc=$?
[ $rc = 3 ] && grep -q 'fonts-noto-core' $T/err && [ ! -e $T/nofont.png ]
ok $? "missing fonts: exit 3, a message naming fonts-noto-core, no image"

# missing and broken basemaps: the binary elsewhere, with its own share/ folder
mkdir -p $T/bin/share/kharita/basemaps
cp "$K" $T/bin/kharita 2>/dev/null || cp out/kharita $T/bin/kharita
$T/bin/kharita map $D/events.geojson -o $T/nobase.png 2>$T/err
rc=$?
[ $rc = 3 ] && grep -q 'basemaps/countries.geojson: data file not found' $T/err && [ ! -e $T/nobase.png ]
ok $? "missing basemap: exit 3 and where it looked"
echo '{"type":' > $T/bin/share/kharita/basemaps/countries.geojson
$T/bin/kharita map $D/events.geojson -o $T/badbase.png 2>$T/err
[ $? = 3 ] && grep -q 'countries.geojson: cannot read' $T/err && [ ! -e $T/badbase.png ]
ok $? "broken basemap: exit 3 and a message"

$K map --help | grep -q -- '--admin-layer'
ok $? "map --help lists the options"
