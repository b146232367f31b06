#!/bin/bash
# Instructions per request of a CookieJar's work (docs/cookies.md, "Cost"): CookieBench under
# `valgrind --tool=callgrind`, at two iteration counts, the difference divided by the difference in
# iterations (start-up and filling the jar cancel out). Stable on a loaded machine.
#
#   Benchmarks/cookie-counts.sh              # jars of 0, 1,000 and 3,000 cookies
#   NO_BUILD=1 Benchmarks/cookie-counts.sh   # reuse the previous build
set -euo pipefail
source "$(dirname "$0")/lib.sh"

command -v valgrind >/dev/null || { log "cookie-counts: valgrind is missing (apt-get install valgrind)"; exit 1; }
# The same build as counts.sh: C targets with DWARF 4 debug info, which valgrind 3.19 can read.
BIN=$BUILD/valgrind/release/CookieBench
if [ "${NO_BUILD:-0}" != 1 ] || [ ! -x "$BIN" ]; then
    (cd "$ROOT" && swift build -c release --product CookieBench --scratch-path "$BUILD/valgrind" -Xcc -gdwarf-4 >&2) \
        || { log "cookie-counts: build failed"; exit 1; }
fi
N1=${N1:-1000}
N2=${N2:-4000}

instructions() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$BIN" "$@" 2>&1 | sed -n 's/.*refs: *//p' | tr -d ,
}

printf '| cookies in the jar | jar work per request (instructions) | with the URI parse |\n|---|---|---|\n'
for cookies in 0 1000 3000; do
    a=$(instructions "$cookies" "$N1" --no-uri); b=$(instructions "$cookies" "$N2" --no-uri)
    c=$(instructions "$cookies" "$N1"); d=$(instructions "$cookies" "$N2")
    printf '| %s | %s | %s |\n' "$cookies" $(( (b - a) / (N2 - N1) )) $(( (d - c) / (N2 - N1) ))
done
