#!/bin/bash
# Replay every saved fuzz input (tests/fuzz/regressions/<target>/*) through its target, built
# with the ordinary compiler and without libFuzzer (tests/fuzz/fuzz.mk replay), so that a bug
# the fuzzers once found stays fixed. One PASS/FAIL line per target; a crash, a sanitizer report
# or a broken invariant fails it.
set -u
cd "$(dirname "$0")/../../.."
OUT=${OUT:-out}
unset MAKEFLAGS MFLAGS MAKELEVEL
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! make -s -f tests/fuzz/fuzz.mk OUT="$OUT" replay >"$log" 2>&1; then
    echo "FAIL fuzz_regressions: the replay drivers do not build"
    cat "$log"
    exit 1
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp}
for src in tests/fuzz/fuzz_*.c; do
    t=$(basename "$src" .c); t=${t#fuzz_}
    files=(tests/fuzz/regressions/"$t"/*)
    [ -e "${files[0]}" ] || { echo "PASS fuzz $t: no saved inputs"; continue; }
    if "$OUT/fuzz-replay/replay_$t" "${files[@]}" >"$log" 2>&1; then
        echo "PASS fuzz $t: ${#files[@]} saved inputs"
    else
        echo "FAIL fuzz $t: $(grep -c '^PASS' "$log") of ${#files[@]} inputs passed, then:"
        grep -vE '^PASS ' "$log" | head -n 30
    fi
done
