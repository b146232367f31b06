// Internal to CTorsionTLS: OpenSSL's types (opaque), the documented constants the shim uses, and the
// table of OpenSSL functions resolved with dlsym (see tls_loader.c). Not part of the Swift-facing API.
//
// No OpenSSL header is used. OpenSSL's types are only handled through pointers, so they are declared
// opaquely here; functions are declared by their documented C signatures (OpenSSL 3.0 ABI); macros of the
// public API (SSL_CTX_set_min_proto_version, SSL_set_tlsext_host_name, BIO_get_mem_data, ...) are written
// as the calls they stand for, with the numeric constants OpenSSL documents.
#ifndef CTORSION_TLS_INTERNAL_H
#define CTORSION_TLS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

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
struct ctls_functions {
    CTLS_SSL_FUNCTIONS(CTLS_DECLARE)
    CTLS_CRYPTO_FUNCTIONS(CTLS_DECLARE)
};
#undef CTLS_DECLARE

// The resolved functions; valid once ctls_load() returned 1. Hidden: not exported from the library.
extern struct ctls_functions ctls_fn __attribute__((visibility("hidden")));
#define fn ctls_fn

// Calls `each` with every certificate of a PEM text (NULL: just count); returns how many were read,
// -1 when `each` refused one, 0 when none. Clears the error queue's end-of-text error.
__attribute__((visibility("hidden"))) int ctls_each_certificate(const uint8_t *pem, size_t len, int (*each)(X509 *, void *), void *arg);
// The first private key of a PEM text, or NULL.
__attribute__((visibility("hidden"))) EVP_PKEY *ctls_read_private_key(const uint8_t *pem, size_t len);

#endif
