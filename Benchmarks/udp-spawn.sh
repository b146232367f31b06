#!/usr/bin/env bash
# UDP datagrams per second through DatagramProtocol (Torsion beside C and Twisted) and spawnProcess spawns per
# second (Torsion beside Python's subprocess and Twisted). Runs each REPS times, interleaved, and prints
# every run and the medians. Figures and their reading: docs/performance.md.
#
#   Benchmarks/udp-spawn.sh                 # REPS=5, UDP_N=1000000, SPAWN_N=2000
#   REPS=3 UDP_N=300000 Benchmarks/udp-spawn.sh
#
# Needs cc and python3 (a venv with Twisted is made in /tmp/bench-venv unless VENV points to one).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
    export PATH=/opt/swift/usr/bin:$PATH
fi
REPS=${REPS:-5}
UDP_N=${UDP_N:-1000000}
TWISTED_UDP_N=${TWISTED_UDP_N:-$((UDP_N / 5))}
WINDOW=${WINDOW:-32}
SPAWN_N=${SPAWN_N:-2000}
VENV=${VENV:-/tmp/bench-venv}

swift build -c release --product UDPBench >/dev/null
swift build -c release --product SpawnBench >/dev/null
cc -O2 -o /tmp/udp_echo_bench Benchmarks/c/udp_echo_bench.c
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q twisted
fi

log=$(mktemp)
for rep in $(seq "$REPS"); do
    echo "round $rep of $REPS (load: $(cut -d' ' -f1-3 /proc/loadavg))"
    .build/release/UDPBench "$UDP_N" "$WINDOW" 64 | tee -a "$log"
    /tmp/udp_echo_bench "$UDP_N" "$WINDOW" 64 0 | tee -a "$log"
    /tmp/udp_echo_bench "$UDP_N" "$WINDOW" 64 32 | tee -a "$log"
    "$VENV/bin/python" Benchmarks/twisted/udp_bench.py "$TWISTED_UDP_N" "$WINDOW" 64 | tee -a "$log"
    for conc in 1 8; do
        .build/release/SpawnBench "$SPAWN_N" "$conc" | tee -a "$log"
        "$VENV/bin/python" Benchmarks/twisted/spawn_bench.py "$SPAWN_N" "$conc" subprocess | tee -a "$log"
        "$VENV/bin/python" Benchmarks/twisted/spawn_bench.py "$SPAWN_N" "$conc" twisted | tee -a "$log"
    done
done

echo
echo "medians of $REPS runs:"
python3 - "$log" <<'PY'
import re, statistics, sys
runs = {}
for line in open(sys.argv[1]):
    m = re.match(r"(.*?): (\d+) (round trips/s|spawns/s)", line)
    if m:
        runs.setdefault((m.group(1), m.group(3)), []).append(int(m.group(2)))
for (name, unit), values in runs.items():
    print(f"  {name}: {statistics.median(values):.0f} {unit} (min {min(values)}, max {max(values)})")
PY
rm -f "$log"
