#!/bin/bash
# The side-by-side benchmark: Torsion beside wrk, Go net/http, async-http-client, Twisted and urllib3,
# in one interleaved run (A B C … A B C …, REPS rounds), then the instruction and allocation counts and
# the Deferred and Reactor micro-benchmarks. See Benchmarks/README.md and docs/performance.md.
#
#   Benchmarks/run.sh            # everything (about 20 minutes on 2 cores, plus first builds)
#   QUICK=1 Benchmarks/run.sh    # a smoke run: N/10, one round, wrk 1 s, no micro-benchmarks
#
# TLS: T1 to T4 are W1 to W4 against nginx's https listener (127.0.0.1:18443, a throw-away certificate made
# by tls-testcert in /tmp/torsion-bench/tls); every client verifies it against that CA (SSL_CERT_FILE, and
# BENCH_CA_FILE for async-http-client), except wrk, which does not verify. T4's rps is new TLS connections
# (full handshakes: nginx keeps no session cache and sends no tickets) per second.
#
# Knobs (environment): REPS (3), W1_N (20000), W2_N (100000), W3_N (2000), W4_N (10000), W5_N (100000),
# T1_N .. T4_N (as W1_N .. W4_N), WORKLOADS ("W1 W2 W3 W4 W5 T1 T2 T4"), CLIENTS (names below; torsion first), WRK_DURATION (5s),
# RUN_TIMEOUT (300 s per run), COUNTS (1: run counts.sh), MICRO (1: micro-benchmarks),
# INSTALL (1: apt-get/pip what is missing), OUT (results folder, default Benchmarks/results/<UTC>).
set -uo pipefail
source "$(dirname "$0")/lib.sh"

QUICK=${QUICK:-0}
if [ "$QUICK" = 1 ]; then
    REPS=${REPS:-1}; W1_N=${W1_N:-2000}; W2_N=${W2_N:-10000}; W3_N=${W3_N:-200}; W4_N=${W4_N:-1000}
    W5_N=${W5_N:-10000}; WRK_DURATION=${WRK_DURATION:-1s}; MICRO=${MICRO:-0}
    export W1_COUNTS=${W1_COUNTS:-"500 2500"} W2_COUNTS=${W2_COUNTS:-"1000 5000"}
fi
REPS=${REPS:-3}
W1_N=${W1_N:-20000}; W2_N=${W2_N:-100000}; W3_N=${W3_N:-2000}; W4_N=${W4_N:-10000}; W5_N=${W5_N:-100000}
T1_N=${T1_N:-$W1_N}; T2_N=${T2_N:-$W2_N}; T3_N=${T3_N:-$W3_N}; T4_N=${T4_N:-$W4_N}
export WRK_DURATION=${WRK_DURATION:-5s}
RUN_TIMEOUT=${RUN_TIMEOUT:-300}
WORKLOADS=${WORKLOADS:-"W1 W2 W3 W4 W5 T1 T2 T4"}
CLIENTS=${CLIENTS:-"torsion wrk go-nethttp ahc-nio-1t ahc-async-1t twisted urllib3"}
COUNTS=${COUNTS:-1}
MICRO=${MICRO:-1}
INSTALL=${INSTALL:-1}
OUT=${OUT:-$BENCH/results/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT/logs"
TCK=$(getconf CLK_TCK)

# ---- install what is missing -------------------------------------------------------------------------
if [ "$INSTALL" = 1 ]; then
    missing=()
    for pair in nginx:nginx wrk:wrk go:golang-go valgrind:valgrind callgrind_annotate:valgrind; do
        command -v "${pair%%:*}" >/dev/null || missing+=("${pair#*:}")
    done
    [ -x /usr/bin/time ] || missing+=(time)
    if [ ${#missing[@]} -gt 0 ]; then
        if [ "$(id -u)" = 0 ]; then
            log "installing: ${missing[*]}"
            apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
        else
            log "missing (install as root: apt-get install ${missing[*]}); the run goes on without them"
        fi
    fi
    if ! "$VENV/bin/python" -c 'import twisted, urllib3, OpenSSL, service_identity' 2>/dev/null; then
        log "creating the Python venv $VENV (twisted[tls], urllib3)"
        python3 -m venv "$VENV" >&2 && "$VENV/bin/pip" install -q 'twisted[tls]' urllib3 >&2
    fi
fi
command -v nginx >/dev/null && [ -x /usr/bin/time ] || { log "nginx and /usr/bin/time are required"; exit 1; }

# ---- build -------------------------------------------------------------------------------------------
log "building Torsion (release) and the peers"
build_torsion || { log "the Torsion build failed"; exit 1; }
mkdir -p "$BUILD/bin"
if [[ " $CLIENTS " == *" go-nethttp "* ]] && command -v go >/dev/null; then
    (cd "$BENCH/peers/go-nethttp" && go build -o "$BUILD/bin/gonethttp" .) >&2 || log "go build failed"
fi
if [[ " $CLIENTS " == *" ahc-"* ]]; then   # 5 to 11 minutes the first time (NIO, BoringSSL)
    (cd "$BENCH/peers/ahc" && swift build -c release >&2) || log "async-http-client build failed"
fi
AHC=$BENCH/peers/ahc/.build/release/ahc-bench

declare -A CMD
CMD[torsion]=$ROOT/.build/release/torsion-bench
CMD[wrk]=$BENCH/peers/wrk.sh
CMD[go-nethttp]=$BUILD/bin/gonethttp
CMD[ahc-nio-1t]="env AHC_API=nio AHC_THREADS=1 $AHC"
CMD[ahc-nio-2t]="env AHC_API=nio AHC_THREADS=2 $AHC"
CMD[ahc-async-1t]="env AHC_API=async AHC_THREADS=1 $AHC"
CMD[ahc-async-el1t]="env AHC_API=async AHC_THREADS=1 AHC_TAKEOVER=1 $AHC"
CMD[twisted]="$VENV/bin/python $BENCH/peers/twisted_agent.py"
CMD[urllib3]="$VENV/bin/python $BENCH/peers/urllib3_threads.py"
NAMES=()
for name in $CLIENTS; do
    cmd=${CMD[$name]:-}
    [ -n "$cmd" ] || { log "unknown client $name"; continue; }
    exe=${cmd##* }; [[ $cmd == "$VENV"* ]] && exe=${cmd%% *}
    [ "$name" = wrk ] && { command -v wrk >/dev/null || { log "skip wrk: not installed"; continue; }; }
    [ -x "$exe" ] || { log "skip $name: $exe is not built"; continue; }
    NAMES+=("$name")
done

# ---- servers -----------------------------------------------------------------------------------------
trap stop_servers EXIT
start_nginx || exit 1
start_torsion_server || exit 1
NGINX_WORKER=$(nginx_worker)

# workload -> "base path N CONC expected_len close"
wl_def() {
    case $1 in
        W1) echo "http://127.0.0.1:$NGINX_PORT /1k $W1_N 1 1024 0" ;;
        W2) echo "http://127.0.0.1:$NGINX_PORT /1k $W2_N 32 1024 0" ;;
        W3) echo "http://127.0.0.1:$NGINX_PORT /1m $W3_N 4 1048576 0" ;;
        W4) echo "http://127.0.0.1:$NGINX_PORT /1k $W4_N 8 1024 1" ;;
        W5) echo "http://127.0.0.1:$SERVER_PORT /1k $W5_N 32 1024 0" ;;
        T1) echo "https://127.0.0.1:$NGINX_TLS_PORT /1k $T1_N 1 1024 0" ;;
        T2) echo "https://127.0.0.1:$NGINX_TLS_PORT /1k $T2_N 32 1024 0" ;;
        T3) echo "https://127.0.0.1:$NGINX_TLS_PORT /1m $T3_N 4 1048576 0" ;;
        T4) echo "https://127.0.0.1:$NGINX_TLS_PORT /1k $T4_N 8 1024 1" ;;
        *) log "unknown workload $1"; exit 2 ;;
    esac
}

ticks() { awk '{print $14+$15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
sysstat() { awk '/^cpu /{t=0; for(i=2;i<=NF;i++) t+=$i; print t-$5-$6, t, $9; exit}' /proc/stat; }
CSV=$OUT/runs.csv
echo "client,workload,rep,url,n,conc,rc,requests,seconds,rps,user_s,sys_s,maxrss_kb,server_cpu_s,machine_busy_pct" >"$CSV"

run_one() { # name workload rep base path n conc len close
    local name=$1 wl=$2 rep=$3 base=$4 path=$5 n=$6 conc=$7 len=$8 close=$9
    local log=$OUT/logs/$name.$wl.$rep server t0 t1 s0 s1
    if [ "$base" = "http://127.0.0.1:$SERVER_PORT" ]; then server=$SERVER_PID; else server=$NGINX_WORKER; fi
    t0=$(ticks "$server"); s0=$(sysstat)
    # shellcheck disable=SC2086
    # The CA of nginx's throw-away certificate, for https: OpenSSL (Torsion, Python), Go; async-http-client.
    SSL_CERT_FILE=$CA_FILE BENCH_CA_FILE=$CA_FILE \
    EXPECT_LEN=$len BENCH_CLOSE=$close /usr/bin/time -v -o "$log.time" timeout -k 5 "$RUN_TIMEOUT" \
        ${CMD[$name]} "$base$path" "$n" "$conc" >"$log.out" 2>"$log.err"
    local rc=$?
    t1=$(ticks "$server"); s1=$(sysstat)
    local line req secs rps user sys rss scpu busy
    line=$(grep -E '^requests=' "$log.out" | tail -1)
    req=$(sed -nE 's/.*requests=([0-9.]+).*/\1/p' <<<"$line")
    secs=$(sed -nE 's/.*seconds=([0-9.]+).*/\1/p' <<<"$line")
    rps=$(sed -nE 's/.*rps=([0-9.]+).*/\1/p' <<<"$line")
    [ -z "$line" ] && [ "$rc" = 0 ] && rc=99
    user=$(awk -F': ' '/User time/ {print $2}' "$log.time")
    sys=$(awk -F': ' '/System time/ {print $2}' "$log.time")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log.time")
    scpu=$(awk -v a="$t0" -v b="$t1" -v k="$TCK" 'BEGIN{printf "%.2f", (b-a)/k}')
    busy=$(awk -v x="$s0" -v y="$s1" 'BEGIN{split(x,a," "); split(y,b," "); dt=b[2]-a[2]; if(dt<=0)dt=1; printf "%.0f", 200*(b[1]-a[1])/dt}')
    echo "$name,$wl,$rep,$base$path,$n,$conc,$rc,${req:-},${secs:-},${rps:-},${user:-},${sys:-},${rss:-},$scpu,$busy" >>"$CSV"
    if [ "$rc" != 0 ]; then
        printf '  %-14s %s #%s FAILED rc=%s: %s\n' "$name" "$wl" "$rep" "$rc" "$(tail -c 300 "$log.err" | tr '\n' ' ')" >&2
    else
        printf '  %-14s %s #%s rps=%-9s cpu=%ss rss=%sMB\n' "$name" "$wl" "$rep" "$rps" \
            "$(awk -v u="$user" -v s="$sys" 'BEGIN{print u+s}')" "$((rss / 1024))" >&2
    fi
}

START=$(date +%s)
log "results: $OUT"
log "clients: ${NAMES[*]}   rounds: $REPS   N: W1=$W1_N W2=$W2_N W3=$W3_N W4=$W4_N W5=$W5_N (T1-T4 = W1-W4 over TLS)   wrk: $WRK_DURATION"
log "== startup probe: one GET of /1k per client (its fixed cost)"
for name in "${NAMES[@]}"; do
    [ "$name" = wrk ] || run_one "$name" P0 1 "http://127.0.0.1:$NGINX_PORT" /1k 1 1 1024 0
done
for wl in $WORKLOADS; do
    read -r base path n conc len close <<<"$(wl_def "$wl")"
    log "== $wl: GET $base$path N=$n CONC=$conc$([ "$close" = 1 ] && echo ' Connection: close')"
    for rep in $(seq "$REPS"); do
        for name in "${NAMES[@]}"; do run_one "$name" "$wl" "$rep" "$base" "$path" "$n" "$conc" "$len" "$close"; done
    done
done
log "side-by-side run: $(( $(date +%s) - START )) s"
stop_torsion_server
{
    echo "## Side by side ($(date -u +%Y-%m-%d), $(nproc) cores: $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo))"
    echo
    python3 "$BENCH/summarize.py" "$CSV"
} >"$OUT/summary.md"
cat "$OUT/summary.md"

if [ "$COUNTS" = 1 ]; then
    echo; echo "## Instructions and allocations per request (torsion-bench, callgrind and the malloc shim)"; echo
    OUT=$OUT "$BENCH/counts.sh" | tee -a "$OUT/summary.md"
fi
stop_nginx

if [ "$MICRO" = 1 ]; then
    {
        echo; echo "## Micro-benchmarks"; echo; echo '```'
        (cd "$ROOT" && swift build -c release --product DeferredBench >&2 && swift build -c release --product ReactorBench >&2)
        echo "# Torsion DeferredBench"; "$ROOT/.build/release/DeferredBench"
        echo "# Torsion ReactorBench"; "$ROOT/.build/release/ReactorBench"
        if "$VENV/bin/python" -c 'import twisted' 2>/dev/null; then
            echo "# Twisted defer_bench.py"; "$VENV/bin/python" "$BENCH/twisted/defer_bench.py"
            echo "# Twisted reactor_bench.py"; "$VENV/bin/python" "$BENCH/twisted/reactor_bench.py"
        fi
        echo '```'
    } 2>>"$OUT/logs/micro.err" | tee -a "$OUT/summary.md"
fi
log "total: $(( $(date +%s) - START )) s; summary: $OUT/summary.md"
