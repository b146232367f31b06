// brotli streams: BrotliDecoderDecompressStream and BrotliEncoderCompressStream over caller buffers.

#include "CTorsionCompression.h"
#include "compression_internal.h"

#include <stdio.h>

const char *ctc_brotli_open(struct ctc_stream *stream) {
    if (stream->kind == CTC_BROTLI_DECODE) {
        stream->u.brotli_decoder = ctc_brotlidec.BrotliDecoderCreateInstance(NULL, NULL, NULL);
        return stream->u.brotli_decoder ? NULL : "brotli: out of memory";
    }
    BrotliEncoderState *encoder = ctc_brotlienc.BrotliEncoderCreateInstance(NULL, NULL, NULL);
    if (encoder == NULL) return "brotli: out of memory";
    int quality = stream->level;
    if (quality < 0) quality = 0;
    if (quality > 11) quality = 11;
    if (!ctc_brotlienc.BrotliEncoderSetParameter(encoder, BROTLI_PARAM_QUALITY, (uint32_t)quality) ||
        !ctc_brotlienc.BrotliEncoderSetParameter(encoder, BROTLI_PARAM_LGWIN, BROTLI_DEFAULT_WINDOW)) {
        ctc_brotlienc.BrotliEncoderDestroyInstance(encoder);
        return "brotli: the encoder refused its parameters";
    }
    stream->u.brotli_encoder = encoder;
    return NULL;
}

void ctc_brotli_close(struct ctc_stream *stream) {
    if (stream->kind == CTC_BROTLI_DECODE) {
        if (stream->u.brotli_decoder) ctc_brotlidec.BrotliDecoderDestroyInstance(stream->u.brotli_decoder);
        stream->u.brotli_decoder = NULL;
    } else {
        if (stream->u.brotli_encoder) ctc_brotlienc.BrotliEncoderDestroyInstance(stream->u.brotli_encoder);
        stream->u.brotli_encoder = NULL;
    }
}

static int decode_step(struct ctc_stream *stream, const uint8_t *input, size_t input_size, size_t *input_used,
                       uint8_t *output, size_t output_size, size_t *output_used) {
    size_t available_in = input_size;
    const uint8_t *next_in = input;
    size_t available_out = output_size;
    uint8_t *next_out = output;
    int result = ctc_brotlidec.BrotliDecoderDecompressStream(stream->u.brotli_decoder, &available_in, &next_in,
                                                            &available_out, &next_out, NULL);
    *input_used = input_size - available_in;
    *output_used = output_size - available_out;
    switch (result) {
    case BROTLI_DECODER_RESULT_SUCCESS: return CTC_STATUS_END;
    case BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT:
    case BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT: return CTC_STATUS_OK;
    default: {
        int code = ctc_brotlidec.BrotliDecoderGetErrorCode(stream->u.brotli_decoder);
        const char *name = ctc_brotlidec.BrotliDecoderErrorString(code);
        // The names are BROTLI_DECODER_ERROR_* less their prefix: "PADDING_2", "EXUBERANT_NIBBLE", ...
        while (name != NULL && *name == '_') name++;
        snprintf(stream->message, sizeof stream->message, "brotli decoder error %s (%d)", name ? name : "?", code);
        return CTC_STATUS_ERROR;
    }
    }
}

static int encode_step(struct ctc_stream *stream, const uint8_t *input, size_t input_size, size_t *input_used,
                       uint8_t *output, size_t output_size, size_t *output_used, ctc_op op) {
    BrotliEncoderState *encoder = stream->u.brotli_encoder;
    size_t available_in = input_size;
    const uint8_t *next_in = input;
    size_t available_out = output_size;
    uint8_t *next_out = output;
    int operation = op == CTC_OP_FINISH ? BROTLI_OPERATION_FINISH
                    : op == CTC_OP_FLUSH ? BROTLI_OPERATION_FLUSH
                                         : BROTLI_OPERATION_PROCESS;
    int ok = ctc_brotlienc.BrotliEncoderCompressStream(encoder, operation, &available_in, &next_in, &available_out,
                                                      &next_out, NULL);
    *input_used = input_size - available_in;
    *output_used = output_size - available_out;
    if (!ok) {
        snprintf(stream->message, sizeof stream->message, "the brotli encoder failed");
        return CTC_STATUS_ERROR;
    }
    switch (op) {
    case CTC_OP_FINISH:
        return ctc_brotlienc.BrotliEncoderIsFinished(encoder) ? CTC_STATUS_END : CTC_STATUS_OK;
    case CTC_OP_FLUSH:
        return available_in == 0 && !ctc_brotlienc.BrotliEncoderHasMoreOutput(encoder) ? CTC_STATUS_END
                                                                                       : CTC_STATUS_OK;
    default:
        return CTC_STATUS_OK;
    }
}

int ctc_brotli_step(struct ctc_stream *stream, const uint8_t *input, size_t input_size, size_t *input_used,
                    uint8_t *output, size_t output_size, size_t *output_used, ctc_op op) {
    if (stream->kind == CTC_BROTLI_DECODE) {
        if (stream->u.brotli_decoder == NULL) {
            snprintf(stream->message, sizeof stream->message, "brotli: no decoder instance");
            return CTC_STATUS_ERROR;
        }
        return decode_step(stream, input, input_size, input_used, output, output_size, output_used);
    }
    if (stream->u.brotli_encoder == NULL) {
        snprintf(stream->message, sizeof stream->message, "brotli: no encoder instance");
        return CTC_STATUS_ERROR;
    }
    return encode_step(stream, input, input_size, input_used, output, output_size, output_used, op);
}
