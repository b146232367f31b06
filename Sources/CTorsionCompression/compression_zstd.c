// zstd streams: ZSTD_decompressStream and ZSTD_compressStream2 over caller buffers.

#include "CTorsionCompression.h"
#include "compression_internal.h"

#include <stdio.h>

const char *ctc_zstd_open(struct ctc_stream *stream) {
    if (stream->kind == CTC_ZSTD_DECODE) {
        ZSTD_DCtx *decoder = ctc_zstd.ZSTD_createDCtx();
        if (decoder == NULL) return "zstd: out of memory";
        // Frames that need a window above 8 MiB are refused (RFC 9659 section 3) rather than allowed to
        // make this process allocate up to the library's default of 128 MiB.
        if (ctc_zstd.ZSTD_isError(ctc_zstd.ZSTD_DCtx_setParameter(decoder, ZSTD_d_windowLogMax,
                                                                  CTC_ZSTD_WINDOW_LOG_MAX))) {
            ctc_zstd.ZSTD_freeDCtx(decoder);
            return "zstd: the decoder refused its window limit";
        }
        stream->u.zstd_decoder = decoder;
        return NULL;
    }
    ZSTD_CCtx *encoder = ctc_zstd.ZSTD_createCCtx();
    if (encoder == NULL) return "zstd: out of memory";
    if (ctc_zstd.ZSTD_isError(ctc_zstd.ZSTD_CCtx_setParameter(encoder, ZSTD_c_compressionLevel, stream->level)) ||
        ctc_zstd.ZSTD_isError(ctc_zstd.ZSTD_CCtx_setParameter(encoder, ZSTD_c_checksumFlag, 1))) {
        ctc_zstd.ZSTD_freeCCtx(encoder);
        return "zstd: the encoder refused its parameters";
    }
    stream->u.zstd_encoder = encoder;
    return NULL;
}

void ctc_zstd_close(struct ctc_stream *stream) {
    if (stream->kind == CTC_ZSTD_DECODE) {
        ctc_zstd.ZSTD_freeDCtx(stream->u.zstd_decoder);
    } else {
        ctc_zstd.ZSTD_freeCCtx(stream->u.zstd_encoder);
    }
}

int ctc_zstd_reset(struct ctc_stream *stream) {
    size_t code = stream->kind == CTC_ZSTD_DECODE
                      ? ctc_zstd.ZSTD_DCtx_reset(stream->u.zstd_decoder, ZSTD_reset_session_only)
                      : ctc_zstd.ZSTD_CCtx_reset(stream->u.zstd_encoder, ZSTD_reset_session_only);
    return !ctc_zstd.ZSTD_isError(code);
}

int ctc_zstd_step(struct ctc_stream *stream, const uint8_t *input, size_t input_size, size_t *input_used,
                  uint8_t *output, size_t output_size, size_t *output_used, ctc_op op) {
    ctc_zstd_in_buffer in = {input, input_size, 0};
    ctc_zstd_out_buffer out = {output, output_size, 0};
    size_t result;
    if (stream->kind == CTC_ZSTD_DECODE) {
        // 0: a frame is complete and all its output written; otherwise a hint of the input still wanted.
        result = ctc_zstd.ZSTD_decompressStream(stream->u.zstd_decoder, &out, &in);
    } else {
        int directive = op == CTC_OP_FINISH ? ZSTD_e_end : op == CTC_OP_FLUSH ? ZSTD_e_flush : ZSTD_e_continue;
        // 0 after a flush or end: everything is written out (and the frame closed).
        result = ctc_zstd.ZSTD_compressStream2(stream->u.zstd_encoder, &out, &in, directive);
    }
    *input_used = in.pos;
    *output_used = out.pos;
    if (ctc_zstd.ZSTD_isError(result)) {
        const char *name = ctc_zstd.ZSTD_getErrorName(result);
        snprintf(stream->message, sizeof stream->message, "%s", name ? name : "zstd error");
        return CTC_STATUS_ERROR;
    }
    if (stream->kind == CTC_ZSTD_DECODE || op != CTC_OP_PROCESS) {
        return result == 0 && (stream->kind == CTC_ZSTD_DECODE || in.pos == in.size) ? CTC_STATUS_END
                                                                                     : CTC_STATUS_OK;
    }
    return CTC_STATUS_OK;
}
