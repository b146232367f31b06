import Deferred
import DeferredTesting
import Reactor
import ReactorTesting
import Testing

@testable import WebClient

@Suite("HTTPConnectionPool: getting, reusing and giving back connections")
struct PoolReuseTests {
    @Test func defaultsAreTwisted() {
        let h = PoolHarness()
        #expect(h.pool.maxPersistentPerHost == 2)
        #expect(h.pool.cachedConnectionTimeout == .seconds(240))
        #expect(h.pool.retryAutomatically)
        #expect(h.pool.persistent)
        #expect(h.pool.maxConnectionsPerHost == nil)
        #expect(h.pool.maxConnections == nil)
    }

    @Test func emptyPoolConnectsThroughTheEndpoint() throws {
        let h = PoolHarness()
        let d = h.get()
        #expect(h.reactor.tcpClients.count == 1)
        #expect(h.reactor.tcpClients[0].host == "example.com" && h.reactor.tcpClients[0].port == 80)
        try assertNoResult(d)
        #expect(h.pool.counters.connecting == 1)
        h.completeLast()
        let c = try successResultOf(d)
        #expect(!c.isReused)
        #expect(c.key == h.key)
        #expect(c.client.isQuiescent)
        #expect(h.pool.counters.connecting == 0 && h.pool.counters.opened == 1 && h.pool.counters.inUse == 1)
    }

    @Test func completedRequestReturnsTheConnectionAndItIsReused() throws {
        let h = PoolHarness()
        let c = try h.connection()
        #expect(try h.roundTrip(c) == Array("ok".utf8))
        #expect(h.pool.idleConnections(for: h.key).map(ObjectIdentifier.init) == [ObjectIdentifier(c)])
        #expect(h.pool.counters.idle == 1 && h.pool.counters.inUse == 0)
        let d = h.get()
        let again = try successResultOf(d)  // already fired: no connection attempt
        #expect(again === c)
        #expect(again.isReused)
        #expect(h.reactor.tcpClients.count == 1)
        #expect(h.pool.counters.reused == 1 && h.pool.counters.inUse == 1 && h.pool.counters.idle == 0)
        h.transport(c).clear()
        #expect(try h.roundTrip(again, path: "/2") == Array("ok".utf8))
        #expect(h.transport(c).text.hasPrefix("GET /2 HTTP/1.1\r\n"))
    }

    @Test func aConnectionStaysOutOfThePoolUntilItsRequestCompletes() throws {
        let h = PoolHarness()
        let c = try h.connection()
        let response = c.request(Request(method: "GET", target: "/", host: "example.com"))
        #expect(h.pool.idleConnections(for: h.key).isEmpty)
        let second = h.get()
        #expect(h.reactor.tcpClients.count == 2)  // a new connection, the busy one is not shared
        h.completeLast()
        #expect(try successResultOf(second) !== c)
        h.feed(c, "HTTP/1.1 204 No Content\r\n\r\n")
        _ = try successResultOf(response)
        #expect(h.pool.idleConnections(for: h.key).count == 1)
    }

    @Test func mostRecentlyUsedIdleConnectionIsHandedOutFirst() throws {
        let h = PoolHarness()
        let a = try h.connection()
        let b = try h.connection()
        let c = try h.connection()
        try h.roundTrip(a)
        try h.roundTrip(c)
        try h.roundTrip(b)  // idle, oldest first: a, c, b
        #expect(h.pool.idleConnections(for: h.key).map(ObjectIdentifier.init) == [ObjectIdentifier(c), ObjectIdentifier(b)])
        #expect(try successResultOf(h.get()) === b)
        #expect(try successResultOf(h.get()) === c)
    }

    @Test func overMaxPersistentPerHostTheOldestIdleConnectionIsEvictedAndClosed() throws {
        let h = PoolHarness()
        let conns = try (0..<3).map { _ in try h.connection() }
        try h.roundTrip(conns[0])
        try h.roundTrip(conns[1])
        #expect(h.reactor.getDelayedCalls().count == 2)
        try h.roundTrip(conns[2])
        #expect(h.transport(conns[0]).isDisconnecting)
        #expect(!h.transport(conns[1]).isDisconnecting && !h.transport(conns[2]).isDisconnecting)
        #expect(h.pool.idleConnections(for: h.key).map(ObjectIdentifier.init) == conns[1...].map(ObjectIdentifier.init))
        #expect(h.reactor.getDelayedCalls().count == 2)  // the evicted one's timer was cancelled
        #expect(h.pool.counters.evicted == 1 && h.pool.counters.idle == 2)
        // Its close, when it arrives, changes nothing more.
        h.serverCloses(conns[0])
        #expect(h.pool.counters.lost == 0 && h.pool.counters.idle == 2)
    }

    @Test func maxPersistentPerHostZeroCachesNothing() throws {
        let h = PoolHarness()
        h.pool.maxPersistentPerHost = 0
        let c = try h.connection()
        try h.roundTrip(c)
        #expect(h.transport(c).isDisconnecting)
        #expect(h.pool.idleConnections(for: h.key).isEmpty)
        #expect(h.reactor.getDelayedCalls().isEmpty)
    }

    @Test func keysAreSeparate() throws {
        let h = PoolHarness()
        let other = PoolKey(scheme: "http", host: "example.com", port: 8080)
        let c = try h.connection()
        try h.roundTrip(c)
        _ = h.get(other)
        #expect(h.reactor.tcpClients.count == 2)
        #expect(h.pool.idleConnections(for: h.key).count == 1)
    }

    @Test func nonQuiescentConnectionIsRefusedReportedAndLeftAlone() throws {
        let h = PoolHarness()
        let c = try h.connection()
        _ = c.request(Request(method: "GET", target: "/", host: "example.com"))
        h.pool.putConnection(c)
        #expect(h.refusals.count == 1)
        #expect(h.refusals.first?.state == "WAITING")
        #expect(h.pool.counters.refused == 1)
        #expect(h.pool.idleConnections(for: h.key).isEmpty)
        #expect(!h.transport(c).isDisconnecting)
    }

    @Test func putConnectionTwiceParksOnce() throws {
        let h = PoolHarness()
        let c = try h.idleConnection()
        h.pool.putConnection(c)
        #expect(h.pool.idleConnections(for: h.key).count == 1)
        #expect(h.reactor.getDelayedCalls().count == 1)
    }

    @Test func removeConnectionClosesAndForgets() throws {
        let h = PoolHarness()
        let idle = try h.idleConnection()
        h.pool.removeConnection(idle)
        #expect(h.transport(idle).isDisconnecting)
        #expect(h.pool.idleConnections(for: h.key).isEmpty)
        #expect(h.reactor.getDelayedCalls().isEmpty)
        let busy = try h.connection()
        h.pool.removeConnection(busy)
        #expect(h.transport(busy).isDisconnecting)
        #expect(h.pool.counters.inUse == 0 && h.pool.counters.idle == 0)
    }

    @Test func invalidRequestLeavesTheConnectionInThePool() throws {
        let h = PoolHarness()
        let c = try h.connection()
        let d = c.request(Request(method: "BAD METHOD", target: "/", host: "example.com"))
        _ = try failureResultOf(d, InvalidRequest.self)
        #expect(h.pool.idleConnections(for: h.key).count == 1)
        #expect(h.transport(c).value.isEmpty)
    }

    @Test func cancellingGetConnectionCancelsTheConnectAttempt() throws {
        let h = PoolHarness()
        let d = h.get()
        d.cancel()
        _ = try failureResultOf(d, ConnectingCancelledError.self)
        #expect(h.connectors[0].stoppedConnecting)
        #expect(h.pool.counters.connecting == 0 && h.pool.counters.failedToOpen == 1)
    }

    @Test func failedConnectFailsGetConnection() throws {
        let h = PoolHarness()
        let d = h.get()
        h.connectors[0].fail(ConnectError.refused())
        #expect(try failureResultOf(d, ConnectError.self).code == .refused)
        #expect(h.pool.counters.failedToOpen == 1 && h.pool.counters.inUse == 0)
    }

    @Test func responseForbiddingReuseClosesAndNeverCaches() throws {
        let h = PoolHarness()
        let c = try h.connection()
        let d = c.request(Request(method: "GET", target: "/", host: "example.com"))
        h.feed(c, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
        _ = try successResultOf(d)
        #expect(h.transport(c).isDisconnecting)
        #expect(h.pool.idleConnections(for: h.key).isEmpty)
        h.serverCloses(c)
        #expect(h.pool.counters.inUse == 0 && h.pool.counters.lost == 1)
    }

    @Test func nonPersistentPoolCachesNothing() throws {
        let h = PoolHarness(persistent: false)
        let c = try h.connection()
        // A non-persistent request asks the server to close; the protocol then never calls back.
        let d = c.request(Request(method: "GET", target: "/", host: "example.com", persistent: false))
        #expect(h.transport(c).text.contains("Connection: close\r\n"))
        h.feed(c, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
        _ = try successResultOf(d)
        #expect(h.pool.idleConnections(for: h.key).isEmpty)
        // Even a quiescent connection given back by hand is closed.
        let other = try h.connection()
        h.pool.putConnection(other)
        #expect(h.transport(other).isDisconnecting)
        #expect(h.pool.idleConnections(for: h.key).isEmpty)
    }
}

@Suite("HTTPConnectionPool: a request started from the previous body's end")
struct PoolReentrancyTests {
    @Test func nextRequestStartedWhenTheBodyEndsReusesTheConnectionAndGetsItsOwnResponse() throws {
        let h = PoolHarness()
        let c = try h.connection()
        var second: Deferred<Response>?
        let first = c.request(Request(method: "GET", target: "/1", host: "example.com"))
        h.feed(c, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n")
        let body = readBody(try successResultOf(first)).addCallback { (bytes: [UInt8]) -> [UInt8] in
            // The connection is back in the pool: take it and send at once, from inside the body's end.
            let again = try successResultOf(h.get())
            #expect(again === c)
            second = again.request(Request(method: "GET", target: "/2", host: "example.com"))
            return bytes
        }
        h.feed(c, "A")
        #expect(try successResultOf(body) == Array("A".utf8))
        let pending = try #require(second)
        try assertNoResult(pending)
        #expect(h.transport(c).text.contains("GET /2 HTTP/1.1\r\n"))
        h.feed(c, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nB")
        let response = try successResultOf(pending)
        #expect(try successResultOf(readBody(response)) == Array("B".utf8))
        #expect(response.request.target == "/2")
    }
}
