#!/bin/bash
# Run every test kharita has and end with "N passed, N failed".
#   unit:  $OUT/tests/test_*       (C, print PASS/FAIL lines)
#   cases: tests/cases/*.tsv       (tests/cases/run.sh)
#   e2e:   tests/e2e/*/run.sh and tests/e2e/*.sh (print PASS/FAIL lines)
set -u
cd "$(dirname "$0")/.."
OUT=${OUT:-out}
export LC_ALL=C
export KHARITA=${KHARITA:-$PWD/$OUT/kharita}
log=$(mktemp)
trap 'rm -f "$log"' EXIT

run_one() {   # run_one LABEL CMD...: its PASS/FAIL lines go to the log; a crash is a FAIL
    local label=$1; shift
    local out rc
    out=$("$@" 2>&1); rc=$?
    printf '%s\n' "$out" | grep -E '^(PASS|FAIL) ' | sed -E "s#^(PASS|FAIL) #\\1 $label: #" >> "$log"
    if ! printf '%s\n' "$out" | grep -qE '^(PASS|FAIL) ' || [ $rc -gt 1 ]; then
        echo "FAIL $label: exited $rc" >> "$log"
    fi
    if [ $rc -ne 0 ] || printf '%s\n' "$out" | grep -q '^FAIL '; then
        printf '%s\n' "--- $label" "$out" | grep -vE '^PASS ' | head -n 60
    fi
}

for t in "$OUT"/tests/test_*; do
    [ -x "$t" ] || continue
    case $t in *.d) continue;; esac
    run_one "$(basename "$t")" "$t"
done
[ -x tests/cases/run.sh ] && run_one cases tests/cases/run.sh
for t in tests/e2e/*.sh tests/e2e/*/run.sh; do
    [ -x "$t" ] || continue
    run_one "${t#tests/e2e/}" "$t"
done

grep '^FAIL ' "$log"
pass=$(grep -c '^PASS ' "$log")
fail=$(grep -c '^FAIL ' "$log")
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
