// Internal to CTorsionCompression: the few zlib, brotli and zstd types, constants and functions the shim
// uses, declared from the libraries' documented ABI, and the tables of functions resolved with dlsym
// (compression_loader.c). Not part of the Swift-facing API.
//
// No zlib, brotli or zstd header is used. Brotli's and zstd's contexts are only handled through pointers,
// so they are declared opaquely. Two kinds of structure are shared with the libraries by value and must
// match their layout exactly:
//   - zlib's z_stream (zlib.h, unchanged since zlib 1.2.0): on LP64 Linux 112 bytes, fields at 0, 8, 16, 24,
//     32, 40, 48, 56, 64, 72, 80, 88, 96, 104. zlib checks it too: inflateInit2_/deflateInit2_ take
//     sizeof(z_stream) and fail with Z_VERSION_ERROR when it differs from the library's.
//   - zstd's ZSTD_inBuffer / ZSTD_outBuffer (zstd.h, stable API since 1.3): three pointer-sized fields.
// The static assertions below and ContentCodingTests' layout test pin both.
#ifndef CTORSION_COMPRESSION_INTERNAL_H
#define CTORSION_COMPRESSION_INTERNAL_H

#include "CTorsionCompression.h"

#include <stddef.h>
#include <stdint.h>

// zlib (zlib.h, zconf.h) ---------------------------------------------------------------------------

typedef void *(*ctc_z_alloc_func)(void *opaque, unsigned int items, unsigned int size);
typedef void (*ctc_z_free_func)(void *opaque, void *address);

typedef struct ctc_z_stream {
    const unsigned char *next_in;  // next input byte
    unsigned int avail_in;         // bytes available at next_in
    unsigned long total_in;        // input bytes read so far
    unsigned char *next_out;       // next output byte goes here
    unsigned int avail_out;        // free space at next_out
    unsigned long total_out;       // bytes written so far
    const char *msg;               // last error message, NULL if none
    void *state;                   // the library's internal state
    ctc_z_alloc_func zalloc;       // NULL: the library's malloc
    ctc_z_free_func zfree;         // NULL: the library's free
    void *opaque;
    int data_type;
    unsigned long adler;           // Adler-32 or CRC-32 of the uncompressed data
    unsigned long reserved;
} ctc_z_stream;

#if defined(__LP64__)
_Static_assert(sizeof(ctc_z_stream) == 112, "z_stream is 112 bytes on LP64");
_Static_assert(offsetof(ctc_z_stream, msg) == 48, "z_stream.msg at 48 on LP64");
_Static_assert(offsetof(ctc_z_stream, reserved) == 104, "z_stream.reserved at 104 on LP64");
#endif

enum {
    Z_NO_FLUSH = 0,
    Z_SYNC_FLUSH = 2,
    Z_FINISH = 4,
    Z_OK = 0,
    Z_STREAM_END = 1,
    Z_NEED_DICT = 2,
    Z_STREAM_ERROR = -2,
    Z_DATA_ERROR = -3,
    Z_MEM_ERROR = -4,
    Z_BUF_ERROR = -5,
    Z_VERSION_ERROR = -6,
    Z_DEFLATED = 8,
    Z_DEFAULT_STRATEGY = 0,
    Z_MAX_WBITS = 15,        // 32 KiB window
    Z_GZIP_WBITS = 16 + 15,  // windowBits + 16: gzip wrapper
    Z_DEF_MEM_LEVEL = 8,
};

#define CTC_ZLIB_FUNCTIONS(X)                                                                              \
    X(const char *, zlibVersion, (void))                                                                    \
    X(int, inflateInit2_, (ctc_z_stream *, int, const char *, int))                                        \
    X(int, inflate, (ctc_z_stream *, int))                                                                  \
    X(int, inflateEnd, (ctc_z_stream *))                                                                    \
    X(int, inflateReset2, (ctc_z_stream *, int))                                                            \
    X(int, deflateInit2_, (ctc_z_stream *, int, int, int, int, int, const char *, int))                    \
    X(int, deflate, (ctc_z_stream *, int))                                                                  \
    X(int, deflateEnd, (ctc_z_stream *))                                                                    \
    X(int, deflateReset, (ctc_z_stream *))

// brotli (brotli/decode.h, brotli/encode.h, brotli/types.h; BROTLI_BOOL is int) --------------------------

typedef struct BrotliDecoderStateStruct BrotliDecoderState;
typedef struct BrotliEncoderStateStruct BrotliEncoderState;
typedef void *(*ctc_brotli_alloc_func)(void *opaque, size_t size);
typedef void (*ctc_brotli_free_func)(void *opaque, void *address);

enum {
    BROTLI_DECODER_RESULT_ERROR = 0,
    BROTLI_DECODER_RESULT_SUCCESS = 1,
    BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT = 2,
    BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT = 3,
    BROTLI_OPERATION_PROCESS = 0,
    BROTLI_OPERATION_FLUSH = 1,
    BROTLI_OPERATION_FINISH = 2,
    BROTLI_PARAM_QUALITY = 1,
    BROTLI_PARAM_LGWIN = 2,
    BROTLI_DEFAULT_WINDOW = 22,  // 4 MiB, the encoder's default
};

#define CTC_BROTLIDEC_FUNCTIONS(X)                                                                         \
    X(uint32_t, BrotliDecoderVersion, (void))                                                              \
    X(BrotliDecoderState *, BrotliDecoderCreateInstance, (ctc_brotli_alloc_func, ctc_brotli_free_func, void *)) \
    X(void, BrotliDecoderDestroyInstance, (BrotliDecoderState *))                                          \
    X(int, BrotliDecoderDecompressStream,                                                                  \
      (BrotliDecoderState *, size_t *, const uint8_t **, size_t *, uint8_t **, size_t *))                  \
    X(int, BrotliDecoderGetErrorCode, (const BrotliDecoderState *))                                        \
    X(const char *, BrotliDecoderErrorString, (int))

#define CTC_BROTLIENC_FUNCTIONS(X)                                                                         \
    X(uint32_t, BrotliEncoderVersion, (void))                                                              \
    X(BrotliEncoderState *, BrotliEncoderCreateInstance, (ctc_brotli_alloc_func, ctc_brotli_free_func, void *)) \
    X(void, BrotliEncoderDestroyInstance, (BrotliEncoderState *))                                          \
    X(int, BrotliEncoderSetParameter, (BrotliEncoderState *, int, uint32_t))                               \
    X(int, BrotliEncoderCompressStream,                                                                    \
      (BrotliEncoderState *, int, size_t *, const uint8_t **, size_t *, uint8_t **, size_t *))             \
    X(int, BrotliEncoderIsFinished, (BrotliEncoderState *))                                                \
    X(int, BrotliEncoderHasMoreOutput, (BrotliEncoderState *))

// zstd (zstd.h, the stable API of 1.4.0 and later) ---------------------------------------------------------

typedef struct ZSTD_DCtx_s ZSTD_DCtx;
typedef struct ZSTD_CCtx_s ZSTD_CCtx;

typedef struct ctc_zstd_in_buffer {
    const void *src;  // start of input
    size_t size;      // size of input
    size_t pos;       // where reading stopped; updated by the library
} ctc_zstd_in_buffer;

typedef struct ctc_zstd_out_buffer {
    void *dst;    // start of output
    size_t size;  // size of output
    size_t pos;   // where writing stopped; updated by the library
} ctc_zstd_out_buffer;

_Static_assert(sizeof(ctc_zstd_in_buffer) == 3 * sizeof(size_t), "ZSTD_inBuffer is three words");
_Static_assert(sizeof(ctc_zstd_out_buffer) == 3 * sizeof(size_t), "ZSTD_outBuffer is three words");

enum {
    ZSTD_reset_session_only = 1,
    ZSTD_c_compressionLevel = 100,
    ZSTD_c_checksumFlag = 201,
    ZSTD_d_windowLogMax = 100,
    ZSTD_e_continue = 0,
    ZSTD_e_flush = 1,
    ZSTD_e_end = 2,
    CTC_ZSTD_WINDOW_LOG_MAX = 23,  // 8 MiB: RFC 9659's limit for the zstd content coding
    CTC_ZSTD_MIN_VERSION = 10400,  // 1.4.0: ZSTD_compressStream2 and the parameter API became stable
};

#define CTC_ZSTD_FUNCTIONS(X)                                                                              \
    X(unsigned, ZSTD_versionNumber, (void))                                                                \
    X(unsigned, ZSTD_isError, (size_t))                                                                    \
    X(const char *, ZSTD_getErrorName, (size_t))                                                           \
    X(ZSTD_DCtx *, ZSTD_createDCtx, (void))                                                                \
    X(size_t, ZSTD_freeDCtx, (ZSTD_DCtx *))                                                                \
    X(size_t, ZSTD_DCtx_setParameter, (ZSTD_DCtx *, int, int))                                             \
    X(size_t, ZSTD_DCtx_reset, (ZSTD_DCtx *, int))                                                         \
    X(size_t, ZSTD_decompressStream, (ZSTD_DCtx *, ctc_zstd_out_buffer *, ctc_zstd_in_buffer *))           \
    X(ZSTD_CCtx *, ZSTD_createCCtx, (void))                                                                \
    X(size_t, ZSTD_freeCCtx, (ZSTD_CCtx *))                                                                \
    X(size_t, ZSTD_CCtx_setParameter, (ZSTD_CCtx *, int, int))                                             \
    X(size_t, ZSTD_CCtx_reset, (ZSTD_CCtx *, int))                                                         \
    X(size_t, ZSTD_compressStream2, (ZSTD_CCtx *, ctc_zstd_out_buffer *, ctc_zstd_in_buffer *, int))

// The resolved functions ---------------------------------------------------------------------------

#define CTC_DECLARE(ret, name, params) ret(*name) params;
struct ctc_zlib_functions { CTC_ZLIB_FUNCTIONS(CTC_DECLARE) };
struct ctc_brotlidec_functions { CTC_BROTLIDEC_FUNCTIONS(CTC_DECLARE) };
struct ctc_brotlienc_functions { CTC_BROTLIENC_FUNCTIONS(CTC_DECLARE) };
struct ctc_zstd_functions { CTC_ZSTD_FUNCTIONS(CTC_DECLARE) };
#undef CTC_DECLARE

// Valid once ctc_load() returned 1 for the library. Hidden: not exported from the shim.
extern struct ctc_zlib_functions ctc_zlib __attribute__((visibility("hidden")));
extern struct ctc_brotlidec_functions ctc_brotlidec __attribute__((visibility("hidden")));
extern struct ctc_brotlienc_functions ctc_brotlienc __attribute__((visibility("hidden")));
extern struct ctc_zstd_functions ctc_zstd __attribute__((visibility("hidden")));

// One stream: the library context of its kind, and room for the last error text.
struct ctc_stream {
    ctc_kind kind;
    int level;
    union {
        ctc_z_stream zlib;  // must not move once initialised: zlib keeps a pointer back to it
        BrotliDecoderState *brotli_decoder;
        BrotliEncoderState *brotli_encoder;
        ZSTD_DCtx *zstd_decoder;
        ZSTD_CCtx *zstd_encoder;
    } u;
    char message[160];
};

// Per-library steps (compression_zlib.c, compression_brotli.c, compression_zstd.c). `open` returns NULL
// on success or a static reason.
#define CTC_HIDDEN __attribute__((visibility("hidden")))
CTC_HIDDEN const char *ctc_zlib_open(struct ctc_stream *stream);
CTC_HIDDEN void ctc_zlib_close(struct ctc_stream *stream);
CTC_HIDDEN int ctc_zlib_reset(struct ctc_stream *stream, ctc_kind kind);
CTC_HIDDEN int ctc_zlib_step(struct ctc_stream *stream, const uint8_t *input, size_t input_size, size_t *input_used,
                             uint8_t *output, size_t output_size, size_t *output_used, ctc_op op);
CTC_HIDDEN const char *ctc_brotli_open(struct ctc_stream *stream);
CTC_HIDDEN void ctc_brotli_close(struct ctc_stream *stream);
CTC_HIDDEN int ctc_brotli_step(struct ctc_stream *stream, const uint8_t *input, size_t input_size,
                               size_t *input_used, uint8_t *output, size_t output_size, size_t *output_used,
                               ctc_op op);
CTC_HIDDEN const char *ctc_zstd_open(struct ctc_stream *stream);
CTC_HIDDEN void ctc_zstd_close(struct ctc_stream *stream);
CTC_HIDDEN int ctc_zstd_reset(struct ctc_stream *stream);
CTC_HIDDEN int ctc_zstd_step(struct ctc_stream *stream, const uint8_t *input, size_t input_size, size_t *input_used,
                             uint8_t *output, size_t output_size, size_t *output_used, ctc_op op);

#endif
