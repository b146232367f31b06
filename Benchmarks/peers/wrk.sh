#!/bin/bash
# The wrk reference under the client contract: wrk.sh URL N CONC.
# Runs `wrk -t1 -c CONC -d ${WRK_DURATION:-5s} URL` (duration-based: N is ignored; requests= is what wrk
# completed). BENCH_CLOSE=1 adds `-H 'Connection: close'` (wrk then reconnects for every request).
# wrk does not check bodies; non-2xx/3xx responses or socket errors make it exit 1.
set -euo pipefail
url=$1; conc=$3
extra=()
[ "${BENCH_CLOSE:-0}" = 1 ] && extra=(-H 'Connection: close')
out=$(wrk -t1 -c "$conc" -d "${WRK_DURATION:-5s}" "${extra[@]}" "$url")
if grep -qE "Non-2xx|Socket errors" <<<"$out"; then echo "$out" >&2; exit 1; fi
req=$(awk '/requests in/ {print $1}' <<<"$out")
secs=$(awk '/requests in/ {d=$4; sub(/,$/,"",d); if (d ~ /ms$/) {sub(/ms$/,"",d); d/=1000} else if (d ~ /m$/) {sub(/m$/,"",d); d*=60} else sub(/s$/,"",d); print d}' <<<"$out")
rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
echo "requests=$req seconds=$secs rps=$rps"
