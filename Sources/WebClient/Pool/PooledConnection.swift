import Deferred
import Reactor

/// One HTTP/1.1 connection managed by an ``HTTPConnectionPool``: what
/// ``HTTPConnectionPool/getConnection(key:endpoint:waitTimeout:)`` hands out.
///
/// Send one request at a time with ``request(_:)``. When its response is complete and the connection can
/// carry another request, the connection goes back to the pool by itself (through the protocol's
/// quiescent callback); when the server closes it, the pool forgets it at once, whether it was idle or in
/// use. Do not keep using a connection after its response completed: take a new one from the pool.
///
/// The object is also the protocol the endpoint connects: the pool makes it when it decides to open a
/// connection (its book counts it as connecting from then on) and its factory hands it to the endpoint.
/// The transport talks to it and it forwards everything to ``client``, so the pool hears of
/// `connectionLost` even while the connection sits idle. One object exists per connection attempt, not
/// per request.
///
/// Threading: reactor thread only.
///
/// Twisted: the `HTTP11ClientProtocol` (or `_RetryingHTTP11ClientProtocol`) that `getConnection` returns.
public final class PooledConnection: ConnectionProtocol {
    /// The HTTP/1.1 protocol carrying the requests.
    public let client: HTTP11ClientProtocol
    /// The key the connection is filed under.
    public let key: PoolKey
    /// The endpoint that made it (a retry connects through the same endpoint).
    let endpoint: any StreamClientEndpoint
    weak var pool: HTTPConnectionPool?
    /// The idle timer, while the pool keeps the connection idle.
    var idleTimer: DelayedCall?
    /// Built once, so parking the connection allocates only the `DelayedCall`.
    private(set) lazy var idleTimerBody: () -> Void = { [weak self] in
        guard let self else { return }
        self.pool?.idleTimedOut(self)
    }

    /// Whether this hand-out came from the idle cache (or from another caller's finished request, for a
    /// queued caller) rather than from a new connection. Only such connections retry failed requests
    /// (see ``RetryPolicy``).
    public internal(set) var isReused = false

    /// How many requests were started on this connection.
    public private(set) var requestCount = 0

    init(pool: HTTPConnectionPool, key: PoolKey, endpoint: any StreamClientEndpoint) {
        self.pool = pool
        self.key = key
        self.endpoint = endpoint
        self.client = HTTP11ClientProtocol()
        client.quiescentCallback = { [weak self] _ in
            guard let self else { return }
            self.pool?.putConnection(self)
        }
    }

    // MARK: - Requests

    /// Sends `request` on this connection and returns a Deferred of its response.
    ///
    /// Fires as ``HTTP11ClientProtocol/request(_:)`` does. When the connection came from the idle cache
    /// and the request fails in a way that shows the server never answered, the request is sent once
    /// more on a fresh connection to the same endpoint, and the Deferred fires with that outcome instead
    /// (rules in ``RetryPolicy``). Cancelling the Deferred cancels whichever attempt is running, and is
    /// never retried. A request refused before anything was written (``InvalidRequest``) leaves the
    /// connection quiescent, and it goes back to the pool at once.
    ///
    /// Twisted: `_RetryingHTTP11ClientProtocol.request` (or `HTTP11ClientProtocol.request`).
    public func request(_ request: Request) -> Deferred<Response> {
        requestCount += 1
        let deferred = client.request(request)
        if deferred.isCalled, client.isQuiescent {
            // Nothing was written: the connection is as good as before and must not leak out of the pool
            // (the pool takes it back only if it is in use).
            pool?.putConnection(self)
        }
        guard isReused, let pool, pool.retryAutomatically, RetryPolicy.mayRetry(request) else { return deferred }
        return deferred.addErrback { [weak self] (error: any Error) throws -> Deferred<Response> in
            guard let self, let pool = self.pool, RetryPolicy.shouldRetry(after: error) else { throw error }
            request.bodyProducer?.rewind()
            return pool.retryConnection(replacing: self).addCallback { (fresh: PooledConnection) -> Deferred<Response> in
                fresh.request(request)
            }
        }
    }

    // MARK: - ConnectionProtocol (forwarded to the client)

    /// The client's transport.
    public var transport: (any Transport)? {
        get { client.transport }
        set { client.transport = newValue }
    }

    /// Connects the client to `transport`.
    public func makeConnection(_ transport: any Transport) {
        client.makeConnection(transport)
    }

    /// Forwards to the client (an idle connection that receives bytes closes itself).
    public func dataReceived(_ data: [UInt8]) {
        client.dataReceived(data)
    }

    /// Forwards to the client (which fails a request in progress), then tells the pool the connection
    /// is gone, so it is never handed out again.
    public func connectionLost(reason: any Error) {
        client.connectionLost(reason: reason)
        pool?.connectionLost(self)
    }

    // MARK: - Pool helpers

    func cancelIdleTimer() {
        if let timer = idleTimer, timer.isActive {
            try? timer.cancel()
        }
        idleTimer = nil
    }
}

@available(*, unavailable)
extension PooledConnection: Sendable {}

/// The factory the pool gives an endpoint: it hands over the ``PooledConnection`` the pool's book already
/// counts as connecting, once.
///
/// Twisted: `twisted.web.client._HTTP11ClientFactory`.
final class PooledConnectionFactory: Factory {
    private var connection: PooledConnection?

    init(_ connection: PooledConnection) {
        self.connection = connection
    }

    func buildProtocol(addr: Address) -> (any ConnectionProtocol)? {
        defer { connection = nil }
        guard let connection, connection.pool != nil else { return nil }
        return connection
    }
}

@available(*, unavailable)
extension PooledConnectionFactory: Sendable {}
