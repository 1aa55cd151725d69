#!/bin/bash
# kharita timelapse: one frame per ISO week (empty weeks included), named by the week; the same
# frames whatever the number of threads; periods, ranges, cumulative frames; GIF without ffmpeg.
. "$(dirname "$0")/../lib.sh"
cd "$R"
D=tests/e2e/map

ok() { if [ "$1" = 0 ]; then echo "PASS $2"; else echo "FAIL $2"; fi; }
frames() { (cd "$1" && ls *.png 2>/dev/null | tr '\n' ' '); }
small="--size 400x300 --dpi 38"

# The fixture has events from 2018-04-30 (week 18) to 2018-06-03 (week 22), none in week 20.
$K timelapse $D/events.geojson -o $T/w -j 2 $small 2>$T/err
ok $? "timelapse by week runs"
[ "$(frames $T/w)" = "2018-W18.png 2018-W19.png 2018-W20.png 2018-W21.png 2018-W22.png " ]
ok $? "one frame per ISO week from the first to the last, the empty week included"
grep -q '5 frames (1 without events)' $T/err
ok $? "says how many frames and how many had no events"
w=$(python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); print("%dx%d" % struct.unpack(">II", d[16:24]))' $T/w/2018-W18.png)
[ "$w" = 400x300 ]
ok $? "frames have the size asked for"

$K timelapse $D/events.geojson -o $T/one -j 1 $small 2>/dev/null
same=0
for f in $T/w/*.png; do cmp -s "$f" "$T/one/$(basename "$f")" || same=1; done
ok $same "frames drawn in parallel threads equal frames drawn in one"

$K timelapse $D/events.geojson -o $T/range --from 2018-05-07 --to 2018-05-20 $small 2>/dev/null
[ "$(frames $T/range)" = "2018-W19.png 2018-W20.png " ]
ok $? "--from/--to choose the weeks"
$K timelapse $D/events.geojson -o $T/m --by month $small 2>/dev/null
[ "$(frames $T/m)" = "2018-04.png 2018-05.png 2018-06.png " ]
ok $? "--by month: one frame per month"
$K timelapse $D/events.geojson -o $T/d --by day --from 2018-05-01 --to 2018-05-03 $small 2>/dev/null
[ "$(frames $T/d)" = "2018-05-01.png 2018-05-02.png 2018-05-03.png " ]
ok $? "--by day: one frame per day"
$K timelapse $D/events.geojson -o $T/c --cumulative $small 2>/dev/null
[ "$(frames $T/c)" = "$(frames $T/w)" ] && ! cmp -s $T/c/2018-W22.png $T/w/2018-W22.png
ok $? "--cumulative draws the same weeks, with running totals"
$K timelapse $D/events.geojson -o $T/none --group nobody $small 2>$T/err
[ $? = 3 ] && grep -q 'no events to make frames of for group nobody' $T/err && [ ! -d $T/none ]
ok $? "no events at all: exit 3 and a message, no frames"
$K timelapse $D/events.geojson -o $T/quiet --group nobody --from 2018-05-01 --to 2018-05-10 $small 2>$T/err
[ $? = 0 ] && [ "$(frames $T/quiet)" = "2018-W18.png 2018-W19.png " ]
ok $? "no events in a chosen period: frames that say so"

if command -v ffmpeg >/dev/null; then
    $K timelapse $D/events.geojson -o $T/g --gif $small 2>$T/err && [ -s $T/g/timelapse.gif ]
    ok $? "--gif assembles the frames with ffmpeg"
    $K timelapse $D/events.geojson -o $T/gm --gif --mp4 $small 2>$T/err &&
        [ -s $T/gm/timelapse.gif ] && [ -s $T/gm/timelapse.mp4 ]
    ok $? "--gif --mp4 assembles both"
else
    $K timelapse $D/events.geojson -o $T/g --gif $small 2>$T/err
    [ $? = 5 ] && grep -q 'ffmpeg is not installed' $T/err && [ "$(frames $T/g)" = "$(frames $T/w)" ]
    ok $? "--gif without ffmpeg: the frames are drawn, exit 5 and a clear message"
fi
$K timelapse $D/events.geojson -o $T/j -j 0 2>$T/err
[ $? = 2 ]
ok $? "-j 0 is a usage error"
