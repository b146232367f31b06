import CTorsionTLS
import TLS

/// A throw-away certificate authority for tests, demos and local benchmarks: it makes EC P-256 keys and
/// short-lived X.509 certificates in process, with the system's OpenSSL, so no certificate is ever
/// checked in.
///
/// ```swift
/// let ca = try TLSCertificateAuthority()
/// let server = try ca.issue(commonName: "localhost", dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"])
/// let serverOptions = try TLSServerOptions(identity: server)
/// let clientOptions = try TLSClientOptions(verification: .trustRoots(ca.certificate))
/// ```
///
/// Not for production: the keys live in memory unprotected and the default lifetime is one day.
///
/// Threading: a value; safe anywhere.
public struct TLSCertificateAuthority: Sendable {
    /// The CA's own identity (self-signed certificate and key).
    public let identity: TLSIdentity

    /// The CA certificate: what clients trust (``TLSVerification/trustRoots(_:)``).
    public var certificate: TLSCertificateChain { identity.certificateChain }

    /// A new self-signed CA, valid from an hour ago for `lifetime`.
    ///
    /// - Throws: ``TLSError/libraryUnavailable(_:)``, or ``TLSError/invalidConfiguration(_:)`` if OpenSSL
    ///   refuses to make the certificate.
    public init(commonName: String = "Torsion throw-away test CA", lifetime: Duration = .seconds(86_400)) throws(TLSError) {
        identity = try Self.make(
            commonName: commonName, subjectAltNames: "", isCA: true, notBefore: .seconds(-3600), notAfter: lifetime,
            issuer: nil)
    }

    /// A certificate signed by this CA, with its new key.
    ///
    /// - Parameters:
    ///   - commonName: The subject's CN (not used for name checks: they use the subject alternative names).
    ///   - dnsNames: DNS names the certificate is valid for.
    ///   - ipAddresses: IP address literals the certificate is valid for.
    ///   - notBefore: Start of validity relative to now (default an hour ago; positive for a certificate
    ///     not valid yet).
    ///   - notAfter: End of validity relative to now (default a day; negative for an expired one).
    ///   - isCA: Whether it may sign certificates (an intermediate).
    /// - Returns: The identity; its chain is the new certificate alone (add intermediates yourself).
    public func issue(
        commonName: String, dnsNames: [String] = [], ipAddresses: [String] = [], notBefore: Duration = .seconds(-3600),
        notAfter: Duration = .seconds(86_400), isCA: Bool = false
    ) throws(TLSError) -> TLSIdentity {
        let names = dnsNames.map { "DNS:\($0)" } + ipAddresses.map { "IP:\($0)" }
        return try Self.make(
            commonName: commonName, subjectAltNames: names.joined(separator: ","), isCA: isCA, notBefore: notBefore,
            notAfter: notAfter, issuer: identity)
    }

    /// A self-signed leaf certificate (not from any CA), e.g. to test ``TLSError/unknownIssuer(_:)`` or
    /// ``TLSVerification/dangerouslyTrustingCertificate(_:)``.
    public static func selfSigned(
        commonName: String, dnsNames: [String] = [], ipAddresses: [String] = [], lifetime: Duration = .seconds(86_400)
    ) throws(TLSError) -> TLSIdentity {
        let names = dnsNames.map { "DNS:\($0)" } + ipAddresses.map { "IP:\($0)" }
        return try make(
            commonName: commonName, subjectAltNames: names.joined(separator: ","), isCA: false,
            notBefore: .seconds(-3600), notAfter: lifetime, issuer: nil)
    }

    private static func make(
        commonName: String, subjectAltNames: String, isCA: Bool, notBefore: Duration, notAfter: Duration,
        issuer: TLSIdentity?
    ) throws(TLSError) -> TLSIdentity {
        try TLSLibrary.load()
        let serial = UInt64.random(in: 1...(UInt64(1) << 62))
        var certificate: UnsafeMutablePointer<CChar>?
        var certificateLength = 0
        var key: UnsafeMutablePointer<CChar>?
        var keyLength = 0
        let issuerCertificate = issuer?.certificateChain.pem ?? []
        let issuerKey = issuer?.privateKey.pem ?? []
        let ok = issuerCertificate.withUnsafeBufferPointer { issuerCertificateBytes in
            issuerKey.withUnsafeBufferPointer { issuerKeyBytes in
                ctls_make_certificate(
                    commonName, subjectAltNames, isCA ? 1 : 0, Int(notBefore.components.seconds),
                    Int(notAfter.components.seconds), serial, issuer == nil ? nil : issuerCertificateBytes.baseAddress,
                    issuerCertificateBytes.count, issuer == nil ? nil : issuerKeyBytes.baseAddress, issuerKeyBytes.count,
                    &certificate, &certificateLength, &key, &keyLength)
            }
        }
        defer {
            ctls_free(certificate)
            ctls_free(key)
        }
        guard ok == 1, let certificate, let key else {
            throw .invalidConfiguration(TLSLibrary.takeErrorText(fallback: "OpenSSL could not make the certificate"))
        }
        let certificatePEM = [UInt8](UnsafeRawBufferPointer(start: certificate, count: certificateLength))
        let keyPEM = [UInt8](UnsafeRawBufferPointer(start: key, count: keyLength))
        return TLSIdentity(
            certificateChain: try TLSCertificateChain(pem: certificatePEM), privateKey: try TLSPrivateKey(pem: keyPEM))
    }
}
