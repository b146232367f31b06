import Deferred
import DeferredTesting
import Reactor
import ReactorTesting
import TLS
import TLSTesting
import Testing

@Suite("TLS verification failures are typed errors")
struct VerificationFailureTests {
    /// Connects a client trusting the test CA to a server presenting `identity`; returns the client's and
    /// the server's close reasons.
    private func attempt(
        _ identity: TLSIdentity, hostname: String = "localhost", verification: TLSVerification? = nil
    ) throws -> (client: (any Error)?, server: (any Error)?, pair: TLSPumpPair) {
        let client = try verification.map { try TLSClientOptions(verification: $0) } ?? trustingClientOptions()
        let pair = TLSPumpPair(clientOptions: client, serverOptions: try serverOptions(identity), hostname: hostname)
        pair.clientTLS.write(Array("secret".utf8))
        pair.pump.flush()
        #expect(pair.serverRecorder.data.isEmpty, "nothing may reach the server over an unverified connection")
        return (pair.clientRecorder.closedReason, pair.serverRecorder.closedReason, pair)
    }

    @Test func unknownIssuer() throws {
        let outcome = try attempt(certificates.untrusted)
        guard case .unknownIssuer(let why)? = tlsError(outcome.client) else {
            Issue.record("client closed with \(String(describing: outcome.client))")
            return
        }
        #expect(why.contains("self-signed") || why.contains("issuer"))
        #expect(tlsError(outcome.client)?.isCertificateError == true)
        // The server hears the client's alert.
        guard case .handshakeFailed(let serverWhy)? = tlsError(outcome.server) else {
            Issue.record("server closed with \(String(describing: outcome.server))")
            return
        }
        #expect(serverWhy.contains("alert"))
    }

    @Test func serverIssuedByAnotherCA() throws {
        let otherCA = try TLSCertificateAuthority(commonName: "another CA")
        let identity = try otherCA.issue(commonName: "localhost", dnsNames: ["localhost"])
        let outcome = try attempt(identity)
        guard case .unknownIssuer? = tlsError(outcome.client) else {
            Issue.record("client closed with \(String(describing: outcome.client))")
            return
        }
    }

    @Test func expired() throws {
        let outcome = try attempt(certificates.expired)
        #expect(tlsError(outcome.client) == .certificateExpired)
        #expect(outcome.pair.clientRecorder.closed)
    }

    @Test func notYetValid() throws {
        let outcome = try attempt(certificates.notYetValid)
        #expect(tlsError(outcome.client) == .certificateNotYetValid)
    }

    @Test func hostnameMismatch() throws {
        let outcome = try attempt(certificates.otherHost)
        #expect(tlsError(outcome.client) == .hostnameMismatch("localhost"))
        let described = tlsError(outcome.client)?.description ?? ""
        #expect(described.contains("localhost"))
    }

    @Test func partialWildcardsAreRefused() throws {
        let wildcard = try certificates.authority.issue(commonName: "wild", dnsNames: ["w*.example"])
        let outcome = try attempt(wildcard, hostname: "www.example")
        #expect(tlsError(outcome.client) == .hostnameMismatch("www.example"))
    }

    @Test func wholeLabelWildcardMatches() throws {
        let wildcard = try certificates.authority.issue(commonName: "wild", dnsNames: ["*.example.test"])
        let pair = TLSPumpPair(
            clientOptions: try trustingClientOptions(), serverOptions: try serverOptions(wildcard),
            hostname: "www.example.test")
        #expect(pair.clientTLS.isHandshakeDone)
    }

    @Test func systemTrustStoreRejectsTheTestCA() throws {
        // The system's roots do not include the throw-away CA.
        let outcome = try attempt(certificates.server, verification: .system)
        guard case .unknownIssuer? = tlsError(outcome.client) else {
            Issue.record("client closed with \(String(describing: outcome.client))")
            return
        }
    }

    @Test func dangerouslySkippingVerificationConnectsToAnything() throws {
        let client = try TLSClientOptions(verification: .dangerouslySkippingVerification)
        let pair = TLSPumpPair(
            clientOptions: client, serverOptions: try serverOptions(certificates.expired), hostname: "wrong.example",
            server: EchoProtocol())
        pair.clientTLS.write(Array("x".utf8))
        pair.pump.flush()
        #expect(pair.clientRecorder.text == "x")
    }

    @Test func dangerouslyTrustingOneCertificateSkipsTheNameOnly() throws {
        let client = try TLSClientOptions(
            verification: .dangerouslyTrustingCertificate(certificates.untrusted.certificateChain))
        let pair = TLSPumpPair(
            clientOptions: client, serverOptions: try serverOptions(certificates.untrusted), hostname: "any.name")
        #expect(pair.clientTLS.isHandshakeDone)
        // Another certificate is still refused.
        let other = TLSPumpPair(
            clientOptions: client, serverOptions: try serverOptions(certificates.server), hostname: "any.name")
        #expect(tlsError(other.clientRecorder.closedReason)?.isCertificateError == true)
    }

    @Test func plainTextPeerIsAHandshakeFailure() throws {
        let client = AccumulatingProtocol()
        let clientTLS = TLSMemoryBIOProtocol(clientOptions: try trustingClientOptions(), hostname: "localhost", wrapping: client)
        let plain = EchoProtocol(greeting: Array("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".utf8))
        let pump = IOPump.connectedServerAndClient(server: plain, client: clientTLS)
        pump.flush()
        guard case .handshakeFailed(let why)? = tlsError(client.closedReason) else {
            Issue.record("client closed with \(String(describing: client.closedReason))")
            return
        }
        #expect(!why.isEmpty)
    }

    @Test func peerClosingDuringTheHandshake() throws {
        let client = AccumulatingProtocol()
        let clientTLS = TLSMemoryBIOProtocol(clientOptions: try trustingClientOptions(), hostname: "localhost", wrapping: client)
        let closer = AccumulatingProtocol()
        let pump = IOPump.connectedServerAndClient(server: closer, client: clientTLS, greet: false)
        closer.transport?.loseConnection()
        pump.flush()
        #expect(tlsError(client.closedReason) == .peerClosedDuringHandshake)
        try #require(failureResultOf(clientTLS.whenHandshakeDone(), TLSError.self) == .peerClosedDuringHandshake)
    }

    @Test func badConfigurationIsTyped() throws {
        #expect(throws: TLSError.self) { try TLSCertificateChain(pem: "not a certificate") }
        #expect(throws: TLSError.self) { try TLSPrivateKey(pem: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n") }
        let mismatched = TLSIdentity(
            certificateChain: certificates.server.certificateChain, privateKey: certificates.client.privateKey)
        #expect {
            try TLSServerOptions(identity: mismatched)
        } throws: { error in
            guard case .invalidConfiguration(let why)? = error as? TLSError else { return false }
            return why.contains("key")
        }
        #expect(throws: TLSError.self) { try TLSClientOptions(applicationProtocols: [""]) }
        #expect(throws: TLSError.self) { try TLSCertificateChain(file: "/nonexistent/ca.pem") }
    }

    @Test func privateKeysDoNotPrint() {
        #expect(certificates.server.privateKey.description == "TLSPrivateKey(<hidden>)")
    }
}
