import Deferred
import DeferredTesting
import Reactor
import ReactorTesting
import Testing

@Suite("Deferred.addTimeout")
struct AddTimeoutTests {
    @Test func timesOutAtExactlyTheDeadline() throws {
        let clock = Clock()
        let d = Deferred<Int>().addTimeout(.seconds(10), clock: clock)
        clock.advance(.seconds(10) - .nanoseconds(1))
        try assertNoResult(d)
        clock.advance(.nanoseconds(1))
        let error = try failureResultOf(d, TimeoutError.self)
        #expect(error.timeout == .seconds(10))
        #expect(error.description == "Deferred timed out after 10.0 seconds")
    }

    @Test func resultFirstCancelsTheTimer() throws {
        let clock = Clock()
        let d = Deferred<Int>()
        d.addTimeout(.seconds(10), clock: clock)
        #expect(clock.getDelayedCalls().count == 1)
        d.callback(5)
        #expect(clock.getDelayedCalls().isEmpty)
        clock.advance(.seconds(20))
        #expect(try successResultOf(d) == 5)
    }

    @Test func errorFirstPassesThroughAndCancelsTheTimer() throws {
        let clock = Clock()
        let d = Deferred<Int>().addTimeout(.seconds(10), clock: clock)
        d.errback(Boom(tag: 1))
        #expect(clock.getDelayedCalls().isEmpty)
        #expect(try failureResultOf(d, Boom.self) == Boom(tag: 1))
    }

    @Test func manualCancelKeepsCancelledError() throws {
        let clock = Clock()
        let d = Deferred<Int>().addTimeout(.seconds(10), clock: clock)
        d.cancel()
        _ = try failureResultOf(d, CancelledError.self)
        #expect(clock.getDelayedCalls().isEmpty)
    }

    @Test func onTimeoutCancelReceivesTheResultAndTimeout() throws {
        let clock = Clock()
        var seen: (String, Duration)?
        let d = Deferred<Int>().addTimeout(.seconds(3), clock: clock) { result, timeout in
            if case .failure(let error) = result { seen = ("\(type(of: error))", timeout) }
            return -1
        }
        clock.advance(.seconds(3))
        #expect(try successResultOf(d) == -1)
        #expect(seen?.0 == "CancelledError")
        #expect(seen?.1 == .seconds(3))
    }

    @Test func cancellerThatFiresWithAValuePassesThrough() throws {
        let clock = Clock()
        let d = Deferred<Int>(canceller: { $0.callback(42) }).addTimeout(.seconds(1), clock: clock)
        clock.advance(.seconds(1))
        #expect(try successResultOf(d) == 42)
    }

    @Test func onlyEarlierCallbacksAreInsideTheTimeout() throws {
        let clock = Clock()
        let d = Deferred<Int>()
        var inner: Deferred<Int>?
        d.addCallback { value -> Deferred<Int> in
            let waiting = Deferred<Int>()
            inner = waiting
            return waiting
        }
        d.addTimeout(.seconds(5), clock: clock)
        d.callback(1)
        try assertNoResult(d)
        clock.advance(.seconds(5))
        _ = try failureResultOf(d, TimeoutError.self)
        #expect(inner != nil)
        _ = try failureResultOf(inner!, CancelledError.self)
    }
}
