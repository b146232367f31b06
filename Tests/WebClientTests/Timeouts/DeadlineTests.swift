import Deferred
import DeferredTesting
import Reactor
import ReactorTesting
import Testing

@testable import WebClient

@Suite("Agent timeouts: total deadline and cancellation")
struct DeadlineTests {
    private let timeouts = AgentTimeouts(connect: .seconds(30), total: .seconds(10))

    @Test func theDeadlineCountsFromTheRequestCallWhileConnecting() throws {
        let h = TimeoutHarness(timeouts)
        let d = h.get()
        try h.advance(toTickBefore: .seconds(10)) { try assertNoResult(d) }
        let error = try failureResultOf(d, RequestDeadlineExceeded.self)
        #expect(error.timeout == .seconds(10) && error.phase == .connecting)
        #expect(h.connector().stoppedConnecting)
        #expect(h.pendingRequestTimers == 0)
    }

    @Test func aSlowLorisHeadIsBoundedByTheDeadline() throws {
        let h = TimeoutHarness(AgentTimeouts(read: .seconds(2), total: .seconds(10)))
        let d = h.get()
        h.reactor.advance(.seconds(3))
        h.connector().complete()
        // One byte a second keeps the idle read timer quiet, not the deadline.
        for byte in "HTTP/1.1 200".utf8.prefix(6) {
            h.reactor.advance(.seconds(1))
            h.connector().protocolInstance!.dataReceived([byte])
        }
        try assertNoResult(d)
        try h.advance(toTickBefore: .seconds(1)) { try assertNoResult(d) }
        #expect(try failureResultOf(d, RequestDeadlineExceeded.self).phase == .awaitingHead)
        #expect(h.transport().isDisconnected)
        h.deliverAbort()
        #expect(h.pool.counters.lost == 1 && h.pool.counters.idle == 0 && h.pool.counters.inUse == 0)
    }

    @Test func theDeadlineCoversTheBody() throws {
        let h = TimeoutHarness(timeouts)
        let d = h.get()
        h.connector().complete()
        h.reactor.advance(.seconds(4))
        h.feed(0, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")
        let body = readBody(try successResultOf(d))
        try h.advance(toTickBefore: .seconds(6)) { try assertNoResult(body) }
        #expect(try failureResultOf(body, RequestDeadlineExceeded.self).phase == .readingBody)
        #expect(h.transport().isDisconnected)
        #expect(h.pendingRequestTimers == 0)
    }

    @Test func theDeadlineCoversTheWaitInThePoolQueue() throws {
        let h = TimeoutHarness(AgentTimeouts(connect: nil, total: .seconds(10)))
        h.pool.maxConnectionsPerHost = 1
        let first = h.get()
        h.connector().complete()
        let queued = h.get()
        h.reactor.advance(.seconds(10))
        #expect(try failureResultOf(queued, RequestDeadlineExceeded.self).phase == .connecting)
        #expect(try failureResultOf(first, RequestDeadlineExceeded.self).phase == .awaitingHead)
        #expect(h.pool.counters.waiting == 0)
    }

    @Test func aResponseInTimeCancelsEveryTimer() throws {
        let h = TimeoutHarness(AgentTimeouts(connect: .seconds(5), read: .seconds(2), total: .seconds(10)))
        let d = h.get()
        h.connector().complete()
        h.feed(0, TimeoutHarness.okResponse)
        _ = try successResultOf(readBody(try successResultOf(d)))
        #expect(h.pendingRequestTimers == 0)
        #expect(h.pool.counters.idle == 1)
    }

    @Test func aPerRequestLimitOverridesTheAgents() throws {
        let h = TimeoutHarness(timeouts)
        let d = h.get(timeouts: AgentTimeouts(total: .seconds(3)))
        h.connector().complete()
        h.reactor.advance(.seconds(3))
        #expect(try failureResultOf(d, RequestDeadlineExceeded.self).timeout == .seconds(3))
    }

    // MARK: - Cancellation

    @Test func cancellingBeforeTheTimeoutKeepsTheCancellationErrorAndStopsTheTimers() throws {
        let h = TimeoutHarness(AgentTimeouts(read: .seconds(2), total: .seconds(10)))
        let d = h.get()
        h.connector().complete()
        d.cancel()
        let error = try failureResultOf(d, ResponseNeverReceived.self)
        #expect(error.hasReason(CancelledError.self))
        #expect(h.transport().isDisconnected)
        #expect(h.pendingRequestTimers == 0)
        h.reactor.advance(.seconds(20))
        _ = try failureResultOf(d, ResponseNeverReceived.self)
    }

    @Test func cancellingWhileConnectingStopsTheAttempt() throws {
        let h = TimeoutHarness(timeouts)
        let d = h.get()
        d.cancel()
        _ = try failureResultOf(d, ConnectingCancelledError.self)
        #expect(h.connector().stoppedConnecting)
        #expect(h.pendingRequestTimers == 0)
    }

    @Test func cancellingAfterTheTimeoutChangesNothing() throws {
        let h = TimeoutHarness(timeouts)
        let d = h.get()
        h.connector().complete()
        h.reactor.advance(.seconds(10))
        d.cancel()
        #expect(try failureResultOf(d, RequestDeadlineExceeded.self).phase == .awaitingHead)
    }

    @Test func cancellingTheBodyReadStopsTheTimers() throws {
        let h = TimeoutHarness(timeouts)
        let d = h.get()
        h.connector().complete()
        h.feed(0, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")
        let body = readBody(try successResultOf(d))
        body.cancel()
        _ = try failureResultOf(body, CancelledError.self)
        #expect(h.pendingRequestTimers == 0)
        #expect(h.transport().isDisconnected)
    }

    @Test func aBodyReadCancelledAfterTheDeadlineKeepsTheDeadlineError() throws {
        let h = TimeoutHarness(timeouts)
        let d = h.get()
        h.connector().complete()
        h.feed(0, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")
        let body = readBody(try successResultOf(d))
        h.reactor.advance(.seconds(10))
        body.cancel()
        _ = try failureResultOf(body, RequestDeadlineExceeded.self)
    }
}
