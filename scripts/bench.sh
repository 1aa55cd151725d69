#!/bin/bash
# make bench: kharita's speed and memory next to a baseline measured in the same run.
#
# Generates (once, cached under $OUT/bench by the generator's content) a synthetic corpus of
# BENCH_MB (200) and BENCH_SMALL_MB (50) megabytes from scripts/bench/templates.txt, then
# measures extraction (1 thread and -j 2) against ripgrep matching the gazetteer's names,
# peak memory, gazetteer load time, the event store against ogr2ogr, and map rendering.
# Prints a table (also written to $OUT/bench/results.md) and ends with one line:
#   bench: extract_vs_rg=R j2_speedup=S rss_50mb=M rss_200mb=M gaz_load_ms=T store_vs_ogr2ogr=R frames52_s=T
# Times are wall clock; the machine may be shared, so compare numbers from one run.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${OUT:-out}
MB=${BENCH_MB:-200}
SMALL_MB=${BENCH_SMALL_MB:-50}
B=$OUT/bench
export LC_ALL=C
mkdir -p "$B"

for tool in rg ogr2ogr ogrinfo python3 /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is missing (make runs scripts/setup.sh)" >&2; exit 2; }
done
[ -x "$OUT/kharita" ] && [ -f "$OUT/share/kharita/gazetteer.khg" ] ||
    { echo "bench: build first (make)" >&2; exit 2; }

# A snapshot of the binary, library and data: a `make` in the tree during the run must not
# change what is measured (the binary finds its data in ../share/kharita).
rm -rf "$B/bin" "$B/share" && mkdir -p "$B/bin" "$B/share"
cp "$OUT/kharita" "$OUT/libkharita.a" "$B/bin/"
cp -R "$OUT/share/kharita" "$B/share/"
K=$B/bin/kharita
GAZ=$B/share/kharita/gazetteer.khg

log() { printf 'bench: %s\n' "$*" >&2; }

# ---- the corpus, cached by the generator's content ------------------------------------------
key=$(cat scripts/bench/corpus.py scripts/bench/templates.txt | sha256sum | cut -c1-12)
corpus() {      # corpus MB -> path
    local f="$B/corpus-$key-$1mb.jsonl"
    if [ ! -s "$f" ]; then
        rm -f "$B"/corpus-*-"$1"mb.jsonl
        log "generating a $1 MB corpus (once for this generator)"
        python3 scripts/bench/corpus.py "$1" "$f.tmp" 7 && mv "$f.tmp" "$f"
    fi
    echo "$f"
}
BIG=$(corpus "$MB")
SMALL=$(corpus "$SMALL_MB")
big_bytes=$(stat -c %s "$BIG")
big_docs=$(wc -l < "$BIG")
big_mb=$(awk -v b="$big_bytes" 'BEGIN { printf "%.1f", b / 1048576 }')

# ---- the gazetteer's names for ripgrep: name_ar and every typed variant ------------------------
NAMES=$B/names.txt
awk -F'\t' '!/^#/ && $1 != "id" {
        if ($2 != "") print $2
        n = split($4, v, "|"); for (i = 1; i <= n; i++) if (v[i] != "") print v[i]
    }' gazetteer/curated/*.tsv "$OUT"/gazetteer/*.tsv 2>/dev/null | sort -u > "$NAMES"
nnames=$(wc -l < "$NAMES")

# ---- measuring ------------------------------------------------------------------------------
# measure NAME CMD...: run CMD under /usr/bin/time; sets T_<NAME> (wall s), C_<NAME> (CPU s,
# user + system) and M_<NAME> (peak RSS, MiB). Output of CMD goes where the caller redirects
# it; stderr to $B/NAME.err.
measure() {
    local name=$1; shift
    sync    # the last run's output is on disk first: its writeback would slow this one down
    /usr/bin/time -f '%e %U %S %M' -o "$B/$name.time" "$@" 2> "$B/$name.err" || {
        echo "bench: $name failed:" >&2; tail -n 5 "$B/$name.err" >&2; exit 1; }
    read -r t u sy m < <(tail -n 1 "$B/$name.time")
    printf -v "T_$name" '%s' "$t"
    printf -v "C_$name" '%s' "$(awk -v u="$u" -v s="$sy" 'BEGIN { printf "%.2f", u + s }')"
    printf -v "M_$name" '%s' "$(awk -v k="$m" 'BEGIN { printf "%.1f", k / 1024 }')"
}
calc() { awk "BEGIN { printf \"%.${2:-2}f\", ($1) }"; }
# best NAME RUNS CMD...: the fastest of RUNS runs (for short baselines).
best() {     # best NAME RUNS CMD...: measure RUNS times, keep the fastest run's figures
    local name=$1 runs=$2 i t_best="" c_best="" m_best=""; shift 2
    for ((i = 0; i < runs; i++)); do
        measure "$name" "$@" > /dev/null
        local t c m; eval "t=\$T_$name c=\$C_$name m=\$M_$name"
        if [ -z "$t_best" ] || [ "$(calc "$t < $t_best" 0)" = 1 ]; then
            t_best=$t c_best=$c m_best=$m
        fi
    done
    printf -v "T_$name" '%s' "$t_best"
    printf -v "C_$name" '%s' "$c_best"
    printf -v "M_$name" '%s' "$m_best"
}

cat "$BIG" "$SMALL" > /dev/null     # both runs below read from the page cache
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

log "ripgrep: $nnames names over $big_mb MB"
best rg 3 rg -j1 -F -c -f "$NAMES" "$BIG"
best rgall 3 rg -j1 -F --count-matches -f "$NAMES" "$BIG"

log "extract, 1 thread, $big_mb MB ($big_docs documents)"
best x1 3 "$K" extract --jobs 1 -o "$B/extract.jsonl" "$BIG"     # the best of three, like ripgrep
log "extract, 2 threads"
best x2 3 "$K" extract --jobs 2 -o "$B/extract-j2.jsonl" "$BIG"
same_j2=identical
cmp -s "$B/extract.jsonl" "$B/extract-j2.jsonl" || same_j2=DIFFERENT
rm -f "$B/extract-j2.jsonl"
log "extract, 1 thread, $SMALL_MB MB (memory)"
measure xs "$K" extract --jobs 1 "$SMALL" > /dev/null   # -o /dev/null: a kharita before 29db5d7 replaced the device

log "ICU alone: JSON text, UTF-16, NFKC check and word breaks over $big_mb MB"
cc -std=gnu11 -O2 $(sed -n 's/^PKG_CFLAGS := //p' "$OUT/config.mk") -o "$B/icufloor" \
    scripts/bench/icufloor.c $(sed -n 's/^PKG_LIBS := //p' "$OUT/config.mk")
t_icu=""
for i in 1 2 3; do      # the best of three, like ripgrep
    t=$("$B/icufloor" "$BIG" | sed 's/.*icu_words_s=\([^ ]*\).*/\1/')
    if [ -z "$t_icu" ] || [ "$(calc "$t < $t_icu" 0)" = 1 ]; then t_icu=$t; fi
done

log "gazetteer index load"
cc -std=gnu11 -O2 -Iinclude -Isrc $(sed -n 's/^PKG_CFLAGS := //p' "$OUT/config.mk") \
    -o "$B/gazload" scripts/bench/gazload.c "$B/bin/libkharita.a" \
    $(sed -n 's/^PKG_LIBS := //p' "$OUT/config.mk")
read -r gaz_line < <("$B/gazload" "$GAZ" 1000)
gaz_ms=$(sed 's/.*gaz_open_ms=\([^ ]*\).*/\1/' <<< "$gaz_line")
gaz_first=$(sed 's/.*gaz_first_ms=\([^ ]*\).*/\1/' <<< "$gaz_line")
ready_ms=$(sed 's/.*extract_ready_ms=\([^ ]*\).*/\1/' <<< "$gaz_line")

log "aggregate into a new event store"
STORE=$B/store.gpkg
rm -f "$STORE"
measure agg "$K" aggregate --by week --store "$STORE" "$B/extract.jsonl" > /dev/null
layer_count() { ogrinfo -ro -so "$1" "$2" | sed -n 's/^Feature Count: //p'; }
n_events=$(layer_count "$STORE" events)
n_unloc=$(layer_count "$STORE" unlocated)
n_stored=$((n_events + n_unloc))

log "ogr2ogr: the same $n_events events from GeoJSON to GeoPackage"
"$K" export --store "$STORE" --layer events -o "$B/events.geojson" 2> "$B/export.err"
rm -f "$B/ogr.gpkg"
measure ogr ogr2ogr -f GPKG "$B/ogr.gpkg" "$B/events.geojson"
rm -f "$B/ogr.gpkg" "$B/events.geojson" "$B/extract.jsonl"     # hundreds of MB, made again each run

log "map and 52 weekly frames"
measure map "$K" map --store "$STORE" -o "$B/map.png"
rm -rf "$B/frames"
measure tl "$K" timelapse --store "$STORE" --by week -j 2 --from 2018-01-01 --to 2018-12-30 \
    -o "$B/frames"
n_frames=$(find "$B/frames" -name '*.png' | wc -l)

# ---- results --------------------------------------------------------------------------------
mbps() { calc "$big_bytes / 1048576 / $1" 1; }
rg_mbps=$(mbps "$T_rg"); rgall_mbps=$(mbps "$T_rgall")
x1_mbps=$(mbps "$T_x1"); x2_mbps=$(mbps "$T_x2")
x1_dps=$(calc "$big_docs / $T_x1" 0); x2_dps=$(calc "$big_docs / $T_x2" 0)
# The ratio is against --count-matches: `rg -c` counts lines, so it leaves each article (one
# line) at its first name, while extraction has to find every name.
vs_rg=$(calc "$T_rgall / $T_x1" 3)
icu_mbps=$(mbps "$t_icu"); icu_vs_rg=$(calc "$T_rgall / $t_icu" 2)
speedup=$(calc "$T_x1 / $T_x2" 2)
cores_x2=$(calc "$C_x2 / $T_x2" 2)     # how much of the 2 CPUs the -j 2 run actually got
agg_eps=$(calc "$n_stored / $T_agg" 0)
ogr_eps=$(calc "$n_events / $T_ogr" 0)
vs_ogr=$(calc "$agg_eps / $ogr_eps" 2)
verdict() { [ "$(calc "$1" 0)" = 1 ] && echo ok || echo MISSED; }

{
echo "| measure | kharita | baseline | target | |"
echo "|---|---|---|---|---|"
echo "| extraction, 1 thread ($big_mb MB, $big_docs docs) | $x1_mbps MB/s, $x1_dps docs/s ($T_x1 s; CPU $C_x1 s) | rg -F --count-matches: $rgall_mbps MB/s ($nnames names; rg -F -c: $rg_mbps MB/s) | ≥ 0.5× rg | $vs_rg× $(verdict "$vs_rg >= 0.5") |"
echo "| ICU alone over the same texts (JSON, UTF-16, NFKC check, word breaks; scripts/bench/icufloor.c) | $icu_mbps MB/s: $icu_vs_rg× rg, the ceiling of any extractor that segments every text with ICU | rg | | |"
echo "| extraction, -j 2 | $x2_mbps MB/s, $x2_dps docs/s ($T_x2 s; CPU $C_x2 s: $cores_x2 CPUs busy; output $same_j2) | 1 thread | ≥ 1.8× | $speedup× $(verdict "$speedup >= 1.8") |"
echo "| peak RSS, extract $SMALL_MB MB | $M_xs MiB | | < 64 MiB | $(verdict "$M_xs < 64") |"
echo "| peak RSS, extract $big_mb MB | $M_x1 MiB (-j 2: $M_x2 MiB) | | < 64 MiB | $(verdict "$M_x1 < 64") |"
echo "| gazetteer index open (mean of 1000) | $gaz_ms ms (first: $gaz_first ms; extractor to first result: $ready_ms ms) | | < 5 ms | $(verdict "$gaz_ms < 5") |"
echo "| aggregate + GeoPackage store | $n_stored events in $T_agg s (CPU $C_agg s) = $agg_eps events/s (peak $M_agg MiB) | ogr2ogr GeoJSON→GPKG: $n_events in $T_ogr s (CPU $C_ogr s) = $ogr_eps events/s | ≥ 1× | $vs_ogr× $(verdict "$vs_ogr >= 1") |"
echo "| map, 1600×1200 PNG | $T_map s | | | |"
echo "| timelapse, $n_frames weekly frames, -j 2 | $T_tl s (CPU $C_tl s) | | ≤ 10 s | $(verdict "$T_tl <= 10") |"
echo
echo "Load average before the run: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) CPUs)."
if [ "$(calc "${load_before%% *} > 0.5" 0)" = 1 ]; then
    echo "The machine was busy: wall times (and the -j 2 speed-up) are pessimistic; CPU times hold."
fi
} > "$B/results.md"
cat "$B/results.md"
echo "bench: extract_vs_rg=$vs_rg j2_speedup=$speedup rss_50mb=$M_xs rss_200mb=$M_x1 gaz_load_ms=$gaz_ms store_vs_ogr2ogr=$vs_ogr frames52_s=$T_tl"
