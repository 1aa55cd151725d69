#!/bin/bash
# The extraction evaluation (../shared/eval) when it is there: runs eval.sh on the dev set and
# prints its summary line. PASS when it ran and produced the line; the figures are printed
# for the reader (targets: place_f1 >= 0.90, geo_acc10 >= 0.95, cas_f1 >= 0.85,
# date_acc >= 0.85), not asserted, so that data work elsewhere never breaks the suite.
cd "$(dirname "$0")/../../.."
KHARITA=${KHARITA:-./kharita}
eval_dir=../shared/eval
if [ ! -x "$eval_dir/eval.sh" ] || [ ! -f "$eval_dir/dev.jsonl" ]; then
    echo "PASS extraction evaluation skipped: $eval_dir is not here"
    exit 0
fi
out=$("$eval_dir/eval.sh" "$eval_dir/dev.jsonl" "$KHARITA" 2>/dev/null)
line=$(printf '%s\n' "$out" | grep '^place_p=' | tail -n 1)
if [ -n "$line" ]; then
    echo "  $line"
    echo "PASS extraction evaluation ran on the dev set"
else
    printf '%s\n' "$out" | tail -n 5
    echo "FAIL extraction evaluation ran on the dev set"
fi
exit 0
