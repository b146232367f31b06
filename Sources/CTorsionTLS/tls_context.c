// OpenSSL contexts (SSL_CTX) and connections (SSL over two memory BIOs) for the Swift TLS layer.

#include "CTorsionTLS.h"
#include "tls_internal.h"

#include <stdlib.h>
#include <string.h>

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
int ctls_each_certificate(const uint8_t *pem, size_t len, int (*each)(X509 *, void *), void *arg) {
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
    int count = ctls_each_certificate(pem, len, add_to_store, fn.SSL_CTX_get_cert_store(ctx->ctx));
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

EVP_PKEY *ctls_read_private_key(const uint8_t *pem, size_t len) {
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
    if (ctls_each_certificate(cert_pem, cert_len, use_chain_certificate, &state) <= 0) return 0;
    EVP_PKEY *key = ctls_read_private_key(key_pem, key_len);
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
