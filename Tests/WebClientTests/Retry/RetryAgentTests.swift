import Deferred
import DeferredTesting
import Reactor
import ReactorTesting
import Testing

@testable import WebClient

/// `RetryAgent` around a real `Agent` and pool on the fake clock: every wait to the tick, `Retry-After`,
/// bodies, the deadline, cancellation, and no timer left behind.
@Suite("RetryAgent (fake clock)")
struct RetryAgentTests {
    @Test func refusedConnectionsAreRetriedWithTheBackoffToTheTick() throws {
        let h = RetryHarness(Retry(backoffFactor: .milliseconds(100)))
        let d = h.request()
        h.refuse(0)
        #expect(h.attempts == 1)  // the first retry waits zero, on the clock
        h.reactor.advance(.zero)
        #expect(h.attempts == 2)
        h.refuse(1)
        h.reactor.advance(toTickBefore: .milliseconds(200)) { #expect(h.attempts == 2) }
        #expect(h.attempts == 3)
        h.answer(2, RetryHarness.ok)
        let response = try successResultOf(d)
        #expect(try successResultOf(readBody(response)) == Array("ok".utf8))
        #expect(response.retryHistory.map(\.errorClass) == [.connectionRefused, .connectionRefused])
        #expect(response.retryHistory.map(\.wait) == [.zero, .milliseconds(200)])
        #expect(response.retryHistory.map(\.startedAt) == [.zero, .zero])
        #expect(h.pendingTimers == 0)
    }

    @Test func a503WithRetryAfterIsDrainedAndItsConnectionReused() throws {
        let h = RetryHarness()
        let d = h.request()
        h.answer(0, RetryHarness.status(503, retryAfter: "2"))
        try h.reactor.advance(toTickBefore: .seconds(2)) {
            try assertNoResult(d)
            #expect(h.pool.counters.idle == 1)  // the 503's body was read: its connection went back
        }
        #expect(h.attempts == 1)  // the retry went out on the same connection
        #expect(h.written(0).occurrences(of: "GET / HTTP/1.1") == 2)
        h.feed(0, RetryHarness.ok)
        let response = try successResultOf(d)
        #expect(response.code == 200)
        let first = try #require(response.retryHistory.first)
        #expect(first.status == 503 && first.wait == .seconds(2) && first.waitFromRetryAfter)
        #expect(h.pool.counters.reused == 1)
    }

    @Test func aRetryAfterDateIsMeasuredWithTheWallClock() throws {
        let h = RetryHarness()
        let d = h.request()
        h.reactor.advance(.seconds(1))
        let date = HTTPDate(secondsSince1970: RetryHarness.wallStart.secondsSince1970 + 6)
        h.answer(0, RetryHarness.status(429, retryAfter: date.imfFixdate))
        // Wall clock at 1 s: the date is 5 s away.
        h.reactor.advance(toTickBefore: .seconds(5)) { #expect(h.written(0).occurrences(of: "GET") == 1) }
        #expect(h.written(0).occurrences(of: "GET") == 2)
        h.feed(0, RetryHarness.ok)
        #expect(try successResultOf(d).retryHistory.first?.wait == .seconds(5))
    }

    @Test func a503WithAGarbageRetryAfterIsTheCallersAndNoTimerIsSet() throws {
        let h = RetryHarness()
        let d = h.request()
        h.answer(0, RetryHarness.status(503, retryAfter: "in a while"))
        let response = try successResultOf(d)
        #expect(response.code == 503 && response.retryHistory.isEmpty)
        #expect(try successResultOf(readBody(response)) == Array("busy".utf8))
        #expect(h.pendingTimers == 0)
    }

    @Test func thePOSTIsRetriedAfterARefusalButNeverAfterItWasSent() throws {
        let h = RetryHarness()
        let body = BytesBodyProducer("order=1")
        let d = h.request("POST", body: body)
        h.refuse(0)
        h.reactor.advance(.zero)
        h.connector(1).complete()
        #expect(h.written(1).hasPrefix("POST / HTTP/1.1") && h.written(1).hasSuffix("order=1"))
        h.connector(1).loseConnection(reason: ConnectionDone())
        let error = try failureResultOf(d, ResponseNeverReceived.self)
        #expect(error.hasReason(ConnectionDone.self))
        h.reactor.advance(.seconds(60))
        #expect(h.attempts == 2)  // sent once; never again
    }

    @Test func aPOSTs503IsNotRetriedByDefault() throws {
        let h = RetryHarness()
        let d = h.request("POST", body: BytesBodyProducer("x"))
        h.answer(0, RetryHarness.status(503, retryAfter: "1"))
        #expect(try successResultOf(d).code == 503)
        #expect(h.pendingTimers == 0)
    }

    @Test func aRewindableBodyIsRewoundAndSentAgain() throws {
        let h = RetryHarness()
        let body = CountingBodyProducer("payload")
        let d = h.request("PUT", body: body)
        h.connector(0).complete()
        #expect(h.written(0).hasSuffix("payload"))
        h.connector(0).loseConnection(reason: ConnectionLost("reset", errno: 104))
        #expect(body.rewinds == 0)
        h.reactor.advance(.zero)
        #expect(body.rewinds == 1)
        h.answer(1, RetryHarness.ok)
        #expect(h.written(1).hasPrefix("PUT / HTTP/1.1") && h.written(1).hasSuffix("payload"))
        #expect(try successResultOf(d).retryHistory.first?.errorClass == .connectionLost)
    }

    @Test func aBodyThatCannotBeRewoundIsNotSentTwice() throws {
        let h = RetryHarness()
        let body = OneShotBodyProducer("once")
        let d = h.request("PUT", body: body)
        h.refuse(0)  // never started: retried as it is
        h.reactor.advance(.zero)
        h.connector(1).complete()
        h.connector(1).loseConnection(reason: ConnectionLost("reset", errno: 104))
        let error = try failureResultOf(d, BodyNotReplayable.self)
        #expect(error.history.count == 2 && error.method == "PUT")
        #expect(body.starts == 1)
        #expect(h.pendingTimers == 0)
    }

    @Test func cancellingDuringAWaitLeavesNoTimerAndNoAttempt() throws {
        let h = RetryHarness(Retry(backoffFactor: .seconds(1)))
        let d = h.request()
        h.refuse(0)
        h.reactor.advance(.zero)
        h.refuse(1)  // now waiting 2 s
        #expect(h.pendingTimers == 1)
        d.cancel()
        _ = try failureResultOf(d, CancelledError.self)
        #expect(h.reactor.getDelayedCalls().isEmpty)
        h.reactor.advance(.seconds(60))
        #expect(h.attempts == 2)
    }

    @Test func cancellingDuringAnAttemptCancelsItAndIsNotRetried() throws {
        let h = RetryHarness()
        let d = h.request()
        d.cancel()
        _ = try failureResultOf(d, ConnectingCancelledError.self)
        #expect(h.connector(0).stoppedConnecting)
        h.reactor.advance(.seconds(60))
        #expect(h.attempts == 1)
        #expect(h.reactor.getDelayedCalls().isEmpty)
    }

    @Test func cancellingWhileARetried503DrainsAbandonsItsBody() throws {
        let h = RetryHarness()
        let d = h.request()
        h.connector(0).complete()
        h.feed(0, "HTTP/1.1 503 X\r\nRetry-After: 3\r\nContent-Length: 100\r\n\r\npartial")
        d.cancel()
        _ = try failureResultOf(d, CancelledError.self)
        #expect(h.connector(0).transport?.isDisconnected ?? true)  // the half-read body's connection is closed
        #expect(h.pool.counters.idle == 0)
    }

    @Test func theDeadlineBoundsTheRetriesAndTheLastAttempt() throws {
        let h = RetryHarness(Retry(backoffFactor: .milliseconds(300)), timeouts: AgentTimeouts(total: .seconds(1)))
        let d = h.request()
        h.refuse(0)
        h.reactor.advance(.zero)
        h.refuse(1)
        h.reactor.advance(.milliseconds(600))
        h.connector(2).complete()  // the server never answers; 400 ms of the deadline are left
        try h.reactor.advance(toTickBefore: .milliseconds(400)) { try assertNoResult(d) }
        let error = try failureResultOf(d, RequestDeadlineExceeded.self)
        #expect(error.timeout == .seconds(1) && error.phase == .awaitingHead)
        #expect(h.pendingTimers == 0)
    }

    @Test func aWaitPastTheDeadlineIsNotStarted() throws {
        let h = RetryHarness(Retry(backoffFactor: .seconds(1)), timeouts: AgentTimeouts(total: .seconds(3)))
        let d = h.request()
        h.refuse(0)
        h.reactor.advance(.zero)
        h.reactor.advance(.milliseconds(1500))
        h.refuse(1)  // the next wait, 2 s, would end at 3.5 s
        let error = try failureResultOf(d, MaxRetryError.self)
        #expect(error.limit == .deadline(.seconds(3)) && error.history.count == 2)
        #expect(error.history[1].startedAt == .zero && error.history[1].duration == .milliseconds(1500))
        #expect(h.reactor.getDelayedCalls().isEmpty)
    }

    @Test func theTotalBudgetEndsInMaxRetryErrorWithTheHistory() throws {
        let h = RetryHarness(Retry(total: 2))
        let d = h.request()
        for index in 0..<3 {
            h.refuse(index)
            h.reactor.advance(.zero)
        }
        let error = try failureResultOf(d, MaxRetryError.self)
        #expect(error.limit == .total && error.history.count == 3 && h.attempts == 3)
        #expect(error.history.map(\.wait) == [.zero, .zero, nil])
        guard case .error(let last) = error.reason else { Issue.record("no error"); return }
        #expect((last as? ConnectError)?.code == .refused)
        #expect("\(error)".hasPrefix("GET http://example.com/ failed after 3 attempts (the total retry budget ran out)"))
    }

    @Test func withRaiseOnStatusOffTheLastResponseIsReturned() throws {
        let h = RetryHarness(Retry(total: 1, statusForcelist: [500], raiseOnStatus: false))
        let d = h.request()
        h.answer(0, RetryHarness.status(500))
        h.reactor.advance(.zero)
        h.feed(0, RetryHarness.status(500, body: "still"))
        let response = try successResultOf(d)
        #expect(response.code == 500 && response.retryHistory.count == 1)
        #expect(try successResultOf(readBody(response)) == Array("still".utf8))
    }

    @Test func withRaiseOnStatusTheLastStatusIsAnErrorAndItsBodyIsDrained() throws {
        let h = RetryHarness(Retry(total: 1, statusForcelist: [500]))
        let d = h.request()
        h.answer(0, RetryHarness.status(500))
        h.reactor.advance(.zero)
        h.feed(0, RetryHarness.status(500))
        let error = try failureResultOf(d, MaxRetryError.self)
        #expect(error.history.map(\.status) == [500, 500])
        #expect(h.pool.counters.idle == 1)
    }

    @Test func jitterComesFromTheAgentsRandomSource() throws {
        func waits(seed: UInt64) throws -> [Duration?] {
            let h = RetryHarness(Retry(total: 1, backoffJitter: .seconds(1), backoffOnFirstRetry: true), seed: seed)
            let d = h.request()
            h.refuse(0)
            h.reactor.advance(.seconds(2))
            h.refuse(1)
            return try failureResultOf(d, MaxRetryError.self).history.map(\.wait)
        }
        var generator = SeededGenerator(seed: 7)
        let unit = Double(generator.next() >> 11) * 0x1p-53
        #expect(try waits(seed: 7) == [.seconds(1) * unit, nil])
        #expect(try waits(seed: 7) == waits(seed: 7))
        #expect(try waits(seed: 7) != waits(seed: 8))
    }

    @Test func aPerRequestPolicyOverridesTheAgents() throws {
        let h = RetryHarness(Retry(total: 5))
        let d = h.agent.request(
            method: "GET", uri: "http://example.com/", headers: Headers(), bodyProducer: nil, timeouts: nil,
            retries: .none)
        h.refuse(0)
        #expect(try failureResultOf(d, MaxRetryError.self).limit == .total)
    }

    @Test func errorsThatAreNeverRetriedPassThroughUnchanged() throws {
        let h = RetryHarness()
        let bad = h.agent.request(method: "G ET", uri: "http://example.com/", headers: Headers(), bodyProducer: nil, timeouts: nil)
        #expect(try failureResultOf(bad, InvalidRequest.self).component == .method)
        let unparsable = h.agent.request(method: "GET", uri: "no scheme", headers: Headers(), bodyProducer: nil, timeouts: nil)
        _ = try failureResultOf(unparsable, InvalidURI.self)
        #expect(h.attempts == 0 && h.reactor.getDelayedCalls().isEmpty)
    }
}
