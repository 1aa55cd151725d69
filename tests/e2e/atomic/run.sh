#!/bin/bash
# Outputs appear whole or not at all: `kill -9` at several moments during aggregate, export, map
# and timelapse leaves the previous store and files readable and unchanged, or the new ones
# complete; what a killed run leaves behind is a hidden working copy (.NAME.tmp-…), never a file
# under an output's name, and the next run of the store clears it. No timing is asserted: each
# check holds whether the kill came early, late or after the end.
set -u
. "$(dirname "$0")/../lib.sh"
cd "$T"
fails=0
pass() { echo "PASS atomic $1"; }
fail() { echo "FAIL atomic $1"; fails=$((fails + 1)); }

# ---- inputs: the sample corpus's extract output, and 200 copies of it under other ids ------
"$K" extract "$R/examples/sample.jsonl" > sample.jsonl 2>/dev/null
head -n 5 sample.jsonl > small.jsonl
python3 - <<'PY'
import json
docs = [json.loads(l) for l in open("sample.jsonl")]
with open("big.jsonl", "w") as f:
    for k in range(200):
        for d in docs:
            f.write(json.dumps(dict(d, doc="%s-%d" % (d["doc"], k)), ensure_ascii=False) + "\n")
PY

ndocs() {   # documents in store $1, or "unreadable"
    ogrinfo -q -sql 'SELECT COUNT(*) AS n FROM documents' "$1" 2>/dev/null |
        sed -n 's/.*n (Integer) = //p' | grep . || echo unreadable
}
nfeat() {   # features of the GeoJSON $1, or "unreadable"
    ogrinfo -al -so "$1" 2>/dev/null | sed -n 's/^Feature Count: //p' | grep . || echo unreadable
}
png_whole() {   # a PNG with its signature and its IEND chunk at the end
    python3 -c "
import sys
b = open(sys.argv[1], 'rb').read()
sys.exit(0 if b[:8] == b'\x89PNG\r\n\x1a\n' and b[-12:-4] == b'\x00\x00\x00\x00IEND' else 1)" "$1"
}
hidden_only() {   # in folder $1, every file that is not in the list $2.. is a hidden .NAME.tmp-*
    local dir=$1; shift
    for f in "$dir"/* "$dir"/.[!.]*; do
        [ -e "$f" ] || continue
        local b; b=$(basename "$f")
        local known=0
        for k in "$@"; do [ "$b" = "$k" ] && known=1; done
        [ $known = 1 ] && continue
        case $b in .*.tmp-*) ;; *) echo "$b"; return 1;; esac
    done
    return 0
}
kill_after() {   # kill_after SECONDS CMD...: run CMD, kill -9 it after SECONDS (if still running)
    local s=$1; shift
    "$@" > /dev/null 2>&1 &
    local pid=$!
    sleep "$s"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
}

mkdir out
"$K" aggregate -s out/k.gpkg small.jsonl > /dev/null 2>&1
old=$(ndocs out/k.gpkg)
new=$((old + $(wc -l < big.jsonl)))
"$K" export -s out/k.gpkg -o out/events.geojson 2>/dev/null
"$K" map -o out/map.png out/k.gpkg 2>/dev/null
cp out/events.geojson events.before
cp out/map.png map.before
[ "$old" = 5 ] && pass "the store holds the 5 first documents" || fail "store: $old documents"

# ---- aggregate ------------------------------------------------------------------------------
for s in 0.05 0.3 0.8 1.5 3; do
    kill_after "$s" "$K" aggregate -s out/k.gpkg big.jsonl
    n=$(ndocs out/k.gpkg)
    if [ "$n" = "$old" ] || [ "$n" = "$new" ]; then
        pass "aggregate killed after $s s: the store opens with $n documents (old $old or new $new)"
    else
        fail "aggregate killed after $s s: the store has $n documents (old $old, new $new)"
    fi
    [ "$n" = "$new" ] && break    # it finished: the next kills would test nothing new
done
if leftover=$(hidden_only out k.gpkg events.geojson events.qml map.png); then
    pass "a killed aggregate leaves only hidden working copies"
else
    fail "a killed aggregate left '$leftover' under an output's name"
fi
# the next run completes and clears the working copies of killed runs
"$K" aggregate -s out/k.gpkg big.jsonl > /dev/null 2>&1
n=$(ndocs out/k.gpkg)
[ "$n" = "$new" ] && pass "the next aggregate completes ($n documents)" ||
    fail "the next aggregate: $n documents, expected $new"
if ls -a out | grep -q '^\.k\.gpkg\.tmp-'; then
    fail "working copies of killed runs are still there: $(ls -a out | grep tmp- | tr '\n' ' ')"
else
    pass "the next aggregate removed the working copies of killed runs"
fi
ogrinfo -q out/k.gpkg > /dev/null 2>&1 && pass "ogrinfo opens the store" ||
    fail "ogrinfo cannot open the store"

# ---- export ---------------------------------------------------------------------------------
nev=$(ogrinfo -q -sql 'SELECT COUNT(*) AS n FROM events' out/k.gpkg | sed -n 's/.*n (Integer) = //p')
for s in 0.05 0.2 0.5 1 2; do
    kill_after "$s" "$K" export -s out/k.gpkg -o out/events.geojson
    if cmp -s out/events.geojson events.before; then
        pass "export killed after $s s: the previous GeoJSON is intact"
    elif [ "$(nfeat out/events.geojson)" = "$nev" ]; then
        pass "export killed after $s s: the new GeoJSON is complete ($nev features)"
        break
    else
        fail "export killed after $s s: events.geojson is neither the old file nor a complete new one"
    fi
done
if leftover=$(hidden_only out k.gpkg events.geojson events.qml map.png); then
    pass "a killed export leaves only hidden working copies"
else
    fail "a killed export left '$leftover' under an output's name"
fi

# ---- map ------------------------------------------------------------------------------------
for s in 0.05 0.2 0.5 1 2; do
    kill_after "$s" "$K" map -o out/map.png big.jsonl
    if cmp -s out/map.png map.before; then
        pass "map killed after $s s: the previous PNG is intact"
    elif png_whole out/map.png; then
        pass "map killed after $s s: the new PNG is whole"
        break
    else
        fail "map killed after $s s: map.png is neither the old PNG nor a whole new one"
    fi
done
if leftover=$(hidden_only out k.gpkg events.geojson events.qml map.png); then
    pass "a killed map leaves only hidden working copies"
else
    fail "a killed map left '$leftover' under an output's name"
fi

# ---- timelapse: every frame present is whole ------------------------------------------------
for s in 0.2 1; do
    kill_after "$s" "$K" timelapse -j 2 --by week -o frames big.jsonl
    bad=""
    for f in frames/*.png; do
        [ -e "$f" ] || continue
        png_whole "$f" || bad="$bad $(basename "$f")"
    done
    [ -z "$bad" ] && pass "timelapse killed after $s s: every frame is a whole PNG" ||
        fail "timelapse killed after $s s: broken frames:$bad"
done
exit 0
