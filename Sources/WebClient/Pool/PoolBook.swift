/// The pool's whole state as a value: every connection it holds with its phase, the idle ones of each
/// key in the order they were parked, the callers waiting, and what it has done so far.
///
/// Every event of ``HTTPConnectionPool`` (a caller wants a connection, a connection came back, was lost,
/// timed out) goes through one method here, which updates the book and returns the decision for the pool
/// to carry out (close this connection, hand that one to a waiter, start a connection attempt).
/// ``counters`` is read from the book, never kept beside it.
///
/// Generic over the connection and waiter types so that the rules can be tested with plain objects.
/// Invariants: a connection is in the book exactly while it is connecting, in use, idle or replaced; the
/// idle ones are listed under their key and the connecting and in-use ones counted there (each change of
/// phase updates both in one method); a key never has idle connections and waiters at once (a waiter is queued only when its key has no idle connection,
/// and a connection coming back goes to the first waiter instead of idling).
///
/// Order: idle connections are handed out newest first (LIFO) and evicted oldest first, so surplus
/// connections age out; waiters are served first come, first served across all keys.
struct PoolBook<Connection: AnyObject, Waiter: AnyObject> {
    var limits: PoolLimits
    private(set) var hosts: [PoolKey: Host] = [:]
    private(set) var entries: [ObjectIdentifier: Entry] = [:]
    /// The counters that only grow; those of the present are computed (``counters``).
    private var history = PoolCounters()
    private var sequence: UInt64 = 0

    init(limits: PoolLimits) {
        self.limits = limits
    }

    // MARK: - Reading the book

    /// What the pool has done, and holds now (counted from the book).
    var counters: PoolCounters {
        var counters = history
        for host in hosts.values {
            counters.waiting += host.waitingCount
            counters.inUse += host.inUse
            counters.connecting += host.connecting
            counters.idle += host.idle.count
        }
        return counters
    }

    /// Connections across all keys counted against the limits. O(keys).
    var total: Int { hosts.values.reduce(0) { $0 + $1.total } }

    /// Callers queued across all keys. O(keys).
    var waitingCount: Int { hosts.values.reduce(0) { $0 + $1.waitingCount } }

    /// Where `connection` is, or nil when it is not in the book (never was, or gone).
    func phase(of connection: Connection) -> Phase? {
        entries[ObjectIdentifier(connection)]?.phase
    }

    /// Idle connections of `key`, oldest first (for tests and diagnostics).
    func idleConnections(for key: PoolKey) -> [Connection] {
        hosts[key]?.idle.map(\.connection) ?? []
    }

    // MARK: - Callers

    /// A caller wants a connection for `key`; `newConnection` makes one if one is to be opened. O(1) when
    /// an idle connection is there.
    mutating func checkout(_ key: PoolKey, newConnection: () -> Connection) -> Checkout {
        let reused: Connection? = modifyHost(key) { host in
            guard let entry = host.idle.popLast() else { return nil }
            host.inUse += 1
            return entry.connection
        }
        if let reused {
            setPhase(reused, .inUse)
            history.reused += 1
            return .reuse(reused)
        }
        guard hasRoom(hosts[key]), (hosts[key]?.waitingCount ?? 0) == 0 else { return .wait }
        var evicting: Connection?
        if !hasGlobalRoom {
            guard let oldest = evictOldestIdle() else { return .wait }
            evicting = oldest
        }
        let connection = newConnection()
        add(connection, for: key)
        return .connect(connection, evicting: evicting)
    }

    /// Queues a waiter for `key` after ``checkout(_:newConnection:)`` said ``Checkout/wait``.
    mutating func enqueue(_ waiter: Waiter, for key: PoolKey) {
        let arrived = next()
        hosts[key, default: Host()].waiters.append(WaitEntry(waiter: waiter, arrived: arrived))
    }

    /// Removes a waiter that gave up (cancelled, or `timedOut`); false if it was not queued. O(waiters).
    mutating func removeWaiter(_ waiter: Waiter, for key: PoolKey, timedOut: Bool = false) -> Bool {
        guard var host = hosts[key],
            let index = host.waiters[host.waitHead...].firstIndex(where: { $0.waiter === waiter })
        else { return false }
        host.waiters.remove(at: index)
        if host.waitHead == host.waiters.count {
            host.waiters.removeAll(keepingCapacity: true)
            host.waitHead = 0
        }
        hosts[key] = host.isEmpty ? nil : host
        if timedOut { history.waitTimeouts += 1 }
        return true
    }

    /// The next waiter that may open a connection now, if any: the longest-waiting one whose key has
    /// room; when only the overall limit stands in the way, the oldest idle connection of another key
    /// is evicted for it. `newConnection` makes the waiter's connection. Call repeatedly after anything
    /// frees room. O(keys) when someone waits, O(1) otherwise.
    mutating func nextGrant(newConnection: (Waiter) -> Connection) -> Grant? {
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
            guard let oldest = evictOldestIdle() else { return nil }
            evicting = oldest
        }
        let waiter = hosts[key]!.popWaiter()
        let connection = newConnection(waiter)
        add(connection, for: key)
        return Grant(waiter: waiter, connection: connection, evicting: evicting)
    }

    // MARK: - Connection attempts

    /// The endpoint reported `connection` connected: it is in use now. False when it is no longer
    /// connecting (lost before the endpoint reported it).
    mutating func connected(_ connection: Connection, for key: PoolKey) -> Bool {
        history.opened += 1
        guard phase(of: connection) == .connecting else { return false }
        setPhase(connection, .inUse)
        hosts[key]?.connecting -= 1
        hosts[key]?.inUse += 1
        return true
    }

    /// The attempt to open `connection` failed or was cancelled: it leaves the book.
    mutating func connectFailed(_ connection: Connection, for key: PoolKey) {
        history.failedToOpen += 1
        drop(connection, for: key)
    }

    /// A request on in-use `old` failed and is retried: `newConnection` is opened in its place. When
    /// `old` is still in use its slot passes to the new connection; otherwise the retry may go one over
    /// the limits (the old slot is already free).
    mutating func replace(_ old: Connection, for key: PoolKey, newConnection: () -> Connection) -> Connection {
        history.retried += 1
        if phase(of: old) == .inUse {
            setPhase(old, .replaced)
            hosts[key]?.inUse -= 1
        }
        let connection = newConnection()
        add(connection, for: key)
        return connection
    }

    // MARK: - Connections coming back or going away

    /// A connection's request completed; `quiescent` says whether it can carry another request.
    mutating func checkin(_ connection: Connection, for key: PoolKey, quiescent: Bool) -> Checkin {
        guard phase(of: connection) == .inUse else { return .ignore }
        guard quiescent else {
            history.refused += 1
            return .refuse
        }
        guard limits.persistent else {
            drop(connection, for: key)
            return .close
        }
        let parked = next()
        let maxIdle = limits.maxPersistentPerHost
        let decision: Checkin = modifyHost(key) { host in
            if host.firstWaiter != nil { return .handOff(host.popWaiter()) }
            host.inUse -= 1
            host.idle.append(IdleEntry(connection: connection, parked: parked))
            return .park(evicting: host.idle.count > maxIdle ? host.idle.removeFirst().connection : nil)
        }
        switch decision {
        case .handOff:
            history.reused += 1
        case .park(let evicting):
            setPhase(connection, .idle)
            if let evicting {
                entries[ObjectIdentifier(evicting)] = nil
                history.evicted += 1
            }
        default:
            break
        }
        return decision
    }

    /// The pool closes `connection` (``HTTPConnectionPool/removeConnection(_:)``, or a non-persistent
    /// pool): it leaves the book if it was idle or in use; false otherwise (nothing to close).
    mutating func remove(_ connection: Connection, for key: PoolKey) -> Bool {
        switch phase(of: connection) {
        case .idle?, .inUse?:
            drop(connection, for: key)
            return true
        default:
            return false
        }
    }

    /// `connection` closed by itself, in whatever phase: it leaves the book; counted as lost unless it had
    /// left already. Returns the phase it had.
    @discardableResult
    mutating func lost(_ connection: Connection, for key: PoolKey) -> Phase? {
        let phase = phase(of: connection)
        guard phase != nil else { return nil }
        history.lost += 1
        drop(connection, for: key)
        return phase
    }

    /// An idle connection's timer ran out: it leaves the book (the pool closes it). False if it was not
    /// idle.
    mutating func idleTimedOut(_ connection: Connection, for key: PoolKey) -> Bool {
        guard phase(of: connection) == .idle else { return false }
        history.idleClosed += 1
        drop(connection, for: key)
        return true
    }

    /// Takes every idle connection out of the book (for ``HTTPConnectionPool/closeCachedConnections()``).
    mutating func takeAllIdle() -> [Connection] {
        var taken: [Connection] = []
        for key in Array(hosts.keys) {
            let idle = hosts[key]!.idle
            hosts[key]!.idle.removeAll()
            for entry in idle {
                taken.append(entry.connection)
                entries[ObjectIdentifier(entry.connection)] = nil
            }
            if hosts[key]!.isEmpty { hosts[key] = nil }
        }
        return taken
    }

    // MARK: - Internals

    private mutating func next() -> UInt64 {
        sequence &+= 1
        return sequence
    }

    /// Runs `body` on `key`'s host (created if missing, forgotten if left empty) with one lookup.
    private mutating func modifyHost<R>(_ key: PoolKey, _ body: (inout Host) -> R) -> R {
        var forget = false
        func run(_ host: inout Host) -> R {
            let result = body(&host)
            forget = host.isEmpty
            return result
        }
        let result = run(&hosts[key, default: Host()])
        if forget { hosts[key] = nil }
        return result
    }

    private func hasRoom(_ host: Host?) -> Bool {
        guard let max = limits.maxConnectionsPerHost else { return true }
        return (host?.total ?? 0) < max
    }

    private var hasGlobalRoom: Bool {
        guard let max = limits.maxConnections else { return true }
        return total < max
    }

    /// Records `connection`'s phase. (A plain store: modifying the entry in place goes through the
    /// dictionary's `_modify` coroutine, whose frame is allocated for an entry this size.)
    private mutating func setPhase(_ connection: Connection, _ phase: Phase) {
        entries[ObjectIdentifier(connection)] = Entry(connection: connection, phase: phase)
    }

    /// Enters a new connection as connecting for `key`.
    private mutating func add(_ connection: Connection, for key: PoolKey) {
        setPhase(connection, .connecting)
        hosts[key, default: Host()].connecting += 1
    }

    /// Takes `connection` out of the book, whatever its phase.
    private mutating func drop(_ connection: Connection, for key: PoolKey) {
        guard let entry = entries.removeValue(forKey: ObjectIdentifier(connection)) else { return }
        modifyHost(key) { host in
            switch entry.phase {
            case .connecting: host.connecting -= 1
            case .inUse: host.inUse -= 1
            case .idle:
                if let index = host.idle.lastIndex(where: { $0.connection === connection }) {
                    host.idle.remove(at: index)
                }
            case .replaced: break
            }
        }
    }

    /// Removes and returns the idle connection parked longest ago, across all keys, counted as evicted.
    /// O(keys).
    private mutating func evictOldestIdle() -> Connection? {
        var oldest: (key: PoolKey, parked: UInt64)?
        for (key, host) in hosts {
            guard let first = host.idle.first else { continue }
            if oldest == nil || first.parked < oldest!.parked {
                oldest = (key, first.parked)
            }
        }
        guard let key = oldest?.key else { return nil }
        let connection = hosts[key]!.idle[0].connection
        drop(connection, for: key)
        history.evicted += 1
        return connection
    }
}
