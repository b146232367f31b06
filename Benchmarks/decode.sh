#!/usr/bin/env bash
# Streaming decode throughput of ContentCoding beside the command-line decoders, on the same files.
#
#   Benchmarks/decode.sh              # builds the corpus (once), DecodeBench (release), runs both, prints a table
#   RUNS=10 SIZE_MIB=96 Benchmarks/decode.sh
#
# The corpus ($OUT/corpus, SIZE_MIB MiB, 64 by default): a generated JSON document (8 MiB), this
# repository's sources and docs, Python's standard library sources (a quarter), then text from
# /usr/share/doc (gzip'd changelogs unpacked) to fill it; each distinct file once, in a fixed order: real,
# repetitive but not trivial text (gzip -6 takes it to about a quarter). It is compressed once per coding with the tools: gzip -6, brotli -q 9 (-w 22), zstd -3
# and Python's zlib level 6 for deflate (zlib-wrapped, as RFC 9110 defines it).
#
# Torsion: DecodeBench decodes each file RUNS times (5) on one thread, fed in 16 KiB pieces, every output
# piece pulled as it comes and dropped; the file is read into memory first. The tools: `gzip -dc`,
# `brotli -dc`, `zstd -dc` (and a Python zlib.decompressobj loop over 16 KiB pieces for deflate, there
# being no standard deflate tool) timed by hyperfine with output to /dev/null, RUNS runs after one warm-up;
# their time includes reading the file and starting the process (about 1 ms). MB/s are 10^6 bytes of
# decoded output per second, best run (median beside it). The C floor is the same libraries driven from C
# through the same shim into one reused buffer (Benchmarks/decode-baseline): what is left once
# ContentCoding's Swift layer is taken away. Allocations per decode are counted with
# Benchmarks/alloc-count (the difference of a 3-run and a 1-run process, halved), beside the number of
# output pieces: one allocation per piece is the design. Results go to $OUT (Benchmarks/results/decode,
# git-ignored): the corpus, the compressed files, hyperfine's JSON, DecodeBench's output and table.md.
# Needs: gzip brotli zstd hyperfine python3 (installed with apt-get when missing and run as root), and
# clang (the Swift toolchain's).
set -euo pipefail
BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
OUT=${OUT:-$BENCH/results/decode}
RUNS=${RUNS:-5}
SIZE_MIB=${SIZE_MIB:-64}
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then export PATH=/opt/swift/usr/bin:$PATH; fi
log() { printf '%s\n' "$*" >&2; }

missing=()
for tool in gzip brotli zstd hyperfine python3; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
    log "decode.sh: installing ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
mkdir -p "$OUT"
cd "$OUT"

if [ "$(stat -c %s corpus 2>/dev/null || echo 0)" != $((SIZE_MIB * 1024 * 1024)) ]; then
    log "decode.sh: building the ${SIZE_MIB} MiB corpus"
    python3 - "$ROOT" $((SIZE_MIB * 1024 * 1024)) <<'PY'
import gzip, hashlib, json, os, sys
root, size = sys.argv[1], int(sys.argv[2])
parts, seen = [], set()

def files(top, suffixes):
    for folder, dirs, names in sorted(os.walk(top)):
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(folder, name)
            if name.endswith(suffixes) and not os.path.islink(path) and os.path.getsize(path) < 4 << 20:
                yield path

def take(paths, budget):
    """Appends the text files of `paths` (gzip'd ones unpacked, identical ones once) up to `budget` bytes."""
    taken = 0
    for path in paths:
        try:
            data = open(path, "rb").read()
            data = gzip.decompress(data) if path.endswith(".gz") else data
        except (OSError, EOFError, gzip.BadGzipFile):
            continue
        digest = hashlib.sha1(data).digest()
        if not data or b"\0" in data[:4096] or digest in seen:
            continue
        seen.add(digest)
        parts.append(data[: budget - taken])
        taken += len(parts[-1])
        if taken >= budget:
            break

# A generated JSON document (an API response: records with repeated keys, varied values), 8 MiB.
records = [{"id": i, "user": f"user{i % 977}", "email": f"user{i % 977}@example.com",
            "created": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00Z",
            "score": (i * 7919) % 10007 / 100, "tags": ["alpha", "beta", "gamma", "delta"][: 1 + i % 4],
            "active": i % 3 != 0} for i in range(40000)]
parts.append(json.dumps({"records": records}, indent=2).encode()[: 8 << 20])
take(files(os.path.join(root, "Sources"), (".swift", ".c", ".h")), 4 << 20)
take(files(os.path.join(root, "docs"), (".md",)), 1 << 20)
pythons = [os.path.join("/usr/lib", lib) for lib in sorted(os.listdir("/usr/lib")) if lib.startswith("python3")]
take((path for top in pythons for path in files(top, (".py",))), size // 4)
take(files("/usr/share/doc", ("changelog.Debian.gz", "changelog.gz", "copyright", "README", ".txt", ".html",
                              ".md")), size - sum(map(len, parts)))
corpus = b"".join(parts)
while len(corpus) < size:  # a machine with little text: repeat what there is
    corpus += corpus
open("corpus", "wb").write(corpus[:size])
print(f"corpus: {len(parts)} parts, {sum(map(len, parts)) >> 20} MiB of distinct text", file=sys.stderr)
PY
    rm -f corpus.gz corpus.br corpus.zst corpus.zlib
fi
[ -f corpus.gz ] || { log "decode.sh: gzip -6"; gzip -6 -n -c corpus > corpus.gz; }
[ -f corpus.br ] || { log "decode.sh: brotli -q 9 (a minute or two)"; brotli -q 9 -w 22 -c corpus > corpus.br; }
[ -f corpus.zst ] || { log "decode.sh: zstd -3"; zstd -q -3 -c corpus > corpus.zst; }
[ -f corpus.zlib ] || python3 -c 'import zlib; open("corpus.zlib", "wb").write(zlib.compress(open("corpus", "rb").read(), 6))'
cat > inflate.py <<'PY'
import sys, zlib
decoder, source = zlib.decompressobj(), open(sys.argv[1], "rb")
while chunk := source.read(16384):
    decoder.decompress(chunk)
decoder.flush()
PY

log "decode.sh: building DecodeBench (release)"
(cd "$ROOT" && swift build -c release --product DecodeBench >/dev/null)
bench=$(cd "$ROOT" && swift build -c release --show-bin-path)/DecodeBench

log "decode.sh: Torsion, $RUNS runs per file"
"$bench" --runs "$RUNS" gzip corpus.gz deflate corpus.zlib br corpus.br zstd corpus.zst | tee torsion.txt >&2

log "decode.sh: the C floor (Benchmarks/decode-baseline: the same shim, one reused output buffer)"
clang -O2 -I"$ROOT/Sources/CTorsionCompression/include" "$ROOT"/Sources/CTorsionCompression/*.c \
    "$BENCH/decode-baseline/decode_baseline.c" -ldl -lpthread -o decode_baseline
: > floor.txt
for job in "gzip corpus.gz" "zlib corpus.zlib" "br corpus.br" "zstd corpus.zst"; do
    ./decode_baseline "$RUNS" $job | tee -a floor.txt >&2
done

log "decode.sh: allocations per decode (Benchmarks/alloc-count: 3 runs minus 1 run, halved)"
clang -O2 -shared -fPIC -o alloc_count.so "$BENCH/alloc-count/alloc_count.c"
: > allocations.txt
for job in "gzip corpus.gz" "deflate corpus.zlib" "br corpus.br" "zstd corpus.zst"; do
    set -- $job
    rm -f one.txt three.txt
    ALLOC_COUNT_OUT=one.txt LD_PRELOAD=$OUT/alloc_count.so "$bench" --runs 1 "$1" "$2" >/dev/null
    ALLOC_COUNT_OUT=three.txt LD_PRELOAD=$OUT/alloc_count.so "$bench" --runs 3 "$1" "$2" >/dev/null
    echo "$1 $(( ($(cut -d= -f2 three.txt) - $(cut -d= -f2 one.txt)) / 2 ))" >> allocations.txt
done
cat allocations.txt >&2

log "decode.sh: the tools, $RUNS runs each (hyperfine)"
hyperfine -N --warmup 1 --runs "$RUNS" --output=null --export-json tools.json \
    -n gzip 'gzip -dc corpus.gz' -n deflate 'python3 inflate.py corpus.zlib' \
    -n br 'brotli -dc corpus.br' -n zstd 'zstd -qdc corpus.zst' >&2

python3 - "$(stat -c %s corpus)" <<'PY' | tee table.md
import json, re, sys, os
decoded = int(sys.argv[1])
ours, pieces = {}, {}
for line in open("torsion.txt"):
    m = re.match(r"(\S+) \S+: (\d+) -> (\d+) bytes, best ([\d.e-]+) s .* median ([\d.e-]+) s.*, (\d+) output pieces", line)
    if m:
        ours[m[1]] = (int(m[2]), int(m[3]), float(m[4]), float(m[5]))
        pieces[m[1]] = int(m[6])
allocations = dict(line.split() for line in open("allocations.txt"))
floor = {}
for line in open("floor.txt"):
    m = re.match(r"(\S+) \S+: \d+ -> (\d+) bytes, best ([\d.]+) s", line)
    if m:
        floor[{"zlib": "deflate"}.get(m[1], m[1])] = int(m[2]) / float(m[3]) / 1e6
tools = {r["command"]: r for r in json.load(open("tools.json"))["results"]}
names = {"gzip": "gzip -dc", "deflate": "python3 zlib (16 KiB)", "br": "brotli -dc", "zstd": "zstd -dc"}
files = {"gzip": "corpus.gz", "deflate": "corpus.zlib", "br": "corpus.br", "zstd": "corpus.zst"}
print(f"Decoded size {decoded / 2**20:.0f} MiB; MB/s = 10^6 decoded bytes per second, best run (median).\n")
print("| coding | encoded | ratio | Torsion MB/s, fed 16 KiB at a time | C floor MB/s | tool | tool MB/s "
      "| Torsion / tool | output pieces | allocations per decode |")
print("|---|---|---|---|---|---|---|---|---|---|")
for coding in ["gzip", "deflate", "br", "zstd"]:
    encoded, size, best, median = ours[coding]
    assert size == decoded, f"{coding} decoded {size} bytes, not {decoded}"
    tool = tools[coding]
    tool_best, tool_median = min(tool["times"]), tool["median"]
    print(f"| {coding} | {encoded / 2**20:.1f} MiB | {decoded / encoded:.1f} | {decoded / best / 1e6:.0f} "
          f"({decoded / median / 1e6:.0f}) | {floor[coding]:.0f} | {names[coding]} | {decoded / tool_best / 1e6:.0f} "
          f"({decoded / tool_median / 1e6:.0f}) | {tool_best / best:.2f} | {pieces[coding]:,} "
          f"| {int(allocations[coding]):,} |")
PY
