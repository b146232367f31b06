/// The limits a ``PoolBook`` enforces.
struct PoolLimits: Equatable, Sendable {
    /// Idle connections kept per key; beyond it the oldest idle one is evicted.
    var maxPersistentPerHost: Int
    /// Connections per key, in use + connecting + idle; `nil` for no limit.
    var maxConnectionsPerHost: Int?
    /// Connections across all keys, in use + connecting + idle; `nil` for no limit.
    var maxConnections: Int?
    /// Whether connections that come back are kept (false: each is closed instead).
    var persistent = true
}

/// The entries and decisions of ``PoolBook``.
extension PoolBook {
    /// Where a connection is.
    enum Phase: Equatable {
        /// The attempt to open it is under way (it counts against the limits).
        case connecting
        /// Handed out.
        case inUse
        /// Parked for reuse.
        case idle
        /// Its failed request is being retried on a new connection, which took over its slot; it is
        /// remembered only until it is lost.
        case replaced
    }

    struct Entry {
        let connection: Connection
        var phase: Phase
    }

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

    /// One key's connections and waiters.
    struct Host {
        /// Idle connections, oldest first.
        var idle: [IdleEntry] = []
        var connecting = 0
        var inUse = 0
        /// Waiters, first in line at `waitHead`.
        var waiters: [WaitEntry] = []
        var waitHead = 0

        /// Connections counted against the limits.
        var total: Int { idle.count + connecting + inUse }
        var waitingCount: Int { waiters.count - waitHead }
        var firstWaiter: WaitEntry? { waitHead < waiters.count ? waiters[waitHead] : nil }
        var isEmpty: Bool { total == 0 && waitingCount == 0 }

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
        /// Hand out this idle connection (it is in use now).
        case reuse(Connection)
        /// Open this new connection (connecting from now on); first close `evicting` if given.
        case connect(Connection, evicting: Connection?)
        /// No room: queue the caller with ``PoolBook/enqueue(_:for:)``.
        case wait
    }

    /// What to do with a connection whose request has completed.
    enum Checkin {
        /// Hand it to this waiter (it stays in use).
        case handOff(Waiter)
        /// It is idle now; close `evicting` if given (the oldest idle one, possibly itself).
        case park(evicting: Connection?)
        /// The pool keeps nothing: close it (it is out of the book).
        case close
        /// It is not quiescent: leave it alone and report it.
        case refuse
        /// It was not in use: nothing to do.
        case ignore
    }

    /// A waiter that may open `connection` now (connecting from now on); first close `evicting` if given.
    struct Grant {
        let waiter: Waiter
        let connection: Connection
        let evicting: Connection?
    }
}
