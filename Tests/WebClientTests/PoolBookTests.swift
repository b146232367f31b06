import Testing
@testable import WebClient

/// The pool's book as a value, with plain objects standing in for connections and waiters: every event
/// in, the decision out, the counters read from it, and its invariants checked after each step.
@Suite("PoolBook")
struct PoolBookTests {
    final class Conn {}
    final class Waiter {}
    typealias Book = PoolBook<Conn, Waiter>

    let a = PoolKey(scheme: "http", host: "a", port: 80)
    let b = PoolKey(scheme: "http", host: "b", port: 80)
    let c = PoolKey(scheme: "http", host: "c", port: 80)

    /// Opens a connection for `key` and reports it connected; fails the test if the book says otherwise.
    static func open(_ book: inout Book, _ key: PoolKey) -> Conn {
        guard case .connect(let conn, nil) = book.checkout(key, newConnection: Conn.init) else {
            Issue.record("expected a new connection")
            return Conn()
        }
        let connected = book.connected(conn, for: key)
        #expect(connected)
        book.expectConsistent()
        return conn
    }

    static func park(_ book: inout Book, _ conn: Conn, _ key: PoolKey) -> Conn? {
        guard case .park(let evicting) = book.checkin(conn, for: key, quiescent: true) else {
            Issue.record("expected park")
            return nil
        }
        book.expectConsistent()
        return evicting
    }

    @Test func aNewConnectionGoesConnectingInUseIdleAndIsReusedNewestFirst() {
        var book = Book(limits: PoolLimits(maxPersistentPerHost: 2))
        guard case .connect(let c1, nil) = book.checkout(a, newConnection: Conn.init) else {
            Issue.record("expected connect")
            return
        }
        #expect(book.phase(of: c1) == .connecting && book.counters.connecting == 1)
        let connected = book.connected(c1, for: a)
        #expect(connected)
        #expect(book.phase(of: c1) == .inUse && book.counters.inUse == 1 && book.counters.opened == 1)
        let c2 = Self.open(&book, a)
        #expect(Self.park(&book, c1, a) == nil)
        #expect(Self.park(&book, c2, a) == nil)
        #expect(book.counters.idle == 2 && book.counters.inUse == 0 && book.total == 2)
        guard case .reuse(let newest) = book.checkout(a, newConnection: Conn.init),
            case .reuse(let older) = book.checkout(a, newConnection: Conn.init)
        else {
            Issue.record("expected reuse")
            return
        }
        #expect(newest === c2 && older === c1)
        #expect(book.counters.reused == 2 && book.counters.inUse == 2 && book.counters.idle == 0)
        book.expectConsistent()
    }

    @Test func parkingBeyondTheIdleLimitEvictsTheOldest() {
        var book = Book(limits: PoolLimits(maxPersistentPerHost: 1))
        let (c1, c2) = (Self.open(&book, a), Self.open(&book, a))
        #expect(Self.park(&book, c1, a) == nil)
        #expect(Self.park(&book, c2, a) === c1)
        #expect(book.phase(of: c1) == nil && book.counters.evicted == 1)
        #expect(book.total == 1 && book.idleConnections(for: a).first === c2)
    }

    @Test func aZeroIdleLimitEvictsTheConnectionItself() {
        var book = Book(limits: PoolLimits(maxPersistentPerHost: 0))
        let c1 = Self.open(&book, a)
        #expect(Self.park(&book, c1, a) === c1)
        #expect(book.total == 0 && book.hosts.isEmpty && book.entries.isEmpty)
    }

    @Test func checkinOfAConnectionNotInUseIsIgnoredAndANonQuiescentOneRefused() {
        var book = Book(limits: PoolLimits(maxPersistentPerHost: 2))
        let c1 = Self.open(&book, a)
        guard case .refuse = book.checkin(c1, for: a, quiescent: false) else {
            Issue.record("expected refuse")
            return
        }
        #expect(book.counters.refused == 1 && book.phase(of: c1) == .inUse)
        _ = Self.park(&book, c1, a)
        guard case .ignore = book.checkin(c1, for: a, quiescent: true), case .ignore = book.checkin(Conn(), for: a, quiescent: true)
        else {
            Issue.record("expected ignore")
            return
        }
        #expect(book.counters.idle == 1)
    }

    @Test func aNonPersistentBookClosesWhatComesBack() {
        var book = Book(limits: PoolLimits(maxPersistentPerHost: 2, persistent: false))
        let c1 = Self.open(&book, a)
        guard case .close = book.checkin(c1, for: a, quiescent: true) else {
            Issue.record("expected close")
            return
        }
        #expect(book.total == 0 && book.counters.idle == 0 && book.phase(of: c1) == nil)
    }

    @Test func perHostLimitQueuesAndACheckinHandsOff() {
        var book = Book(limits: PoolLimits(maxPersistentPerHost: 2, maxConnectionsPerHost: 1))
        let c1 = Self.open(&book, a)
        guard case .wait = book.checkout(a, newConnection: Conn.init) else {
            Issue.record("expected wait")
            return
        }
        let w = Waiter()
        book.enqueue(w, for: a)
        #expect(book.counters.waiting == 1)
        _ = Self.open(&book, b)  // other keys are not affected
        guard case .handOff(let got) = book.checkin(c1, for: a, quiescent: true) else {
            Issue.record("expected hand-off")
            return
        }
        #expect(got === w && book.waitingCount == 0 && book.counters.reused == 1)
        #expect(book.phase(of: c1) == .inUse)
        book.expectConsistent()
    }

    @Test func grantsGoToTheLongestWaitingCallerWithRoom() {
        var book = Book(limits: PoolLimits(maxPersistentPerHost: 2, maxConnectionsPerHost: 1, maxConnections: 2))
        let ca = Self.open(&book, a)
        _ = Self.open(&book, b)
        let (wa, wb) = (Waiter(), Waiter())
        book.enqueue(wb, for: b)
        book.enqueue(wa, for: a)
        #expect(book.nextGrant(newConnection: { _ in Conn() }) == nil)
        _ = book.lost(ca, for: a)
        // b's waiter came first, but only a has room.
        let grant = book.nextGrant(newConnection: { _ in Conn() })
        #expect(grant?.waiter === wa && grant?.evicting == nil)
        #expect(grant.map { book.phase(of: $0.connection) } == .connecting)
        #expect(book.nextGrant(newConnection: { _ in Conn() }) == nil)
        #expect(book.counters.lost == 1 && book.counters.connecting == 1 && book.counters.waiting == 1)
        book.expectConsistent()
    }

    @Test func overallLimitEvictsTheOldestIdleConnectionOfAnyKey() {
        var book = Book(limits: PoolLimits(maxPersistentPerHost: 2, maxConnections: 2))
        let (c1, c2) = (Self.open(&book, b), Self.open(&book, a))
        _ = Self.park(&book, c1, b)
        _ = Self.park(&book, c2, a)
        guard case .connect(_, let evicting) = book.checkout(c, newConnection: Conn.init) else {
            Issue.record("expected connect")
            return
        }
        #expect(evicting === c1 && book.counters.evicted == 1)
        #expect(book.total == 2)
        book.expectConsistent()
    }

    @Test func removingWaitersAndConnections() {
        var book = Book(limits: PoolLimits(maxPersistentPerHost: 2, maxConnectionsPerHost: 1))
        let c1 = Self.open(&book, a)
        let (w1, w2) = (Waiter(), Waiter())
        book.enqueue(w1, for: a)
        book.enqueue(w2, for: a)
        let removed = book.removeWaiter(w1, for: a, timedOut: true)
        let removedAgain = book.removeWaiter(w1, for: a)
        #expect(removed && !removedAgain)
        #expect(book.waitingCount == 1 && book.counters.waitTimeouts == 1)
        guard case .handOff(let got) = book.checkin(c1, for: a, quiescent: true) else {
            Issue.record("expected hand-off")
            return
        }
        #expect(got === w2)
        _ = Self.park(&book, c1, a)
        let closed = book.remove(c1, for: a)
        let closedAgain = book.remove(c1, for: a)
        #expect(closed && !closedAgain)
        #expect(book.total == 0 && book.hosts.isEmpty && book.entries.isEmpty)
    }

    @Test func lossesInEveryPhaseLeaveTheBookOnce() {
        var book = Book(limits: PoolLimits(maxPersistentPerHost: 2))
        guard case .connect(let connecting, nil) = book.checkout(a, newConnection: Conn.init) else { return }
        let inUse = Self.open(&book, a)
        let idle = Self.open(&book, a)
        _ = Self.park(&book, idle, a)
        let phases = [connecting, inUse, idle, idle].map { book.lost($0, for: a) }
        #expect(phases == [.connecting, .inUse, .idle, nil])
        #expect(book.counters.lost == 3 && book.total == 0 && book.entries.isEmpty)
        // The endpoint reporting the lost attempt afterwards changes nothing but `opened`.
        let reported = book.connected(connecting, for: a)
        #expect(!reported)
        #expect(book.counters.opened == 3 && book.counters.inUse == 0)
        book.expectConsistent()
    }

    @Test func aFailedAttemptFreesItsSlot() {
        var book = Book(limits: PoolLimits(maxPersistentPerHost: 2, maxConnectionsPerHost: 1))
        guard case .connect(let attempt, nil) = book.checkout(a, newConnection: Conn.init) else { return }
        book.connectFailed(attempt, for: a)
        #expect(book.counters.failedToOpen == 1 && book.counters.connecting == 0 && book.total == 0)
        _ = Self.open(&book, a)
    }

    @Test func aRetryTakesOverTheSlotOfTheConnectionItReplaces() {
        var book = Book(limits: PoolLimits(maxPersistentPerHost: 2, maxConnectionsPerHost: 1))
        let old = Self.open(&book, a)
        let fresh = book.replace(old, for: a, newConnection: Conn.init)
        #expect(book.phase(of: old) == .replaced && book.phase(of: fresh) == .connecting)
        #expect(book.total == 1 && book.counters.retried == 1 && book.counters.inUse == 0)
        let phase = book.lost(old, for: a)
        #expect(phase == .replaced)
        #expect(book.counters.lost == 1 && book.total == 1)
        // A retry for a connection already gone goes one over the limit.
        _ = book.connected(fresh, for: a)
        _ = book.lost(fresh, for: a)
        let gone = Self.open(&book, a)
        _ = book.lost(gone, for: a)
        _ = Self.open(&book, a)
        _ = book.replace(gone, for: a, newConnection: Conn.init)
        #expect(book.total == 2 && book.counters.retried == 2)
        book.expectConsistent()
    }

    @Test func idleTimeoutsAndClosingTheCache() {
        var book = Book(limits: PoolLimits(maxPersistentPerHost: 5))
        let conns = (0..<3).map { _ in Self.open(&book, a) } + [Self.open(&book, b)]
        _ = Self.park(&book, conns[0], a)
        _ = Self.park(&book, conns[1], a)
        _ = Self.park(&book, conns[3], b)
        let timedOut = [conns[0], conns[0], conns[2]].map { book.idleTimedOut($0, for: a) }
        #expect(timedOut == [true, false, false])
        #expect(book.counters.idleClosed == 1)
        let taken = book.takeAllIdle()
        #expect(taken.count == 2 && book.counters.idle == 0 && book.counters.inUse == 1)
        book.expectConsistent()
    }
}

extension PoolBook {
    /// Checks that the per-key tallies agree with the phases of the connections in the book.
    func expectConsistent(sourceLocation: SourceLocation = #_sourceLocation) {
        for (key, host) in hosts {
            #expect(!host.isEmpty, "an empty host is kept for \(key)", sourceLocation: sourceLocation)
            #expect(host.idle.isEmpty || host.waitingCount == 0, "idle and waiting at once", sourceLocation: sourceLocation)
            for entry in host.idle {
                #expect(phase(of: entry.connection) == .idle, sourceLocation: sourceLocation)
            }
        }
        let idle = hosts.values.reduce(0) { $0 + $1.idle.count }
        let connecting = hosts.values.reduce(0) { $0 + $1.connecting }
        let inUse = hosts.values.reduce(0) { $0 + $1.inUse }
        #expect(entries.values.filter { $0.phase == .idle }.count == idle, sourceLocation: sourceLocation)
        #expect(entries.values.filter { $0.phase == .connecting }.count == connecting, sourceLocation: sourceLocation)
        #expect(entries.values.filter { $0.phase == .inUse }.count == inUse, sourceLocation: sourceLocation)
        #expect(counters.idle == idle && counters.connecting == connecting && counters.inUse == inUse)
    }
}
