#!/usr/bin/env bash
# Regenerates the fixtures of ContentCodingTests with the real command-line tools, so the tests check
# Torsion's decoders against what gzip, brotli, zstd and Python's zlib write (Debian: apt-get install
# gzip brotli zstd python3). Run from anywhere; writes next to this script. The outputs are deterministic
# for a given tool version (gzip -n leaves out the name and time).
#
#   sample.txt        the plain text: the start of docs/architecture.md and a generated JSON document (made
#                     only when missing, or with --new-sample, so the other files stay comparable)
#   sample.txt.gz     gzip -9 -n;           named.gz: gzip -6 with the file name and time (FNAME, MTIME)
#   two-members.gz    two gzip members back to back (gzip -dc reads both)
#   sample.txt.br     brotli -q 11;         sample-q1.br: brotli -q 1 -w 10
#   sample.txt.zst    zstd -19 --check;     two-frames.zst: two frames; skippable.zst: a skippable frame first
#   sample.zlib       zlib.compress (RFC 1950), sample.deflate: raw deflate (wbits -15, RFC 1951)
#   empty.*           each tool's output for an empty input
#
# It also writes the seeds of the decoder fuzz targets, Fuzz/Seeds/{gzip,deflate,brotli,zstd}-decoder/: the
# same tools' output for the first 2500 bytes of sample.txt (one member or frame, two, empty), each after
# the target's control byte (Fuzz/CodecSupport/DecoderFuzzing.swift), and a plain-text round-trip seed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
cd "$here"
for tool in gzip brotli zstd python3; do
    command -v "$tool" >/dev/null || { echo "regenerate: $tool is missing (apt-get install $tool)" >&2; exit 1; }
done

if [ ! -f sample.txt ] || [ "${1:-}" = --new-sample ]; then
    { head -c 4000 "$root/docs/architecture.md"; python3 - <<'PY'
import json
rows = [{"id": i, "name": f"item-{i}", "tags": ["alpha", "beta"][: i % 3], "price": round(i * 1.25, 2),
         "in_stock": i % 4 != 0} for i in range(50)]
print(json.dumps({"items": rows, "count": len(rows)}, indent=1))
PY
    } > sample.txt
fi

gzip -9 -n -c sample.txt > sample.txt.gz
cp sample.txt named.txt && touch -d '2024-01-02 03:04:05 UTC' named.txt && gzip -6 -c named.txt > named.gz && rm named.txt
head -c 3000 sample.txt | gzip -n -c > part1.gz
tail -c +3001 sample.txt | gzip -n -1 -c > part2.gz
cat part1.gz part2.gz > two-members.gz && rm part1.gz part2.gz

brotli -q 11 -c sample.txt > sample.txt.br
brotli -q 1 -w 10 -c sample.txt > sample-q1.br

zstd -q -19 --check -c sample.txt > sample.txt.zst
head -c 3000 sample.txt | zstd -q -3 -c > part1.zst
tail -c +3001 sample.txt | zstd -q -1 --no-check -c > part2.zst
cat part1.zst part2.zst > two-frames.zst && rm part1.zst part2.zst
python3 - <<'PY'
import struct
payload = b"skippable frame payload"
frame = struct.pack("<II", 0x184D2A53, len(payload)) + payload
open("skippable.zst", "wb").write(frame + open("sample.txt.zst", "rb").read())
PY

python3 - <<'PY'
import zlib
data = open("sample.txt", "rb").read()
open("sample.zlib", "wb").write(zlib.compress(data, 9))
raw = zlib.compressobj(6, zlib.DEFLATED, -15)
open("sample.deflate", "wb").write(raw.compress(data) + raw.flush())
open("empty.zlib", "wb").write(zlib.compress(b""))
PY

: | gzip -n -c > empty.gz
: | brotli -c > empty.br
: | zstd -q -c > empty.zst
seeds=$root/Fuzz/Seeds
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
head -c 2500 sample.txt > "$work/small"
head -c 1200 sample.txt > "$work/a"
tail -c +1201 "$work/small" > "$work/b"
# seed NAME TARGET CONTROL-BYTE FILE: the control byte, then the file.
seed() {
    mkdir -p "$seeds/$2"
    { printf "\\x$3"; cat "$4"; } > "$seeds/$2/$1"
}
gzip -9 -n -c "$work/small" > "$work/small.gz"
{ gzip -n -c "$work/a"; gzip -n -1 -c "$work/b"; } > "$work/two.gz"
seed member gzip-decoder 00 "$work/small.gz"
seed two-members gzip-decoder 05 "$work/two.gz"
seed empty gzip-decoder 00 empty.gz
python3 - "$work" <<'PY'
import sys, zlib
work = sys.argv[1]
data = open(f"{work}/small", "rb").read()
open(f"{work}/small.zlib", "wb").write(zlib.compress(data, 6))
raw = zlib.compressobj(9, zlib.DEFLATED, -15)
open(f"{work}/small.raw", "wb").write(raw.compress(data) + raw.flush())
PY
seed zlib deflate-decoder 00 "$work/small.zlib"
seed raw deflate-decoder 09 "$work/small.raw"
seed empty deflate-decoder 00 empty.zlib
brotli -q 11 -c "$work/small" > "$work/small.br"
brotli -q 2 -w 10 -c "$work/small" > "$work/small-q2.br"
seed q11 brotli-decoder 00 "$work/small.br"
seed q2 brotli-decoder 0d "$work/small-q2.br"
seed empty brotli-decoder 00 empty.br
zstd -q -19 --check -c "$work/small" > "$work/small.zst"
{ zstd -q -c "$work/a"; printf '\x50\x2a\x4d\x18\x02\x00\x00\x00hi'; zstd -q -1 --no-check -c "$work/b"; } > "$work/two.zst"
seed frame zstd-decoder 00 "$work/small.zst"
seed two-frames zstd-decoder 05 "$work/two.zst"
seed empty zstd-decoder 00 empty.zst
for target in gzip-decoder deflate-decoder brotli-decoder zstd-decoder; do
    seed round-trip $target 62 "$work/a"
done
ls -l "$here" "$seeds"/*-decoder
