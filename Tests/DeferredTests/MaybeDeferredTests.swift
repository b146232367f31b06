import Deferred
import DeferredTesting
import Testing

/// Ports of test_defer's maybeDeferred cases, plus succeed/fail.
@Suite("succeed, fail and maybeDeferred")
struct MaybeDeferredTests {
    // testImmediateSuccess, test_succeedMatchesManualSuccess
    @Test func succeedIsAFiredDeferred() throws {
        let d = Deferred.succeed("a")
        #expect(d.isCalled)
        let manual = Deferred<String>()
        manual.callback("a")
        #expect(try successResultOf(d) == successResultOf(manual))
    }

    // testImmediateFailure
    @Test func failIsAFailedDeferred() throws {
        let d = Deferred<Int>.fail(Boom(tag: 1))
        #expect(d.isCalled)
        #expect(try failureResultOf(d, Boom.self).tag == 1)
    }

    @Test func voidDeferredHelpers() throws {
        let d = Deferred<Void>()
        d.callback()
        try successResultOf(d)
        try successResultOf(Deferred<Void>.succeed())
    }

    // test_maybeDeferredSync, test_maybeDeferredSyncWithArgs
    @Test func synchronousValueBecomesAFiredDeferred() throws {
        func plusFive(_ x: Int) -> Int { x + 5 }
        let d = Deferred.maybeDeferred { plusFive(10) }
        let typed: Deferred<Int> = d
        #expect(try successResultOf(typed) == 15)
    }

    // test_maybeDeferredSyncException
    @Test func thrownErrorBecomesAFailedDeferred() throws {
        let d = Deferred<Int>.maybeDeferred { throw Boom(tag: 2) }
        #expect(try failureResultOf(d, Boom.self).tag == 2)
    }

    @Test func bodyRunsAtOnce() throws {
        var ran = false
        _ = Deferred.maybeDeferred { ran = true }
        #expect(ran)
    }

    // test_maybeDeferredAsync
    @Test func returnedDeferredIsPassedThroughAsIs() throws {
        let d1 = Deferred<String>()
        let d2 = Deferred.maybeDeferred { d1 }
        #expect(d2 === d1)
        d1.callback("Success")
        #expect(try successResultOf(d2) == "Success")
    }

    // test_maybeDeferredAsyncError
    @Test func returnedFailingDeferredFailsTheSame() throws {
        let d1 = Deferred<String>()
        let d2 = Deferred.maybeDeferred { d1 }
        d1.errback(Boom(tag: 3))
        #expect(try failureResultOf(d2, Boom.self).tag == 3)
    }

    @Test func throwingBeforeReturningADeferredFails() throws {
        let d = Deferred<String>.maybeDeferred { () throws -> Deferred<String> in throw Boom(tag: 4) }
        #expect(try failureResultOf(d, Boom.self).tag == 4)
    }
}
