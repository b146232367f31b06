/// Whether a TLS server asks clients for a certificate.
public enum TLSClientVerification: Sendable, Equatable {
    /// Do not ask (the default).
    case none
    /// Require a client certificate that chains to one of these roots; connections without one fail
    /// their handshake.
    case require(trustRoots: TLSCertificateChain)
}

/// Settings for the server side of TLS connections: the certificate chain and key to present, ALPN, and
/// whether clients must present certificates.
///
/// ALPN selects the first of ``applicationProtocols`` the client offers (none if there is no match: the
/// handshake still succeeds). Minimum version TLS 1.2; renegotiation refused.
///
/// Threading: not Sendable; make and use on one thread (the reactor's).
///
/// Twisted: `twisted.internet.ssl.CertificateOptions(privateKey, certificate, extraCertChain,
/// verify, caCerts)` / `PrivateCertificate.options()`.
public final class TLSServerOptions {
    /// What the server presents.
    public let identity: TLSIdentity
    /// Whether clients must present a certificate.
    public let clientVerification: TLSClientVerification
    /// ALPN protocols accepted, in order of preference.
    public let applicationProtocols: [String]
    let context: TLSContext

    /// Server options.
    ///
    /// - Throws: ``TLSError/libraryUnavailable(_:)``, or ``TLSError/invalidConfiguration(_:)`` when the key
    ///   does not match the certificate or OpenSSL refuses a setting.
    public init(
        identity: TLSIdentity, clientVerification: TLSClientVerification = .none,
        applicationProtocols: [String] = ["http/1.1"], minimumVersion: TLSVersion = .tls12
    ) throws(TLSError) {
        self.identity = identity
        self.clientVerification = clientVerification
        self.applicationProtocols = applicationProtocols
        context = try TLSContext(
            isServer: true, checksPeerName: false, minimumVersion: minimumVersion,
            applicationProtocols: applicationProtocols)
        try context.use(identity)
        switch clientVerification {
        case .none:
            context.setVerify(0)
        case .require(let roots):
            try context.addTrustRoots(roots)
            context.setVerify(3)
        }
    }

    /// Server options from a certificate (chain) file and a key file (read now, blocking).
    public convenience init(certificateFile: String, keyFile: String) throws(TLSError) {
        try self.init(identity: TLSIdentity(certificateFile: certificateFile, keyFile: keyFile))
    }

    /// Handshakes completed by connections made with these options.
    public var handshakesCompleted: Int { context.handshakesCompleted }

    /// Connections made with these options whose OpenSSL state (`SSL`) is not freed yet.
    public var liveConnections: Int { context.liveConnections }
}

@available(*, unavailable)
extension TLSServerOptions: Sendable {}
