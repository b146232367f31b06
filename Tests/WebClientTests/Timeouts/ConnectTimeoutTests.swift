import Deferred
import DeferredTesting
import Reactor
import ReactorTesting
import Testing

@testable import WebClient

@Suite("Agent timeouts: connect")
struct ConnectTimeoutTests {
    @Test func connectTimeoutFiresAtItsDeadlineAndStopsTheAttempt() throws {
        let h = TimeoutHarness(AgentTimeouts(connect: .seconds(5)))
        let d = h.get()
        try h.advance(toTickBefore: .seconds(5)) {
            try assertNoResult(d)
            #expect(h.connector().state == .connecting)
        }
        let error = try failureResultOf(d, ConnectTimeoutError.self)
        #expect(error.timeout == .seconds(5) && error.phase == .connecting)
        #expect(error.uri == "http://example.com/")
        #expect(h.connector().stoppedConnecting)
        #expect(h.pool.counters.connecting == 0 && h.pool.counters.failedToOpen == 1 && h.pool.counters.opened == 0)
        #expect(h.pendingRequestTimers == 0)
    }

    @Test func aConnectionInTimeCancelsTheConnectTimer() throws {
        let h = TimeoutHarness(AgentTimeouts(connect: .seconds(5)))
        let d = h.get()
        h.reactor.advance(.seconds(4))
        h.connector().complete()
        #expect(h.pendingRequestTimers == 0)
        h.reactor.advance(.seconds(10))
        try assertNoResult(d)
        h.feed(0, TimeoutHarness.okResponse)
        #expect(try successResultOf(d).code == 200)
    }

    @Test func aPerAttemptTimeoutFromTheReactorIsAConnectTimeoutError() throws {
        let h = TimeoutHarness(AgentTimeouts(connect: .seconds(5)))
        let d = h.get()
        h.connector().fail(ConnectError.timedOut())
        #expect(try failureResultOf(d, ConnectTimeoutError.self).timeout == .seconds(5))
        #expect(h.pendingRequestTimers == 0)
    }

    @Test func otherConnectErrorsPassThrough() throws {
        let h = TimeoutHarness(AgentTimeouts(connect: .seconds(5)))
        let d = h.get()
        h.connector().fail(ConnectError.refused())
        #expect(try failureResultOf(d, ConnectError.self).code == .refused)
    }

    @Test func aReusedConnectionArmsNoTimer() throws {
        let h = TimeoutHarness(AgentTimeouts(connect: .seconds(5)))
        try h.idleConnection()
        let d = h.get()
        #expect(h.reactor.getDelayedCalls().isEmpty)
        h.feed(0, TimeoutHarness.okResponse)
        #expect(try successResultOf(d).code == 200)
    }

    @Test func timeToWaitInThePoolQueueCounts() throws {
        let h = TimeoutHarness(AgentTimeouts(connect: .seconds(5)))
        h.pool.maxConnectionsPerHost = 1
        let first = h.get()
        h.connector().complete()
        let queued = h.get()
        #expect(h.pool.counters.waiting == 1)
        try h.advance(toTickBefore: .seconds(5)) { try assertNoResult(queued) }
        #expect(try failureResultOf(queued, ConnectTimeoutError.self).phase == .connecting)
        #expect(h.pool.counters.waiting == 0)
        // The first request is untouched.
        h.feed(0, TimeoutHarness.okResponse)
        #expect(try successResultOf(first).code == 200)
    }

    @Test func theAgentInitialiserUsesConnectTimeoutForBothLimits() throws {
        let reactor = MemoryReactorClock()
        let agent = Agent(reactor: reactor, connectTimeout: .seconds(7), readTimeout: .seconds(3), totalTimeout: .seconds(60))
        #expect(agent.timeouts == AgentTimeouts(connect: .seconds(7), read: .seconds(3), total: .seconds(60)))
        let d = agent.request(method: "GET", uri: "http://192.0.2.1/")
        #expect(reactor.tcpClients[0].timeout == .seconds(7))
        try reactor.advance(toTickBefore: .seconds(7)) { try assertNoResult(d) }
        _ = try failureResultOf(d, ConnectTimeoutError.self)
    }
}
