/// How a TLS client decides whether to trust the server.
///
/// The safe choices are ``system`` (the default) and ``trustRoots(_:)``; the two `dangerously` choices
/// turn off protections and are named so nobody picks them by accident.
public enum TLSVerification: Sendable, Equatable {
    /// The server's chain must lead to a root of the system's trust store (OpenSSL's default locations;
    /// `SSL_CERT_FILE` and `SSL_CERT_DIR` override them, as for OpenSSL, curl and Python), and its
    /// certificate must name the host (DNS or IP subject alternative name).
    case system
    /// As ``system``, but trusting only these roots (a private CA) instead of the system's.
    case trustRoots(TLSCertificateChain)
    /// Trust only this certificate (the server's own, or the CA that issued it) and do not check the host
    /// name: for a server known by its certificate rather than its name. The chain is still verified.
    case dangerouslyTrustingCertificate(TLSCertificateChain)
    /// No verification at all: any server, any certificate, any name. The connection is encrypted but
    /// anyone on the path can impersonate the server. For debugging only.
    case dangerouslySkippingVerification
}

/// Settings for the client side of TLS connections: what to trust, what to present, what to offer.
///
/// Made once and shared by every connection (each gets the host name it connects to for SNI and the
/// name check). Verification is on by default (``TLSVerification/system``), the minimum version is TLS 1.2,
/// ALPN offers `http/1.1`, and renegotiation is refused. ``handshakesCompleted`` counts the handshakes of
/// connections made with these options (a pooled connection that is reused does not handshake again).
///
/// Threading: not Sendable; make and use on one thread (the reactor's).
///
/// Twisted: `twisted.internet.ssl.optionsForClientTLS(hostname, trustRoot, clientCertificate,
/// acceptableProtocols)` (the host name is given per connection here, see ``wrapClientTLS(_:hostname:_:)``).
public final class TLSClientOptions {
    /// What the server must prove.
    public let verification: TLSVerification
    /// The certificate presented when the server asks for one, if any.
    public let clientIdentity: TLSIdentity?
    /// The ALPN protocols offered, in order of preference.
    public let applicationProtocols: [String]
    /// The lowest protocol version accepted.
    public let minimumVersion: TLSVersion
    let context: TLSContext

    /// Client options; nothing connects until they are used.
    ///
    /// - Parameters:
    ///   - verification: How the server is verified (default: the system's trust store and the host name).
    ///   - clientIdentity: A client certificate and key to present when asked.
    ///   - applicationProtocols: ALPN names to offer (default `["http/1.1"]`; empty offers none).
    ///   - minimumVersion: TLS 1.2 (default) or TLS 1.3.
    /// - Throws: ``TLSError/libraryUnavailable(_:)`` without OpenSSL 3, ``TLSError/invalidConfiguration(_:)``
    ///   for roots, a key or names OpenSSL refuses (or a system trust store that cannot be loaded).
    public init(
        verification: TLSVerification = .system, clientIdentity: TLSIdentity? = nil,
        applicationProtocols: [String] = ["http/1.1"], minimumVersion: TLSVersion = .tls12
    ) throws(TLSError) {
        self.verification = verification
        self.clientIdentity = clientIdentity
        self.applicationProtocols = applicationProtocols
        self.minimumVersion = minimumVersion
        let checksName: Bool
        switch verification {
        case .system, .trustRoots: checksName = true
        case .dangerouslyTrustingCertificate, .dangerouslySkippingVerification: checksName = false
        }
        context = try TLSContext(
            isServer: false, checksPeerName: checksName, minimumVersion: minimumVersion,
            applicationProtocols: applicationProtocols)
        switch verification {
        case .system:
            try context.useSystemTrustRoots()
            context.setVerify(1)
        case .trustRoots(let roots), .dangerouslyTrustingCertificate(let roots):
            try context.addTrustRoots(roots)
            context.setVerify(1)
        case .dangerouslySkippingVerification:
            context.setVerify(0)
        }
        if let clientIdentity { try context.use(clientIdentity) }
    }

    /// Handshakes completed by connections made with these options.
    public var handshakesCompleted: Int { context.handshakesCompleted }

    /// Connections made with these options whose OpenSSL state (`SSL`) is not freed yet.
    public var liveConnections: Int { context.liveConnections }
}

@available(*, unavailable)
extension TLSClientOptions: Sendable {}
