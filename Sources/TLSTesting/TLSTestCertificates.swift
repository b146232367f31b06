import TLS
/// A ready set of throw-away certificates for TLS tests, all made in process by one
/// ``TLSCertificateAuthority`` (EC P-256, about a millisecond each).
///
/// - ``server``: valid for `localhost`, `127.0.0.1` and `::1`.
/// - ``expired``: for the same names, expired a day ago.
/// - ``notYetValid``: for the same names, valid from tomorrow.
/// - ``otherHost``: valid, but only for `other.example`.
/// - ``client``: a client certificate (`CN=torsion-test-client`).
/// - ``untrusted``: self-signed for the same names (no CA vouches for it).
///
/// ``writePEMFiles(to:)`` writes them as files (for nginx or `fetch --cacert`).
///
/// Threading: a value; safe anywhere.
public struct TLSTestCertificates: Sendable {
    /// The names every server certificate here (except ``otherHost``) is valid for.
    public static let dnsNames = ["localhost"]
    /// The addresses every server certificate here (except ``otherHost``) is valid for.
    public static let ipAddresses = ["127.0.0.1", "::1"]

    /// The authority that issued them.
    public let authority: TLSCertificateAuthority
    /// A valid server certificate for localhost.
    public let server: TLSIdentity
    /// A server certificate that expired a day ago.
    public let expired: TLSIdentity
    /// A server certificate valid from tomorrow.
    public let notYetValid: TLSIdentity
    /// A valid certificate for another host only.
    public let otherHost: TLSIdentity
    /// A client certificate.
    public let client: TLSIdentity
    /// A self-signed server certificate for localhost.
    public let untrusted: TLSIdentity

    /// Makes the set.
    ///
    /// - Throws: ``TLSError/libraryUnavailable(_:)`` without OpenSSL.
    public init() throws(TLSError) {
        let ca = try TLSCertificateAuthority()
        authority = ca
        let dns = Self.dnsNames
        let ips = Self.ipAddresses
        server = try ca.issue(commonName: "localhost", dnsNames: dns, ipAddresses: ips)
        expired = try ca.issue(
            commonName: "localhost", dnsNames: dns, ipAddresses: ips, notBefore: .seconds(-2 * 86_400),
            notAfter: .seconds(-86_400))
        notYetValid = try ca.issue(
            commonName: "localhost", dnsNames: dns, ipAddresses: ips, notBefore: .seconds(86_400),
            notAfter: .seconds(2 * 86_400))
        otherHost = try ca.issue(commonName: "other.example", dnsNames: ["other.example"])
        client = try ca.issue(commonName: "torsion-test-client")
        untrusted = try TLSCertificateAuthority.selfSigned(commonName: "localhost", dnsNames: dns, ipAddresses: ips)
    }

    /// Writes `ca.pem`, `server.pem` and `server-key.pem` into `directory` (which must exist) and returns
    /// their paths.
    @discardableResult
    public func writePEMFiles(to directory: String) throws(TLSError) -> (ca: String, certificate: String, key: String) {
        let ca = directory + "/ca.pem"
        let certificate = directory + "/server.pem"
        let key = directory + "/server-key.pem"
        try authority.certificate.write(to: ca)
        try server.write(certificateTo: certificate, keyTo: key)
        return (ca, certificate, key)
    }
}
