// Throw-away keys and certificates for tests and demos, made with libcrypto (EC P-256, X.509 v3).

#include "CTorsionTLS.h"
#include "tls_internal.h"

#include <stdlib.h>
#include <string.h>

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
        issuer_key = ctls_read_private_key(issuer_key_pem, issuer_key_len);
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
    return ctls_each_certificate(pem, len, NULL, NULL);
}

int ctls_is_private_key_pem(const uint8_t *pem, size_t len) {
    if (!ctls_load()) return 0;
    EVP_PKEY *key = ctls_read_private_key(pem, len);
    fn.ERR_clear_error();
    if (key == NULL) return 0;
    fn.EVP_PKEY_free(key);
    return 1;
}

void ctls_free(void *pointer) {
    free(pointer);
}
