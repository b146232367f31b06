import Deferred
import DeferredTesting
import Reactor
import ReactorTesting
import TLS
import TLSTesting
import Testing

@Suite("TLS over the in-memory pump: handshake, data, options")
struct InMemoryHandshakeTests {
    @Test func handshakeThenEchoBothWays() throws {
        let clientOptions = try trustingClientOptions()
        let options = try serverOptions()
        let pair = TLSPumpPair(
            clientOptions: clientOptions, serverOptions: options, server: EchoProtocol(greeting: Array("hi ".utf8)))
        #expect(pair.clientTLS.isHandshakeDone)
        #expect(pair.serverTLS.isHandshakeDone)
        pair.clientTLS.write(Array("hello".utf8))
        pair.pump.flush()
        #expect(pair.clientRecorder.text == "hi hello")
        #expect(pair.clientTLS.negotiatedProtocol == "http/1.1")
        #expect(pair.serverTLS.negotiatedProtocol == "http/1.1")
        #expect(pair.clientTLS.protocolVersion == "TLSv1.3")
        #expect(clientOptions.handshakesCompleted == 1)
        #expect(options.handshakesCompleted == 1)
        #expect(clientOptions.liveConnections == 1)
    }

    @Test func writesBeforeTheHandshakeAreHeldThenSent() throws {
        let pair = TLSPumpPair(clientOptions: try trustingClientOptions(), serverOptions: try serverOptions(), greet: false)
        #expect(!pair.clientTLS.isHandshakeDone)
        pair.clientTLS.write(Array("early ".utf8))
        pair.clientTLS.writeSequence([Array("and ".utf8), [], Array("more".utf8)])
        // Only the ClientHello is on the wire: a TLS handshake record (content type 22).
        #expect(pair.pump.clientTransport.outgoing.first == 22)
        let done = pair.clientTLS.whenHandshakeDone()
        try assertNoResult(done)
        pair.pump.flush()
        try successResultOf(done)
        #expect(pair.serverRecorder.text == "early and more")
    }

    @Test func tls13MinimumAndTLS12Work() throws {
        let strict = TLSPumpPair(
            clientOptions: try trustingClientOptions(minimumVersion: .tls13), serverOptions: try serverOptions())
        #expect(strict.clientTLS.protocolVersion == "TLSv1.3")
        let server = try TLSServerOptions(identity: certificates.server, minimumVersion: .tls12)
        let pair = TLSPumpPair(clientOptions: try trustingClientOptions(), serverOptions: server)
        #expect(pair.clientTLS.isHandshakeDone)
    }

    @Test func ipAddressIsCheckedAgainstIPSubjectAltNames() throws {
        let byIP = TLSPumpPair(
            clientOptions: try trustingClientOptions(), serverOptions: try serverOptions(), hostname: "127.0.0.1")
        #expect(byIP.clientTLS.isHandshakeDone)
        let byIPv6 = TLSPumpPair(clientOptions: try trustingClientOptions(), serverOptions: try serverOptions(), hostname: "::1")
        #expect(byIPv6.clientTLS.isHandshakeDone)
        let wrongIP = TLSPumpPair(
            clientOptions: try trustingClientOptions(), serverOptions: try serverOptions(), hostname: "10.9.8.7")
        #expect(tlsError(wrongIP.clientRecorder.closedReason) == .hostnameMismatch("10.9.8.7"))
    }

    @Test func clientCertificateRequiredAndPresented() throws {
        let server = try serverOptions(clientVerification: .require(trustRoots: certificates.authority.certificate))
        let pair = TLSPumpPair(
            clientOptions: try trustingClientOptions(clientIdentity: certificates.client), serverOptions: server,
            server: EchoProtocol())
        pair.clientTLS.write(Array("ping".utf8))
        pair.pump.flush()
        #expect(pair.clientRecorder.text == "ping")
        #expect(!pair.clientRecorder.closed)
    }

    @Test func clientCertificateRequiredButMissing() throws {
        let server = try serverOptions(clientVerification: .require(trustRoots: certificates.authority.certificate))
        let pair = TLSPumpPair(clientOptions: try trustingClientOptions(), serverOptions: server)
        pair.clientTLS.write(Array("ping".utf8))
        pair.pump.flush()
        // The server refuses in its handshake; the TLS 1.3 client hears the alert after its own handshake.
        guard case .handshakeFailed(let why)? = tlsError(pair.serverRecorder.closedReason) else {
            Issue.record("server closed with \(String(describing: pair.serverRecorder.closedReason))")
            return
        }
        #expect(why.contains("certificate"))
        #expect(pair.clientRecorder.closedReason is TLSError)
        #expect(pair.serverRecorder.data.isEmpty)
    }

    @Test func sessionFactsAreAbsentBeforeTheHandshake() throws {
        let pair = TLSPumpPair(clientOptions: try trustingClientOptions(), serverOptions: try serverOptions(), greet: false)
        #expect(pair.clientTLS.negotiatedProtocol == nil)
        #expect(pair.clientTLS.protocolVersion == nil)
        #expect(!pair.clientTLS.isSessionReused)
        #expect(pair.clientTLS.getPeer() == .ipv4(host: "10.0.0.1", port: 80))
    }

    @Test func noALPNWhenNoneIsOffered() throws {
        let client = try TLSClientOptions(
            verification: .trustRoots(certificates.authority.certificate), applicationProtocols: [])
        let pair = TLSPumpPair(clientOptions: client, serverOptions: try serverOptions())
        #expect(pair.clientTLS.isHandshakeDone)
        #expect(pair.clientTLS.negotiatedProtocol == nil)
    }
}
