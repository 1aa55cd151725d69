# What the tests/e2e/*/run.sh scripts share; they source it first: . "$(dirname "$0")/../lib.sh"
# Sets R (the repository), K (the kharita binary: $KHARITA, else the build tree's), T (a fresh
# temporary folder, removed on exit) and LC_ALL=C, and defines check NAME CMD... (prints
# "PASS NAME" when CMD succeeds, else "FAIL NAME"). Not executable: tests/run.sh runs only what is.
R=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
K=${KHARITA:-$R/out/kharita}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export LC_ALL=C
check() { local name=$1; shift; if "$@"; then echo "PASS $name"; else echo "FAIL $name"; fi; }
