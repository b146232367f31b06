/// What a ``HTTPConnectionPool`` has done and holds, readable at any time with
/// ``HTTPConnectionPool/counters``.
///
/// The first group only grows; the second is the state right now. Both are read from the pool's book
/// (``PoolBook``): the first is its history, the second is counted from the connections and waiters it
/// holds when the counters are read (O(keys), no allocation).
///
/// Twisted: no equivalent (Twisted's pool exposes only its private `_connections` dictionary).
public struct PoolCounters: Sendable, Equatable, CustomStringConvertible {
    /// Connections opened successfully (each endpoint connection that completed).
    public var opened = 0
    /// Connection attempts that failed or were cancelled.
    public var failedToOpen = 0
    /// Times an idle connection was handed out again (to a caller or to a waiter).
    public var reused = 0
    /// Requests re-sent on a fresh connection after a pooled connection failed them.
    public var retried = 0
    /// Idle connections closed because their idle timer (``HTTPConnectionPool/cachedConnectionTimeout``)
    /// ran out.
    public var idleClosed = 0
    /// Idle connections closed to make room: over ``HTTPConnectionPool/maxPersistentPerHost`` for their
    /// key, or to let another key open a connection under ``HTTPConnectionPool/maxConnections``.
    public var evicted = 0
    /// Connections the pool noticed closing by themselves (server close, reset, or a close after a
    /// response that forbade reuse), whether idle or in use.
    public var lost = 0
    /// Non-quiescent connections given to ``HTTPConnectionPool/putConnection(_:)``, refused.
    public var refused = 0
    /// Waiters that gave up because their wait timeout ran out (``PoolTimeout``).
    public var waitTimeouts = 0

    /// Calls to ``HTTPConnectionPool/getConnection(key:endpoint:waitTimeout:)`` queued right now.
    public var waiting = 0
    /// Connections handed out right now (a request may be running on them).
    public var inUse = 0
    /// Connection attempts in progress right now.
    public var connecting = 0
    /// Idle connections cached right now.
    public var idle = 0

    /// All counters at zero.
    public init() {}

    /// Every counter, by name.
    public var description: String {
        "opened=\(opened) failedToOpen=\(failedToOpen) reused=\(reused) retried=\(retried) "
            + "idleClosed=\(idleClosed) evicted=\(evicted) lost=\(lost) refused=\(refused) "
            + "waitTimeouts=\(waitTimeouts) waiting=\(waiting) inUse=\(inUse) connecting=\(connecting) idle=\(idle)"
    }
}
