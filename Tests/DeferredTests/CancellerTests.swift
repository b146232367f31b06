import Deferred
import DeferredTesting
import Testing

/// Ports of test_defer's DeferredCancellerTests.
@Suite("Cancellers (test_defer ports)")
struct CancellerTests {
    // test_noCanceller
    @Test func noCancellerFailsWithCancelledError() throws {
        let d = Deferred<Int>()
        var errbacks = 0
        d.addErrback { (error: any Error) -> Int in errbacks += 1; throw error }
        d.cancel()
        #expect(errbacks == 1)
        _ = try failureResultOf(d, CancelledError.self)
    }

    // test_noCancellerMultipleCancelsAfterCancelAndCallback
    @Test func noCancellerSwallowsOneLateFireAndFurtherCancels() throws {
        let d = Deferred<Int>()
        d.cancel()
        d.callback(1)
        d.cancel()
        _ = try failureResultOf(d, CancelledError.self)
    }

    // test_noCancellerMultipleCancelsAfterCancelAndErrback
    @Test func noCancellerSwallowsOneLateErrback() throws {
        let (_, errors) = UnhandledErrorLog.capture {
            let d = Deferred<Int>()
            d.cancel()
            d.errback(Boom())
            #expect((try? failureResultOf(d, CancelledError.self)) != nil)
        }
        // The swallowed errback's error is not reported.
        #expect(errors.isEmpty)
    }

    // test_raisesAfterCancelAndCallback: the second late fire is AlreadyCalledError
    @Test func secondLateFireAfterCancelStopsTheProcess() async {
        await #expect(processExitsWith: .failure) {
            let d = Deferred<Int>()
            d.cancel()
            d.callback(1)
            d.callback(2)
        }
    }

    // test_noCancellerMultipleCancel / test_cancellerMultipleCancel
    @Test func cancellerRunsOnlyOnceOverSeveralCancels() throws {
        var calls = 0
        let d = Deferred<Int>(canceller: { _ in calls += 1 })
        d.cancel()
        d.cancel()
        d.cancel()
        #expect(calls == 1)
        _ = try failureResultOf(d, CancelledError.self)
    }

    // test_cancellerArg
    @Test func cancellerReceivesTheDeferred() throws {
        var received: Deferred<Int>?
        let d = Deferred<Int>(canceller: { received = $0 })
        d.cancel()
        #expect(received === d)
        _ = try failureResultOf(d)
    }

    // test_cancelAfterCallback / test_cancelAfterErrback
    @Test func cancelAfterFiringDoesNotCallTheCanceller() throws {
        var calls = 0
        let ok = Deferred<Int>(canceller: { _ in calls += 1 })
        ok.callback(1)
        ok.cancel()
        #expect(try successResultOf(ok) == 1)
        let bad = Deferred<Int>(canceller: { _ in calls += 1 })
        bad.errback(Boom(tag: 2))
        bad.cancel()
        #expect(try failureResultOf(bad, Boom.self).tag == 2)
        #expect(calls == 0)
    }

    // test_cancellerThatErrbacks
    @Test func cancellerThatErrbacksKeepsItsError() throws {
        let d = Deferred<Int>(canceller: { $0.errback(Boom(tag: 3)) })
        d.cancel()
        #expect(try failureResultOf(d, Boom.self).tag == 3)
    }

    // test_cancellerThatCallbacks
    @Test func cancellerThatCallbacksKeepsItsValue() throws {
        let d = Deferred<String>(canceller: { $0.callback("cancelled anyway") })
        d.cancel()
        #expect(try successResultOf(d) == "cancelled anyway")
    }

    // test_cancelNestedDeferred
    @Test func cancellingAnOuterWaitingOnAnInnerCancelsOnlyTheInner() throws {
        var innerCalls = 0
        let b = Deferred<Int>(canceller: { _ in innerCalls += 1 })
        let a = Deferred<Int>(canceller: { _ in Issue.record("the outer's canceller must not run") })
        a.callback(0)
        a.addCallback { _ in b }
        a.cancel()
        #expect(innerCalls == 1)
        _ = try failureResultOf(a, CancelledError.self)
    }

    @Test func cancellingTheInnerDirectlyFlowsIntoTheOuter() throws {
        let inner = Deferred<Int>()
        let outer = Deferred<Int>.succeed(0).addCallback { _ in inner }
        var seen: (any Error)?
        outer.addErrback { (error: any Error) -> Int in seen = error; return -1 }
        inner.cancel()
        #expect(seen is CancelledError)
        #expect(try successResultOf(outer) == -1)
    }

    @Test func cancelReachesThroughSeveralTypeChangingLinks() throws {
        var cancelled = false
        let source = Deferred<Int>(canceller: { _ in cancelled = true })
        let end = source.addCallback { String($0) }.addCallback { $0.count }.addCallback { Double($0) }
        end.cancel()
        #expect(cancelled)
        _ = try failureResultOf(end, CancelledError.self)
    }

    /// Found by the leak check (valgrind, torsion-demo): an endpoint's canceller captured the connector,
    /// which held the factory, which held the Deferred, so every connection leaked that cycle. A fired
    /// Deferred now drops its canceller.
    @Test(arguments: [true, false])
    func firingReleasesTheCancellerAndTheCycleThroughIt(succeed: Bool) throws {
        final class Producer {
            var deferred: Deferred<Int>?
        }
        weak var weakProducer: Producer?
        weak var weakDeferred: Deferred<Int>?
        do {
            let producer = Producer()
            let d = Deferred<Int>(canceller: { _ in _ = producer })
            producer.deferred = d
            weakProducer = producer
            weakDeferred = d
            if succeed {
                d.callback(1)
                #expect(try successResultOf(d) == 1)
            } else {
                d.errback(CancelledError())
                _ = try failureResultOf(d, CancelledError.self)
            }
        }
        #expect(weakProducer == nil)
        #expect(weakDeferred == nil)
    }
}
