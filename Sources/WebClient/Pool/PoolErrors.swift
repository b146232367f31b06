/// A ``HTTPConnectionPool/getConnection(key:endpoint:waitTimeout:)`` call waited in the queue for a free
/// connection slot longer than its wait timeout.
///
/// The caller was queued because its key already had ``HTTPConnectionPool/maxConnectionsPerHost``
/// connections (in use, connecting or idle) or the pool had ``HTTPConnectionPool/maxConnections``.
/// Nothing was sent; the request can be tried again later. The timeout covers only the wait in the
/// queue: once a slot is free, the connection attempt has its own connect timeout.
///
/// Twisted: no equivalent (Twisted's pool never queues; compare urllib3's `EmptyPoolError`).
public struct PoolTimeout: Error, CustomStringConvertible, Equatable, Sendable {
    /// The key the caller wanted a connection for.
    public let key: PoolKey
    /// How long it waited.
    public let timeout: Duration

    /// Creates the error.
    public init(key: PoolKey, timeout: Duration) {
        self.key = key
        self.timeout = timeout
    }

    /// Names the key and the timeout.
    public var description: String {
        "no connection to \(key) became free within \(timeout) (the pool's connection limit was reached)"
    }
}

/// A connection that was not quiescent was given back to the pool; it was neither cached nor closed.
///
/// Reported through ``HTTPConnectionPool/onRefusedConnection`` (and counted in
/// ``PoolCounters/refused``): it means a caller put back a connection while a request was still running
/// on it, which is a bug in the caller.
///
/// Twisted: the logged failure `"BUG: Non-quiescent protocol added to connection pool."`.
public struct NonQuiescentConnection: Error, CustomStringConvertible, Sendable {
    /// The key it was put back under.
    public let key: PoolKey
    /// The protocol's state at that moment (`TRANSMITTING`, `WAITING`, ...).
    public let state: String

    /// Describes the refusal.
    public var description: String {
        "BUG: non-quiescent connection (state \(state)) given back to the pool for \(key); refused"
    }
}
