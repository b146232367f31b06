import Deferred
import Reactor
import ReactorTesting
import WebClient

/// An ``HTTPClient`` for tests whose requests are answered in memory by a Swift closure: no sockets, no
/// waiting.
///
/// Each connection the client's Agent opens is an `HTTP11ClientProtocol` joined by an `IOPump` to the real
/// server channel (`HTTPChannel`, WebServer's), whose handler calls `handler` for each request with its
/// whole body. The real client and server code runs (pool, retry, parsing, framing, persistence); only the
/// network is replaced.
///
/// ```swift
/// let stub = StubHTTPClient { request in
///     StubResponse(status: 200, text: "hello \(request.path)")
/// }
/// let response = try successResultOf(stub.client.get("http://example.com/world"))
/// #expect(try successResultOf(stub.client.text(response)) == "hello /world")
/// ```
///
/// Bytes move when the test calls ``flush()``; the client's agent (``StubAgent``) does so itself right after
/// each request is issued, so a handler that answers at once gives an already-fired Deferred. The server
/// writes a whole response at once, so it reaches the client in one read and a body read
/// (`HTTPClient.content(_:maxSize:)`, `text`, `json`) finishes at once too. Time (request timeouts, the
/// pool's and the server's idle timers) moves only with ``clock``.
///
/// Threading: not Sendable; use from the test's thread.
///
/// Twisted: `treq.testing.StubTreq` (with `flush()`) over a `RequestTraversalAgent`; the handler plays
/// the role of its `Resource`.
public final class StubHTTPClient {
    /// The fake clock for timeouts and idle timers.
    public let clock = Clock()
    /// The pool behind ``client`` (persistent unless asked otherwise).
    public let pool: HTTPConnectionPool
    /// The client to make requests with (over a ``StubAgent``).
    public let client: HTTPClient
    /// The agent behind ``client``: the real `Agent`, flushing after each request.
    public let agent: StubAgent
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
        agent = StubAgent(Agent.usingEndpointFactory(reactor: clock, endpointFactory: factory, pool: pool))
        client = HTTPClient(agent: agent, reactor: clock)
        factory.owner = self
        agent.owner = self
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
        let server = Self.serverChannel(clock: clock) { [weak self] request in
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

/// The agent of a ``StubHTTPClient``'s client: the real `Agent` (pool, retries, timeouts), then a flush of
/// the in-memory connections, so that a request the handler answers at once comes back already fired.
///
/// Threading: not Sendable; use from the test's thread.
///
/// Twisted: `treq.testing.RequestTraversalAgent` (`request` pumps before returning).
public final class StubAgent: HTTPAgent {
    /// The real agent the requests go through.
    public let agent: Agent
    weak var owner: StubHTTPClient?

    init(_ agent: Agent) {
        self.agent = agent
    }

    /// `agent.request(…)`, then ``StubHTTPClient/flush()``.
    public func request(
        method: String, uri: String, headers: Headers, bodyProducer: (any BodyProducer)?, timeouts: AgentTimeouts?
    ) -> Deferred<Response> {
        let response = agent.request(
            method: method, uri: uri, headers: headers, bodyProducer: bodyProducer, timeouts: timeouts)
        owner?.flush()
        return response
    }
}

@available(*, unavailable)
extension StubAgent: Sendable {}

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
