#!/bin/bash
# Adversarial inputs (tests/e2e/bad/cases.tsv): each case's command must end with the expected
# exit status and error message, and never crash, hang or leave a half-written output. The
# inputs are generated here into a scratch folder (the 100 MB line and the million place names
# are never committed). One PASS/FAIL line a case.
#   KH_BAD_NAMES=N      place names in the "million" document (default 1000000)
#   KH_BAD_ONLY=NAME    run only the cases whose name contains NAME
set -u
R=$(cd "$(dirname "$0")/../../.." && pwd)
K=${KHARITA:-$R/out/kharita}
INDEX=${KHARITA_INDEX:-$(dirname "$K")/share/kharita/gazetteer.khg}
export K R
T=$(mktemp -d /tmp/kharita-bad.XXXXXX)
trap 'rm -rf "$T" /tmp/kharita-bad-pwned*' EXIT
cd "$T"

# ---- inputs ----------------------------------------------------------------------------------
doc() {   # doc ID TEXT-BYTES (printf format) -> one JSON line with date 2018-03-05
    printf '{"id":"%s","date":"2018-03-05","text":"'"$2"'"}\n' "$1"
}
doc a 'قتل 3 \xff مدنيين في حلب' > inv.jsonl
doc a 'قتل 3 \xc0\xaf مدنيين في حلب' > overlong.jsonl          # "/" as an overlong form
doc a 'قتل 3 \xed\xa0\x80 مدنيين في حلب' > surrogate.jsonl     # U+D800 as UTF-8
printf 'قتل 3 مدنيين \xfe\xfe في حلب' > inv.txt
printf '{"id":"\xff","text":"قتل 3 مدنيين في حلب"}\n' > badid.jsonl
doc a 'قتل 3 \\u0000 مدنيين في حلب' > escnul.jsonl
doc a 'قتل 3 \0 مدنيين في حلب' > rawnul.jsonl
printf 'قتل 3 \0 مدنيين في حلب' > rawnul.txt
printf '\xef\xbb\xbf' > bom.jsonl && doc a 'قتل 3 مدنيين في حلب' >> bom.jsonl
printf '\xef\xbb\xbfقتل 3 مدنيين في حلب' > bom.txt
{ doc a 'قتل 3 مدنيين في حلب' ; doc b 'قتل 4 مدنيين في حمص'; } | sed 's/$/\r/' > crlf.jsonl
printf 'قتل 4 مدنيين\r\nفي قصف على حمص\r\n' > crlf.txt
{ printf '{"id":"big","text":"'; head -c 100000000 /dev/zero | tr '\0' 'a'; printf '"}\n'
  doc after 'قتل 3 مدنيين في حلب'; } > big.jsonl
python3 -c "
import json, sys
n = int(sys.argv[1])
print(json.dumps({'id': 'million', 'date': '2018-03-05',
                  'text': 'قتل 3 مدنيين في ' + ' و'.join(['حلب', 'حمص', 'إدلب', 'دوما'] * (n // 4))},
                 ensure_ascii=False))" "${KH_BAD_NAMES:-1000000}" > million.jsonl
printf 'قتل 999999999999999999999 قتيل في حلب' > huge.txt
printf 'قتل 999,999,999,999 قتيلا في حلب' > grouped.txt
echo '{"doc":"a","date":"2018-03-05","events":[{"killed":99999999999999999999999}]}' > hugefig.jsonl
echo '{"doc":"a","date":"2018-03-05","events":[{"killed":-5}]}' > negfig.jsonl
head -n 1 "$R/gazetteer/curated/localities.tsv" > header.tsv
row() {   # row ID LAT LON -> a source row
    printf 'kh:%s\tقرية %s\tQarya %s\t\tvillage\tAleppo\t\t\t\t%s\t%s\t\t\tSY\tteam\n' "$1" "$1" "$1" "$2" "$3"
}
{ cat header.tsv; row a -91 37; row b nan 37; row c 36 inf; row d 36 -181; } > coords.tsv
{ cat header.tsv; row e -36.1 -37; } > neg.tsv
printf 'kh:a\tحلب\n' > short.tsv
: > empty.jsonl
: > empty.txt
echo '[{"id":"a","text":"قتل 3 مدنيين في حلب"}]' > arr.jsonl
python3 -c "print('[' * 100000)" > deep.jsonl
python3 -c "print('{\"id\":\"d\",\"text\":\"x\",\"a\":' + '[' * 100000 + ']' * 100000 + '}')" > deep2.jsonl
python3 -c "print('{\"doc\":\"d\",\"events\":' + '[' * 100000 + ']' * 100000 + '}')" > deep3.jsonl
echo '{"id":"a","text":5}' > notstr.jsonl
echo '{"id":"a","date":"2018-02-30","text":"قتل 3 مدنيين في حلب"}' > baddate.jsonl
cat > ids.jsonl <<'JSON'
{"id":"../../../../tmp/kharita-bad-pwned","date":"2018-03-06","text":"قتل 4 مدنيين في قصف على مدينة حلب"}
{"id":"/tmp/kharita-bad-pwned2","date":"2018-03-08","text":"قتل 2 مدنيين في قصف على مدينة حماة"}
{"id":"it's'); DROP TABLE events; --","date":"2018-03-07","text":"قتل 3 مدنيين في قصف على مدينة حمص"}
{"id":"=HYPERLINK(\"http://example.com\")","date":"2018-03-05","title":"+cmd|' /C calc'!A0","source":"@SUM(1+1)","url":"-2+3","text":"قتل 5 مدنيين في قصف على مدينة دوما"}
JSON
head -n 3 "$R/examples/sample.jsonl" > good-in.jsonl
"$K" extract good-in.jsonl > good.jsonl 2>/dev/null
"$K" extract ids.jsonl > ids.x.jsonl 2>/dev/null
"$K" aggregate -s store.gpkg good.jsonl ids.x.jsonl > /dev/null 2>&1
cp store.gpkg store.orig
head -c 20000 store.gpkg > trunc.gpkg && cp trunc.gpkg trunc.orig
"$K" export -s store.gpkg -o events.geojson 2>/dev/null
python3 - <<'PY'
import json
d = json.load(open("events.geojson"))
for f in d["features"]:
    if f["properties"]["name_en"] == "Aleppo":
        f["properties"]["name_ar"] = '<b>&amp; "حلب" </b> ]]> --'
        f["properties"]["name_en"] = 'A<l>e&p"o'
json.dump(d, open("marked.geojson", "w"), ensure_ascii=False)
PY
cp marked.geojson geo.gpkg
ogr2ogr -f GPKG other.gpkg marked.geojson -nln stuff 2>/dev/null
echo hello > text.gpkg
{ echo 'admin1Name_en,admin2Name_en,admin4Name_en,admin4Name_ar,admin4Pcode,latitude,longitude'
  echo 'Aleppo,Jebel Saman,Khan Tuman,خان طومان,C1019,36.112,37.055'
  printf 'Aleppo,Jebel\001Saman,Zarbah,زربة,C1020,36.07,37.07\n'; } > ocha-ctl.csv
echo 'a file, not a folder' > afile
mkdir sandbox-dir
head -c 100000 "$INDEX" > trunc.khg
head -c 10 "$INDEX" > tiny.khg
python3 - "$INDEX" <<'PY'
import sys
b = bytearray(open(sys.argv[1], "rb").read())
b[len(b) * 2 // 3] ^= 0x55     # one byte of the body, not the header
open("flip.khg", "wb").write(b)
PY

# devices of our own: a kharita that renamed its output over a device must not break the system
if mknod -m 666 devnull c 1 3 2>/dev/null && mknod -m 666 devfull c 1 7 2>/dev/null; then
    export DEVNULL=$T/devnull DEVFULL=$T/devfull
else
    export DEVNULL=/dev/null DEVFULL=/dev/full
fi

# ---- cases -----------------------------------------------------------------------------------
while IFS=$'\t' read -r name want pattern cmd then; do
    case $name in ''|'#'*) continue;; esac
    [ -n "${KH_BAD_ONLY:-}" ] && [[ $name != *"$KH_BAD_ONLY"* ]] && continue
    timeout 900 bash -c "$cmd" > "$name.out" 2> "$name.err"
    rc=$?
    why=""
    if [ $rc -eq 124 ]; then
        why="timed out after 900 s"
    elif [ $rc -ne "$want" ]; then
        why="exit $rc, expected $want"
    elif [ "$pattern" != "-" ] && ! grep -qF -- "$pattern" "$name.err"; then
        why="stderr lacks: $pattern"
    elif grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:|Segmentation fault' "$name.err"; then
        why="sanitizer report or crash"
    elif [ -n "${then:-}" ] && ! bash -c "$then" > "$name.then" 2>&1; then
        why="check failed: $then"
    fi
    if [ -z "$why" ]; then
        echo "PASS bad $name"
    else
        echo "FAIL bad $name: $why"
        head -c 1500 "$name.err" | sed 's/^/    /'
        [ -s "$name.then" ] && head -n 5 "$name.then" | sed 's/^/    /'
    fi
done < "$R/tests/e2e/bad/cases.tsv"
exit 0
