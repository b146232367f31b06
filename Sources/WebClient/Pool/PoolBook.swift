/// The limits a ``PoolBook`` enforces.
struct PoolLimits: Equatable, Sendable {
    /// Idle connections kept per key; beyond it the oldest idle one is evicted.
    var maxPersistentPerHost: Int
    /// Connections per key, in use + connecting + idle; `nil` for no limit.
    var maxConnectionsPerHost: Int?
    /// Connections across all keys, in use + connecting + idle; `nil` for no limit.
    var maxConnections: Int?
}

/// The pool's bookkeeping as a value: which connections are idle for each key, how many are busy (in
/// use or connecting), and who waits; every decision of ``HTTPConnectionPool`` is made here and
/// returned as a value for the pool to carry out (close this connection, hand that one to a waiter,
/// start a connection attempt).
///
/// Generic over the connection and waiter types so that the rules can be tested with plain objects.
/// Invariant: a key never has idle connections and waiters at once (a waiter is queued only when its key
/// has no idle connection, and a connection coming back goes to the first waiter instead of idling).
///
/// Order: idle connections are handed out newest first (LIFO) and evicted oldest first, so surplus
/// connections age out; waiters are served first come, first served across all keys.
struct PoolBook<Connection: AnyObject, Waiter: AnyObject> {
    struct IdleEntry {
        let connection: Connection
        /// When it was parked, in park order (smaller is older).
        let parked: UInt64
    }

    struct WaitEntry {
        let waiter: Waiter
        /// Arrival order across all keys.
        let arrived: UInt64
    }

    struct Host {
        /// Idle connections, oldest first.
        var idle: [IdleEntry] = []
        /// Connections in use or being opened.
        var busy = 0
        /// Waiters, first in line at `waitHead`.
        var waiters: [WaitEntry] = []
        var waitHead = 0

        var total: Int { idle.count + busy }
        var waitingCount: Int { waiters.count - waitHead }
        var firstWaiter: WaitEntry? { waitHead < waiters.count ? waiters[waitHead] : nil }

        mutating func popWaiter() -> Waiter {
            let entry = waiters[waitHead]
            waitHead += 1
            if waitHead == waiters.count {
                waiters.removeAll(keepingCapacity: true)
                waitHead = 0
            }
            return entry.waiter
        }
    }

    /// What to do for a caller that wants a connection.
    enum Checkout {
        /// Hand out this idle connection (it is now busy).
        case reuse(Connection)
        /// Open a new connection (counted as busy from now on); first close `evicting` if given.
        case connect(evicting: Connection?)
        /// No room: queue the caller with ``PoolBook/enqueue(_:for:)``.
        case wait
    }

    /// What to do with a connection that has become free.
    enum Checkin {
        /// Hand it to this waiter (it stays busy).
        case handOff(Waiter)
        /// It is idle now; close `evicting` if given (the oldest idle one, possibly itself).
        case park(evicting: Connection?)
    }

    /// A waiter that may now open a connection (counted as busy); first close `evicting` if given.
    struct Grant {
        let waiter: Waiter
        let evicting: Connection?
    }

    var limits: PoolLimits
    private(set) var hosts: [PoolKey: Host] = [:]
    /// Connections across all keys: idle + busy.
    private(set) var total = 0
    private(set) var idleCount = 0
    private(set) var waitingCount = 0
    private var sequence: UInt64 = 0

    init(limits: PoolLimits) {
        self.limits = limits
    }

    private mutating func next() -> UInt64 {
        sequence &+= 1
        return sequence
    }

    private func hasRoom(_ host: Host?) -> Bool {
        guard let max = limits.maxConnectionsPerHost else { return true }
        return (host?.total ?? 0) < max
    }

    private var hasGlobalRoom: Bool {
        guard let max = limits.maxConnections else { return true }
        return total < max
    }

    // MARK: - Events

    /// A caller wants a connection for `key`. O(1) when an idle connection is there.
    mutating func checkout(_ key: PoolKey) -> Checkout {
        if let entry = hosts[key]?.idle.popLast() {
            hosts[key]!.busy += 1
            idleCount -= 1
            return .reuse(entry.connection)
        }
        guard hasRoom(hosts[key]), (hosts[key]?.waitingCount ?? 0) == 0 else { return .wait }
        var evicting: Connection?
        if !hasGlobalRoom {
            guard let oldest = takeOldestIdle() else { return .wait }
            evicting = oldest
        }
        hosts[key, default: Host()].busy += 1
        total += 1
        return .connect(evicting: evicting)
    }

    /// Queues a waiter for `key` after ``checkout(_:)`` said ``Checkout/wait``.
    mutating func enqueue(_ waiter: Waiter, for key: PoolKey) {
        hosts[key, default: Host()].waiters.append(WaitEntry(waiter: waiter, arrived: next()))
        waitingCount += 1
    }

    /// Removes a waiter that gave up (cancelled or timed out); false if it was not queued. O(waiters).
    mutating func removeWaiter(_ waiter: Waiter, for key: PoolKey) -> Bool {
        guard var host = hosts[key],
            let index = host.waiters[host.waitHead...].firstIndex(where: { $0.waiter === waiter })
        else { return false }
        host.waiters.remove(at: index)
        if host.waitHead == host.waiters.count {
            host.waiters.removeAll(keepingCapacity: true)
            host.waitHead = 0
        }
        hosts[key] = host
        waitingCount -= 1
        forgetIfEmpty(key)
        return true
    }

    /// A busy connection of `key` is quiescent again: give it to the first waiter, or park it.
    mutating func checkin(_ connection: Connection, for key: PoolKey) -> Checkin {
        if hosts[key]?.firstWaiter != nil {
            waitingCount -= 1
            return .handOff(hosts[key]!.popWaiter())
        }
        let parked = next()
        var evicting: Connection?
        hosts[key, default: Host()].busy -= 1
        hosts[key]!.idle.append(IdleEntry(connection: connection, parked: parked))
        idleCount += 1
        if hosts[key]!.idle.count > limits.maxPersistentPerHost {
            evicting = hosts[key]!.idle.removeFirst().connection
            idleCount -= 1
            total -= 1
        }
        return .park(evicting: evicting)
    }

    /// Counts one more busy connection for `key` without checking the limits (a retry taking over the
    /// slot of a connection that is already gone).
    mutating func addBusyUnchecked(_ key: PoolKey) {
        hosts[key, default: Host()].busy += 1
        total += 1
    }

    /// A busy connection or connection attempt of `key` ended (lost, failed, cancelled, removed).
    mutating func releaseBusy(_ key: PoolKey) {
        hosts[key]?.busy -= 1
        total -= 1
        forgetIfEmpty(key)
    }

    /// An idle connection of `key` is gone (closed by the server, timed out, removed); false if it was
    /// not idle here.
    mutating func dropIdle(_ connection: Connection, for key: PoolKey) -> Bool {
        guard let index = hosts[key]?.idle.lastIndex(where: { $0.connection === connection }) else { return false }
        hosts[key]!.idle.remove(at: index)
        idleCount -= 1
        total -= 1
        forgetIfEmpty(key)
        return true
    }

    /// Takes every idle connection out (for ``HTTPConnectionPool/closeCachedConnections()``).
    mutating func takeAllIdle() -> [Connection] {
        var taken: [Connection] = []
        taken.reserveCapacity(idleCount)
        for key in Array(hosts.keys) {
            taken += hosts[key]!.idle.map(\.connection)
            total -= hosts[key]!.idle.count
            hosts[key]!.idle.removeAll()
            forgetIfEmpty(key)
        }
        idleCount = 0
        return taken
    }

    /// The next waiter that may open a connection now, if any: the longest-waiting one whose key has
    /// room; when only the overall limit stands in the way, the oldest idle connection of another key
    /// is evicted for it. Call repeatedly after anything frees room. O(keys) when someone waits, O(1)
    /// otherwise.
    mutating func nextGrant() -> Grant? {
        guard waitingCount > 0 else { return nil }
        var best: (key: PoolKey, arrived: UInt64)?
        for (key, host) in hosts {
            guard let first = host.firstWaiter, hasRoom(host) else { continue }
            if best == nil || first.arrived < best!.arrived {
                best = (key, first.arrived)
            }
        }
        guard let key = best?.key else { return nil }
        var evicting: Connection?
        if !hasGlobalRoom {
            guard let oldest = takeOldestIdle() else { return nil }
            evicting = oldest
        }
        let waiter = hosts[key]!.popWaiter()
        hosts[key]!.busy += 1
        waitingCount -= 1
        total += 1
        return Grant(waiter: waiter, evicting: evicting)
    }

    /// Removes and returns the idle connection parked longest ago, across all keys. O(keys).
    private mutating func takeOldestIdle() -> Connection? {
        guard idleCount > 0 else { return nil }
        var oldest: (key: PoolKey, parked: UInt64)?
        for (key, host) in hosts {
            guard let first = host.idle.first else { continue }
            if oldest == nil || first.parked < oldest!.parked {
                oldest = (key, first.parked)
            }
        }
        guard let key = oldest?.key else { return nil }
        let connection = hosts[key]!.idle.removeFirst().connection
        idleCount -= 1
        total -= 1
        forgetIfEmpty(key)
        return connection
    }

    private mutating func forgetIfEmpty(_ key: PoolKey) {
        if let host = hosts[key], host.total == 0, host.waitingCount == 0 {
            hosts[key] = nil
        }
    }

    /// Idle connections of `key`, oldest first (for tests and diagnostics).
    func idleConnections(for key: PoolKey) -> [Connection] {
        hosts[key]?.idle.map(\.connection) ?? []
    }
}
