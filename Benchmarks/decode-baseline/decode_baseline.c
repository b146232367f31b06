// The floor for DecodeBench: the same libraries driven from C through the same shim (CTorsionCompression),
// fed 16 KiB at a time into one reused 64 KiB output buffer, with nothing else around them: no pieces
// handed out, no state machine, no limits. The gap between this and DecodeBench is what ContentCoding's
// Swift layer costs. Benchmarks/decode.sh builds it with clang (not part of the SwiftPM build):
//
//   clang -O2 -ISources/CTorsionCompression/include Sources/CTorsionCompression/*.c \
//       Benchmarks/decode-baseline/decode_baseline.c -ldl -lpthread -o decode_baseline
//   ./decode_baseline RUNS KIND FILE     (KIND: gzip, zlib, br, zstd; one stream, one member or frame)
//
// Prints "KIND FILE: ENCODED -> DECODED bytes, best S s (R MB/s), median S s (R MB/s)".
#define _GNU_SOURCE
#include "CTorsionCompression.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: decode_baseline RUNS gzip|zlib|br|zstd FILE\n");
        return 2;
    }
    int runs = atoi(argv[1]);
    ctc_kind kind = strcmp(argv[2], "gzip") == 0   ? CTC_INFLATE_GZIP
                    : strcmp(argv[2], "zlib") == 0 ? CTC_INFLATE_ZLIB
                    : strcmp(argv[2], "br") == 0   ? CTC_BROTLI_DECODE
                                                   : CTC_ZSTD_DECODE;
    FILE *file = fopen(argv[3], "rb");
    if (file == NULL || runs < 1 || runs > 1000) return 2;
    fseek(file, 0, SEEK_END);
    size_t size = (size_t)ftell(file);
    fseek(file, 0, SEEK_SET);
    uint8_t *input = malloc(size);
    if (input == NULL || fread(input, 1, size, file) != size) return 1;
    fclose(file);
    static uint8_t output[64 * 1024];
    double times[1000];
    size_t decoded = 0;
    for (int run = 0; run < runs; run++) {
        double start = now();
        const char *error = NULL;
        ctc_stream *stream = ctc_stream_new(kind, 0, &error);
        if (stream == NULL) {
            fprintf(stderr, "decode_baseline: %s\n", error);
            return 1;
        }
        decoded = 0;
        size_t offset = 0;
        int status = CTC_STATUS_OK;
        while (status == CTC_STATUS_OK) {
            size_t chunk = size - offset < 16384 ? size - offset : 16384;
            size_t used = 0, made = 0;
            status = ctc_stream_step(stream, input + offset, chunk, &used, output, sizeof output, &made,
                                     CTC_OP_PROCESS);
            offset += used;
            decoded += made;
            if (status == CTC_STATUS_OK && used == 0 && made == 0 && offset == size) break;
        }
        if (status == CTC_STATUS_ERROR) {
            fprintf(stderr, "decode_baseline: %s\n", ctc_stream_message(stream));
            return 1;
        }
        ctc_stream_free(stream);
        times[run] = now() - start;
    }
    qsort(times, (size_t)runs, sizeof times[0], compare);
    double best = times[0], median = times[runs / 2];
    printf("%s %s: %zu -> %zu bytes, best %.6f s (%.0f MB/s), median %.6f s (%.0f MB/s)\n", argv[2], argv[3], size,
           decoded, best, decoded / best / 1e6, median, decoded / median / 1e6);
    free(input);
    return 0;
}
