import Deferred
import Reactor
import ReactorTesting
import WebClient

/// An ``HTTPClient`` for tests whose requests are answered in memory by a Swift closure: no sockets, no
/// waiting.
///
/// Each connection the client's Agent opens is an ``HTTP11ClientProtocol`` joined by an ``IOPump`` to a
/// tiny HTTP/1.1 server that calls `handler` for each request. The real client code runs (pool,
/// retry, parsing, framing); only the network is replaced.
///
/// ```swift
/// let stub = StubHTTPClient { request in
///     StubResponse(status: 200, text: "hello \(request.path)")
/// }
/// let response = try successResultOf(stub.client.get("http://example.com/world"))
/// #expect(try successResultOf(stub.client.text(response)) == "hello /world")
/// ```
///
/// Bytes move when the test calls ``flush()``; the client does so itself right after issuing a request
/// and after starting to read a body through ``HTTPClient/content(_:maxSize:)``, ``HTTPClient/text(_:maxSize:)``
/// or ``HTTPClient/json(_:maxSize:)``, so a handler that answers at once gives an already-fired Deferred.
/// Time (request timeouts, the pool's idle timers) moves only with ``clock``.
///
/// Threading: not Sendable; use from the test's thread.
///
/// Twisted: `treq.testing.StubTreq` (with `flush()`); the handler plays the role of its `Resource`.
public final class StubHTTPClient {
    /// The fake clock for timeouts and idle timers.
    public let clock = Clock()
    /// The pool behind ``client`` (persistent unless asked otherwise).
    public let pool: HTTPConnectionPool
    /// The client to make requests with.
    public let client: HTTPClient
    /// Every request the handler has seen, in order.
    public private(set) var requests: [StubRequest] = []
    /// How many connections were opened.
    public private(set) var connectionsOpened = 0
    private let handler: (StubRequest) -> StubResponse
    private var pumps: [IOPump] = []
    private var isFlushing = false
    private var flushAgain = false

    /// Creates a stub answering every request with `handler`.
    ///
    /// - Parameter persistent: Whether the pool keeps connections (default true, as treq's pool).
    public init(persistent: Bool = true, handler: @escaping (StubRequest) -> StubResponse) {
        self.handler = handler
        pool = HTTPConnectionPool(reactor: clock, persistent: persistent)
        let factory = StubEndpointFactory()
        let agent = Agent.usingEndpointFactory(reactor: clock, endpointFactory: factory, pool: pool)
        client = HTTPClient(agent: agent, reactor: clock)
        factory.owner = self
        client.afterIssue = { [weak self] in self?.flush() }
    }

    /// Moves bytes on every in-memory connection until nothing moves.
    ///
    /// Twisted: `StubTreq.flush`.
    public func flush() {
        if isFlushing {
            flushAgain = true
            return
        }
        isFlushing = true
        defer { isFlushing = false }
        repeat {
            flushAgain = false
            for pump in pumps where pump.flush() {
                flushAgain = true
            }
        } while flushAgain
        pumps.removeAll { $0.clientTransport.isDisconnected && $0.serverTransport.isDisconnected }
    }

    /// Opens an in-memory connection for `factory`'s protocol.
    fileprivate func connect(_ factory: any Factory, uri: URI) -> Deferred<any ConnectionProtocol> {
        let address: Address = uri.isIPv6Literal ? .ipv6(host: uri.host, port: uri.port) : .ipv4(host: uri.host, port: uri.port)
        guard let client = factory.buildProtocol(addr: address) else {
            return .fail(ConnectError(.other, "the factory built no protocol for \(address)"))
        }
        let server = StubResponder { [weak self] request in
            self?.requests.append(request)
            return self?.handler(request) ?? StubResponse(status: 500)
        }
        connectionsOpened += 1
        let pump = IOPump.connectedServerAndClient(
            server: server, client: client, clock: clock, greet: false,
            clientAddress: .ipv4(host: "127.0.0.1", port: 40000 + connectionsOpened), serverAddress: address)
        pumps.append(pump)
        return .succeed(client)
    }
}

@available(*, unavailable)
extension StubHTTPClient: Sendable {}

/// Gives the stub's Agent in-memory endpoints for `http` URIs (and ``SchemeNotSupported`` for others,
/// `https` included: the stub answers in plain text).
private final class StubEndpointFactory: EndpointFactory {
    weak var owner: StubHTTPClient?

    func endpoint(for uri: URI) throws -> any StreamClientEndpoint {
        guard uri.scheme == "http" else { throw SchemeNotSupported(scheme: uri.scheme) }
        return StubEndpoint(owner: owner, uri: uri)
    }
}

private final class StubEndpoint: StreamClientEndpoint {
    weak var owner: StubHTTPClient?
    let uri: URI

    init(owner: StubHTTPClient?, uri: URI) {
        self.owner = owner
        self.uri = uri
    }

    func connect(_ factory: any Factory) -> Deferred<any ConnectionProtocol> {
        guard let owner else { return .fail(ConnectError.refused("the stub client is gone")) }
        return owner.connect(factory, uri: uri)
    }
}
