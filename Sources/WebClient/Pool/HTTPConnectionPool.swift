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
    /// What the pool did and holds now, read from its book (computed on each read, O(keys)).
    public var counters: PoolCounters { book.counters }

    /// Every connection the pool holds, its phase, the idle ones, the waiters and the history: the one
    /// ledger of the pool.
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
        book.limits.persistent = persistent
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
            let checkout = book.checkout(key) { PooledConnection(pool: self, key: key, endpoint: endpoint) }
            switch checkout {
            case .reuse(let connection):
                connection.cancelIdleTimer()
                guard connection.client.isQuiescent else {
                    // Cannot happen while losses are reported, but a dead connection is never handed out.
                    _ = book.remove(connection, for: key)
                    continue
                }
                connection.isReused = true
                return .succeed(connection)
            case .connect(let connection, let evicting):
                if let evicting { closeEvicted(evicting) }
                return connect(connection)
            case .wait:
                return enqueueWaiter(key: key, endpoint: endpoint, timeout: waitTimeout ?? self.waitTimeout)
            }
        }
    }

    /// Opens `connection`, which the book already counts as connecting.
    func connect(_ connection: PooledConnection) -> Deferred<PooledConnection> {
        let factory = PooledConnectionFactory(connection)
        return connection.endpoint.connect(factory).addBoth {
            [self] (result: Result<any ConnectionProtocol, any Error>) in
            switch result {
            case .success(let made):
                precondition(made === connection, "the endpoint returned a protocol its factory did not build")
                // False when it was lost while the endpoint was still reporting it: the book let it go.
                _ = book.connected(connection, for: connection.key)
                return connection
            case .failure(let error):
                book.connectFailed(connection, for: connection.key)
                serveWaiters()
                throw error
            }
        }
    }

    /// Twisted's `_newConnection` for a retry: a fresh connection that takes over `old`'s slot.
    func retryConnection(replacing old: PooledConnection) -> Deferred<PooledConnection> {
        let fresh = book.replace(old, for: old.key) {
            PooledConnection(pool: self, key: old.key, endpoint: old.endpoint)
        }
        return connect(fresh)
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
        guard connection.pool === self else { return }
        switch book.checkin(connection, for: connection.key, quiescent: connection.client.isQuiescent) {
        case .ignore:
            break
        case .refuse:
            onRefusedConnection?(NonQuiescentConnection(key: connection.key, state: connection.client.state))
        case .close:
            close(connection)
        case .handOff(let waiter):
            connection.isReused = true
            waiter.deliver(connection)
        case .park(let evicting):
            connection.isReused = false
            connection.idleTimer = reactor.callLater(cachedConnectionTimeout, connection.idleTimerBody)
            if let evicting { closeEvicted(evicting) }
            serveWaiters()
        }
    }

    /// Closes `connection` (after any queued bytes are written) and forgets it, idle or in use.
    ///
    /// Twisted: `HTTPConnectionPool._removeConnection` (renamed: public, no underscore).
    public func removeConnection(_ connection: PooledConnection) {
        guard connection.pool === self, book.remove(connection, for: connection.key) else { return }
        close(connection)
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
        guard !closing.isEmpty else { return .succeed(()) }
        let done = Deferred<Void>()
        var remaining = closing.count
        for connection in closing {
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
        guard let phase = book.lost(connection, for: connection.key) else { return }
        if phase == .idle { connection.cancelIdleTimer() }
        serveWaiters()
    }

    /// An idle connection's timer ran out: close it.
    func idleTimedOut(_ connection: PooledConnection) {
        connection.idleTimer = nil
        guard book.idleTimedOut(connection, for: connection.key) else { return }
        _ = connection.client.abort()
        serveWaiters()
    }

    /// Closes a connection the book let go of, then lets waiters use the room.
    private func close(_ connection: PooledConnection) {
        connection.cancelIdleTimer()
        _ = connection.client.abort()
        serveWaiters()
    }

    /// Closes an idle connection the book evicted to make room (the caller uses the room).
    func closeEvicted(_ connection: PooledConnection) {
        connection.cancelIdleTimer()
        _ = connection.client.abort()
    }
}

@available(*, unavailable)
extension HTTPConnectionPool: Sendable {}
