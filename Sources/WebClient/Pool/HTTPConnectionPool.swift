import Deferred
import Glibc
import Reactor

/// Keeps HTTP/1.1 connections open between requests and hands them out again, per ``PoolKey``.
///
/// - ``getConnection(key:endpoint:waitTimeout:)`` hands out the most recently used idle connection for
///   the key (LIFO), or opens a new one through the endpoint. A connection handed out is out of the pool
///   until a request on it completes; then the protocol's quiescent callback gives it back
///   (``putConnection(_:)``) if it can carry another request. Otherwise it is closed and forgotten.
/// - Idle connections keep reading, so a server that closes one is noticed at once and the connection
///   is dropped; a dead connection is never handed out.
/// - At most ``maxPersistentPerHost`` idle connections are kept per key (the oldest is evicted), each for
///   at most ``cachedConnectionTimeout``.
/// - Optionally, ``maxConnectionsPerHost`` and ``maxConnections`` cap all connections (in use, connecting
///   and idle); callers beyond the cap wait in a first-come, first-served queue, with an optional wait
///   timeout (``PoolTimeout``).
/// - A request that fails on a reused connection because the server closed it is retried once on a
///   fresh connection (``RetryPolicy``), unless ``retryAutomatically`` is off.
/// - ``counters`` says what the pool did and holds.
///
/// `persistent: false` makes every request carry `Connection: close` (the ``Agent`` reads ``persistent``)
/// and caches nothing.
///
/// Differences from Twisted: the newest idle connection is handed out first (Twisted: the oldest), so
/// connections beyond what the load needs go unused and time out; the connection limits, the waiter
/// queue and the counters are new; `_putConnection`/`_removeConnection` are public as
/// ``putConnection(_:)``/``removeConnection(_:)`` (Swift has no underscore convention for "internal but
/// overridable", and tests and wrappers need them). See `docs/pool.md`.
///
/// Threading: reactor thread only.
///
/// Twisted: `twisted.web.client.HTTPConnectionPool`.
public final class HTTPConnectionPool {
    /// The reactor whose clock runs the idle and wait timers.
    public let reactor: any ReactorTime
    /// Whether connections are kept for reuse. When false, requests made through an ``Agent`` ask the
    /// server to close (`Connection: close`) and nothing is cached.
    ///
    /// Twisted: `HTTPConnectionPool.persistent`.
    public let persistent: Bool
    /// How long an idle connection is kept before it is closed. Default 240 s. Changing it affects
    /// connections parked afterwards.
    ///
    /// Twisted: `HTTPConnectionPool.cachedConnectionTimeout`.
    public var cachedConnectionTimeout: Duration = .seconds(240)
    /// Whether requests that fail on a reused connection are retried once (see ``RetryPolicy``).
    /// Default true.
    ///
    /// Twisted: `HTTPConnectionPool.retryAutomatically`.
    public var retryAutomatically = true
    /// How long a queued ``getConnection(key:endpoint:waitTimeout:)`` waits for a free slot by default;
    /// `nil` (the default) waits as long as it takes.
    public var waitTimeout: Duration?
    /// Told about each non-quiescent connection given to ``putConnection(_:)``; by default the report is
    /// written to standard error, as Twisted logs it.
    public var onRefusedConnection: ((NonQuiescentConnection) -> Void)? = { report in
        var stderr = StandardErrorStream()
        print(report, to: &stderr)
    }
    /// What the pool did and holds now.
    public internal(set) var counters = PoolCounters()

    var book = PoolBook<PooledConnection, PoolWaiter>(
        limits: PoolLimits(maxPersistentPerHost: 2, maxConnectionsPerHost: nil, maxConnections: nil))

    /// Creates an empty pool.
    ///
    /// - Parameters:
    ///   - reactor: Runs the idle and wait timers (a ``MemoryReactorClock`` or ``Clock`` in tests).
    ///   - persistent: Whether to keep connections for reuse (default true).
    ///
    /// Twisted: `HTTPConnectionPool(reactor, persistent=True)`.
    public init(reactor: any ReactorTime, persistent: Bool = true) {
        self.reactor = reactor
        self.persistent = persistent
    }

    /// Idle connections kept per key; when one more comes back, the oldest idle one is closed. Default 2;
    /// 0 keeps none.
    ///
    /// Twisted: `HTTPConnectionPool.maxPersistentPerHost`.
    public var maxPersistentPerHost: Int {
        get { book.limits.maxPersistentPerHost }
        set {
            precondition(newValue >= 0, "maxPersistentPerHost must not be negative")
            book.limits.maxPersistentPerHost = newValue
        }
    }

    /// The most connections (in use, connecting and idle) per key; further callers wait in a queue.
    /// `nil` (the default, as in Twisted) for no limit. Lowering it closes nothing: it applies as
    /// connections end.
    public var maxConnectionsPerHost: Int? {
        get { book.limits.maxConnectionsPerHost }
        set {
            precondition((newValue ?? 1) >= 1, "maxConnectionsPerHost must be at least 1")
            book.limits.maxConnectionsPerHost = newValue
            serveWaiters()
        }
    }

    /// The most connections across all keys; further callers wait in the same queue. An idle connection
    /// of another key is closed to make room for a caller that waits only because of this limit. `nil`
    /// (the default) for no limit.
    public var maxConnections: Int? {
        get { book.limits.maxConnections }
        set {
            precondition((newValue ?? 1) >= 1, "maxConnections must be at least 1")
            book.limits.maxConnections = newValue
            serveWaiters()
        }
    }

    /// The idle connections of `key`, oldest first (the next one handed out is the last).
    public func idleConnections(for key: PoolKey) -> [PooledConnection] {
        book.idleConnections(for: key)
    }

    // MARK: - Getting connections

    /// A connection for `key`: the most recently used idle one if there is one, else a new one through
    /// `endpoint`, else (at a connection limit) the next one that becomes free.
    ///
    /// - Returns: A Deferred that fires with the connection. An idle connection comes already fired
    ///   (O(1)); a new one fires when the endpoint has connected, or fails with the endpoint's error (a
    ///   ``ConnectError``). A queued call fails with ``PoolTimeout`` after `waitTimeout` (default
    ///   ``waitTimeout``). Cancelling the Deferred cancels the connection attempt (the endpoint's error,
    ///   usually ``ConnectingCancelledError``, comes through) or takes the caller out of the queue
    ///   (`CancelledError`).
    ///
    /// Twisted: `HTTPConnectionPool.getConnection`.
    public func getConnection(
        key: PoolKey, endpoint: any StreamClientEndpoint, waitTimeout: Duration? = nil
    ) -> Deferred<PooledConnection> {
        while true {
            switch book.checkout(key) {
            case .reuse(let connection):
                connection.cancelIdleTimer()
                counters.idle -= 1
                guard connection.client.isQuiescent else {
                    // Cannot happen while losses are reported, but a dead connection is never handed out.
                    connection.phase = .gone
                    book.releaseBusy(key)
                    continue
                }
                connection.phase = .inUse
                connection.isReused = true
                counters.inUse += 1
                counters.reused += 1
                return .succeed(connection)
            case .connect(let evicting):
                if let evicting { evictIdle(evicting) }
                return connect(key: key, endpoint: endpoint)
            case .wait:
                return enqueueWaiter(key: key, endpoint: endpoint, timeout: waitTimeout ?? self.waitTimeout)
            }
        }
    }

    /// Opens a new connection for `key`; its slot is already counted in the book.
    func connect(key: PoolKey, endpoint: any StreamClientEndpoint) -> Deferred<PooledConnection> {
        counters.connecting += 1
        let factory = PooledConnectionFactory(pool: self, key: key, endpoint: endpoint)
        return endpoint.connect(factory).addBoth { [self] (result: Result<any ConnectionProtocol, any Error>) in
            counters.connecting -= 1
            switch result {
            case .success(let made):
                guard let connection = made as? PooledConnection else {
                    preconditionFailure("the endpoint returned a protocol its factory did not build")
                }
                counters.opened += 1
                guard connection.phase == .connecting else {
                    // Lost while the endpoint was still reporting it: its slot was released already.
                    return connection
                }
                connection.phase = .inUse
                counters.inUse += 1
                return connection
            case .failure(let error):
                counters.failedToOpen += 1
                book.releaseBusy(key)
                serveWaiters()
                throw error
            }
        }
    }

    /// Twisted's `_newConnection` for a retry: a fresh connection that takes over `old`'s slot.
    func retryConnection(replacing old: PooledConnection) -> Deferred<PooledConnection> {
        counters.retried += 1
        if old.phase == .inUse {
            old.phase = .replaced
            counters.inUse -= 1
        } else {
            // The old connection's slot is already free: the retry may go one over the limits.
            book.addBusyUnchecked(old.key)
        }
        return connect(key: old.key, endpoint: old.endpoint)
    }

    // MARK: - Giving connections back

    /// Takes back a connection whose request has completed, as the protocol's quiescent callback does.
    ///
    /// A connection that is not quiescent is refused: it is neither cached nor closed, and the refusal
    /// is reported to ``onRefusedConnection`` and counted in ``PoolCounters/refused``. Otherwise it goes
    /// to the first caller waiting for its key, or is parked idle with a timer of
    /// ``cachedConnectionTimeout``; if that makes more than ``maxPersistentPerHost`` idle connections for
    /// the key, the oldest is closed. A non-persistent pool closes it instead. Calling it for a
    /// connection that is not in use (already idle, or gone) does nothing.
    ///
    /// Twisted: `HTTPConnectionPool._putConnection` (renamed: public, no underscore).
    public func putConnection(_ connection: PooledConnection) {
        guard connection.pool === self, connection.phase == .inUse else { return }
        guard connection.client.isQuiescent else {
            counters.refused += 1
            onRefusedConnection?(NonQuiescentConnection(key: connection.key, state: connection.client.state))
            return
        }
        guard persistent else {
            removeConnection(connection)
            return
        }
        switch book.checkin(connection, for: connection.key) {
        case .handOff(let waiter):
            counters.waiting -= 1
            counters.reused += 1
            connection.isReused = true
            waiter.deliver(connection)
        case .park(let evicting):
            connection.phase = .idle
            connection.isReused = false
            counters.inUse -= 1
            counters.idle += 1
            connection.idleTimer = reactor.callLater(cachedConnectionTimeout, connection.idleTimerBody)
            if let evicting {
                counters.idle -= 1
                evictIdle(evicting)
            }
            serveWaiters()
        }
    }

    /// Closes `connection` (after any queued bytes are written) and forgets it, idle or in use.
    ///
    /// Twisted: `HTTPConnectionPool._removeConnection` (renamed: public, no underscore).
    public func removeConnection(_ connection: PooledConnection) {
        guard connection.pool === self else { return }
        switch connection.phase {
        case .idle:
            _ = book.dropIdle(connection, for: connection.key)
            counters.idle -= 1
        case .inUse:
            book.releaseBusy(connection.key)
            counters.inUse -= 1
        case .connecting, .replaced, .gone:
            return
        }
        connection.phase = .gone
        connection.cancelIdleTimer()
        _ = connection.client.abort()
        serveWaiters()
    }

    /// Closes every idle connection and cancels their timers; connections in use are left alone (one
    /// that comes back later is cached again).
    ///
    /// - Returns: A Deferred that fires once every closed connection has really gone
    ///   (`connectionLost`), at once if there were none.
    ///
    /// Twisted: `HTTPConnectionPool.closeCachedConnections`.
    public func closeCachedConnections() -> Deferred<Void> {
        let closing = book.takeAllIdle()
        counters.idle = 0
        guard !closing.isEmpty else { return .succeed(()) }
        let done = Deferred<Void>()
        var remaining = closing.count
        for connection in closing {
            connection.phase = .gone
            connection.cancelIdleTimer()
            connection.client.abort().addCallback { () -> Void in
                remaining -= 1
                if remaining == 0 { done.callback(()) }
            }
        }
        serveWaiters()
        return done
    }

    // MARK: - Events from connections and timers

    /// The connection's transport reported `connectionLost`.
    func connectionLost(_ connection: PooledConnection) {
        switch connection.phase {
        case .idle:
            _ = book.dropIdle(connection, for: connection.key)
            counters.idle -= 1
            connection.cancelIdleTimer()
        case .inUse:
            book.releaseBusy(connection.key)
            counters.inUse -= 1
        case .connecting:
            // Lost before the endpoint reported it (endpoints report right after `connectionMade`, so
            // this is unlikely): free the slot now; the attempt's success path sees the phase.
            connection.phase = .gone
            book.releaseBusy(connection.key)
            counters.lost += 1
            serveWaiters()
            return
        case .replaced:
            break
        case .gone:
            return
        }
        connection.phase = .gone
        counters.lost += 1
        serveWaiters()
    }

    /// An idle connection's timer ran out: close it.
    func idleTimedOut(_ connection: PooledConnection) {
        guard connection.phase == .idle else { return }
        _ = book.dropIdle(connection, for: connection.key)
        connection.idleTimer = nil
        connection.phase = .gone
        counters.idle -= 1
        counters.idleClosed += 1
        _ = connection.client.abort()
        serveWaiters()
    }

    /// Closes an idle connection the book took out to make room.
    func evictIdle(_ connection: PooledConnection) {
        connection.phase = .gone
        connection.cancelIdleTimer()
        counters.evicted += 1
        _ = connection.client.abort()
    }
}

@available(*, unavailable)
extension HTTPConnectionPool: Sendable {}

/// Standard error as a `TextOutputStream` (no Foundation).
struct StandardErrorStream: TextOutputStream {
    mutating func write(_ string: String) {
        var string = string
        string.withUTF8 { bytes in
            _ = Glibc.write(2, bytes.baseAddress, bytes.count)
        }
    }
}
