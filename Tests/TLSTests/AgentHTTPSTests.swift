import Deferred
import DeferredTesting
import Reactor
import ReactorTesting
import TLS
import TLSTesting
import Testing
import WebClient
import WebServer

@Suite("Agent over HTTPS against the project's own TLS server on 127.0.0.1")
struct AgentHTTPSTests {
    private struct Outcome: Sendable {
        var bodies: [String] = []
        var clientHandshakes = 0
        var serverHandshakes = 0
        var connectionsAccepted = 0
        var counters = PoolCounters()
        var liveClientConnections = -1
    }

    @Test func requestsOverOnePooledConnectionHandshakeOnce() async throws {
        let outcome = try await EpollReactor.runOnNewThread { reactor -> Deferred<Outcome> in
            let server = try HTTPSTestServer(reactor: reactor)
            let pool = HTTPConnectionPool(reactor: reactor, persistent: true)
            let tls = try trustingClientOptions()
            let agent = Agent(reactor: reactor, pool: pool, tlsOptions: tls)
            return sequentially(10) { _ in fetch(agent, server.url("/hello")) }
                .addCallback { (bodies: [[UInt8]]) -> Deferred<Outcome> in
                    let outcome = Outcome(
                        bodies: bodies.map { String(decoding: $0, as: UTF8.self) },
                        clientHandshakes: tls.handshakesCompleted, serverHandshakes: server.options.handshakesCompleted,
                        connectionsAccepted: server.server.factory.connectionCount, counters: pool.counters)
                    return pool.closeCachedConnections().addCallback { () -> Deferred<Outcome> in
                        server.port.stopListening().addCallback { () -> Outcome in
                            var final = outcome
                            final.liveClientConnections = tls.liveConnections
                            return final
                        }
                    }
                }
        }
        #expect(outcome.bodies == Array(repeating: "hello", count: 10))
        #expect(outcome.clientHandshakes == 1)
        #expect(outcome.serverHandshakes == 1)
        #expect(outcome.connectionsAccepted == 1)
        #expect(outcome.counters.opened == 1)
        #expect(outcome.counters.reused == 9)
    }

    @Test func httpAndHTTPSNeverShareAConnection() async throws {
        struct Mixed: Sendable {
            var first = ""
            var plainError: String?
            var second = ""
            var handshakes = 0
            var accepted = 0
        }
        let mixed = try await EpollReactor.runOnNewThread { reactor -> Deferred<Mixed> in
            let server = try HTTPSTestServer(reactor: reactor)
            let pool = HTTPConnectionPool(reactor: reactor, persistent: true)
            let tls = try trustingClientOptions()
            let agent = Agent(reactor: reactor, pool: pool, tlsOptions: tls)
            var result = Mixed()
            return fetch(agent, server.url("/hello")).addCallback { (body: [UInt8]) -> Deferred<Void> in
                result.first = String(decoding: body, as: UTF8.self)
                // Same host and port, scheme http: must not get the pooled TLS connection.
                return fetch(agent, server.url("/hello", scheme: "http")).addBoth {
                    (outcome: Result<[UInt8], any Error>) -> Void in
                    if case .failure(let error) = outcome { result.plainError = "\(type(of: error))" }
                }
            }.addCallback { () -> Deferred<[UInt8]> in
                fetch(agent, server.url("/hello"))
            }.addCallback { (body: [UInt8]) -> Deferred<Mixed> in
                result.second = String(decoding: body, as: UTF8.self)
                result.handshakes = tls.handshakesCompleted
                result.accepted = server.server.factory.connectionCount
                return pool.closeCachedConnections().addCallback { () -> Mixed in result }
            }
        }
        #expect(mixed.first == "hello")
        #expect(mixed.plainError != nil, "plain HTTP to a TLS port fails on its own connection")
        #expect(mixed.second == "hello")
        #expect(mixed.handshakes == 1, "the https connection was reused after the http attempt")
        #expect(mixed.accepted == 2)
    }

    @Test func poolKeysSeparateSchemes() throws {
        let http = PoolKey(try URI("http://example.com:443/"))
        let https = PoolKey(try URI("https://example.com/"))
        #expect(http.host == https.host && http.port == https.port)
        #expect(http != https)
    }

    @Test func largeBodiesBothWays() async throws {
        struct Sizes: Sendable {
            var downloaded = 0
            var downloadIntact = false
            var uploadedCount = ""
        }
        let upload = PatternProducer.pattern(from: 0, count: 6 * 1024 * 1024)
        let sizes = try await EpollReactor.runOnNewThread { reactor -> Deferred<Sizes> in
            let server = try HTTPSTestServer(reactor: reactor)
            let pool = HTTPConnectionPool(reactor: reactor, persistent: true)
            let agent = Agent(reactor: reactor, pool: pool, tlsOptions: try trustingClientOptions())
            var sizes = Sizes()
            return fetch(agent, server.url("/big", host: "localhost")).addCallback { (body: [UInt8]) -> Deferred<[UInt8]> in
                sizes.downloaded = body.count
                sizes.downloadIntact = body == PatternProducer.pattern(from: 0, count: HTTPSTestServer.bigSize)
                return fetch(agent, server.url("/count", host: "localhost"), body: upload)
            }.addCallback { (body: [UInt8]) -> Deferred<Sizes> in
                sizes.uploadedCount = String(decoding: body, as: UTF8.self)
                return pool.closeCachedConnections().addCallback { () -> Sizes in sizes }
            }
        }
        #expect(sizes.downloaded == HTTPSTestServer.bigSize)
        #expect(sizes.downloadIntact)
        #expect(sizes.uploadedCount == "\(upload.count)")
    }

    @Test func certificateErrorsFailTheRequestWithTheirType() async throws {
        let errors = try await EpollReactor.runOnNewThread { reactor -> Deferred<[String]> in
            let expired = try HTTPSTestServer(reactor: reactor, identity: certificates.expired)
            let otherHost = try HTTPSTestServer(reactor: reactor, identity: certificates.otherHost)
            let agent = Agent(reactor: reactor, tlsOptions: try trustingClientOptions())
            let urls = [expired.url("/hello"), otherHost.url("/hello", host: "localhost")]
            return sequentially(urls.count) { index -> Deferred<String> in
                fetch(agent, urls[index]).addBoth { (outcome: Result<[UInt8], any Error>) -> String in
                    switch outcome {
                    case .success: return "unexpected success"
                    case .failure(let error): return tlsError(in: error).map { "\($0)" } ?? "other: \(error)"
                    }
                }
            }
        }
        #expect(errors == ["\(TLSError.certificateExpired)", "\(TLSError.hostnameMismatch("localhost"))"])
    }

    @Test func httpsToAPlainServerIsAHandshakeFailure() async throws {
        let error = try await EpollReactor.runOnNewThread { reactor -> Deferred<String> in
            // A plain-text server that answers at once, as a misconfigured HTTP port would.
            let greeting = Array("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".utf8)
            let port = try reactor.listenTCP(
                port: 0, factory: ProtocolFactory.forProtocol { EchoProtocol(greeting: greeting) }, interface: "127.0.0.1")
            let agent = Agent(reactor: reactor, tlsOptions: try trustingClientOptions())
            return fetch(agent, "https://127.0.0.1:\(port.getHost().port!)/").addBoth {
                (outcome: Result<[UInt8], any Error>) -> String in
                guard case .failure(let error) = outcome, case .handshakeFailed? = tlsError(in: error) else {
                    return "expected a handshake failure, got \(outcome)"
                }
                return "handshakeFailed"
            }
        }
        #expect(error == "handshakeFailed")
    }
}

@Suite("WebClient over TLS in memory: truncation of close-delimited bodies")
struct HTTPTruncationTests {
    /// Answers any request with a close-delimited body, then closes cleanly (close_notify) or cuts the
    /// socket under TLS (no close_notify).
    private final class CloseDelimitedServer: BaseProtocol {
        let cleanly: Bool
        init(cleanly: Bool) { self.cleanly = cleanly }
        override func dataReceived(_ data: [UInt8]) {
            transport?.write(Array("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nthe whole body".utf8))
            if cleanly {
                transport?.loseConnection()
            } else {
                (transport as? TLSMemoryBIOProtocol)?.transport?.loseConnection()
            }
        }
    }

    private func get(cleanly: Bool) throws -> Deferred<[UInt8]> {
        let client = HTTP11ClientProtocol()
        let pair = TLSPumpPair(
            clientOptions: try trustingClientOptions(), serverOptions: try serverOptions(), client: client,
            server: CloseDelimitedServer(cleanly: cleanly))
        let body = client.request(Request(method: "GET", target: "/", host: "localhost"))
            .addCallback { (response: Response) -> Deferred<[UInt8]> in readBody(response) }
        pair.pump.flush()
        return body
    }

    @Test func closeNotifyEndsTheBody() throws {
        #expect(String(decoding: try successResultOf(try get(cleanly: true)), as: UTF8.self) == "the whole body")
    }

    @Test func closeWithoutCloseNotifyIsAnErrorNotAShortBody() throws {
        let error = try failureResultOf(try get(cleanly: false))
        #expect(error is ResponseFailed)
        #expect(tlsError(in: error) == .truncated)
    }
}

@Suite("Agent https on a memory reactor")
struct AgentHTTPSMemoryTests {
    @Test func httpsDefaultsToPort443AndSendsSNI() throws {
        let reactor = MemoryReactorClock()
        let factory = StandardEndpointFactory(
            reactor: reactor, resolver: { host, port in .succeed([.ipv4(host: "10.0.0.7", port: port)]) },
            tlsOptions: try trustingClientOptions())
        let agent = Agent.usingEndpointFactory(reactor: reactor, endpointFactory: factory)
        let pending = agent.request(method: "GET", uri: "https://example.com/")
        reactor.advance(.zero)
        let connection = try #require(reactor.tcpClients.first)
        #expect(connection.port == 443)
        _ = connection.connector.complete()
        let wire = try #require(connection.connector.transport)
        #expect(wire.value.first == 22, "a ClientHello")
        #expect(wire.text.contains("example.com"), "SNI names the host")
        #expect(!wire.text.contains("GET /"), "the request waits for the handshake")
        try assertNoResult(pending)
        pending.cancel()
        _ = try failureResultOf(pending)
    }

    @Test func noSNIForIPLiterals() throws {
        let reactor = MemoryReactorClock()
        let agent = Agent(reactor: reactor, tlsOptions: try trustingClientOptions())
        let pending = agent.request(method: "GET", uri: "https://192.0.2.5:8443/")
        let connection = try #require(reactor.tcpClients.first)
        #expect(connection.host == "192.0.2.5" && connection.port == 8443)
        _ = connection.connector.complete()
        let wire = try #require(connection.connector.transport)
        #expect(wire.value.first == 22)
        #expect(!wire.text.contains("192.0.2.5"))
        pending.cancel()
        _ = try failureResultOf(pending)
    }
}
