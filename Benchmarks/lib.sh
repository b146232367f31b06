# Shared helpers of Benchmarks/run.sh and Benchmarks/counts.sh (sourced, not run).
# Paths: ROOT (the repository), BENCH (this folder), WORK (/tmp/torsion-bench: www files, nginx prefix),
# BUILD (.build-bench: Go binary, venv, alloc shim). Every process started here is stopped by its pid.

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
WORK=${WORK:-/tmp/torsion-bench}
BUILD=${BUILD:-$ROOT/.build-bench}
VENV=${VENV:-$BUILD/venv}
NGINX_PORT=18080            # fixed in Benchmarks/nginx.conf
NGINX_TLS_PORT=18443        # the same, over TLS
CA_FILE=$WORK/tls/ca.pem    # the throw-away CA that signed nginx's certificate (make_cert)
SERVER_PORT=${SERVER_PORT:-18081}
NGINX_PID=""
SERVER_PID=""

if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
    export PATH=/opt/swift/usr/bin:$PATH
fi

log() { printf '%s\n' "$*" >&2; }

# Whether something accepts connections on 127.0.0.1:$1.
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The static bodies (random, incompressible, exact sizes) and nginx's runtime folder.
make_www() {
    mkdir -p "$WORK/www" "$WORK/nginx"
    local name size
    for name in 1k:1024 64k:65536 1m:1048576; do
        size=${name#*:}; name=${name%%:*}
        if [ "$(stat -c %s "$WORK/www/$name" 2>/dev/null)" != "$size" ]; then
            head -c "$size" /dev/urandom >"$WORK/www/$name.tmp" && mv "$WORK/www/$name.tmp" "$WORK/www/$name"
        fi
    done
}

# A fresh throw-away CA and server certificate for nginx's https listener (localhost, 127.0.0.1; valid one
# day) in $WORK/tls, made by tls-testcert (built by build_torsion). Never committed.
make_cert() {
    mkdir -p "$WORK/tls"
    [ -x "$ROOT/.build/release/tls-testcert" ] || (cd "$ROOT" && swift build -c release --product tls-testcert >&2)
    "$ROOT/.build/release/tls-testcert" "$WORK/tls" >/dev/null || { log "tls-testcert failed"; return 1; }
}

# Starts nginx in the foreground (as a child of this shell) with Benchmarks/nginx.conf; sets NGINX_PID.
start_nginx() {
    make_www
    make_cert || return 1
    local port
    for port in "$NGINX_PORT" "$NGINX_TLS_PORT"; do
        if listening "$port"; then
            log "something already listens on 127.0.0.1:$port; stop it first"; return 1
        fi
    done
    nginx -p "$WORK/nginx" -c "$BENCH/nginx.conf" >"$WORK/nginx/nginx.out" 2>&1 &
    NGINX_PID=$!
    local _
    for _ in $(seq 100); do listening "$NGINX_PORT" && listening "$NGINX_TLS_PORT" && return 0; sleep 0.05; done
    log "nginx did not start:"; cat "$WORK/nginx/nginx.out" >&2; return 1
}

stop_nginx() {
    [ -n "$NGINX_PID" ] || return 0
    kill "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null
    NGINX_PID=""
}

# nginx's worker process (the one that serves), for its CPU time.
nginx_worker() { awk '{print $1}' "/proc/$NGINX_PID/task/$NGINX_PID/children" 2>/dev/null; }

# Starts the embedded Torsion server (torsion-bench-server) on SERVER_PORT; sets SERVER_PID.
start_torsion_server() {
    if listening "$SERVER_PORT"; then
        log "something already listens on 127.0.0.1:$SERVER_PORT; stop it first"; return 1
    fi
    "$ROOT/.build/release/torsion-bench-server" "$SERVER_PORT" >"$WORK/torsion-server.out" 2>&1 &
    SERVER_PID=$!
    local _
    for _ in $(seq 100); do listening "$SERVER_PORT" && return 0; sleep 0.05; done
    log "torsion-bench-server did not start:"; cat "$WORK/torsion-server.out" >&2; return 1
}

stop_torsion_server() {
    [ -n "$SERVER_PID" ] || return 0
    kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    SERVER_PID=""
}

stop_servers() { stop_nginx; stop_torsion_server; }

# Builds the Torsion client and server and tls-testcert (nginx's certificate) in release mode.
build_torsion() {
    (cd "$ROOT" && swift build -c release --product torsion-bench >&2 \
        && swift build -c release --product torsion-bench-server >&2 \
        && swift build -c release --product tls-testcert >&2)
}

# Builds the malloc-counting LD_PRELOAD shim; prints its path.
build_alloc_shim() {
    mkdir -p "$BUILD"
    local src=$BENCH/alloc-count/alloc_count.c out=$BUILD/alloc_count.so
    if [ ! -f "$out" ] || [ "$src" -nt "$out" ]; then cc -O2 -shared -fPIC -o "$out" "$src" || return 1; fi
    echo "$out"
}
