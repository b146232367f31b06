// Binds the system's OpenSSL 3 at run time (dlopen/dlsym), without its headers.
//
// OpenSSL's types are used only through pointers, so they are declared opaquely here. Functions are
// declared by their documented C signatures (OpenSSL 3.0 ABI) and looked up once into a table. Macros of
// the public API (SSL_CTX_set_min_proto_version, SSL_set_tlsext_host_name, BIO_get_mem_data, ...) are
// written as the calls they stand for, with the numeric constants OpenSSL documents.

#define _GNU_SOURCE
#include "CTorsionTLS.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Opaque OpenSSL types.
typedef struct ssl_ctx_st SSL_CTX;
typedef struct ssl_st SSL;
typedef struct ssl_method_st SSL_METHOD;
typedef struct bio_st BIO;
typedef struct bio_method_st BIO_METHOD;
typedef struct x509_st X509;
typedef struct x509_store_st X509_STORE;
typedef struct X509_name_st X509_NAME;
typedef struct X509_extension_st X509_EXTENSION;
typedef struct X509_VERIFY_PARAM_st X509_VERIFY_PARAM;
typedef struct asn1_string_st ASN1_INTEGER;
typedef struct asn1_string_st ASN1_TIME;
typedef struct evp_pkey_st EVP_PKEY;
typedef struct evp_md_st EVP_MD;
typedef struct evp_cipher_st EVP_CIPHER;
typedef struct ossl_lib_ctx_st OSSL_LIB_CTX;
typedef int pem_password_cb(char *buf, int size, int rwflag, void *userdata);
typedef int alpn_select_cb(SSL *ssl, const unsigned char **out, unsigned char *outlen, const unsigned char *in,
                           unsigned int inlen, void *arg);

// Documented constants (OpenSSL 3.0).
enum {
    SSL_ERROR_WANT_READ = 2,
    SSL_ERROR_WANT_WRITE = 3,
    SSL_ERROR_ZERO_RETURN = 6,
    SSL_CTRL_EXTRA_CHAIN_CERT = 14,
    SSL_CTRL_MODE = 33,
    SSL_CTRL_SET_TLSEXT_HOSTNAME = 55,
    SSL_CTRL_SET_MIN_PROTO_VERSION = 123,
    TLSEXT_NAMETYPE_host_name = 0,
    SSL_MODE_RELEASE_BUFFERS = 0x10,
    SSL_TLSEXT_ERR_OK = 0,
    SSL_TLSEXT_ERR_NOACK = 3,
    OPENSSL_NPN_NEGOTIATED = 1,
    BIO_CTRL_INFO = 3,
    MBSTRING_ASC = 0x1001,
    NID_key_usage = 83,
    NID_subject_alt_name = 85,
    NID_basic_constraints = 87,
    NID_ext_key_usage = 126,
    X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS = 0x4,
    TLS1_2_VERSION = 0x0303,
};
static const uint64_t SSL_OP_NO_RENEGOTIATION = (uint64_t)1 << 30;

// The function table: X(return type, name, parameter list).
#define CTLS_SSL_FUNCTIONS(X)                                                                                   \
    X(const SSL_METHOD *, TLS_client_method, (void))                                                             \
    X(const SSL_METHOD *, TLS_server_method, (void))                                                             \
    X(SSL_CTX *, SSL_CTX_new, (const SSL_METHOD *))                                                              \
    X(void, SSL_CTX_free, (SSL_CTX *))                                                                           \
    X(long, SSL_CTX_ctrl, (SSL_CTX *, int, long, void *))                                                        \
    X(uint64_t, SSL_CTX_set_options, (SSL_CTX *, uint64_t))                                                      \
    X(int, SSL_CTX_set_default_verify_paths, (SSL_CTX *))                                                        \
    X(X509_STORE *, SSL_CTX_get_cert_store, (const SSL_CTX *))                                                   \
    X(void, SSL_CTX_set_verify, (SSL_CTX *, int, void *))                                                        \
    X(int, SSL_CTX_use_certificate, (SSL_CTX *, X509 *))                                                         \
    X(int, SSL_CTX_use_PrivateKey, (SSL_CTX *, EVP_PKEY *))                                                      \
    X(int, SSL_CTX_check_private_key, (const SSL_CTX *))                                                         \
    X(int, SSL_CTX_set_alpn_protos, (SSL_CTX *, const unsigned char *, unsigned int))                            \
    X(void, SSL_CTX_set_alpn_select_cb, (SSL_CTX *, alpn_select_cb *, void *))                                   \
    X(int, SSL_CTX_set_session_id_context, (SSL_CTX *, const unsigned char *, unsigned int))                     \
    X(int, SSL_select_next_proto,                                                                                \
      (unsigned char **, unsigned char *, const unsigned char *, unsigned int, const unsigned char *,           \
       unsigned int))                                                                                            \
    X(SSL *, SSL_new, (SSL_CTX *))                                                                               \
    X(void, SSL_free, (SSL *))                                                                                   \
    X(void, SSL_set_bio, (SSL *, BIO *, BIO *))                                                                  \
    X(void, SSL_set_connect_state, (SSL *))                                                                      \
    X(void, SSL_set_accept_state, (SSL *))                                                                       \
    X(long, SSL_ctrl, (SSL *, int, long, void *))                                                                \
    X(int, SSL_set1_host, (SSL *, const char *))                                                                 \
    X(void, SSL_set_hostflags, (SSL *, unsigned int))                                                            \
    X(X509_VERIFY_PARAM *, SSL_get0_param, (SSL *))                                                              \
    X(int, SSL_do_handshake, (SSL *))                                                                            \
    X(int, SSL_read_ex, (SSL *, void *, size_t, size_t *))                                                       \
    X(int, SSL_write_ex, (SSL *, const void *, size_t, size_t *))                                                \
    X(int, SSL_shutdown, (SSL *))                                                                                \
    X(int, SSL_get_error, (const SSL *, int))                                                                    \
    X(long, SSL_get_verify_result, (const SSL *))                                                                \
    X(const char *, SSL_get_version, (const SSL *))                                                              \
    X(void, SSL_get0_alpn_selected, (const SSL *, const unsigned char **, unsigned int *))                       \
    X(int, SSL_session_reused, (const SSL *))

#define CTLS_CRYPTO_FUNCTIONS(X)                                                                                \
    X(const char *, OpenSSL_version, (int))                                                                      \
    X(unsigned long, ERR_get_error, (void))                                                                      \
    X(void, ERR_clear_error, (void))                                                                             \
    X(const char *, ERR_lib_error_string, (unsigned long))                                                       \
    X(const char *, ERR_reason_error_string, (unsigned long))                                                    \
    X(const char *, X509_verify_cert_error_string, (long))                                                       \
    X(int, X509_VERIFY_PARAM_set1_ip_asc, (X509_VERIFY_PARAM *, const char *))                                   \
    X(int, X509_STORE_add_cert, (X509_STORE *, X509 *))                                                          \
    X(const BIO_METHOD *, BIO_s_mem, (void))                                                                     \
    X(BIO *, BIO_new, (const BIO_METHOD *))                                                                      \
    X(BIO *, BIO_new_mem_buf, (const void *, int))                                                               \
    X(int, BIO_free, (BIO *))                                                                                    \
    X(int, BIO_write, (BIO *, const void *, int))                                                                \
    X(int, BIO_read, (BIO *, void *, int))                                                                       \
    X(long, BIO_ctrl, (BIO *, int, long, void *))                                                                \
    X(size_t, BIO_ctrl_pending, (BIO *))                                                                         \
    X(X509 *, PEM_read_bio_X509, (BIO *, X509 **, pem_password_cb *, void *))                                    \
    X(EVP_PKEY *, PEM_read_bio_PrivateKey, (BIO *, EVP_PKEY **, pem_password_cb *, void *))                      \
    X(int, PEM_write_bio_X509, (BIO *, const X509 *))                                                            \
    X(int, PEM_write_bio_PrivateKey,                                                                             \
      (BIO *, const EVP_PKEY *, const EVP_CIPHER *, const unsigned char *, int, pem_password_cb *, void *))      \
    X(X509 *, X509_new, (void))                                                                                  \
    X(void, X509_free, (X509 *))                                                                                 \
    X(int, X509_up_ref, (X509 *))                                                                                \
    X(int, X509_set_version, (X509 *, long))                                                                     \
    X(ASN1_INTEGER *, X509_get_serialNumber, (X509 *))                                                           \
    X(int, ASN1_INTEGER_set, (ASN1_INTEGER *, long))                                                             \
    X(ASN1_TIME *, X509_getm_notBefore, (const X509 *))                                                          \
    X(ASN1_TIME *, X509_getm_notAfter, (const X509 *))                                                           \
    X(ASN1_TIME *, X509_gmtime_adj, (ASN1_TIME *, long))                                                         \
    X(int, X509_set_pubkey, (X509 *, EVP_PKEY *))                                                                \
    X(X509_NAME *, X509_get_subject_name, (const X509 *))                                                        \
    X(int, X509_set_issuer_name, (X509 *, const X509_NAME *))                                                    \
    X(int, X509_NAME_add_entry_by_txt, (X509_NAME *, const char *, int, const unsigned char *, int, int, int))   \
    X(X509_EXTENSION *, X509V3_EXT_conf_nid, (void *, void *, int, const char *))                                \
    X(int, X509_add_ext, (X509 *, X509_EXTENSION *, int))                                                        \
    X(void, X509_EXTENSION_free, (X509_EXTENSION *))                                                             \
    X(int, X509_sign, (X509 *, EVP_PKEY *, const EVP_MD *))                                                      \
    X(const EVP_MD *, EVP_sha256, (void))                                                                        \
    X(void, EVP_PKEY_free, (EVP_PKEY *))                                                                         \
    X(EVP_PKEY *, EVP_PKEY_Q_keygen, (OSSL_LIB_CTX *, const char *, const char *, ...))

#define CTLS_DECLARE(ret, name, params) ret(*name) params;
static struct {
    CTLS_SSL_FUNCTIONS(CTLS_DECLARE)
    CTLS_CRYPTO_FUNCTIONS(CTLS_DECLARE)
} fn;
#undef CTLS_DECLARE

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

// Contexts ----------------------------------------------------------------------------------------------

struct ctls_context {
    SSL_CTX *ctx;
    int is_server;
    unsigned char *alpn;
    unsigned int alpn_len;
};

ctls_context *ctls_context_new(int is_server) {
    if (!ctls_load()) return NULL;
    SSL_CTX *ssl_ctx = fn.SSL_CTX_new(is_server ? fn.TLS_server_method() : fn.TLS_client_method());
    if (ssl_ctx == NULL) return NULL;
    ctls_context *ctx = calloc(1, sizeof *ctx);
    if (ctx == NULL) {
        fn.SSL_CTX_free(ssl_ctx);
        return NULL;
    }
    ctx->ctx = ssl_ctx;
    ctx->is_server = is_server;
    fn.SSL_CTX_ctrl(ssl_ctx, SSL_CTRL_SET_MIN_PROTO_VERSION, TLS1_2_VERSION, NULL);
    fn.SSL_CTX_ctrl(ssl_ctx, SSL_CTRL_MODE, SSL_MODE_RELEASE_BUFFERS, NULL);
    fn.SSL_CTX_set_options(ssl_ctx, SSL_OP_NO_RENEGOTIATION);
    if (is_server) {
        static const unsigned char session_context[] = "torsion";
        fn.SSL_CTX_set_session_id_context(ssl_ctx, session_context, sizeof session_context - 1);
    }
    return ctx;
}

void ctls_context_free(ctls_context *ctx) {
    if (ctx == NULL) return;
    fn.SSL_CTX_free(ctx->ctx);
    free(ctx->alpn);
    free(ctx);
}

int ctls_context_set_min_version(ctls_context *ctx, int version) {
    return fn.SSL_CTX_ctrl(ctx->ctx, SSL_CTRL_SET_MIN_PROTO_VERSION, version, NULL) == 1;
}

int ctls_context_use_system_roots(ctls_context *ctx) {
    return fn.SSL_CTX_set_default_verify_paths(ctx->ctx) == 1;
}

// Calls `each` with every certificate of a PEM text; returns how many were read, -1 on a parse error
// after at least one (0 when none).
static int each_certificate(const uint8_t *pem, size_t len, int (*each)(X509 *, void *), void *arg) {
    if (len > 0x7fffffff) return 0;
    BIO *bio = fn.BIO_new_mem_buf(pem, (int)len);
    if (bio == NULL) return 0;
    int count = 0;
    X509 *cert;
    while ((cert = fn.PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL) {
        int ok = each ? each(cert, arg) : 1;
        fn.X509_free(cert);
        if (!ok) {
            count = -1;
            break;
        }
        count++;
    }
    fn.BIO_free(bio);
    // The loop ends on "no start line" at the end of the text: not an error worth keeping.
    fn.ERR_clear_error();
    return count;
}

static int add_to_store(X509 *cert, void *store) {
    return fn.X509_STORE_add_cert((X509_STORE *)store, cert) == 1;
}

int ctls_context_add_roots_pem(ctls_context *ctx, const uint8_t *pem, size_t len) {
    int count = each_certificate(pem, len, add_to_store, fn.SSL_CTX_get_cert_store(ctx->ctx));
    return count < 0 ? 0 : count;
}

void ctls_context_set_verify(ctls_context *ctx, int mode) {
    fn.SSL_CTX_set_verify(ctx->ctx, mode, NULL);
}

struct identity_state {
    SSL_CTX *ctx;
    int index;
};

static int use_chain_certificate(X509 *cert, void *arg) {
    struct identity_state *state = arg;
    if (state->index++ == 0) return fn.SSL_CTX_use_certificate(state->ctx, cert) == 1;
    // SSL_CTX_add_extra_chain_cert (a ctrl) takes over the reference it is given: give it one of its own.
    if (fn.X509_up_ref(cert) != 1) return 0;
    if (fn.SSL_CTX_ctrl(state->ctx, SSL_CTRL_EXTRA_CHAIN_CERT, 0, cert) == 1) return 1;
    fn.X509_free(cert);
    return 0;
}

static EVP_PKEY *read_private_key(const uint8_t *pem, size_t len) {
    if (len > 0x7fffffff) return NULL;
    BIO *bio = fn.BIO_new_mem_buf(pem, (int)len);
    if (bio == NULL) return NULL;
    EVP_PKEY *key = fn.PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
    fn.BIO_free(bio);
    return key;
}

int ctls_context_use_identity_pem(
    ctls_context *ctx, const uint8_t *cert_pem, size_t cert_len, const uint8_t *key_pem, size_t key_len) {
    struct identity_state state = {ctx->ctx, 0};
    if (each_certificate(cert_pem, cert_len, use_chain_certificate, &state) <= 0) return 0;
    EVP_PKEY *key = read_private_key(key_pem, key_len);
    if (key == NULL) return 0;
    int ok = fn.SSL_CTX_use_PrivateKey(ctx->ctx, key) == 1 && fn.SSL_CTX_check_private_key(ctx->ctx) == 1;
    fn.EVP_PKEY_free(key);
    return ok;
}

static int select_alpn(SSL *ssl, const unsigned char **out, unsigned char *outlen, const unsigned char *in,
                       unsigned int inlen, void *arg) {
    (void)ssl;
    ctls_context *ctx = arg;
    unsigned char *chosen = NULL;
    unsigned char chosen_len = 0;
    if (fn.SSL_select_next_proto(&chosen, &chosen_len, ctx->alpn, ctx->alpn_len, in, inlen) !=
        OPENSSL_NPN_NEGOTIATED) {
        return SSL_TLSEXT_ERR_NOACK;
    }
    *out = chosen;
    *outlen = chosen_len;
    return SSL_TLSEXT_ERR_OK;
}

int ctls_context_set_alpn(ctls_context *ctx, const uint8_t *wire, size_t len) {
    if (len == 0 || len > 0xffff) return 0;
    if (!ctx->is_server) return fn.SSL_CTX_set_alpn_protos(ctx->ctx, wire, (unsigned int)len) == 0;
    unsigned char *copy = malloc(len);
    if (copy == NULL) return 0;
    memcpy(copy, wire, len);
    free(ctx->alpn);
    ctx->alpn = copy;
    ctx->alpn_len = (unsigned int)len;
    fn.SSL_CTX_set_alpn_select_cb(ctx->ctx, select_alpn, ctx);
    return 1;
}

// Connections -------------------------------------------------------------------------------------------

struct ctls_connection {
    SSL *ssl;
    BIO *network_in;   // bytes from the network, read by OpenSSL
    BIO *network_out;  // bytes OpenSSL wrote for the network
};

ctls_connection *ctls_connection_new(ctls_context *ctx) {
    SSL *ssl = fn.SSL_new(ctx->ctx);
    if (ssl == NULL) return NULL;
    BIO *in = fn.BIO_new(fn.BIO_s_mem());
    BIO *out = fn.BIO_new(fn.BIO_s_mem());
    ctls_connection *conn = calloc(1, sizeof *conn);
    if (in == NULL || out == NULL || conn == NULL) {
        if (in) fn.BIO_free(in);
        if (out) fn.BIO_free(out);
        free(conn);
        fn.SSL_free(ssl);
        return NULL;
    }
    fn.SSL_set_bio(ssl, in, out);  // the SSL owns both BIOs from here on
    if (ctx->is_server) {
        fn.SSL_set_accept_state(ssl);
    } else {
        fn.SSL_set_connect_state(ssl);
    }
    conn->ssl = ssl;
    conn->network_in = in;
    conn->network_out = out;
    return conn;
}

void ctls_connection_free(ctls_connection *conn) {
    if (conn == NULL) return;
    fn.SSL_free(conn->ssl);
    free(conn);
}

int ctls_connection_set_peer_name(ctls_connection *conn, const char *name, int is_ip, int check) {
    if (!is_ip && fn.SSL_ctrl(conn->ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, (void *)name) != 1)
        return 0;
    if (!check) return 1;
    if (is_ip) return fn.X509_VERIFY_PARAM_set1_ip_asc(fn.SSL_get0_param(conn->ssl), name) == 1;
    fn.SSL_set_hostflags(conn->ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    return fn.SSL_set1_host(conn->ssl, name) == 1;
}

static int status_of(ctls_connection *conn, int result) {
    switch (fn.SSL_get_error(conn->ssl, result)) {
    case SSL_ERROR_WANT_READ:
    case SSL_ERROR_WANT_WRITE:  // memory BIOs never refuse a write; treat as "needs input"
        return CTLS_WANT_READ;
    case SSL_ERROR_ZERO_RETURN:
        return CTLS_CLOSED;
    default:
        return CTLS_ERROR;
    }
}

int ctls_connection_feed(ctls_connection *conn, const uint8_t *bytes, size_t len) {
    while (len > 0) {
        int chunk = len > 0x40000000 ? 0x40000000 : (int)len;
        int written = fn.BIO_write(conn->network_in, bytes, chunk);
        if (written <= 0) return 0;
        bytes += written;
        len -= (size_t)written;
    }
    return 1;
}

int ctls_connection_handshake(ctls_connection *conn) {
    fn.ERR_clear_error();  // SSL_get_error reads the queue: start from an empty one
    int result = fn.SSL_do_handshake(conn->ssl);
    return result == 1 ? CTLS_OK : status_of(conn, result);
}

int ctls_connection_read(ctls_connection *conn, uint8_t *buf, size_t cap, size_t *got) {
    *got = 0;
    fn.ERR_clear_error();
    int result = fn.SSL_read_ex(conn->ssl, buf, cap, got);
    return result == 1 ? CTLS_OK : status_of(conn, result);
}

int ctls_connection_write(ctls_connection *conn, const uint8_t *bytes, size_t len) {
    size_t written = 0;
    fn.ERR_clear_error();
    int result = fn.SSL_write_ex(conn->ssl, bytes, len, &written);
    if (result == 1 && written == len) return CTLS_OK;
    return result == 1 ? CTLS_ERROR : status_of(conn, result);
}

int ctls_connection_shutdown(ctls_connection *conn) {
    return fn.SSL_shutdown(conn->ssl) >= 0 ? CTLS_OK : CTLS_ERROR;
}

size_t ctls_connection_pending_output(ctls_connection *conn) {
    return fn.BIO_ctrl_pending(conn->network_out);
}

size_t ctls_connection_take_output(ctls_connection *conn, uint8_t *buf, size_t cap) {
    int chunk = cap > 0x40000000 ? 0x40000000 : (int)cap;
    int got = fn.BIO_read(conn->network_out, buf, chunk);
    return got > 0 ? (size_t)got : 0;
}

long ctls_connection_verify_result(ctls_connection *conn) {
    return fn.SSL_get_verify_result(conn->ssl);
}

const char *ctls_connection_version(ctls_connection *conn) {
    return fn.SSL_get_version(conn->ssl);
}

const uint8_t *ctls_connection_alpn(ctls_connection *conn, unsigned int *len) {
    const unsigned char *data = NULL;
    *len = 0;
    fn.SSL_get0_alpn_selected(conn->ssl, &data, len);
    return *len > 0 ? data : NULL;
}

int ctls_connection_session_reused(ctls_connection *conn) {
    return fn.SSL_session_reused(conn->ssl);
}

// Certificates for tests --------------------------------------------------------------------------------

static int pem_of(int (*write)(BIO *, const void *), const void *object, char **out, size_t *out_len) {
    BIO *bio = fn.BIO_new(fn.BIO_s_mem());
    if (bio == NULL) return 0;
    int ok = 0;
    if (write(bio, object) == 1) {
        char *data = NULL;
        long len = fn.BIO_ctrl(bio, BIO_CTRL_INFO, 0, &data);  // BIO_get_mem_data
        if (len > 0 && data != NULL && (*out = malloc((size_t)len)) != NULL) {
            memcpy(*out, data, (size_t)len);
            *out_len = (size_t)len;
            ok = 1;
        }
    }
    fn.BIO_free(bio);
    return ok;
}

static int write_certificate(BIO *bio, const void *cert) { return fn.PEM_write_bio_X509(bio, cert); }

static int write_key(BIO *bio, const void *key) {
    return fn.PEM_write_bio_PrivateKey(bio, key, NULL, NULL, 0, NULL, NULL);
}

static int add_extension(X509 *cert, int nid, const char *value) {
    X509_EXTENSION *ext = fn.X509V3_EXT_conf_nid(NULL, NULL, nid, value);
    if (ext == NULL) return 0;
    int ok = fn.X509_add_ext(cert, ext, -1) == 1;
    fn.X509_EXTENSION_free(ext);
    return ok;
}

static X509 *read_first_certificate(const uint8_t *pem, size_t len) {
    if (len > 0x7fffffff) return NULL;
    BIO *bio = fn.BIO_new_mem_buf(pem, (int)len);
    if (bio == NULL) return NULL;
    X509 *cert = fn.PEM_read_bio_X509(bio, NULL, NULL, NULL);
    fn.BIO_free(bio);
    return cert;
}

int ctls_make_certificate(
    const char *common_name, const char *subject_alt_names, int is_ca, long not_before_offset,
    long not_after_offset, uint64_t serial, const uint8_t *issuer_cert_pem, size_t issuer_cert_len,
    const uint8_t *issuer_key_pem, size_t issuer_key_len, char **cert_pem, size_t *cert_len, char **key_pem,
    size_t *key_len) {
    if (!ctls_load()) return 0;
    *cert_pem = NULL;
    *key_pem = NULL;
    int ok = 0;
    X509 *issuer = NULL;
    EVP_PKEY *issuer_key = NULL;
    X509 *cert = NULL;
    EVP_PKEY *key = fn.EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    if (key == NULL) goto done;
    if (issuer_cert_pem != NULL) {
        issuer = read_first_certificate(issuer_cert_pem, issuer_cert_len);
        issuer_key = read_private_key(issuer_key_pem, issuer_key_len);
        if (issuer == NULL || issuer_key == NULL) goto done;
    }
    cert = fn.X509_new();
    if (cert == NULL) goto done;
    X509_NAME *subject = fn.X509_get_subject_name(cert);
    if (fn.X509_set_version(cert, 2) != 1 ||
        fn.ASN1_INTEGER_set(fn.X509_get_serialNumber(cert), (long)(serial & 0x3fffffffffffffffULL)) != 1 ||
        fn.X509_gmtime_adj(fn.X509_getm_notBefore(cert), not_before_offset) == NULL ||
        fn.X509_gmtime_adj(fn.X509_getm_notAfter(cert), not_after_offset) == NULL ||
        fn.X509_set_pubkey(cert, key) != 1 ||
        fn.X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC, (const unsigned char *)common_name, -1, -1, 0) != 1 ||
        fn.X509_set_issuer_name(cert, issuer ? fn.X509_get_subject_name(issuer) : subject) != 1)
        goto done;
    if (!add_extension(cert, NID_basic_constraints, is_ca ? "critical,CA:TRUE" : "critical,CA:FALSE") ||
        !add_extension(cert, NID_key_usage,
                       is_ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature,keyEncipherment"))
        goto done;
    if (!is_ca && !add_extension(cert, NID_ext_key_usage, "serverAuth,clientAuth")) goto done;
    if (subject_alt_names != NULL && subject_alt_names[0] != '\0' &&
        !add_extension(cert, NID_subject_alt_name, subject_alt_names))
        goto done;
    if (fn.X509_sign(cert, issuer_key ? issuer_key : key, fn.EVP_sha256()) <= 0) goto done;
    if (!pem_of(write_certificate, cert, cert_pem, cert_len) || !pem_of(write_key, key, key_pem, key_len)) {
        free(*cert_pem);
        *cert_pem = NULL;
        goto done;
    }
    ok = 1;
done:
    if (cert) fn.X509_free(cert);
    if (key) fn.EVP_PKEY_free(key);
    if (issuer) fn.X509_free(issuer);
    if (issuer_key) fn.EVP_PKEY_free(issuer_key);
    return ok;
}

int ctls_count_certificates_pem(const uint8_t *pem, size_t len) {
    if (!ctls_load()) return 0;
    return each_certificate(pem, len, NULL, NULL);
}

int ctls_is_private_key_pem(const uint8_t *pem, size_t len) {
    if (!ctls_load()) return 0;
    EVP_PKEY *key = read_private_key(pem, len);
    fn.ERR_clear_error();
    if (key == NULL) return 0;
    fn.EVP_PKEY_free(key);
    return 1;
}

void ctls_free(void *pointer) {
    free(pointer);
}
