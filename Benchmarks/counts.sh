#!/bin/bash
# Instruction and allocation counts per request of the Torsion client (torsion-bench) in W1, W2, W3 and
# T2 (W2 over https: OpenSSL's instructions included), stable on a loaded machine:
#   * instructions: `valgrind --tool=callgrind` total of a run with N2 requests minus one with N1,
#     divided by N2 - N1 (the difference removes start-up and shut-down);
#   * allocations: the LD_PRELOAD shim in alloc-count/ (malloc, calloc, realloc, memalign, ...),
#     by the same difference.
#
#   Benchmarks/counts.sh             # prints a markdown table; also writes $OUT/counts.md
#   Benchmarks/counts.sh --profile   # also callgrind_annotate of W2 (function level) in $OUT/profile-w2.txt
#
# Knobs: OUT (results folder), NO_BUILD=1 (use the binary built before, if any), W1_COUNTS="2000 12000",
# W2_COUNTS="4000 24000" (also T2's), W3_COUNTS="20 60", COUNT_WORKLOADS="W1 W2 W3 T2". Uses nginx on 127.0.0.1:18080 and
# 18443, started here unless one already listens (its certificate's CA: $CA_FILE).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

PROFILE=0
[ "${1:-}" = --profile ] && PROFILE=1
OUT=${OUT:-$BENCH/results/counts-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"
read -r W1_A W1_B <<<"${W1_COUNTS:-2000 12000}"
read -r W2_A W2_B <<<"${W2_COUNTS:-4000 24000}"
read -r W3_A W3_B <<<"${W3_COUNTS:-20 60}"
WORKLOADS=${COUNT_WORKLOADS:-"W1 W2 W3 T2"}

command -v valgrind >/dev/null || { log "counts: valgrind is missing (apt-get install valgrind)"; exit 1; }
# Its own release build: C targets with DWARF 4 debug info, which valgrind 3.19 can read (it gives up on
# the DWARF 5 of CTorsionTLS); the Swift code is compiled exactly as in .build/release.
CLIENT=$BUILD/valgrind/release/torsion-bench
if [ "${NO_BUILD:-0}" != 1 ] || [ ! -x "$CLIENT" ]; then
    (cd "$ROOT" && swift build -c release --product torsion-bench --scratch-path "$BUILD/valgrind" -Xcc -gdwarf-4 >&2) \
        || { log "counts: build failed"; exit 1; }
fi
SHIM=$(build_alloc_shim)
BASE=http://127.0.0.1:$NGINX_PORT

trap stop_servers EXIT
listening "$NGINX_PORT" || start_nginx

# instructions N CONC -> total instructions of one run under callgrind (URL and LEN set by the caller)
instructions() {
    local file=$OUT/callgrind.$1.$2${TAG:-}.out
    EXPECT_LEN=$LEN SSL_CERT_FILE=$CA_FILE valgrind --tool=callgrind --callgrind-out-file="$file" "$CLIENT" "$URL" "$1" "$2" \
        >"$file.log" 2>&1 || { log "counts: callgrind run failed:"; tail -5 "$file.log" >&2; return 1; }
    awk '/^(summary|totals):/ {print $2; exit}' "$file"
}

# allocations N CONC -> heap allocations of one run
allocations() {
    local file=$OUT/allocs.$1.$2${TAG:-}.txt
    rm -f "$file"
    EXPECT_LEN=$LEN SSL_CERT_FILE=$CA_FILE ALLOC_COUNT_OUT=$file LD_PRELOAD=$SHIM "$CLIENT" "$URL" "$1" "$2" >/dev/null
    sed -n 's/^allocations=//p' "$file" | tail -1
}

per_request() { awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN {printf "%.0f", (b - a) / n}'; }
per_request_1() { awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN {printf "%.1f", (b - a) / n}'; }

{
    echo "| workload | instructions per request | allocations per request | runs compared |"
    echo "|---|---|---|---|"
    for wl in $WORKLOADS; do
        case $wl in
            W1) a=$W1_A; b=$W1_B; conc=1; path=/1k; LEN=1024 ;;
            W2) a=$W2_A; b=$W2_B; conc=32; path=/1k; LEN=1024 ;;
            W3) a=$W3_A; b=$W3_B; conc=4; path=/1m; LEN=1048576 ;;
            T2) a=$W2_A; b=$W2_B; conc=32; path=/1k; LEN=1024 ;;
            *) log "counts: unknown workload $wl"; exit 1 ;;
        esac
        URL=$BASE$path; TAG=""
        [ "$wl" = T2 ] && { URL=https://127.0.0.1:$NGINX_TLS_PORT$path; TAG=.tls; }
        ia=$(instructions "$a" "$conc"); ib=$(instructions "$b" "$conc")
        aa=$(allocations "$a" "$conc"); ab=$(allocations "$b" "$conc")
        echo "| $wl (GET $path, CONC=$conc) | $(per_request "$ia" "$ib" $((b - a))) | $(per_request_1 "$aa" "$ab" $((b - a))) | N=$a and N=$b |"
    done
} | tee "$OUT/counts.md"

if [ $PROFILE = 1 ]; then
    # Function-level profile of W2: inclusive and self cost, the largest first.
    file=$OUT/callgrind.$W2_B.32.out
    { echo "== inclusive"; callgrind_annotate --inclusive=yes "$file" | head -60
      echo; echo "== self"; callgrind_annotate "$file" | head -60; } \
        | (swift demangle --simplified 2>/dev/null || cat) >"$OUT/profile-w2.txt"
    log "profile: $OUT/profile-w2.txt"
fi
