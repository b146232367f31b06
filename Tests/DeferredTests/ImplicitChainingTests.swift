import Deferred
import DeferredTesting
import Testing

/// Ports of test_defer's chaining and pause cases: callbacks returning Deferreds, nesting, re-entrancy.
@Suite("Implicit chaining and pause (test_defer ports)")
struct ImplicitChainingTests {
    // testPausedFailure
    @Test func pausedFailureReachesErrbackOnUnpause() throws {
        let d = Deferred<Int>.fail(Boom(tag: 1))
        d.pause()
        var seen: [Int] = []
        d.addErrback { seen.append(($0 as? Boom)?.tag ?? -1); return 0 }
        #expect(seen.isEmpty)
        d.unpause()
        #expect(seen == [1])
    }

    // testUnpauseBeforeCallback
    @Test func unpauseBeforeFiringThenFire() throws {
        let d = Deferred<Int>()
        d.pause()
        var ran = false
        d.addCallback { ran = true; return $0 }
        d.unpause()
        #expect(!ran)
        d.callback(1)
        #expect(ran)
    }

    @Test func unpauseWithoutPauseStopsTheProcess() async {
        await #expect(processExitsWith: .failure) {
            Deferred<Int>().unpause()
        }
    }

    // test_callbackReturnsDeferred / test_errbackReturnsDeferred
    @Test func errbackReturningDeferredWaitsForIt() throws {
        let d = Deferred<Int>()
        let recovery = Deferred<Int>()
        var after: Int?
        d.addErrback { _ in recovery }.addCallback { after = $0; return $0 }
        d.errback(Boom())
        #expect(after == nil)
        recovery.callback(3)
        #expect(after == 3)
    }

    // test_chainedPausedDeferredWithResult
    @Test func pausedInnerWithResultKeepsOuterWaiting() throws {
        let paused = Deferred<String>()
        paused.callback("expected")
        paused.pause()
        let chained = Deferred<String>()
        chained.addCallback { _ in paused }
        chained.callback("ignored")
        var result: [String] = []
        chained.addCallback { result.append($0); return $0 }
        #expect(result.isEmpty)
        paused.unpause()
        #expect(result == ["expected"])
    }

    // test_pausedDeferredChained
    @Test func pausedOuterDoesNotStopTheInnersOwnCallbacks() throws {
        let first = Deferred<Int>(), second = Deferred<Int>()
        first.addCallback { _ in second }
        first.callback(0)
        first.pause()
        second.callback(5)
        var result: [Int] = []
        second.addCallback { result.append($0); return $0 }
        #expect(result == [5])
        first.unpause()
        #expect(try successResultOf(first) == 5)
    }

    // test_innerCallbacksPreserved / test_nestedAsynchronousChainedDeferreds
    @Test func middleCallbacksRunAfterTheThirdFiresAndBeforeTheOuterContinues() throws {
        var results: [String] = []
        let inner = Deferred<String>()
        let outer = Deferred<String>.succeed("outer").addCallback { (value: String) -> Deferred<String> in
            results.append("start-of-cb \(value)")
            return Deferred<String>.succeed("inner")
                .addCallback { _ in results.append("firstCallback"); return inner }
                .addCallback { results.append("secondCallback \($0)"); return $0 + $0 }
        }
        outer.addCallback { results.append($0); return $0 }
        #expect(results == ["start-of-cb outer", "firstCallback"])
        inner.callback("orange")
        #expect(results == ["start-of-cb outer", "firstCallback", "secondCallback orange", "orangeorange"])
    }

    // test_continueCallbackNotFirst / test_callbackOrderPreserved
    @Test func callbackAddedAfterAChainingOneRunsAfterTheInnerChain() throws {
        var results: [String] = []
        let a = Deferred<String>()
        let outer = Deferred<String>()
        outer.addCallback { (value: String) -> Deferred<String> in
            results.append("cb \(value)")
            let d = Deferred<String>()
            let returner = d.addCallback { (_: String) -> Deferred<[String]> in
                results.append("firstCallback")
                return Deferred.gatherResults([a])
            }.addCallback { (values: [String]) -> String in
                results.append("secondCallback \(values)")
                return "done"
            }
            d.callback("")
            return returner
        }
        outer.addCallback { results.append("final \($0)"); return $0 }
        outer.callback("outer")
        #expect(results == ["cb outer", "firstCallback"])
        a.callback("withers")
        #expect(results == ["cb outer", "firstCallback", "secondCallback [\"withers\"]", "final done"])
    }

    // test_reentrantRunCallbacks / test_nonReentrantCallbacks
    @Test func callbackAddedByARunningCallbackRunsAfterItReturns() throws {
        let d = Deferred<Int>()
        var called: [Int] = []
        d.addCallback { v in
            called.append(1)
            d.addCallback { called.append(3); return $0 }
            #expect(called == [1])
            return v
        }
        d.addCallback { called.append(2); return $0 }
        d.callback(0)
        #expect(called == [1, 2, 3])
    }

    // test_reentrantRunCallbacksWithFailure
    @Test func errorFromACallbackAddedByACallbackFailsTheChain() throws {
        let d = Deferred<Int>()
        d.addCallback { v in
            d.addCallback { (_: Int) -> Int in throw Boom(tag: 11) }
            return v
        }
        d.callback(0)
        #expect(try failureResultOf(d, Boom.self).tag == 11)
    }

    // test_synchronousImplicitChain / test_asynchronousImplicitChain
    @Test func implicitChainSynchronousAndAsynchronous() throws {
        let sync = Deferred<Int>.succeed(0).addCallback { _ in Deferred<Int>.succeed(1) }
        #expect(try successResultOf(sync) == 1)
        let inner = Deferred<Int>()
        let async = Deferred<Int>.succeed(0).addCallback { _ in inner }
        try assertNoResult(async)
        inner.callback(2)
        #expect(try successResultOf(async) == 2)
    }

    // test_synchronousImplicitErrorChain / test_asynchronousImplicitErrorChain
    @Test func implicitErrorChainSynchronousAndAsynchronous() throws {
        let sync = Deferred<Int>.succeed(0).addCallback { _ in Deferred<Int>.fail(Boom(tag: 1)) }
        #expect(try failureResultOf(sync, Boom.self).tag == 1)
        let inner = Deferred<Int>()
        let async = Deferred<Int>.succeed(0).addCallback { _ in inner }
        inner.errback(Boom(tag: 2))
        #expect(try failureResultOf(async, Boom.self).tag == 2)
    }

    // test_doubleAsynchronousImplicitChaining
    @Test func doubleAsynchronousImplicitChaining() throws {
        let first = Deferred<Int>(), second = Deferred<Int>(), third = Deferred<Int>()
        second.addCallback { _ in first }
        third.addCallback { _ in second }
        var thirdResult: [Int] = []
        third.addCallback { thirdResult.append($0); return $0 }
        second.callback(0)
        third.callback(0)
        #expect(thirdResult.isEmpty)
        first.callback(7)
        #expect(thirdResult == [7])
    }

    // test_resultOfDeferredResultOfDeferredOfFiredDeferredCalled
    @Test func middleDeferredCallbacksAddedLaterRun() throws {
        let first = Deferred<Int>(), second = Deferred<Int>(), third = Deferred<Int>()
        first.addCallback { _ in second }
        second.addCallback { _ in third }
        second.callback(0)
        first.callback(0)
        third.callback(9)
        var results: [Int] = []
        second.addCallback { results.append($0); return $0 }
        #expect(results == [9])
        #expect(try successResultOf(first) == 9)
    }

    @Test func chainedInnerKeepsItsValue() throws {
        // Intentional difference: Twisted sets the inner Deferred's result to None.
        let inner = Deferred<Int>.succeed(4)
        let outer = Deferred<Int>.succeed(0).addCallback { _ in inner }
        #expect(try successResultOf(outer) == 4)
        #expect(try successResultOf(inner) == 4)
    }

    // test_circularChainException (Twisted warns, then raises)
    @Test func callbackReturningItsOwnDeferredStopsTheProcess() async {
        await #expect(processExitsWith: .failure) {
            let d = Deferred<Int>()
            d.addCallback { _ in d }
            d.callback(1)
        }
    }

    // test_boundedStackDepth
    @Test func deeplyNestedChainOfFiredDeferredsUsesBoundedStack() throws {
        var tail = Deferred<Int>.succeed(0)
        for _ in 0..<100_000 {
            let previous = tail
            tail = Deferred<Int>.succeed(0).addCallback { _ in previous }
        }
        #expect(try successResultOf(tail) == 0)
    }
}
