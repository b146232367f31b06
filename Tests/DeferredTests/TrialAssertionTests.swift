import Deferred
import DeferredTesting
import Testing

/// successResultOf, failureResultOf and assertNoResult: trial's synchronous Deferred assertions.
@Suite("trial-style assertions")
struct TrialAssertionTests {
    @Test func successResultOfReturnsTheValue() throws {
        #expect(try successResultOf(Deferred.succeed(5)) == 5)
    }

    @Test func successResultOfThrowsWithoutAResult() throws {
        let error = #expect(throws: DeferredAssertionError.self) { try successResultOf(Deferred<Int>()) }
        #expect(error?.message.contains("found no result") == true)
        #expect(error?.location.hasPrefix("DeferredTests/TrialAssertionTests.swift:") == true)
    }

    @Test func successResultOfThrowsOnAnErrorAndConsumesIt() throws {
        let (_, errors) = UnhandledErrorLog.capture {
            let error = #expect(throws: DeferredAssertionError.self) {
                try successResultOf(Deferred<Int>.fail(Boom(tag: 1)))
            }
            #expect(error?.message.contains("Boom(tag: 1)") == true)
        }
        #expect(errors.isEmpty)
    }

    @Test func failureResultOfReturnsTheTypedError() throws {
        #expect(try failureResultOf(Deferred<Int>.fail(Boom(tag: 2)), Boom.self) == Boom(tag: 2))
        #expect(try failureResultOf(Deferred<Int>.fail(Boom(tag: 3))) is Boom)
    }

    @Test func failureResultOfThrowsOnAValueOrNoResult() throws {
        #expect(throws: DeferredAssertionError.self) { try failureResultOf(Deferred.succeed(1)) }
        #expect(throws: DeferredAssertionError.self) { try failureResultOf(Deferred<Int>()) }
    }

    @Test func failureResultOfThrowsOnAnotherErrorType() throws {
        let error = #expect(throws: DeferredAssertionError.self) {
            try failureResultOf(Deferred<Int>.fail(Boom()), CancelledError.self)
        }
        #expect(error?.message.contains("CancelledError") == true)
    }

    @Test func assertNoResultPassesForUnfiredAndPausedDeferreds() throws {
        try assertNoResult(Deferred<Int>())
        let paused = Deferred<Int>()
        paused.pause()
        paused.callback(1)
        try assertNoResult(paused)
        paused.unpause()
        #expect(try successResultOf(paused) == 1)
    }

    @Test func assertNoResultThrowsForAFiredDeferred() throws {
        #expect(throws: DeferredAssertionError.self) { try assertNoResult(Deferred.succeed(1)) }
        let (_, errors) = UnhandledErrorLog.capture {
            #expect(throws: DeferredAssertionError.self) { try assertNoResult(Deferred<Int>.fail(Boom())) }
        }
        #expect(errors.isEmpty)
    }

    @Test func assertionsLeaveTheChainUsable() throws {
        let d = Deferred<Int>()
        try assertNoResult(d)
        d.addCallback { $0 + 1 }
        d.callback(1)
        #expect(try successResultOf(d) == 2)
        d.addCallback { $0 * 3 }
        #expect(try successResultOf(d) == 6)
    }

    @Test func assertNoResultOnADeferredWaitingOnAnInnerOne() throws {
        let inner = Deferred<Int>()
        let outer = Deferred<Int>.succeed(0).addCallback { _ in inner }
        try assertNoResult(outer)
        inner.callback(4)
        #expect(try successResultOf(outer) == 4)
    }
}
