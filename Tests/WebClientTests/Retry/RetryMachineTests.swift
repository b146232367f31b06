import Deferred
import Reactor
import TLS
import Testing

@testable import WebClient

/// `RetryMachine` as a value: outcomes in, one action out, every budget and rule of `Retry` checked without
/// an agent, a clock or a connection.
@Suite("Retry machine")
struct RetryMachineTests {
    static let refused = ConnectError.refused()
    static let lost = ResponseNeverReceived([ConnectionDone()])
    static let wall = HTTPDate(secondsSince1970: 1_700_000_000)

    private func machine(
        _ policy: Retry = Retry(), method: String = "GET", body: Bool = false, replayable: Bool = true,
        timeouts: AgentTimeouts? = nil, startedAt: Duration = .seconds(100)
    ) -> RetryMachine {
        RetryMachine(
            RetryMachine.Setup(
                policy: policy, method: method, uri: "http://example.com/", hasBody: body, bodyReplayable: replayable,
                timeouts: timeouts, startedAt: startedAt))
    }

    /// The action in words, for comparisons.
    private func render(_ action: RetryMachine.Action) -> String {
        switch action {
        case .send(let number, let timeouts, let rewind):
            return "send \(number)" + (timeouts?.total.map { " total \($0)" } ?? "") + (rewind ? " rewind" : "")
        case .deliver(let history): return "deliver after \(history.count)"
        case .retryLater(let wait, let drain): return "wait \(wait)" + (drain ? " drain" : "")
        case .fail(let error, let drain): return "fail \(type(of: error))" + (drain ? " drain" : "")
        case .cancelAttempt: return "cancel attempt"
        case .stopWaiting: return "stop waiting"
        case .discard: return "discard"
        case .none: return "none"
        }
    }

    private func failedError(_ action: RetryMachine.Action) -> (any Error)? {
        if case .fail(let error, _) = action { return error }
        return nil
    }

    /// Fails attempts with `error` until the machine stops retrying; the renders, in order.
    private func failRepeatedly(_ m: inout RetryMachine, _ error: any Error, times: Int) -> [String] {
        var now = Duration.seconds(100)
        var out = [render(m.start(now: now))]
        for _ in 0..<times {
            let action = m.failed(error, now: now, unitRandom: 0)
            out.append(render(action))
            guard case .retryLater(let wait, _) = action else { break }
            now += wait
            out.append(render(m.waitEnded(now: now)))
        }
        return out
    }

    @Test func theTotalBudgetCountsEveryRetry() {
        var m = machine(Retry(total: 2))
        #expect(failRepeatedly(&m, Self.refused, times: 3) == ["send 1", "wait 0.0 seconds", "send 2", "wait 0.0 seconds", "send 3", "fail MaxRetryError"])
        let error = failedError(m.failed(Self.refused, now: .zero, unitRandom: 0))
        #expect(error == nil)  // finished: later outcomes change nothing
    }

    @Test(arguments: [
        (Retry(total: nil, connect: 1), ConnectError.refused() as any Error, RetryErrorClass.Budget.connect),
        (Retry(total: nil, read: 1), ResponseNeverReceived([ConnectionDone()]) as any Error, .read),
        (Retry(total: nil, other: 1), ResponseNeverReceived([TLSError.handshakeFailed("alert")]) as any Error, .other),
    ])
    func eachKindHasItsOwnBudget(policy: Retry, error: any Error, budget: RetryErrorClass.Budget) throws {
        var m = machine(policy)
        #expect(failRepeatedly(&m, error, times: 2) == ["send 1", "wait 0.0 seconds", "send 2", "fail MaxRetryError"])
        let failure = try #require(m.history.isEmpty ? nil : Optional(m.history))
        #expect(failure.count == 1)
        var again = machine(policy)
        _ = again.start(now: .zero)
        _ = again.failed(error, now: .zero, unitRandom: 0)
        _ = again.waitEnded(now: .zero)
        let maxRetry = try #require(failedError(again.failed(error, now: .zero, unitRandom: 0)) as? MaxRetryError)
        #expect(maxRetry.limit == .budget(budget))
        #expect(maxRetry.history.count == 2 && maxRetry.history.last?.wait == nil)
    }

    @Test func aKindsBudgetOfZeroStopsTheFirstRetryButOthersStillRun() throws {
        var m = machine(Retry(total: 5, connect: 0))
        _ = m.start(now: .zero)
        #expect(render(m.failed(Self.lost, now: .zero, unitRandom: 0)) == "wait 0.0 seconds")
        _ = m.waitEnded(now: .zero)
        let error = try #require(failedError(m.failed(Self.refused, now: .zero, unitRandom: 0)) as? MaxRetryError)
        #expect(error.limit == .budget(.connect) && error.history.count == 2)
    }

    @Test func theStatusBudgetRaisesOrReturnsTheLastResponse() throws {
        var raising = machine(Retry(total: nil, status: 1, statusForcelist: [500]))
        _ = raising.start(now: .zero)
        #expect(render(raising.received(status: 500, retryAfter: nil, now: .zero, wallClock: Self.wall, unitRandom: 0)) == "wait 0.0 seconds drain")
        _ = raising.waitEnded(now: .zero)
        let action = raising.received(status: 500, retryAfter: nil, now: .zero, wallClock: Self.wall, unitRandom: 0)
        #expect(render(action) == "fail MaxRetryError drain")
        let error = try #require(failedError(action) as? MaxRetryError)
        #expect(error.limit == .budget(.status) && error.history.map(\.status) == [500, 500])

        var returning = machine(Retry(total: nil, status: 1, statusForcelist: [500], raiseOnStatus: false))
        _ = returning.start(now: .zero)
        _ = returning.received(status: 500, retryAfter: nil, now: .zero, wallClock: Self.wall, unitRandom: 0)
        _ = returning.waitEnded(now: .zero)
        #expect(render(returning.received(status: 500, retryAfter: nil, now: .zero, wallClock: Self.wall, unitRandom: 0)) == "deliver after 1")
    }

    @Test func aStatusOutsideTheRulesIsDeliveredWithTheHistory() {
        var m = machine()
        _ = m.start(now: .zero)
        _ = m.failed(Self.refused, now: .zero, unitRandom: 0)
        _ = m.waitEnded(now: .zero)
        #expect(render(m.received(status: 500, retryAfter: nil, now: .zero, wallClock: Self.wall, unitRandom: 0)) == "deliver after 1")
        var garbage = machine()
        _ = garbage.start(now: .zero)
        // 503 is retried only with a valid Retry-After: a garbage one counts as none.
        #expect(render(garbage.received(status: 503, retryAfter: "soon", now: .zero, wallClock: Self.wall, unitRandom: 0)) == "deliver after 0")
    }

    @Test func retryAfterSetsTheWaitInBothFormsAndAGarbageOneFallsBackToTheBackoff() {
        var seconds = machine(Retry(backoffFactor: .seconds(1)))
        _ = seconds.start(now: .zero)
        #expect(render(seconds.received(status: 503, retryAfter: "3", now: .zero, wallClock: Self.wall, unitRandom: 0)) == "wait 3.0 seconds drain")
        #expect(seconds.history.last?.waitFromRetryAfter == true)

        var date = machine()
        _ = date.start(now: .zero)
        let later = HTTPDate(secondsSince1970: Self.wall.secondsSince1970 + 42).imfFixdate
        #expect(render(date.received(status: 429, retryAfter: later, now: .zero, wallClock: Self.wall, unitRandom: 0)) == "wait 42.0 seconds drain")

        var garbage = machine(Retry(statusForcelist: [503], backoffFactor: .seconds(1), backoffOnFirstRetry: true))
        _ = garbage.start(now: .zero)
        #expect(render(garbage.received(status: 503, retryAfter: "later", now: .zero, wallClock: Self.wall, unitRandom: 0)) == "wait 1.0 seconds drain")
        #expect(garbage.history.last?.waitFromRetryAfter == false)
    }

    @Test func readErrorsObeyTheMethodsAndConnectErrorsDoNot() {
        var post = machine(method: "POST")
        _ = post.start(now: .zero)
        #expect(render(post.failed(Self.lost, now: .zero, unitRandom: 0)) == "fail ResponseNeverReceived")
        var refusedPost = machine(method: "POST")
        _ = refusedPost.start(now: .zero)
        #expect(render(refusedPost.failed(Self.refused, now: .zero, unitRandom: 0)) == "wait 0.0 seconds")
        var status = machine(Retry(statusForcelist: [500]), method: "POST")
        _ = status.start(now: .zero)
        #expect(render(status.received(status: 500, retryAfter: nil, now: .zero, wallClock: Self.wall, unitRandom: 0)) == "deliver after 0")
        var notListed = machine(Retry(retryableErrors: [.readTimeout]))
        _ = notListed.start(now: .zero)
        #expect(render(notListed.failed(Self.refused, now: .zero, unitRandom: 0)) == "fail ConnectError")
        var cancelled = machine()
        _ = cancelled.start(now: .zero)
        #expect(render(cancelled.failed(CancelledError(), now: .zero, unitRandom: 0)) == "fail CancelledError")
    }

    @Test func aStartedBodyIsRewoundOrTheRetryIsRefused() throws {
        var replayable = machine(method: "PUT", body: true)
        _ = replayable.start(now: .zero)
        _ = replayable.failed(Self.lost, now: .zero, unitRandom: 0)
        #expect(render(replayable.waitEnded(now: .zero)) == "send 2 rewind")
        // A connect error never started the producer: no rewind.
        _ = replayable.failed(Self.refused, now: .zero, unitRandom: 0)
        #expect(render(replayable.waitEnded(now: .zero)) == "send 3")

        var oneShot = machine(method: "PUT", body: true, replayable: false)
        _ = oneShot.start(now: .zero)
        #expect(render(oneShot.failed(Self.refused, now: .zero, unitRandom: 0)) == "wait 0.0 seconds")
        #expect(render(oneShot.waitEnded(now: .zero)) == "send 2")
        let error = try #require(failedError(oneShot.failed(Self.lost, now: .zero, unitRandom: 0)) as? BodyNotReplayable)
        #expect(error.history.count == 2 && error.reason.description.hasPrefix("ResponseNeverReceived"))
        #expect("\(error)".contains("cannot be rewound"))

        var status = machine(Retry(statusForcelist: [503], raiseOnStatus: false), method: "PUT", body: true, replayable: false)
        _ = status.start(now: .zero)
        #expect(render(status.received(status: 503, retryAfter: nil, now: .zero, wallClock: Self.wall, unitRandom: 0)) == "deliver after 0")
    }

    @Test func attemptsGetWhatIsLeftOfTheDeadlineAndNoWaitPassesIt() throws {
        let timeouts = AgentTimeouts(connect: .seconds(1), total: .seconds(10))
        var m = machine(Retry(backoffFactor: .seconds(2)), timeouts: timeouts, startedAt: .seconds(100))
        #expect(render(m.start(now: .seconds(100))) == "send 1 total 10.0 seconds")
        #expect(render(m.failed(Self.refused, now: .seconds(101), unitRandom: 0)) == "wait 0.0 seconds")
        #expect(render(m.waitEnded(now: .seconds(101))) == "send 2 total 9.0 seconds")
        #expect(render(m.failed(Self.refused, now: .seconds(102), unitRandom: 0)) == "wait 4.0 seconds")
        #expect(render(m.waitEnded(now: .seconds(106))) == "send 3 total 4.0 seconds")
        // The next wait (8 s) would end at 115 s, past the deadline at 110 s.
        let error = try #require(failedError(m.failed(Self.refused, now: .seconds(107), unitRandom: 0)) as? MaxRetryError)
        #expect(error.limit == .deadline(.seconds(10)))
        #expect(error.history.map(\.startedAt) == [.zero, .seconds(1), .seconds(6)])
        #expect(error.history.map(\.duration) == [.seconds(1), .seconds(1), .seconds(1)])
        #expect(error.history.map(\.wait) == [.zero, .seconds(4), nil])
    }

    @Test func aWaitEndingExactlyAtTheDeadlineIsNotStarted() throws {
        var m = machine(Retry(backoffFactor: .seconds(5), backoffOnFirstRetry: true), timeouts: AgentTimeouts(total: .seconds(5)), startedAt: .zero)
        _ = m.start(now: .zero)
        let error = try #require(failedError(m.failed(Self.refused, now: .zero, unitRandom: 0)) as? MaxRetryError)
        #expect(error.limit == .deadline(.seconds(5)))
    }

    @Test func aLateTimerPastTheDeadlineFailsWithTheRequestsDeadline() throws {
        var m = machine(timeouts: AgentTimeouts(total: .seconds(5)), startedAt: .zero)
        _ = m.start(now: .zero)
        _ = m.failed(Self.refused, now: .seconds(1), unitRandom: 0)
        let error = try #require(failedError(m.waitEnded(now: .seconds(5))) as? RequestDeadlineExceeded)
        #expect(error.timeout == .seconds(5) && error.phase == .connecting)
    }

    @Test func anAttemptsDeadlineIsReportedAsTheRequests() throws {
        var m = machine(timeouts: AgentTimeouts(total: .seconds(8)), startedAt: .zero)
        _ = m.start(now: .zero)
        _ = m.failed(Self.refused, now: .seconds(3), unitRandom: 0)
        _ = m.waitEnded(now: .seconds(3))
        let inner = RequestDeadlineExceeded(timeout: .seconds(5), phase: .awaitingHead, uri: "u")
        let error = try #require(failedError(m.failed(inner, now: .seconds(8), unitRandom: 0)) as? RequestDeadlineExceeded)
        #expect(error.timeout == .seconds(8) && error.phase == .awaitingHead)
    }

    @Test func maxTimeBoundsTheWaitsButNotTheAttempts() throws {
        var m = machine(Retry(total: nil, backoffFactor: .seconds(1), backoffOnFirstRetry: true, maxTime: .seconds(4)), startedAt: .zero)
        #expect(render(m.start(now: .zero)) == "send 1")  // no limit passed to the attempt
        #expect(render(m.failed(Self.refused, now: .zero, unitRandom: 0)) == "wait 1.0 seconds")
        _ = m.waitEnded(now: .seconds(1))
        #expect(render(m.failed(Self.refused, now: .seconds(1), unitRandom: 0)) == "wait 2.0 seconds")
        _ = m.waitEnded(now: .seconds(3))
        let error = try #require(failedError(m.failed(Self.refused, now: .seconds(3), unitRandom: 0)) as? MaxRetryError)
        #expect(error.limit == .maxTime(.seconds(4)))
    }

    @Test func cancellingDuringAnAttemptPassesItsOutcomeThrough() {
        var m = machine()
        _ = m.start(now: .zero)
        #expect(render(m.cancel()) == "cancel attempt")
        #expect(render(m.failed(Self.lost, now: .zero, unitRandom: 0)) == "fail ResponseNeverReceived")
        var late = machine()
        _ = late.start(now: .zero)
        _ = late.cancel()
        late.cancelFinished()
        #expect(render(late.received(status: 200, retryAfter: nil, now: .zero, wallClock: Self.wall, unitRandom: 0)) == "discard")
        #expect(render(late.failed(Self.lost, now: .zero, unitRandom: 0)) == "none")
    }

    @Test func cancellingDuringAWaitStopsIt() {
        var m = machine()
        _ = m.start(now: .zero)
        _ = m.failed(Self.refused, now: .zero, unitRandom: 0)
        #expect(render(m.cancel()) == "stop waiting")
        #expect(render(m.waitEnded(now: .zero)) == "none")
        #expect(render(m.cancel()) == "none")
    }

    @Test func theHistoryRecordsEachAttempt() {
        var m = machine(Retry(backoffFactor: .milliseconds(100)), startedAt: .seconds(10))
        _ = m.start(now: .seconds(10))
        _ = m.failed(Self.refused, now: .milliseconds(10_050), unitRandom: 0)
        _ = m.waitEnded(now: .milliseconds(10_050))
        _ = m.received(status: 503, retryAfter: "2", now: .milliseconds(10_300), wallClock: Self.wall, unitRandom: 0)
        _ = m.waitEnded(now: .milliseconds(12_300))
        #expect(render(m.received(status: 200, retryAfter: nil, now: .milliseconds(12_400), wallClock: Self.wall, unitRandom: 0)) == "deliver after 2")
        let history = m.history
        #expect(history.map(\.number) == [1, 2])
        #expect(history[0].errorClass == .connectionRefused && history[0].error is ConnectError && history[0].status == nil)
        #expect(history[0].startedAt == .zero && history[0].duration == .milliseconds(50) && history[0].wait == .zero)
        #expect(history[1].status == 503 && history[1].errorClass == nil && history[1].waitFromRetryAfter)
        #expect(history[1].startedAt == .milliseconds(50) && history[1].duration == .milliseconds(250))
        #expect(history[1].wait == .seconds(2))
        #expect(history[1].description == "#2 at 0.05 seconds: status 503, waited 2.0 seconds (Retry-After)")
    }
}
