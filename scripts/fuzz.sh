#!/usr/bin/env bash
# Builds and runs the libFuzzer targets under Fuzz/ (outside the SwiftPM build).
#
#   scripts/fuzz.sh                      # every target for 25 s (the CI run)
#   scripts/fuzz.sh -t 600 response-parser chunked-decoder
#   scripts/fuzz.sh --build-only
#   scripts/fuzz.sh --replay FILE...     # run inputs once per target (crash reproduction)
#
# Targets: response-parser, chunked-decoder, request-head, server-request, http-date, hpack-decoder,
# h2-frame-decoder, h2-client, set-cookie, cookies-txt (docs/fuzzing-and-sanitizers.md, docs/http2.md,
# docs/cookies.md).
# HTTPCore's codec sources (grammar, model, both parsers, the request-head writer; not the parts that
# need the reactor) are compiled with -sanitize=fuzzer,address into one static module named HTTPCore, as
# the package names it, the whole HTTP2 module into another, and WebClient's reactor-free cookie sources
# (the Set-Cookie parser, cookie dates, the cookies.txt format) into WebClientCookies; each target's
# Fuzz/<Name>/main.swift links against the ones it needs. The decoder targets (gzip-decoder, deflate-decoder, brotli-decoder,
# zstd-decoder; docs/content-coding.md) link ContentCoding (all its sources) and the CTorsionCompression
# shim, compiled with clang (-fsanitize=fuzzer-no-link,address); the shim still opens the system's zlib,
# brotli and zstd at run time.
#
# Seeds: built at run time from ../shared/conformance (when present), the cookie fixtures under
# Tests/Fixtures/cookies, plus Fuzz/Seeds/<target>.
# Working corpora stay in $FUZZ_DIR/corpus/<target> between local runs; crash inputs go to
# $FUZZ_DIR/artifacts/<target>/. Exits non-zero if any target finds a crash, leak or timeout.
# Extra libFuzzer flags: FUZZ_ARGS="-max_len=16384 ...".
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

if ! command -v swiftc >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swiftc ]; then
    export PATH=/opt/swift/usr/bin:$PATH
fi

seconds=25
build_only=0
replay=()
targets=()
while [ $# -gt 0 ]; do
    case "$1" in
        -t|--time) seconds=$2; shift 2 ;;
        --build-only) build_only=1; shift ;;
        --replay) shift; replay=("$@"); break ;;
        -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
        *) targets+=("$1"); shift ;;
    esac
done
all_targets=(response-parser chunked-decoder request-head server-request http-date hpack-decoder h2-frame-decoder h2-client
    gzip-decoder deflate-decoder brotli-decoder zstd-decoder set-cookie cookies-txt)
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")

dir_of() {
    case "$1" in
        response-parser) echo ResponseParser ;;
        chunked-decoder) echo ChunkedDecoder ;;
        request-head) echo RequestHead ;;
        server-request) echo ServerRequest ;;
        http-date) echo HTTPDate ;;
        hpack-decoder) echo HPACKDecoder ;;
        h2-frame-decoder) echo H2FrameDecoder ;;
        h2-client) echo H2Client ;;
        gzip-decoder) echo GzipDecoder ;;
        deflate-decoder) echo DeflateDecoder ;;
        brotli-decoder) echo BrotliDecoder ;;
        zstd-decoder) echo ZstdDecoder ;;
        set-cookie) echo SetCookie ;;
        cookies-txt) echo CookiesTxt ;;
        *) echo "fuzz: unknown target $1 (known: ${all_targets[*]})" >&2; exit 2 ;;
    esac
}

# The static modules a target links, its dictionary, and its largest input.
libs_of() {
    case "$1" in
        hpack-decoder|h2-frame-decoder|h2-client) echo "$mods/libHTTP2.a" ;;
        gzip-decoder|deflate-decoder|brotli-decoder|zstd-decoder)
            echo "$mods/libContentCoding.a $mods/libCTorsionCompression.a" ;;
        set-cookie|cookies-txt) echo "$mods/libWebClientCookies.a $mods/libHTTPCore.a" ;;
        *) echo "$mods/libHTTPCore.a" ;;
    esac
}
dict_of() {
    case "$1" in
        hpack-decoder|h2-frame-decoder|h2-client) echo Fuzz/h2.dict ;;
        gzip-decoder|deflate-decoder|brotli-decoder|zstd-decoder) echo Fuzz/codecs.dict ;;
        set-cookie|cookies-txt) echo Fuzz/cookie.dict ;;
        *) echo Fuzz/http.dict ;;
    esac
}
max_len_of() {
    case "$1" in
        h2-frame-decoder|h2-client) echo 32768 ;;
        http-date) echo 64 ;;
        *) echo 8192 ;;
    esac
}

out=${FUZZ_DIR:-$root/.build-fuzz}
mods=$out/modules
mkdir -p "$mods" "$out/bin" "$out/logs"
flags=(-O -sanitize=fuzzer,address -parse-as-library -package-name Torsion)

core_sources=(Sources/HTTPCore/Grammar/*.swift Sources/HTTPCore/Model/*.swift Sources/HTTPCore/Decoding/*.swift
    Sources/HTTPCore/ResponseParser/*.swift Sources/HTTPCore/RequestParser/*.swift
    Sources/HTTPCore/Writing/ChunkFraming.swift Sources/HTTPCore/Writing/HTTPRequestHead.swift
    Sources/HTTPCore/Writing/RequestValidation.swift Sources/HTTPCore/Writing/InvalidRequest.swift)
http2_sources=(Sources/HTTP2/*/*.swift)
cookie_sources=(Sources/WebClient/Cookies/{SetCookie,SetCookieParser,CookieDate,CookieRejection,Cookie,NetscapeCookieFile}.swift)

# Rebuilds `product` from `sources` when any source (or this script) is newer.
stale() {
    local product=$1; shift
    [ -f "$product" ] || return 0
    for file in "$@" "$0"; do [ "$file" -nt "$product" ] && return 0; done
    return 1
}

module_flags=()
build_module() {
    local name=$1; shift
    if stale "$mods/lib$name.a" "$@"; then
        echo "fuzz: building module $name"
        swiftc "${flags[@]}" -module-name "$name" -enable-testing -I "$mods" ${module_flags[@]+"${module_flags[@]}"} \
            -emit-module -emit-module-path "$mods/$name.swiftmodule" \
            -emit-library -static -o "$mods/lib$name.a" "$@" >"$out/logs/build-$name.log" 2>&1 \
            || { cat "$out/logs/build-$name.log"; exit 1; }
    fi
}
build_module HTTPCore "${core_sources[@]}"
build_module HTTP2 "${http2_sources[@]}"
build_module WebClientCookies "${cookie_sources[@]}"

is_codec() { case "$1" in gzip-decoder|deflate-decoder|brotli-decoder|zstd-decoder) return 0 ;; *) return 1 ;; esac; }

# The C shim for the content codings: compiled with clang from the toolchain, exposed to swiftc through a
# module map of its own (SwiftPM writes one in the package build).
shim_sources=(Sources/CTorsionCompression/*.c)
build_codecs() {
    local shim_lib=$mods/libCTorsionCompression.a
    if stale "$shim_lib" "${shim_sources[@]}" Sources/CTorsionCompression/*.h Sources/CTorsionCompression/include/*.h; then
        echo "fuzz: building the CTorsionCompression shim"
        mkdir -p "$mods/shim" "$mods/cmodules/CTorsionCompression"
        for file in "${shim_sources[@]}"; do
            clang -O1 -g -fsanitize=fuzzer-no-link,address -Wall -Werror -ISources/CTorsionCompression/include \
                -c "$file" -o "$mods/shim/$(basename "$file" .c).o" || exit 1
        done
        rm -f "$shim_lib"
        ar rcs "$shim_lib" "$mods"/shim/*.o
        printf 'module CTorsionCompression {\n    header "%s"\n    export *\n}\n' \
            "$root/Sources/CTorsionCompression/include/CTorsionCompression.h" \
            >"$mods/cmodules/CTorsionCompression/module.modulemap"
        rm -f "$mods/libContentCoding.a"  # it imports the shim's header
    fi
    local codec_sources
    mapfile -t codec_sources < <(find Sources/ContentCoding -name '*.swift' | sort)
    module_flags=(-I "$mods/cmodules/CTorsionCompression")
    build_module ContentCoding "${codec_sources[@]}"
    module_flags=()
}
for target in "${targets[@]}"; do
    if is_codec "$target"; then build_codecs; break; fi
done

for target in "${targets[@]}"; do
    name=$(dir_of "$target")
    sources=(Fuzz/"$name"/*.swift Fuzz/Support/*.swift)
    read -r -a libs <<<"$(libs_of "$target")"
    extra=()
    if is_codec "$target"; then
        sources+=(Fuzz/CodecSupport/*.swift)
        extra=(-I "$mods/cmodules/CTorsionCompression" -ldl)
    fi
    if stale "$out/bin/$target" "${sources[@]}" "${libs[@]}"; then
        echo "fuzz: building $target"
        # The gold linker warns "Cannot export local symbol '__asan_...'"; harmless, kept in the log.
        swiftc "${flags[@]}" -module-name "Fuzz$name" -I "$mods" ${extra[@]+"${extra[@]}"} "${sources[@]}" \
            "${libs[@]}" -o "$out/bin/$target" \
            >"$out/logs/build-$target.log" 2>&1 || { cat "$out/logs/build-$target.log"; exit 1; }
    fi
done
[ $build_only -eq 1 ] && exit 0

if [ ${#replay[@]} -gt 0 ]; then
    for target in "${targets[@]}"; do "$out/bin/$target" "${replay[@]}"; done
    exit 0
fi

# Seeds: the conformance corpus's raw responses (with the control byte each target expects) and the
# project's own seeds under Fuzz/Seeds/<target>.
corpus_json=$root/../shared/conformance/http-response-cases.json
make_seeds() {
    local target=$1 seeds=$2
    rm -rf "$seeds"
    mkdir -p "$seeds"
    if [ -d "Fuzz/Seeds/$target" ]; then cp Fuzz/Seeds/"$target"/* "$seeds"/ 2>/dev/null || true; fi
    case "$target" in
        set-cookie)
            # Every Set-Cookie header of the http-state corpus, one per seed.
            python3 - Tests/Fixtures/cookies/http-state-parser.json "$seeds" <<'PY'
import json, sys
for case in json.load(open(sys.argv[1], encoding="utf-8")):
    for index, header in enumerate(case["received"]):
        open(f"{sys.argv[2]}/http-state-{case['test']}-{index}", "wb").write(header.encode("latin-1", "replace"))
PY
            return 0 ;;
        cookies-txt)
            cp Tests/Fixtures/cookies/*-cookies.txt "$seeds"/
            return 0 ;;
    esac
    [ -f "$corpus_json" ] || return 0
    python3 - "$corpus_json" "$target" "$seeds" <<'PY'
import base64, json, sys
cases = json.load(open(sys.argv[1]))["cases"]
target, seeds = sys.argv[2], sys.argv[3]
for case in cases:
    raw = base64.b64decode(case["raw_response_b64"])
    method = {"GET": 0, "HEAD": 1, "CONNECT": 2, "POST": 3}.get(case["request_method"], 0)
    if target == "response-parser":
        data = bytes([method]) + raw
    elif target == "chunked-decoder":
        head, sep, body = raw.partition(b"\r\n\r\n")
        if not sep or b"chunked" not in head.lower():
            continue
        data = b"\x00" + body
    elif target == "server-request":
        # A response's field lines and body under a request line: the server parser sees real fields.
        head, sep, body = raw.partition(b"\r\n\r\n")
        fields = head.split(b"\r\n", 1)[1] if b"\r\n" in head else b""
        data = b"\x00POST /upload HTTP/1.1\r\nHost: example.com\r\n" + fields + sep + body
    else:
        continue
    open(f"{seeds}/corpus-{case['name']}", "wb").write(data)
PY
}

failed=0
for target in "${targets[@]}"; do
    seeds=$out/seeds/$target
    work=$out/corpus/$target
    artifacts=$out/artifacts/$target
    log=$out/logs/$target.log
    make_seeds "$target" "$seeds"
    mkdir -p "$work" "$artifacts"
    echo "fuzz: $target for ${seconds}s ($(ls "$seeds" | wc -l) seeds, $(ls "$work" | wc -l) saved inputs)"
    status=0
    # shellcheck disable=SC2086
    "$out/bin/$target" -max_total_time="$seconds" -max_len="$(max_len_of "$target")" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -dict="$(dict_of "$target")" -artifact_prefix="$artifacts/" ${FUZZ_ARGS:-} \
        "$work" "$seeds" >"$log" 2>&1 || status=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -n 1 | cut -d' ' -f2)
    echo "fuzz: $target: ${runs:-?} executions in ${seconds}s (${rate:-?} exec/s), coverage ${cov:-?} edges, exit $status"
    if [ $status -ne 0 ]; then
        failed=1
        grep -E 'ERROR|fuzz invariant|Fatal error|Test unit written' "$log" | head -n 20 || true
        echo "fuzz: $target FAILED; full log: $log; reproduce: scripts/fuzz.sh $target --replay $artifacts/<crash file>"
    fi
done
exit $failed
