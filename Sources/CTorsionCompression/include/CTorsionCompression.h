#ifndef CTORSION_COMPRESSION_H
#define CTORSION_COMPRESSION_H

// Torsion's view of the system's compression runtimes: zlib (libz.so.1), brotli (libbrotlidec.so.1,
// libbrotlienc.so.1) and zstd (libzstd.so.1).
//
// No zlib, brotli or zstd header is used at build time: each library is opened with dlopen on first use,
// independently of the others, and its functions are looked up with dlsym (see compression_loader.c and
// compression_internal.h). Swift sees only the small API below, in terms of one opaque type of this shim's
// own, ctc_stream: one compressor or decompressor of one format, stepped over caller buffers. A missing
// library or function is reported (ctc_load_error), never crashed on.
//
// Nothing here blocks, does I/O or keeps global state beyond the loaded libraries. A ctc_stream may be
// used from one thread at a time (the Swift side confines each one to its owner).

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// Libraries -----------------------------------------------------------------------------------------

// The four runtime libraries, each loaded on its own.
typedef enum ctc_library {
    CTC_LIBZ = 0,          // libz.so.1 (TORSION_LIBZ): gzip and deflate, both ways
    CTC_LIBBROTLIDEC = 1,  // libbrotlidec.so.1 (TORSION_LIBBROTLIDEC): brotli decoding
    CTC_LIBBROTLIENC = 2,  // libbrotlienc.so.1 (TORSION_LIBBROTLIENC): brotli encoding
    CTC_LIBZSTD = 3,       // libzstd.so.1 (TORSION_LIBZSTD): zstd, both ways
} ctc_library;

// Opens one library and resolves its functions (once per process and library, thread-safe). Returns 1
// when it is usable, 0 otherwise (then ctc_load_error says why). The environment variable named above
// replaces the default file name; it is read once, at the first load of that library.
int ctc_load(ctc_library library);
// Why ctc_load failed (a static string: the file and dlerror's text, or the missing function), or NULL.
const char *ctc_load_error(ctc_library library);
// The file name that is (or would be) opened: the environment variable's value or the default.
const char *ctc_library_file(ctc_library library);
// The library's own version ("1.2.13", "1.0.9", "1.5.4"), or NULL when it is not loaded.
const char *ctc_library_version(ctc_library library);

// Streams -------------------------------------------------------------------------------------------

// What a stream does. Decoders first, then encoders.
typedef enum ctc_kind {
    CTC_INFLATE_GZIP = 0,   // gzip member (RFC 1952)
    CTC_INFLATE_ZLIB = 1,   // zlib-wrapped deflate (RFC 1950)
    CTC_INFLATE_RAW = 2,    // raw deflate (RFC 1951)
    CTC_BROTLI_DECODE = 3,  // brotli (RFC 7932)
    CTC_ZSTD_DECODE = 4,    // zstd frames (RFC 8878), window at most 8 MiB (RFC 9659)
    CTC_DEFLATE_GZIP = 5,
    CTC_DEFLATE_ZLIB = 6,
    CTC_DEFLATE_RAW = 7,
    CTC_BROTLI_ENCODE = 8,
    CTC_ZSTD_ENCODE = 9,
} ctc_kind;

// What a step asks of an encoder (decoders ignore it).
typedef enum ctc_op {
    CTC_OP_PROCESS = 0,  // take input; output comes when the encoder chooses
    CTC_OP_FLUSH = 1,    // also write out everything taken so far, so the peer can decode it now
    CTC_OP_FINISH = 2,   // also end the stream
} ctc_op;

// What a step reports.
typedef enum ctc_status {
    CTC_STATUS_ERROR = -1,  // failed: ctc_stream_message says why; the stream is unusable
    CTC_STATUS_OK = 0,      // progress (possibly none): call again with more input or output space
    CTC_STATUS_END = 1,     // decoders: a gzip member, zlib/raw/brotli stream or zstd frame ended here;
                            // encoders: the requested flush or finish is complete
} ctc_status;

typedef struct ctc_stream ctc_stream;

// A new stream of `kind`. `level` is the encoders' level or quality (ignored by decoders; clamp it to the
// library's range first). Returns NULL on failure and points *error at a static reason (library not
// loadable, out of memory).
ctc_stream *ctc_stream_new(ctc_kind kind, int level, const char **error);
// Frees the stream and everything the library allocated for it. NULL is allowed.
void ctc_stream_free(ctc_stream *stream);
// Starts a new member or frame with the same settings (gzip: the next member; zstd: the next frame), or
// switches an inflate stream to another inflate kind before any input (zlib-wrapped to raw). Returns 1 on
// success.
int ctc_stream_reset(ctc_stream *stream, ctc_kind kind);
// One step: takes bytes from input[0..<input_size] and writes bytes to output[0..<output_size]; reports
// how many of each in *input_used and *output_used. Returns a ctc_status.
int ctc_stream_step(ctc_stream *stream, const uint8_t *input, size_t input_size, size_t *input_used,
                    uint8_t *output, size_t output_size, size_t *output_used, ctc_op op);
// The reason of the last CTC_STATUS_ERROR (the library's message), or "" (valid until the next step).
const char *ctc_stream_message(const ctc_stream *stream);

// ABI checks ----------------------------------------------------------------------------------------

// The layout this shim assumes for the library structures it shares with the libraries (declared from
// their documented ABI in compression_internal.h), for tests to compare with the libraries' headers.
typedef struct ctc_layout {
    size_t z_stream_size;
    size_t z_next_in, z_avail_in, z_total_in, z_next_out, z_avail_out, z_total_out;
    size_t z_msg, z_state, z_zalloc, z_zfree, z_opaque, z_data_type, z_adler, z_reserved;
    size_t zstd_in_buffer_size, zstd_out_buffer_size;
    size_t zstd_in_pos, zstd_out_pos;
} ctc_layout;

ctc_layout ctc_abi_layout(void);

#ifdef __cplusplus
}
#endif

#endif
