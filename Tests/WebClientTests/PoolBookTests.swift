import Testing
@testable import WebClient

/// The pool's decisions on their own, with plain objects standing in for connections and waiters.
@Suite("PoolBook decisions")
struct PoolBookTests {
    final class Conn {}
    final class Waiter {}
    typealias Book = PoolBook<Conn, Waiter>

    let a = PoolKey(scheme: "http", host: "a", port: 80)
    let b = PoolKey(scheme: "http", host: "b", port: 80)

    private func isConnect(_ checkout: Book.Checkout, evicting expected: Conn? = nil) -> Bool {
        if case .connect(let evicting) = checkout { return evicting === expected }
        return false
    }

    @Test func emptyBookConnectsThenReusesNewestFirst() {
        var book = Book(limits: PoolLimits(maxPersistentPerHost: 2))
        let first = book.checkout(a)
        let second = book.checkout(a)
        #expect(isConnect(first) && isConnect(second))
        let (c1, c2) = (Conn(), Conn())
        _ = book.checkin(c1, for: a)
        _ = book.checkin(c2, for: a)
        #expect(book.idleCount == 2 && book.total == 2)
        guard case .reuse(let newest) = book.checkout(a), case .reuse(let older) = book.checkout(a) else {
            Issue.record("expected reuse")
            return
        }
        #expect(newest === c2 && older === c1)
    }

    @Test func parkingBeyondTheIdleLimitEvictsTheOldest() {
        var book = Book(limits: PoolLimits(maxPersistentPerHost: 1))
        let (c1, c2) = (Conn(), Conn())
        _ = book.checkout(a)
        _ = book.checkout(a)
        _ = book.checkin(c1, for: a)
        guard case .park(let evicted) = book.checkin(c2, for: a) else {
            Issue.record("expected park")
            return
        }
        #expect(evicted === c1)
        #expect(book.total == 1 && book.idleConnections(for: a).first === c2)
    }

    @Test func perHostLimitQueuesAndACheckinHandsOff() {
        var book = Book(limits: PoolLimits(maxPersistentPerHost: 2, maxConnectionsPerHost: 1))
        let first = book.checkout(a)
        #expect(isConnect(first))
        guard case .wait = book.checkout(a) else {
            Issue.record("expected wait")
            return
        }
        let w = Waiter()
        book.enqueue(w, for: a)
        let other = book.checkout(b)
        #expect(isConnect(other))  // other keys are not affected
        guard case .handOff(let got) = book.checkin(Conn(), for: a) else {
            Issue.record("expected hand-off")
            return
        }
        #expect(got === w && book.waitingCount == 0)
    }

    @Test func grantsGoToTheLongestWaitingCallerWithRoom() {
        var book = Book(limits: PoolLimits(maxPersistentPerHost: 2, maxConnectionsPerHost: 1, maxConnections: 2))
        _ = book.checkout(a)
        _ = book.checkout(b)
        let (wa, wb) = (Waiter(), Waiter())
        book.enqueue(wb, for: b)
        book.enqueue(wa, for: a)
        let none = book.nextGrant()
        #expect(none == nil)
        book.releaseBusy(a)
        // b's waiter came first, but only a has room.
        let grant = book.nextGrant()
        let after = book.nextGrant()
        #expect(grant?.waiter === wa && grant?.evicting == nil)
        #expect(after == nil)
    }

    @Test func overallLimitEvictsTheOldestIdleConnectionOfAnyKey() {
        var book = Book(limits: PoolLimits(maxPersistentPerHost: 2, maxConnections: 2))
        let (c1, c2) = (Conn(), Conn())
        _ = book.checkout(a)
        _ = book.checkout(b)
        _ = book.checkin(c1, for: b)
        _ = book.checkin(c2, for: a)
        let checkout = book.checkout(PoolKey(scheme: "http", host: "c", port: 80))
        #expect(isConnect(checkout, evicting: c1))
        #expect(book.total == 2)
    }

    @Test func removingWaitersAndDroppingIdleConnections() {
        var book = Book(limits: PoolLimits(maxPersistentPerHost: 2, maxConnectionsPerHost: 1))
        _ = book.checkout(a)
        let (w1, w2) = (Waiter(), Waiter())
        book.enqueue(w1, for: a)
        book.enqueue(w2, for: a)
        let removed = book.removeWaiter(w1, for: a)
        let removedAgain = book.removeWaiter(w1, for: a)
        #expect(removed && !removedAgain)
        #expect(book.waitingCount == 1)
        guard case .handOff(let got) = book.checkin(Conn(), for: a) else {
            Issue.record("expected hand-off")
            return
        }
        #expect(got === w2)
        let c = Conn()
        _ = book.checkin(c, for: a)
        let dropped = book.dropIdle(c, for: a)
        let droppedAgain = book.dropIdle(c, for: a)
        #expect(dropped && !droppedAgain)
        #expect(book.total == 0 && book.hosts.isEmpty)
    }
}
