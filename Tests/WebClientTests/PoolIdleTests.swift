import Deferred
import DeferredTesting
import Reactor
import ReactorTesting
import Testing

@testable import WebClient

@Suite("HTTPConnectionPool: idle timeouts, server closes, closeCachedConnections")
struct PoolIdleTests {
    @Test func idleConnectionClosesAtExactlyItsDeadlineAndNotATickBefore() throws {
        let h = PoolHarness()
        h.reactor.advance(.seconds(7))
        let c = try h.idleConnection()
        #expect(h.reactor.getDelayedCalls().map(\.time) == [.seconds(247)])
        h.reactor.advance(.seconds(240) - .nanoseconds(1))
        #expect(!h.transport(c).isDisconnecting)
        #expect(h.pool.idleConnections(for: h.key).count == 1)
        h.reactor.advance(.nanoseconds(1))
        #expect(h.transport(c).isDisconnecting)
        #expect(h.pool.idleConnections(for: h.key).isEmpty)
        #expect(h.pool.counters.idleClosed == 1 && h.pool.counters.idle == 0)
        // The next caller gets a new connection.
        _ = h.get()
        #expect(h.reactor.tcpClients.count == 2)
    }

    @Test func cachedConnectionTimeoutIsConfigurable() throws {
        let h = PoolHarness()
        h.pool.cachedConnectionTimeout = .seconds(5)
        let c = try h.idleConnection()
        h.reactor.advance(.seconds(5))
        #expect(h.transport(c).isDisconnecting)
    }

    @Test func takingAConnectionCancelsItsTimerAndParkingAgainStartsAFreshOne() throws {
        let h = PoolHarness()
        let c = try h.idleConnection()
        h.reactor.advance(.seconds(200))
        #expect(try successResultOf(h.get()) === c)
        #expect(h.reactor.getDelayedCalls().isEmpty)
        h.reactor.advance(.seconds(100))
        #expect(!h.transport(c).isDisconnecting)
        try h.roundTrip(c)
        #expect(h.reactor.getDelayedCalls().map(\.time) == [.seconds(540)])
    }

    @Test func serverClosingAnIdleConnectionDropsItAtOnce() throws {
        let h = PoolHarness()
        let c = try h.idleConnection()
        h.serverCloses(c)
        #expect(h.pool.idleConnections(for: h.key).isEmpty)
        #expect(h.reactor.getDelayedCalls().isEmpty)
        #expect(h.pool.counters.lost == 1 && h.pool.counters.idle == 0)
        let d = h.get()
        #expect(h.reactor.tcpClients.count == 2)  // never handed out dead
        h.completeLast()
        #expect(try successResultOf(d) !== c)
    }

    @Test func bytesOnAnIdleConnectionCloseIt() throws {
        let h = PoolHarness()
        let c = try h.idleConnection()
        h.feed(c, "HTTP/1.1 408 Request Timeout\r\n\r\n")
        #expect(h.transport(c).isDisconnecting)
        h.serverCloses(c)
        #expect(h.pool.idleConnections(for: h.key).isEmpty)
    }

    @Test func idleConnectionsKeepReading() throws {
        let h = PoolHarness()
        let c = try h.idleConnection()
        #expect(h.transport(c).producerState == .producing)
    }

    @Test func closeCachedConnectionsFiresOnlyAfterTheLastClose() throws {
        let h = PoolHarness()
        let a = try h.connection()
        let b = try h.connection()
        let busy = try h.connection()
        try h.roundTrip(a)
        try h.roundTrip(b)
        let done = h.pool.closeCachedConnections()
        #expect(h.transport(a).isDisconnecting && h.transport(b).isDisconnecting)
        #expect(!h.transport(busy).isDisconnecting)  // in use: untouched
        #expect(h.reactor.getDelayedCalls().isEmpty)
        #expect(h.pool.idleConnections(for: h.key).isEmpty)
        try assertNoResult(done)
        h.serverCloses(a)
        try assertNoResult(done)
        h.serverCloses(b)
        _ = try successResultOf(done)
        // A connection coming back afterwards is cached again, with a fresh timer.
        try h.roundTrip(busy)
        #expect(h.pool.idleConnections(for: h.key).count == 1)
        #expect(h.reactor.getDelayedCalls().count == 1)
    }

    @Test func closeCachedConnectionsOnAnEmptyPoolFiresAtOnce() throws {
        let h = PoolHarness()
        _ = try successResultOf(h.pool.closeCachedConnections())
    }

    @Test func lossOfABusyConnectionFreesItsSlot() throws {
        let h = PoolHarness()
        let c = try h.connection()
        let d = c.request(Request(method: "GET", target: "/", host: "example.com"))
        h.serverCloses(c, reason: ConnectionLost("reset"))
        _ = try failureResultOf(d, ResponseNeverReceived.self)
        #expect(h.pool.counters.inUse == 0 && h.pool.counters.lost == 1)
        #expect(h.pool.book.total == 0)
    }
}
