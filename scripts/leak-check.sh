#!/usr/bin/env bash
# Leak check: torsion-demo (the embedded WebServer on 127.0.0.1 and an Agent with a persistent pool, in
# one reactor) sends N GETs over C pooled connections, lets the pool's idle timers close every
# connection, stops listening, tears the reactor down and exits, all under valgrind memcheck.
#
#   scripts/leak-check.sh                 # 100,000 requests (the documented figure)
#   scripts/leak-check.sh -n 5000         # the CI size
#   scripts/leak-check.sh -n 20000 -c 16
#
# Fails (exit 1) when valgrind finds memory "definitely lost" or "indirectly lost", a memory error, or
# when a request went unanswered. "still reachable" blocks (the Swift runtime's metadata and conformance
# caches, live until exit by design) and "possibly lost" ones (interior pointers into those caches) are
# reported but are not leaks. The log is kept in .build-leak/valgrind.log.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
    export PATH=/opt/swift/usr/bin:$PATH
fi
command -v valgrind >/dev/null 2>&1 || { echo "leak-check: valgrind is missing (scripts/setup.sh installs it)"; exit 1; }

requests=100000
concurrency=8
while [ $# -gt 0 ]; do
    case "$1" in
        -n|--requests) requests=$2; shift 2 ;;
        -c|--concurrency) concurrency=$2; shift 2 ;;
        -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
        *) echo "leak-check: unknown argument $1"; exit 2 ;;
    esac
done

# Its own build folder, with the C targets' debug info in DWARF 4: clang's default DWARF 5 (CTorsionTLS)
# makes valgrind 3.19's debuginfo reader give up ("unhandled dwarf2 abbrev form code 0x25").
build=(swift build -c release --scratch-path .build-leak/build -Xcc -gdwarf-4)
"${build[@]}" --product torsion-demo >&2
bin="$("${build[@]}" --show-bin-path)/torsion-demo"
log=.build-leak/valgrind.log

echo "leak-check: $requests requests, $concurrency connections, under valgrind memcheck"
start=$(date +%s)
status=0
valgrind --tool=memcheck --leak-check=full --show-leak-kinds=definite,indirect \
    --errors-for-leak-kinds=definite,indirect --error-exitcode=99 --num-callers=40 --log-file="$log" \
    "$bin" --requests "$requests" --concurrency "$concurrency" --idle-timeout 0.2 || status=$?
elapsed=$(( $(date +%s) - start ))

grep -E 'definitely lost|indirectly lost|possibly lost|still reachable|ERROR SUMMARY|Giving up' "$log" \
    | sed 's/^==[0-9]*== */leak-check: /' || true
echo "leak-check: finished in ${elapsed}s, exit status $status"
case $status in
    0) echo "leak-check: no leak" ;;
    99) echo "leak-check: FAILED: valgrind reported leaks or memory errors (see $log)"; exit 1 ;;
    *) echo "leak-check: FAILED: torsion-demo exited with $status (unanswered requests or a crash; see $log)"; exit 1 ;;
esac
