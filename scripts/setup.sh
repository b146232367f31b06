#!/usr/bin/env bash
# Installs what the build, the tests, the conformance run and the reliability stages (valgrind for the
# leak check) need and a fresh machine may lack. libFuzzer and the sanitizer runtimes come with the Swift
# toolchain.
# Idempotent: does nothing when everything is present. Needs root for apt-get (CI runs as root).
set -euo pipefail

missing=()
command -v python3 >/dev/null 2>&1 || missing+=(python3)
command -v git >/dev/null 2>&1 || missing+=(git)
command -v valgrind >/dev/null 2>&1 || missing+=(valgrind)
# The cookies.txt interop test runs curl -b/-c against the project's server (skipped without it).
command -v curl >/dev/null 2>&1 || missing+=(curl)
# TLS binds the OpenSSL 3 runtime at run time (dlopen): only the shared library is needed, never its headers.
ldconfig -p 2>/dev/null | grep -q 'libssl.so.3' || missing+=(libssl3)
# The content codings bind zlib, brotli and zstd at run time too (runtime libraries only, never headers).
ldconfig -p 2>/dev/null | grep -q 'libz.so.1 ' || missing+=(zlib1g)
ldconfig -p 2>/dev/null | grep -q 'libbrotlidec.so.1 ' || missing+=(libbrotli1)
ldconfig -p 2>/dev/null | grep -q 'libzstd.so.1 ' || missing+=(libzstd1)

if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
