import TLS
import TLSTesting

/// The demo's TLS setup for `--tls`: a throw-away CA made at start, a server certificate it issues for
/// 127.0.0.1 and localhost, and client options trusting that CA only.
struct DemoTLS {
    /// What the embedded server presents.
    let server: TLSServerOptions
    /// What the Agent trusts.
    let client: TLSClientOptions

    /// Makes the CA, the certificate and both options.
    ///
    /// - Throws: `TLSError` (OpenSSL 3 missing, or a refused setting).
    init() throws {
        let authority = try TLSCertificateAuthority(commonName: "torsion-demo throw-away CA")
        let identity = try authority.issue(commonName: "localhost", dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"])
        server = try TLSServerOptions(identity: identity)
        client = try TLSClientOptions(verification: .trustRoots(authority.certificate))
    }

    /// The report's TLS line: handshakes against connections opened (a reused connection does not
    /// handshake again).
    func reportLine(connections: Int) -> String {
        "tls           \(client.handshakesCompleted) handshakes for \(connections) connections "
            + "(\(TLSLibrary.versionText ?? "OpenSSL"), throw-away CA)"
    }
}
