// ctc_stream: one compressor or decompressor, dispatched to the library of its kind.

#include "CTorsionCompression.h"
#include "compression_internal.h"

#include <stdlib.h>
#include <string.h>

static ctc_library library_of(ctc_kind kind) {
    switch (kind) {
    case CTC_INFLATE_GZIP:
    case CTC_INFLATE_ZLIB:
    case CTC_INFLATE_RAW:
    case CTC_DEFLATE_GZIP:
    case CTC_DEFLATE_ZLIB:
    case CTC_DEFLATE_RAW:
        return CTC_LIBZ;
    case CTC_BROTLI_DECODE:
        return CTC_LIBBROTLIDEC;
    case CTC_BROTLI_ENCODE:
        return CTC_LIBBROTLIENC;
    case CTC_ZSTD_DECODE:
    case CTC_ZSTD_ENCODE:
        return CTC_LIBZSTD;
    }
    return CTC_LIBZ;
}

static int valid_kind(ctc_kind kind) { return (unsigned)kind <= CTC_ZSTD_ENCODE; }

ctc_stream *ctc_stream_new(ctc_kind kind, int level, const char **error) {
    const char *unused;
    if (error == NULL) error = &unused;
    if (!valid_kind(kind)) {
        *error = "unknown stream kind";
        return NULL;
    }
    ctc_library library = library_of(kind);
    if (!ctc_load(library)) {
        *error = ctc_load_error(library);
        return NULL;
    }
    ctc_stream *stream = calloc(1, sizeof *stream);
    if (stream == NULL) {
        *error = "out of memory";
        return NULL;
    }
    stream->kind = kind;
    stream->level = level;
    const char *failure;
    switch (library) {
    case CTC_LIBZ: failure = ctc_zlib_open(stream); break;
    case CTC_LIBBROTLIDEC:
    case CTC_LIBBROTLIENC: failure = ctc_brotli_open(stream); break;
    case CTC_LIBZSTD: failure = ctc_zstd_open(stream); break;
    default: failure = "unknown library"; break;
    }
    if (failure != NULL) {
        free(stream);
        *error = failure;
        return NULL;
    }
    return stream;
}

void ctc_stream_free(ctc_stream *stream) {
    if (stream == NULL) return;
    switch (library_of(stream->kind)) {
    case CTC_LIBZ: ctc_zlib_close(stream); break;
    case CTC_LIBBROTLIDEC:
    case CTC_LIBBROTLIENC: ctc_brotli_close(stream); break;
    case CTC_LIBZSTD: ctc_zstd_close(stream); break;
    }
    free(stream);
}

int ctc_stream_reset(ctc_stream *stream, ctc_kind kind) {
    if (stream == NULL || !valid_kind(kind) || library_of(kind) != library_of(stream->kind)) return 0;
    stream->message[0] = '\0';
    switch (library_of(stream->kind)) {
    case CTC_LIBZ: return ctc_zlib_reset(stream, kind);
    case CTC_LIBZSTD: return kind == stream->kind && ctc_zstd_reset(stream);
    case CTC_LIBBROTLIDEC:
    case CTC_LIBBROTLIENC:
        // Brotli has no reset: a new instance replaces the old one.
        if (kind != stream->kind) return 0;
        ctc_brotli_close(stream);
        return ctc_brotli_open(stream) == NULL;
    }
    return 0;
}

int ctc_stream_step(ctc_stream *stream, const uint8_t *input, size_t input_size, size_t *input_used,
                    uint8_t *output, size_t output_size, size_t *output_used, ctc_op op) {
    *input_used = 0;
    *output_used = 0;
    // The libraries want real pointers even for empty buffers.
    static const uint8_t no_input[1];
    uint8_t no_output[1];
    if (input == NULL || input_size == 0) {
        input = no_input;
        input_size = 0;
    }
    if (output == NULL || output_size == 0) {
        output = no_output;
        output_size = 0;
    }
    switch (library_of(stream->kind)) {
    case CTC_LIBZ:
        return ctc_zlib_step(stream, input, input_size, input_used, output, output_size, output_used, op);
    case CTC_LIBBROTLIDEC:
    case CTC_LIBBROTLIENC:
        return ctc_brotli_step(stream, input, input_size, input_used, output, output_size, output_used, op);
    case CTC_LIBZSTD:
        return ctc_zstd_step(stream, input, input_size, input_used, output, output_size, output_used, op);
    }
    return CTC_STATUS_ERROR;
}

const char *ctc_stream_message(const ctc_stream *stream) { return stream ? stream->message : ""; }
