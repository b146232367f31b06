import Deferred
import DeferredTesting
import Reactor
import ReactorTesting
import Testing

@testable import WebClient

@Suite("HTTPConnectionPool: connection limits, the waiter queue, counters")
struct PoolLimitTests {
    @Test func atMaxConnectionsPerHostCallersWaitAndGetTheConnectionThatComesBack() throws {
        let h = PoolHarness()
        h.pool.maxConnectionsPerHost = 1
        let c = try h.connection()
        let waiting = h.get()
        try assertNoResult(waiting)
        #expect(h.reactor.tcpClients.count == 1)
        #expect(h.pool.counters.waiting == 1)
        try h.roundTrip(c)
        #expect(try successResultOf(waiting) === c)
        #expect(c.isReused)
        #expect(h.pool.counters.waiting == 0 && h.pool.counters.reused == 1 && h.pool.counters.inUse == 1)
        #expect(h.reactor.getDelayedCalls().isEmpty)  // handed over, never parked
    }

    @Test func waitersAreServedFirstComeFirstServed() throws {
        let h = PoolHarness()
        h.pool.maxConnectionsPerHost = 1
        let c = try h.connection()
        var order: [Int] = []
        let waiters = (1...3).map { i in
            h.get().addCallback { (conn: PooledConnection) -> PooledConnection in
                order.append(i)
                return conn
            }
        }
        for _ in waiters {
            try h.roundTrip(c)
        }
        #expect(order == [1, 2, 3])
    }

    @Test func lossOfABusyConnectionStartsAConnectionForTheFirstWaiter() throws {
        let h = PoolHarness()
        h.pool.maxConnectionsPerHost = 1
        let c = try h.connection()
        let waiting = h.get()
        h.serverCloses(c)
        #expect(h.reactor.tcpClients.count == 2)
        #expect(h.pool.counters.waiting == 0 && h.pool.counters.connecting == 1)
        h.completeLast()
        #expect(try successResultOf(waiting) !== c)
    }

    @Test func aFailedConnectLetsTheNextWaiterTry() throws {
        let h = PoolHarness()
        h.pool.maxConnectionsPerHost = 1
        let first = h.get()
        let second = h.get()
        #expect(h.reactor.tcpClients.count == 1)
        h.connectors[0].fail()
        _ = try failureResultOf(first, ConnectError.self)
        #expect(h.reactor.tcpClients.count == 2)
        h.completeLast()
        _ = try successResultOf(second)
    }

    @Test func waitTimeoutFailsWithPoolTimeoutAtExactlyItsDeadline() throws {
        let h = PoolHarness()
        h.pool.maxConnectionsPerHost = 1
        let c = try h.connection()
        let waiting = h.get(waitTimeout: .seconds(5))
        h.reactor.advance(.seconds(5) - .nanoseconds(1))
        try assertNoResult(waiting)
        h.reactor.advance(.nanoseconds(1))
        let error = try failureResultOf(waiting, PoolTimeout.self)
        #expect(error.key == h.key && error.timeout == .seconds(5))
        #expect(h.pool.counters.waiting == 0 && h.pool.counters.waitTimeouts == 1)
        // The connection coming back now goes idle, not to the timed-out waiter.
        try h.roundTrip(c)
        #expect(h.pool.idleConnections(for: h.key).count == 1)
    }

    @Test func poolWideWaitTimeoutAppliesByDefault() throws {
        let h = PoolHarness()
        h.pool.maxConnectionsPerHost = 1
        h.pool.waitTimeout = .seconds(2)
        _ = try h.connection()
        let waiting = h.get()
        h.reactor.advance(.seconds(2))
        _ = try failureResultOf(waiting, PoolTimeout.self)
    }

    @Test func servedWaiterCancelsItsTimer() throws {
        let h = PoolHarness()
        h.pool.maxConnectionsPerHost = 1
        let c = try h.connection()
        let waiting = h.get(waitTimeout: .seconds(5))
        try h.roundTrip(c)
        _ = try successResultOf(waiting)
        #expect(h.reactor.getDelayedCalls().isEmpty)
    }

    @Test func cancelledWaiterLeavesTheQueue() throws {
        let h = PoolHarness()
        h.pool.maxConnectionsPerHost = 1
        let c = try h.connection()
        let first = h.get(waitTimeout: .seconds(5))
        let second = h.get()
        first.cancel()
        _ = try failureResultOf(first, CancelledError.self)
        #expect(h.pool.counters.waiting == 1)
        #expect(h.reactor.getDelayedCalls().isEmpty)
        try h.roundTrip(c)
        #expect(try successResultOf(second) === c)
    }

    @Test func cancellingAWaiterWhoseConnectionIsBeingOpenedCancelsTheAttempt() throws {
        let h = PoolHarness()
        h.pool.maxConnectionsPerHost = 1
        let c = try h.connection()
        let waiting = h.get()
        h.serverCloses(c)
        #expect(h.reactor.tcpClients.count == 2)
        waiting.cancel()
        #expect(h.connectors[1].stoppedConnecting)
        _ = try failureResultOf(waiting, ConnectingCancelledError.self)
        #expect(h.pool.book.total == 0 && h.pool.counters.connecting == 0)
    }

    @Test func idleConnectionsCountTowardsTheLimitButAreReusedFirst() throws {
        let h = PoolHarness()
        h.pool.maxConnectionsPerHost = 2
        let a = try h.connection()
        let b = try h.connection()
        try h.roundTrip(a)
        #expect(try successResultOf(h.get()) === a)
        let third = h.get()
        try assertNoResult(third)
        try h.roundTrip(b)
        #expect(try successResultOf(third) === b)
    }

    @Test func maxConnectionsAcrossKeysEvictsAnIdleConnectionOfAnotherKey() throws {
        let h = PoolHarness()
        h.pool.maxConnections = 1
        let other = PoolKey(scheme: "http", host: "other.example", port: 80)
        let a = try h.connection()
        let waiting = h.get(other)
        try assertNoResult(waiting)
        #expect(h.reactor.tcpClients.count == 1)
        try h.roundTrip(a)  // parked, then evicted for the other key's waiter
        #expect(h.transport(a).isDisconnecting)
        #expect(h.pool.counters.evicted == 1)
        #expect(h.reactor.tcpClients.count == 2)
        h.completeLast()
        #expect(try successResultOf(waiting).key == other)
        // With an idle connection of another key, a new key connects at once, evicting it.
        let b = try successResultOf(waiting)
        try h.roundTrip(b)
        _ = h.get()
        #expect(h.transport(b).isDisconnecting)
        #expect(h.reactor.tcpClients.count == 3)
        #expect(h.pool.counters.evicted == 2)
    }

    @Test func raisingTheLimitServesWaiters() throws {
        let h = PoolHarness()
        h.pool.maxConnectionsPerHost = 1
        _ = try h.connection()
        let waiting = h.get()
        h.pool.maxConnectionsPerHost = 2
        #expect(h.reactor.tcpClients.count == 2)
        h.completeLast()
        _ = try successResultOf(waiting)
    }

    @Test func countersTellTheStory() throws {
        let h = PoolHarness()
        h.pool.maxConnectionsPerHost = 2
        let a = try h.connection()
        let b = try h.connection()
        let waiter = h.get()
        #expect(
            h.pool.counters.opened == 2 && h.pool.counters.inUse == 2 && h.pool.counters.waiting == 1
                && h.pool.counters.idle == 0)
        try h.roundTrip(a)  // handed to the waiter
        try h.roundTrip(a)  // parked
        try h.roundTrip(b)  // parked
        _ = try successResultOf(waiter)
        #expect(h.pool.counters.idle == 2 && h.pool.counters.inUse == 0 && h.pool.counters.reused == 1)
        h.reactor.advance(.seconds(240))
        var expected = PoolCounters()
        expected.opened = 2
        expected.reused = 1
        expected.idleClosed = 2
        #expect(h.pool.counters == expected)
        #expect(h.pool.counters.description.contains("idleClosed=2"))
    }
}
