// zlib streams: inflate (gzip, zlib-wrapped, raw) and deflate (the same three), over ctc_z_stream.

#include "CTorsionCompression.h"
#include "compression_internal.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

static int is_inflate(ctc_kind kind) {
    return kind == CTC_INFLATE_GZIP || kind == CTC_INFLATE_ZLIB || kind == CTC_INFLATE_RAW;
}

// windowBits as zlib reads them: 15 zlib-wrapped, -15 raw, 16 + 15 gzip.
static int window_bits(ctc_kind kind) {
    switch (kind) {
    case CTC_INFLATE_GZIP:
    case CTC_DEFLATE_GZIP: return Z_GZIP_WBITS;
    case CTC_INFLATE_RAW:
    case CTC_DEFLATE_RAW: return -Z_MAX_WBITS;
    default: return Z_MAX_WBITS;
    }
}

static const char *init_failure(int code) {
    switch (code) {
    case Z_MEM_ERROR: return "zlib: out of memory";
    case Z_VERSION_ERROR: return "zlib: the library's z_stream differs from the shim's (ABI mismatch)";
    default: return "zlib: initialisation failed";
    }
}

const char *ctc_zlib_open(struct ctc_stream *stream) {
    ctc_z_stream *z = &stream->u.zlib;
    memset(z, 0, sizeof *z);
    // The library checks the major version and sizeof(z_stream) against its own.
    const char *version = ctc_zlib.zlibVersion();
    int code;
    if (is_inflate(stream->kind)) {
        code = ctc_zlib.inflateInit2_(z, window_bits(stream->kind), version, (int)sizeof(ctc_z_stream));
    } else {
        int level = stream->level;
        if (level < 0) level = 0;
        if (level > 9) level = 9;
        code = ctc_zlib.deflateInit2_(z, level, Z_DEFLATED, window_bits(stream->kind), Z_DEF_MEM_LEVEL,
                                      Z_DEFAULT_STRATEGY, version, (int)sizeof(ctc_z_stream));
    }
    return code == Z_OK ? NULL : init_failure(code);
}

void ctc_zlib_close(struct ctc_stream *stream) {
    if (is_inflate(stream->kind)) {
        ctc_zlib.inflateEnd(&stream->u.zlib);
    } else {
        ctc_zlib.deflateEnd(&stream->u.zlib);
    }
}

int ctc_zlib_reset(struct ctc_stream *stream, ctc_kind kind) {
    if (is_inflate(stream->kind) != is_inflate(kind)) return 0;
    if (is_inflate(kind)) {
        if (ctc_zlib.inflateReset2(&stream->u.zlib, window_bits(kind)) != Z_OK) return 0;
    } else {
        if (kind != stream->kind || ctc_zlib.deflateReset(&stream->u.zlib) != Z_OK) return 0;
    }
    stream->kind = kind;
    return 1;
}

static void set_message(struct ctc_stream *stream, int code) {
    const char *text = stream->u.zlib.msg;
    switch (code) {
    case Z_NEED_DICT: text = "the stream needs a preset dictionary"; break;
    case Z_MEM_ERROR: text = "out of memory"; break;
    default: break;
    }
    if (text != NULL) {
        snprintf(stream->message, sizeof stream->message, "%s", text);
    } else {
        snprintf(stream->message, sizeof stream->message, "zlib error %d", code);
    }
}

int ctc_zlib_step(struct ctc_stream *stream, const uint8_t *input, size_t input_size, size_t *input_used,
                  uint8_t *output, size_t output_size, size_t *output_used, ctc_op op) {
    ctc_z_stream *z = &stream->u.zlib;
    // avail_in and avail_out are 32-bit: a larger buffer is taken in part, as a short step.
    unsigned int in = input_size > UINT_MAX ? UINT_MAX : (unsigned int)input_size;
    unsigned int out = output_size > UINT_MAX ? UINT_MAX : (unsigned int)output_size;
    z->next_in = input;
    z->avail_in = in;
    z->next_out = output;
    z->avail_out = out;
    z->msg = NULL;
    int code;
    if (is_inflate(stream->kind)) {
        code = ctc_zlib.inflate(z, Z_NO_FLUSH);
    } else {
        code = ctc_zlib.deflate(z, op == CTC_OP_FINISH ? Z_FINISH : op == CTC_OP_FLUSH ? Z_SYNC_FLUSH : Z_NO_FLUSH);
    }
    *input_used = in - z->avail_in;
    *output_used = out - z->avail_out;
    z->next_in = NULL;
    z->next_out = NULL;
    switch (code) {
    case Z_STREAM_END:
        return CTC_STATUS_END;
    case Z_OK:
        // A flush is complete once deflate leaves output space unused (zlib's documented rule).
        if (!is_inflate(stream->kind) && op == CTC_OP_FLUSH && z->avail_out > 0 && z->avail_in == 0) {
            return CTC_STATUS_END;
        }
        return CTC_STATUS_OK;
    case Z_BUF_ERROR:
        // No progress was possible: inflate wants more input; a repeated flush had nothing to write.
        if (!is_inflate(stream->kind) && op == CTC_OP_FLUSH && z->avail_in == 0) return CTC_STATUS_END;
        return CTC_STATUS_OK;
    default:
        set_message(stream, code);
        return CTC_STATUS_ERROR;
    }
}
