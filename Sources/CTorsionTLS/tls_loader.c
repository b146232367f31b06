// Opens the system's OpenSSL 3 at run time (dlopen) and resolves the functions the shim uses (dlsym),
// once per process; reports OpenSSL's errors. No OpenSSL header is used: see tls_internal.h.

#define _GNU_SOURCE
#include "CTorsionTLS.h"
#include "tls_internal.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ctls_functions ctls_fn;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static int loaded = 0;
static const char *load_failure = "not loaded yet";
static char load_failure_text[512];

static void load_library(void) {
    const char *ssl_name = getenv("TORSION_LIBSSL");
    const char *crypto_name = getenv("TORSION_LIBCRYPTO");
    if (ssl_name == NULL || ssl_name[0] == '\0') ssl_name = "libssl.so.3";
    if (crypto_name == NULL || crypto_name[0] == '\0') crypto_name = "libcrypto.so.3";
    void *crypto = dlopen(crypto_name, RTLD_NOW | RTLD_LOCAL);
    void *ssl = crypto ? dlopen(ssl_name, RTLD_NOW | RTLD_LOCAL) : NULL;
    if (crypto == NULL || ssl == NULL) {
        const char *why = dlerror();
        snprintf(load_failure_text, sizeof load_failure_text, "cannot load %s: %s",
                 crypto == NULL ? crypto_name : ssl_name, why ? why : "unknown error");
        load_failure = load_failure_text;
        return;
    }
#define CTLS_RESOLVE(handle, ret, name, params)                                                                 \
    *(void **)(&fn.name) = dlsym(handle, #name);                                                                 \
    if (fn.name == NULL) {                                                                                       \
        snprintf(load_failure_text, sizeof load_failure_text, "the OpenSSL library lacks %s (OpenSSL 3 needed)", \
                 #name);                                                                                         \
        load_failure = load_failure_text;                                                                        \
        return;                                                                                                  \
    }
#define CTLS_RESOLVE_SSL(ret, name, params) CTLS_RESOLVE(ssl, ret, name, params)
#define CTLS_RESOLVE_CRYPTO(ret, name, params) CTLS_RESOLVE(crypto, ret, name, params)
    CTLS_SSL_FUNCTIONS(CTLS_RESOLVE_SSL)
    CTLS_CRYPTO_FUNCTIONS(CTLS_RESOLVE_CRYPTO)
#undef CTLS_RESOLVE_SSL
#undef CTLS_RESOLVE_CRYPTO
#undef CTLS_RESOLVE
    load_failure = NULL;
    loaded = 1;
}

int ctls_load(void) {
    pthread_once(&load_once, load_library);
    return loaded;
}

const char *ctls_load_error(void) {
    ctls_load();
    return load_failure;
}

const char *ctls_version_text(void) {
    return ctls_load() ? fn.OpenSSL_version(0) : NULL;
}

// Errors ------------------------------------------------------------------------------------------------

int ctls_last_error(char *buf, size_t len) {
    if (len > 0) buf[0] = '\0';
    if (!ctls_load()) return 0;
    int count = 0;
    unsigned long code;
    while ((code = fn.ERR_get_error()) != 0) {
        if (count++ == 0 && len > 0) {
            const char *lib = fn.ERR_lib_error_string(code);
            const char *reason = fn.ERR_reason_error_string(code);
            if (reason != NULL) {
                snprintf(buf, len, "%s%s%s", lib ? lib : "", lib ? ": " : "", reason);
            } else {
                snprintf(buf, len, "OpenSSL error 0x%lx", code);
            }
        }
    }
    return count;
}

void ctls_clear_errors(void) {
    if (ctls_load()) fn.ERR_clear_error();
}

const char *ctls_verify_error_text(long code) {
    return ctls_load() ? fn.X509_verify_cert_error_string(code) : "OpenSSL is not available";
}
