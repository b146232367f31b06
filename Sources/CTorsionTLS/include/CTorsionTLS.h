#ifndef CTORSION_TLS_H
#define CTORSION_TLS_H

// Torsion's view of the system's OpenSSL 3 runtime (libssl.so.3, libcrypto.so.3).
//
// No OpenSSL header is used at build time: the library is opened with dlopen on first use and every
// function is looked up with dlsym (see tls_loader.c, tls_internal.h). Swift sees only the small API below, in terms of
// two opaque types of this shim's own:
//   - ctls_context: one SSL_CTX (settings shared by many connections; safe to use from one thread at a
//     time, which the Swift side guarantees by confining it to a reactor).
//   - ctls_connection: one SSL joined to two memory BIOs (bytes from the network go into one, bytes for
//     the network come out of the other), so TLS runs over any byte transport.
//
// Every call that can fail returns a status; the text of the last OpenSSL error is read with
// ctls_last_error(). Nothing here blocks or does I/O of its own.

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ctls_context ctls_context;
typedef struct ctls_connection ctls_connection;

// Loading -------------------------------------------------------------------------------------------

// Opens libssl/libcrypto and resolves every function (once per process, thread-safe). Returns 1 when
// the library is usable, 0 otherwise (then ctls_load_error() says why). The environment variables
// TORSION_LIBSSL and TORSION_LIBCRYPTO override the library file names (read once).
int ctls_load(void);
// Why ctls_load() failed (a static string), or NULL if it succeeded.
const char *ctls_load_error(void);
// OpenSSL's version text ("OpenSSL 3.0.x ..."), or NULL when the library is not loaded.
const char *ctls_version_text(void);

// Errors --------------------------------------------------------------------------------------------

// Takes every error on this thread's OpenSSL error queue and writes the most relevant one ("lib:
// reason") into buf (always NUL-terminated). Returns the number of errors taken (0: buf is "").
int ctls_last_error(char *buf, size_t len);
// Empties this thread's OpenSSL error queue.
void ctls_clear_errors(void);
// X509_verify_cert_error_string for a verification result code.
const char *ctls_verify_error_text(long code);

// Contexts ------------------------------------------------------------------------------------------

// A new context for clients (is_server == 0) or servers, TLS 1.2 at least, renegotiation refused.
// Returns NULL on failure.
ctls_context *ctls_context_new(int is_server);
// Frees the context (connections made from it keep it alive inside OpenSSL until they are freed).
void ctls_context_free(ctls_context *ctx);
// Sets the lowest protocol version (0x0303 TLS 1.2, 0x0304 TLS 1.3). Returns 1 on success.
int ctls_context_set_min_version(ctls_context *ctx, int version);
// Loads the system trust store (honours SSL_CERT_FILE and SSL_CERT_DIR). Returns 1 on success.
int ctls_context_use_system_roots(ctls_context *ctx);
// Adds every certificate of a PEM text to the trust store. Returns how many were added (0: none or
// a parse error).
int ctls_context_add_roots_pem(ctls_context *ctx, const uint8_t *pem, size_t len);
// Whether and how the peer's certificate is verified: 0 none, 1 verify if sent (clients: always sent),
// 3 verify and require one (servers asking for client certificates).
void ctls_context_set_verify(ctls_context *ctx, int mode);
// Uses the first certificate of a PEM text as this side's certificate and the others as its chain,
// with the private key of another PEM text. Returns 1 on success (key matches the certificate).
int ctls_context_use_identity_pem(
    ctls_context *ctx, const uint8_t *cert_pem, size_t cert_len, const uint8_t *key_pem, size_t key_len);
// ALPN: clients offer this wire-format list (length-prefixed names); servers pick the first of theirs
// the client offers (no ALPN if none matches). Returns 1 on success.
int ctls_context_set_alpn(ctls_context *ctx, const uint8_t *wire, size_t len);

// Connections ---------------------------------------------------------------------------------------

// A new connection of the context's role, with its memory BIOs. Returns NULL on failure.
ctls_connection *ctls_connection_new(ctls_context *ctx);
// Frees the SSL and both BIOs.
void ctls_connection_free(ctls_connection *conn);
// Clients: the server name for SNI (skipped when is_ip) and for certificate checks (DNS or IP
// subject alternative names; partial wildcards refused). check == 0 sends SNI only. Returns 1 on success.
int ctls_connection_set_peer_name(ctls_connection *conn, const char *name, int is_ip, int check);

// Status codes of the calls below.
enum {
    CTLS_OK = 0,           // done (handshake finished, bytes read or written)
    CTLS_WANT_READ = 1,    // needs more bytes from the network (feed them, then call again)
    CTLS_CLOSED = 2,       // the peer sent close_notify
    CTLS_ERROR = 3,        // a TLS failure: see ctls_last_error and ctls_connection_verify_result
};

// Appends bytes read from the network. Returns 1 on success.
int ctls_connection_feed(ctls_connection *conn, const uint8_t *bytes, size_t len);
// Advances the handshake.
int ctls_connection_handshake(ctls_connection *conn);
// Reads decrypted bytes into buf; *got says how many (CTLS_OK only).
int ctls_connection_read(ctls_connection *conn, uint8_t *buf, size_t cap, size_t *got);
// Encrypts all of bytes (after the handshake).
int ctls_connection_write(ctls_connection *conn, const uint8_t *bytes, size_t len);
// Queues a close_notify alert. Returns CTLS_OK or CTLS_ERROR.
int ctls_connection_shutdown(ctls_connection *conn);
// How many encrypted bytes wait to be sent to the network.
size_t ctls_connection_pending_output(ctls_connection *conn);
// Moves up to cap waiting bytes into buf; returns how many.
size_t ctls_connection_take_output(ctls_connection *conn, uint8_t *buf, size_t cap);
// The peer certificate verification result (0 is X509_V_OK).
long ctls_connection_verify_result(ctls_connection *conn);
// The negotiated protocol version text ("TLSv1.3"), static.
const char *ctls_connection_version(ctls_connection *conn);
// The ALPN protocol chosen, or NULL (*len bytes at the returned pointer, valid until the next call).
const uint8_t *ctls_connection_alpn(ctls_connection *conn, unsigned int *len);
// Whether the session was resumed from an earlier one.
int ctls_connection_session_reused(ctls_connection *conn);

// Certificates for tests ----------------------------------------------------------------------------

// Makes an EC P-256 key and an X.509 v3 certificate for it, valid from now + not_before_offset to now
// + not_after_offset seconds, with the given common name, subject alternative names (OpenSSL's text
// form, "DNS:localhost,IP:127.0.0.1", or NULL) and CA flag; signed (SHA-256) by the issuer's key (PEM),
// or self-signed when issuer_cert_pem is NULL. On success returns 1 and sets *cert_pem / *key_pem to
// malloc'd PEM texts (free with ctls_free) of *cert_len / *key_len bytes.
int ctls_make_certificate(
    const char *common_name, const char *subject_alt_names, int is_ca, long not_before_offset,
    long not_after_offset, uint64_t serial, const uint8_t *issuer_cert_pem, size_t issuer_cert_len,
    const uint8_t *issuer_key_pem, size_t issuer_key_len, char **cert_pem, size_t *cert_len, char **key_pem,
    size_t *key_len);
// Counts the certificates in a PEM text (-1 on a parse error after the first).
int ctls_count_certificates_pem(const uint8_t *pem, size_t len);
// Whether a PEM text holds a private key OpenSSL can read.
int ctls_is_private_key_pem(const uint8_t *pem, size_t len);
// Frees a buffer returned by this shim.
void ctls_free(void *pointer);

#ifdef __cplusplus
}
#endif

#endif
