#!/bin/bash
# kharita finds its data wherever it runs from: beside the binary (build tree), under
# PREFIX/share/kharita (the layout `make install` makes), or in $KHARITA_DATA; without data
# it says where it looked.
cd "$(dirname "$0")/../../.."
KHARITA=${KHARITA:-out/kharita}
bin=$(readlink -f "$KHARITA")
share=$(dirname "$bin")/share/kharita
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
check() {  # check NAME CMD...: PASS when the command finds داريا
    local name=$1; shift
    if out=$("$@" 2>&1) && grep -q "gn:170892\|Darayya" <<<"$out"; then
        echo "PASS install: $name"
    else
        echo "FAIL install: $name: $(head -n 2 <<<"$out")"
    fi
}
mkdir -p "$tmp/prefix/bin" "$tmp/prefix/share/kharita" "$tmp/elsewhere" "$tmp/bare" "$tmp/data"
cp "$bin" "$tmp/prefix/bin/kharita"
cp -R "$share/." "$tmp/prefix/share/kharita/"
cd "$tmp/elsewhere" || exit 1
check "build tree, run from another folder" "$bin" gazetteer lookup داريا
check "PREFIX/bin with PREFIX/share/kharita" "$tmp/prefix/bin/kharita" gazetteer lookup داريا
cp "$bin" "$tmp/bare/kharita"
cp "$share/gazetteer.khg" "$tmp/data/"
check "KHARITA_DATA" env KHARITA_DATA="$tmp/data" "$tmp/bare/kharita" gazetteer lookup داريا
check "--gazetteer FILE" "$tmp/bare/kharita" gazetteer lookup --gazetteer "$tmp/data/gazetteer.khg" داريا
out=$("$tmp/bare/kharita" gazetteer lookup داريا 2>&1); rc=$?
if [ $rc -eq 4 ] || [ $rc -eq 3 ] && grep -q "KHARITA_DATA" <<<"$out"; then
    echo "PASS install: no data is a clear error (exit $rc)"
else
    echo "FAIL install: no data: exit $rc: $out"
fi
