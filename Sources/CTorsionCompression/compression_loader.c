// Opens the system's zlib, brotli and zstd at run time (dlopen) and resolves the functions the shim uses
// (dlsym): each library on its own, once per process, on first use. A library that cannot be opened, lacks
// a function or is too old is reported by ctc_load_error; the others are unaffected. No library header is
// used: see compression_internal.h.

#define _GNU_SOURCE
#include "CTorsionCompression.h"
#include "compression_internal.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ctc_zlib_functions ctc_zlib;
struct ctc_brotlidec_functions ctc_brotlidec;
struct ctc_brotlienc_functions ctc_brotlienc;
struct ctc_zstd_functions ctc_zstd;

// What one library's load found. Written once under its pthread_once, read-only afterwards.
struct library_state {
    const char *variable;      // the environment variable that names another file
    const char *default_file;  // the file opened otherwise
    const char *file;          // the file opened (points into file_text or default_file)
    int loaded;
    const char *failure;       // NULL once loaded
    char file_text[256];
    char failure_text[512];
    char version[32];
};

static struct library_state libraries[4] = {
    [CTC_LIBZ] = {"TORSION_LIBZ", "libz.so.1", NULL, 0, "not loaded yet", "", "", ""},
    [CTC_LIBBROTLIDEC] = {"TORSION_LIBBROTLIDEC", "libbrotlidec.so.1", NULL, 0, "not loaded yet", "", "", ""},
    [CTC_LIBBROTLIENC] = {"TORSION_LIBBROTLIENC", "libbrotlienc.so.1", NULL, 0, "not loaded yet", "", "", ""},
    [CTC_LIBZSTD] = {"TORSION_LIBZSTD", "libzstd.so.1", NULL, 0, "not loaded yet", "", "", ""},
};

static pthread_once_t once[4] = {PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT};
static pthread_once_t files_once = PTHREAD_ONCE_INIT;

// Reads the environment variables of all four libraries once, so ctc_library_file answers the same before
// and after a load.
static void read_file_names(void) {
    for (int i = 0; i < 4; i++) {
        struct library_state *state = &libraries[i];
        const char *name = getenv(state->variable);
        if (name != NULL && name[0] != '\0') {
            snprintf(state->file_text, sizeof state->file_text, "%s", name);
            state->file = state->file_text;
        } else {
            state->file = state->default_file;
        }
    }
}

static void *open_library(struct library_state *state) {
    pthread_once(&files_once, read_file_names);
    void *handle = dlopen(state->file, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        const char *why = dlerror();
        snprintf(state->failure_text, sizeof state->failure_text, "cannot load %s: %s", state->file,
                 why ? why : "unknown error");
        state->failure = state->failure_text;
    }
    return handle;
}

static void missing(struct library_state *state, const char *function) {
    snprintf(state->failure_text, sizeof state->failure_text, "%s lacks %s", state->file, function);
    state->failure = state->failure_text;
}

// Resolves every function of a table; on the first missing one, records it and returns from the caller.
#define CTC_RESOLVE(table, ret, name, params)                                                              \
    *(void **)(&table.name) = dlsym(handle, #name);                                                        \
    if (table.name == NULL) {                                                                              \
        missing(state, #name);                                                                             \
        dlclose(handle);                                                                                   \
        return;                                                                                            \
    }

static void load_zlib(void) {
    struct library_state *state = &libraries[CTC_LIBZ];
    void *handle = open_library(state);
    if (handle == NULL) return;
#define RESOLVE(ret, name, params) CTC_RESOLVE(ctc_zlib, ret, name, params)
    CTC_ZLIB_FUNCTIONS(RESOLVE)
#undef RESOLVE
    const char *version = ctc_zlib.zlibVersion();
    if (version == NULL || version[0] != '1') {
        snprintf(state->failure_text, sizeof state->failure_text, "%s is zlib %s; zlib 1.x is needed", state->file,
                 version ? version : "of unknown version");
        state->failure = state->failure_text;
        dlclose(handle);
        return;
    }
    snprintf(state->version, sizeof state->version, "%s", version);
    state->failure = NULL;
    state->loaded = 1;
}

static void brotli_version(char *buffer, size_t size, uint32_t version) {
    // BROTLI_VERSION is (major << 24) | (minor << 12) | patch.
    snprintf(buffer, size, "%u.%u.%u", version >> 24, (version >> 12) & 0xFFF, version & 0xFFF);
}

static void load_brotlidec(void) {
    struct library_state *state = &libraries[CTC_LIBBROTLIDEC];
    void *handle = open_library(state);
    if (handle == NULL) return;
#define RESOLVE(ret, name, params) CTC_RESOLVE(ctc_brotlidec, ret, name, params)
    CTC_BROTLIDEC_FUNCTIONS(RESOLVE)
#undef RESOLVE
    brotli_version(state->version, sizeof state->version, ctc_brotlidec.BrotliDecoderVersion());
    state->failure = NULL;
    state->loaded = 1;
}

static void load_brotlienc(void) {
    struct library_state *state = &libraries[CTC_LIBBROTLIENC];
    void *handle = open_library(state);
    if (handle == NULL) return;
#define RESOLVE(ret, name, params) CTC_RESOLVE(ctc_brotlienc, ret, name, params)
    CTC_BROTLIENC_FUNCTIONS(RESOLVE)
#undef RESOLVE
    brotli_version(state->version, sizeof state->version, ctc_brotlienc.BrotliEncoderVersion());
    state->failure = NULL;
    state->loaded = 1;
}

static void load_zstd(void) {
    struct library_state *state = &libraries[CTC_LIBZSTD];
    void *handle = open_library(state);
    if (handle == NULL) return;
#define RESOLVE(ret, name, params) CTC_RESOLVE(ctc_zstd, ret, name, params)
    CTC_ZSTD_FUNCTIONS(RESOLVE)
#undef RESOLVE
    unsigned version = ctc_zstd.ZSTD_versionNumber();
    if (version < CTC_ZSTD_MIN_VERSION) {
        snprintf(state->failure_text, sizeof state->failure_text, "%s is zstd %u.%u.%u; zstd 1.4.0 or later is needed",
                 state->file, version / 10000, version / 100 % 100, version % 100);
        state->failure = state->failure_text;
        dlclose(handle);
        return;
    }
    snprintf(state->version, sizeof state->version, "%u.%u.%u", version / 10000, version / 100 % 100, version % 100);
    state->failure = NULL;
    state->loaded = 1;
}

#undef CTC_RESOLVE

static void (*const loaders[4])(void) = {
    [CTC_LIBZ] = load_zlib,
    [CTC_LIBBROTLIDEC] = load_brotlidec,
    [CTC_LIBBROTLIENC] = load_brotlienc,
    [CTC_LIBZSTD] = load_zstd,
};

static int valid(ctc_library library) { return (unsigned)library < 4; }

int ctc_load(ctc_library library) {
    if (!valid(library)) return 0;
    pthread_once(&once[library], loaders[library]);
    return libraries[library].loaded;
}

const char *ctc_load_error(ctc_library library) {
    if (!valid(library)) return "unknown library";
    return ctc_load(library) ? NULL : libraries[library].failure;
}

const char *ctc_library_file(ctc_library library) {
    if (!valid(library)) return "";
    pthread_once(&files_once, read_file_names);
    return libraries[library].file;
}

const char *ctc_library_version(ctc_library library) {
    return ctc_load(library) ? libraries[library].version : NULL;
}

ctc_layout ctc_abi_layout(void) {
    ctc_layout layout = {
        .z_stream_size = sizeof(ctc_z_stream),
        .z_next_in = offsetof(ctc_z_stream, next_in),
        .z_avail_in = offsetof(ctc_z_stream, avail_in),
        .z_total_in = offsetof(ctc_z_stream, total_in),
        .z_next_out = offsetof(ctc_z_stream, next_out),
        .z_avail_out = offsetof(ctc_z_stream, avail_out),
        .z_total_out = offsetof(ctc_z_stream, total_out),
        .z_msg = offsetof(ctc_z_stream, msg),
        .z_state = offsetof(ctc_z_stream, state),
        .z_zalloc = offsetof(ctc_z_stream, zalloc),
        .z_zfree = offsetof(ctc_z_stream, zfree),
        .z_opaque = offsetof(ctc_z_stream, opaque),
        .z_data_type = offsetof(ctc_z_stream, data_type),
        .z_adler = offsetof(ctc_z_stream, adler),
        .z_reserved = offsetof(ctc_z_stream, reserved),
        .zstd_in_buffer_size = sizeof(ctc_zstd_in_buffer),
        .zstd_out_buffer_size = sizeof(ctc_zstd_out_buffer),
        .zstd_in_pos = offsetof(ctc_zstd_in_buffer, pos),
        .zstd_out_pos = offsetof(ctc_zstd_out_buffer, pos),
    };
    return layout;
}
