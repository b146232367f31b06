/// Why a TLS connection or configuration failed.
///
/// A ``TLSMemoryBIOProtocol`` hands one of these to its protocol's `connectionLost(reason:)` (and the
/// HTTP client wraps it in its request errors): certificate problems found while verifying the peer,
/// other handshake failures with OpenSSL's reason, a peer that went away during the handshake, and a
/// connection that closed without TLS's `close_notify` alert (``truncated``), which means the data may be
/// cut short. Configuration errors (bad PEM, a key that does not match its certificate, no OpenSSL) are
/// thrown when options are made.
///
/// Twisted: `OpenSSL.SSL.Error` and `twisted.internet.error.ConnectionLost` as `TLSMemoryBIOProtocol`
/// reports them; Torsion names the common cases.
public enum TLSError: Error, Equatable, Sendable, CustomStringConvertible {
    /// OpenSSL 3 (`libssl.so.3`) could not be loaded; the text says which file or function.
    case libraryUnavailable(String)
    /// A certificate, key or option could not be used (the text says which and why).
    case invalidConfiguration(String)
    /// The peer's certificate does not chain to a trusted root (self-signed, or issued by an unknown
    /// authority); the text is OpenSSL's verification message.
    case unknownIssuer(String)
    /// A certificate in the peer's chain has expired.
    case certificateExpired
    /// A certificate in the peer's chain is not valid yet.
    case certificateNotYetValid
    /// The peer's certificate does not name the host (DNS name or IP address) that was asked for.
    case hostnameMismatch(String)
    /// The peer's certificate was rejected for another reason: OpenSSL's verification code and message.
    case certificateRejected(code: Int, String)
    /// The handshake failed for a reason other than the certificate checks (no common protocol version or
    /// cipher, an alert from the peer, a malformed message): OpenSSL's reason.
    case handshakeFailed(String)
    /// The peer closed the connection before the handshake finished.
    case peerClosedDuringHandshake
    /// The peer closed the connection without `close_notify`: what was received may be cut short
    /// (a truncation attack or a crashed peer), so it must not be taken as a clean end.
    case truncated
    /// A TLS failure after the handshake (a bad record, an alert from the peer): OpenSSL's reason.
    case protocolError(String)

    /// A sentence saying what went wrong.
    public var description: String {
        switch self {
        case .libraryUnavailable(let why): return "TLS is unavailable: \(why)"
        case .invalidConfiguration(let why): return "invalid TLS configuration: \(why)"
        case .unknownIssuer(let why): return "the peer's certificate is not trusted: \(why)"
        case .certificateExpired: return "the peer's certificate has expired"
        case .certificateNotYetValid: return "the peer's certificate is not valid yet"
        case .hostnameMismatch(let host): return "the peer's certificate does not name \(host)"
        case .certificateRejected(let code, let why): return "the peer's certificate was rejected (\(code)): \(why)"
        case .handshakeFailed(let why): return "the TLS handshake failed: \(why)"
        case .peerClosedDuringHandshake: return "the peer closed the connection during the TLS handshake"
        case .truncated: return "the peer closed the connection without a TLS close_notify (data may be truncated)"
        case .protocolError(let why): return "TLS error: \(why)"
        }
    }

    /// Whether the error says the peer's certificate failed verification.
    public var isCertificateError: Bool {
        switch self {
        case .unknownIssuer, .certificateExpired, .certificateNotYetValid, .hostnameMismatch, .certificateRejected:
            return true
        default:
            return false
        }
    }

    /// The error for an OpenSSL verification result code (`X509_V_ERR_*`), for `peerName` when the check
    /// was about the host.
    static func verification(code: Int, text: String, peerName: String?) -> TLSError {
        switch code {
        // UNABLE_TO_GET_ISSUER_CERT, DEPTH_ZERO_SELF_SIGNED_CERT, SELF_SIGNED_CERT_IN_CHAIN,
        // UNABLE_TO_GET_ISSUER_CERT_LOCALLY, UNABLE_TO_VERIFY_LEAF_SIGNATURE, CERT_UNTRUSTED
        case 2, 18, 19, 20, 21, 27: return .unknownIssuer(text)
        case 9: return .certificateNotYetValid
        case 10: return .certificateExpired
        // HOSTNAME_MISMATCH, IP_ADDRESS_MISMATCH
        case 62, 64: return .hostnameMismatch(peerName ?? "the requested host")
        default: return .certificateRejected(code: code, text)
        }
    }
}
