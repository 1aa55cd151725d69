#!/bin/bash
# Every document read is either processed or rejected, and each rejection is reported: on a
# mixed good/bad input, extract, aggregate, map and timelapse print "N documents read, P processed, R rejected"
# with N = P + R, P matching what they wrote and R the FILE:LINE messages, with and without
# threads, and through `kharita run`.
set -u
. "$(dirname "$0")/../lib.sh"
cd "$T"

pass() { echo "PASS accounting $1"; }
fail() { echo "FAIL accounting $1"; shift; for f in "$@"; do sed 's/^/    /' "$f" | head -n 20; done; }

# counts FILE WHAT: "read processed rejected" from the summary line of WHAT (extract|aggregate)
counts() {
    sed -n "s/^kharita: $2: \([0-9]*\) documents read, \([0-9]*\) processed, \([0-9]*\) rejected$/\1 \2 \3/p" "$1"
}

# check NAME WHAT ERRFILE WRITTEN EXPECT_READ EXPECT_REJECTED [MESSAGES]: MESSAGES is the number
# of FILE:LINE messages expected in ERRFILE (default: the rejected count)
check() {
    local name=$1 what=$2 err=$3 written=$4 eread=$5 erej=$6 emsgs=${7:-}
    local c; c=$(counts "$err" "$what")
    if [ -z "$c" ]; then
        fail "$name: no '$what: N documents read, P processed, R rejected' line" "$err"; return
    fi
    read -r n p r <<< "$c"
    local msgs; msgs=$(grep -cE "^kharita: [^ ]+:[0-9]+: " "$err")
    if [ "$n" -ne $((p + r)) ]; then
        fail "$name: $n read is not $p processed + $r rejected" "$err"
    elif [ "$n" -ne "$eread" ] || [ "$r" -ne "$erej" ]; then
        fail "$name: $n read, $r rejected; expected $eread and $erej" "$err"
    elif [ "$p" -ne "$written" ]; then
        fail "$name: $p processed but $written written" "$err"
    elif [ "${emsgs:-$r}" -ne "$msgs" ]; then
        fail "$name: $r rejected but $msgs FILE:LINE messages" "$err"
    else
        pass "$name ($n = $p + $r)"
    fi
}

# ---- a mixed input: 12 good documents, 9 bad ones, blank lines (not documents) ----------------
good() { printf '{"id":"g%s","date":"2018-03-%02d","text":"قتل %s مدنيين في قصف على مدينة %s"}\n' "$1" "$1" "$1" "$2"; }
{
    good 1 حلب; good 2 حمص
    printf '{"id":"b1","date":"2018-03-05","text":"قتل 3 \xff في حلب"}\n'      # invalid UTF-8
    good 3 إدلب
    echo '{"id":"b2","date":"2018-03-05","text":"x'                              # broken JSON
    echo
    echo '[1, 2, 3]'                                                             # not an object
    good 4 دوما; good 5 حماة
    echo '{"id":"b4","date":"2018-02-30","text":"قتل 3 في حلب"}'                 # impossible date
    echo '{"id":"b5","date":"2018-03-05"}'                                       # no text
    printf '   \t  \r\n'
    good 6 درعا; good 7 الرقة; good 8 حلب
    echo '{"id":"b6","date":"2018-03-05","text":"قتل \u0000 في حلب"}'           # NUL
    echo '{"id":"b7","date":"2018-03-05","text":5}'                              # text not a string
    good 9 حمص; good 10 إدلب
    echo '{"id":"b8","date":"2018-03-05","text":"a"} trailing'                   # text after object
    good 11 دمشق; good 12 حلب
    echo '{"id":"b9","date":7,"text":"قتل 3 في حلب"}'                            # date not a string
} > mixed.jsonl

"$K" extract mixed.jsonl > x1.jsonl 2> x1.err
rc=$?
[ $rc -eq 1 ] && pass "extract exits 1 when some documents are rejected" ||
    fail "extract exit $rc, expected 1" x1.err
check "extract" extract x1.err "$(wc -l < x1.jsonl)" 21 9

"$K" extract -j 2 mixed.jsonl > x2.jsonl 2> x2.err
check "extract -j 2" extract x2.err "$(wc -l < x2.jsonl)" 21 9
cmp -s x1.jsonl x2.jsonl && pass "extract -j 2 writes what -j 1 writes" ||
    fail "extract -j 2 output differs from -j 1"

# several inputs, one of them missing: counted over all, the missing one is exit 3
"$K" extract mixed.jsonl nope.jsonl mixed.jsonl > x3.jsonl 2> x3.err
rc=$?
[ $rc -eq 3 ] && pass "extract exits 3 when an input is missing" ||
    fail "extract exit $rc with a missing input, expected 3" x3.err
check "extract over several inputs" extract x3.err "$(wc -l < x3.jsonl)" 42 18

# ---- aggregate: the good extract output, with bad lines mixed in ------------------------------
{
    head -n 4 x1.jsonl
    echo '{"doc":"c1","date":"2018-13-01"}'                                      # bad date
    echo 'not json'
    echo
    sed -n 5,8p x1.jsonl
    echo '{"doc":"c2","events":[{"killed":-1}]}'                                 # negative figure
    echo '{"date":"2018-03-05","events":[]}'                                     # no doc id
    echo '{"doc":"c3","events":{"killed":1}}'                                    # events not an array
    sed -n '9,$p' x1.jsonl
} > agg-in.jsonl
"$K" aggregate --no-store agg-in.jsonl > a1.out 2> a1.err
rc=$?
[ $rc -eq 1 ] && pass "aggregate exits 1 when some lines are rejected" ||
    fail "aggregate exit $rc, expected 1" a1.err
ndocs=$(sed -n 's/^kharita: aggregate: \([0-9]*\) documents, .*/\1/p' a1.err)
check "aggregate" aggregate a1.err "${ndocs:-0}" 17 5

"$K" aggregate -s store.gpkg agg-in.jsonl > /dev/null 2> a2.err
stored=$(ogrinfo -q -sql 'SELECT COUNT(*) AS n FROM documents' store.gpkg 2>/dev/null |
         sed -n 's/.*n (Integer) = //p')
check "aggregate into the store" aggregate a2.err "${stored:-0}" 17 5

# ---- map and timelapse read extract output the same way: the same accounting -----------------
"$K" map -o map.svg agg-in.jsonl > /dev/null 2> m.err
check "map" map m.err 12 17 5
"$K" timelapse -o frames agg-in.jsonl > /dev/null 2> t.err
check "timelapse" timelapse t.err 12 17 5

# ---- kharita run: both summaries, the same accounting --------------------------------------
"$K" run -o run mixed.jsonl > run.out 2> run.err
check "run: extract step" extract run.err "$(wc -l < run/extract.jsonl)" 21 9
check "run: aggregate step" aggregate run.err 12 12 0 9
exit 0
