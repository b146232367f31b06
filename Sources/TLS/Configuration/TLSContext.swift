import CTorsionTLS

/// The lowest TLS protocol version a side accepts.
public enum TLSVersion: Int32, Sendable, Comparable {
    /// TLS 1.2 (the default minimum).
    case tls12 = 0x0303
    /// TLS 1.3.
    case tls13 = 0x0304

    /// Orders by protocol version.
    public static func < (lhs: TLSVersion, rhs: TLSVersion) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One OpenSSL `SSL_CTX` (a shim `ctls_context`): the settings that many connections share, and the
/// counters of what its connections did.
///
/// Freed when the last reference goes (each ``TLSConnection`` holds its context). Reactor-confined, like
/// the options that own it.
final class TLSContext {
    let pointer: OpaquePointer
    let isServer: Bool
    /// Whether client connections check the server's name against its certificate.
    let checksPeerName: Bool
    /// Handshakes finished by connections made from this context.
    var handshakesCompleted = 0
    /// Connections made from this context that are not freed yet.
    var liveConnections = 0
    /// Whether the peer's certificate is verified (so a failed handshake may be a verification failure).
    private(set) var verifiesPeer = false

    /// A context with TLS 1.2 at least and renegotiation refused.
    ///
    /// - Throws: ``TLSError/libraryUnavailable(_:)`` or ``TLSError/invalidConfiguration(_:)``.
    init(isServer: Bool, checksPeerName: Bool, minimumVersion: TLSVersion, applicationProtocols: [String]) throws(TLSError) {
        try TLSLibrary.load()
        guard let pointer = ctls_context_new(isServer ? 1 : 0) else {
            throw .invalidConfiguration(TLSLibrary.takeErrorText(fallback: "cannot create an OpenSSL context"))
        }
        self.pointer = pointer
        self.isServer = isServer
        self.checksPeerName = checksPeerName
        guard ctls_context_set_min_version(pointer, minimumVersion.rawValue) == 1 else {
            throw .invalidConfiguration(TLSLibrary.takeErrorText(fallback: "cannot set the minimum TLS version"))
        }
        if !applicationProtocols.isEmpty {
            let wire = try Self.alpnWireFormat(applicationProtocols)
            guard wire.withUnsafeBufferPointer({ ctls_context_set_alpn(pointer, $0.baseAddress, $0.count) }) == 1 else {
                throw .invalidConfiguration(TLSLibrary.takeErrorText(fallback: "cannot set the ALPN protocols"))
            }
        }
    }

    deinit {
        ctls_context_free(pointer)
    }

    /// Adds every certificate of `roots` to the trust store.
    func addTrustRoots(_ roots: TLSCertificateChain) throws(TLSError) {
        let added = roots.pem.withUnsafeBufferPointer { ctls_context_add_roots_pem(pointer, $0.baseAddress, $0.count) }
        guard added == roots.count else {
            throw .invalidConfiguration(TLSLibrary.takeErrorText(fallback: "cannot add the trust roots"))
        }
    }

    /// Loads the system's trust store (`SSL_CERT_FILE` / `SSL_CERT_DIR` override it, as in OpenSSL).
    func useSystemTrustRoots() throws(TLSError) {
        guard ctls_context_use_system_roots(pointer) == 1 else {
            throw .invalidConfiguration(TLSLibrary.takeErrorText(fallback: "cannot load the system trust store"))
        }
    }

    /// Presents `identity` to peers.
    func use(_ identity: TLSIdentity) throws(TLSError) {
        let chain = identity.certificateChain.pem
        let key = identity.privateKey.pem
        let ok = chain.withUnsafeBufferPointer { chain in
            key.withUnsafeBufferPointer { key in
                ctls_context_use_identity_pem(pointer, chain.baseAddress, chain.count, key.baseAddress, key.count)
            }
        }
        guard ok == 1 else {
            throw .invalidConfiguration(
                TLSLibrary.takeErrorText(fallback: "the certificate chain or the private key cannot be used")
                    + " (does the key match the certificate?)")
        }
    }

    /// Sets the verification mode: 0 none, 1 verify the peer, 3 verify and require a certificate.
    func setVerify(_ mode: Int32) {
        ctls_context_set_verify(pointer, mode)
        verifiesPeer = mode != 0
    }

    /// A new connection; `peerName` (clients) is sent as SNI (unless an IP literal) and checked against
    /// the certificate when ``checksPeerName``.
    func makeConnection(peerName: String?) throws(TLSError) -> TLSConnection {
        try TLSConnection(context: self, peerName: peerName)
    }

    /// ALPN's wire format: each name prefixed by its length.
    static func alpnWireFormat(_ names: [String]) throws(TLSError) -> [UInt8] {
        var wire: [UInt8] = []
        for name in names {
            let bytes = Array(name.utf8)
            guard !bytes.isEmpty, bytes.count <= 255 else {
                throw .invalidConfiguration("ALPN protocol name \(String(reflecting: name)) must be 1 to 255 bytes")
            }
            wire.append(UInt8(bytes.count))
            wire.append(contentsOf: bytes)
        }
        return wire
    }
}

@available(*, unavailable)
extension TLSContext: Sendable {}
