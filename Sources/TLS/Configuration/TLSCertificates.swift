import CTorsionTLS

/// One or more X.509 certificates in PEM form (`-----BEGIN CERTIFICATE-----` blocks): a certificate with
/// its chain (leaf first), or a set of trust roots.
///
/// Checked when made: the text must hold at least one certificate OpenSSL can parse.
///
/// Twisted: `twisted.internet.ssl.Certificate` (one) and a list of them.
public struct TLSCertificateChain: Sendable, Equatable {
    /// The PEM text.
    public let pem: [UInt8]
    /// How many certificates it holds.
    public let count: Int

    /// Certificates from PEM text in memory.
    ///
    /// - Throws: ``TLSError/invalidConfiguration(_:)`` when no certificate can be parsed, or
    ///   ``TLSError/libraryUnavailable(_:)``.
    public init(pem: [UInt8]) throws(TLSError) {
        try TLSLibrary.load()
        let count = pem.withUnsafeBufferPointer { ctls_count_certificates_pem($0.baseAddress, $0.count) }
        guard count > 0 else {
            throw .invalidConfiguration(count < 0 ? "a certificate in the PEM text cannot be parsed" : "no certificate in the PEM text")
        }
        self.pem = pem
        self.count = Int(count)
    }

    /// Certificates from PEM text.
    public init(pem: String) throws(TLSError) {
        try self.init(pem: Array(pem.utf8))
    }

    /// Certificates from a PEM file (read now, blocking).
    ///
    /// - Throws: ``TLSError/invalidConfiguration(_:)`` when the file cannot be read or holds no certificate.
    public init(file path: String) throws(TLSError) {
        do {
            try self.init(pem: PEMFile.read(path))
        } catch .invalidConfiguration(let why) {
            throw .invalidConfiguration("\(path): \(why)")
        }
    }

    /// Writes the PEM text to `path` (mode 0644).
    public func write(to path: String) throws(TLSError) {
        try PEMFile.write(pem, to: path, mode: 0o644)
    }
}

/// A private key in PEM form (PKCS#8 `-----BEGIN PRIVATE KEY-----`, or a traditional RSA/EC block), not
/// encrypted.
///
/// Its `description` never shows the key.
///
/// Twisted: `twisted.internet.ssl.KeyPair`.
public struct TLSPrivateKey: Sendable, Equatable, CustomStringConvertible {
    /// The PEM text.
    public let pem: [UInt8]

    /// A key from PEM text in memory.
    ///
    /// - Throws: ``TLSError/invalidConfiguration(_:)`` when OpenSSL cannot read a key from it.
    public init(pem: [UInt8]) throws(TLSError) {
        try TLSLibrary.load()
        guard pem.withUnsafeBufferPointer({ ctls_is_private_key_pem($0.baseAddress, $0.count) }) == 1 else {
            throw .invalidConfiguration("no readable (unencrypted) private key in the PEM text")
        }
        self.pem = pem
    }

    /// A key from PEM text.
    public init(pem: String) throws(TLSError) {
        try self.init(pem: Array(pem.utf8))
    }

    /// A key from a PEM file (read now, blocking).
    public init(file path: String) throws(TLSError) {
        do {
            try self.init(pem: PEMFile.read(path))
        } catch .invalidConfiguration(let why) {
            throw .invalidConfiguration("\(path): \(why)")
        }
    }

    /// Writes the PEM text to `path`, readable by its owner only (mode 0600).
    public func write(to path: String) throws(TLSError) {
        try PEMFile.write(pem, to: path, mode: 0o600)
    }

    /// `TLSPrivateKey(<hidden>)`.
    public var description: String { "TLSPrivateKey(<hidden>)" }
}

/// A certificate chain and its private key: what a server presents, or a client certificate.
///
/// Whether the key matches the certificate is checked when options are made with it.
///
/// Twisted: `twisted.internet.ssl.PrivateCertificate`.
public struct TLSIdentity: Sendable, Equatable {
    /// The certificate, then its intermediates.
    public let certificateChain: TLSCertificateChain
    /// The certificate's private key.
    public let privateKey: TLSPrivateKey

    /// An identity from parsed parts.
    public init(certificateChain: TLSCertificateChain, privateKey: TLSPrivateKey) {
        self.certificateChain = certificateChain
        self.privateKey = privateKey
    }

    /// An identity from two PEM files (read now, blocking); they may be the same file.
    public init(certificateFile: String, keyFile: String) throws(TLSError) {
        self.init(certificateChain: try TLSCertificateChain(file: certificateFile), privateKey: try TLSPrivateKey(file: keyFile))
    }

    /// Writes the chain to `certificatePath` (0644) and the key to `keyPath` (0600).
    public func write(certificateTo certificatePath: String, keyTo keyPath: String) throws(TLSError) {
        try certificateChain.write(to: certificatePath)
        try privateKey.write(to: keyPath)
    }
}
