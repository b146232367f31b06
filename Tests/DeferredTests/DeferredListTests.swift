import Deferred
import DeferredTesting
import Testing

/// The outcome of one `DeferredList` entry, comparable in expectations.
private func describe(_ results: [Result<Int, any Error>]) -> [String] {
    results.map { result in
        switch result {
        case .success(let value): return "ok \(value)"
        case .failure(let error as Boom): return "boom \(error.tag)"
        case .failure(let error): return "\(type(of: error))"
        }
    }
}

@Suite("DeferredList")
struct DeferredListTests {
    // test_defer: testDeferredList
    @Test func firesWithEveryResultInInputOrderOnceAllHaveFired() throws {
        let (_, errors) = try UnhandledErrorLog.capture {
            let d1 = Deferred<Int>(), d2 = Deferred<Int>(), d3 = Deferred<Int>()
            let list = DeferredList([d1, d2, d3])
            d1.callback(1)
            d2.errback(Boom(tag: 2))
            try assertNoResult(list)
            d3.callback(3)
            #expect(describe(try successResultOf(list)) == ["ok 1", "boom 2", "ok 3"])
            // Without consumeErrors the failed member still holds its error for later errbacks.
            #expect(try failureResultOf(d2, Boom.self).tag == 2)
        }
        #expect(errors.isEmpty)
    }

    @Test func keepsInputOrderWhenMembersFireInReverse() throws {
        let ds = (0..<5).map { _ in Deferred<Int>() }
        let list = DeferredList(ds)
        for (i, d) in ds.enumerated().reversed() { d.callback(i * 10) }
        #expect(describe(try successResultOf(list)) == ["ok 0", "ok 10", "ok 20", "ok 30", "ok 40"])
    }

    // testEmptyDeferredList, DeferredListEmptyTests
    @Test func emptyListFiresAtOnce() throws {
        let list = DeferredList([Deferred<Int>]())
        #expect(try successResultOf(list).isEmpty)
    }

    // testDeferredListWithAlreadyFiredDeferreds
    @Test func alreadyFiredMembersAreCollectedAtOnce() throws {
        let list = DeferredList([Deferred.succeed(1), Deferred.fail(Boom(tag: 5)), Deferred.succeed(3)],
            consumeErrors: true)
        #expect(describe(try successResultOf(list)) == ["ok 1", "boom 5", "ok 3"])
    }

    // testDeferredListFireOnOneError
    @Test func fireOnOneErrbackFailsWithFirstError() throws {
        let d1 = Deferred<Int>(), d2 = Deferred<Int>(), d3 = Deferred<Int>()
        let list = DeferredList([d1, d2, d3], fireOnOneErrback: true, consumeErrors: true)
        d1.callback(1)
        try assertNoResult(list)
        d2.errback(Boom(tag: 9))
        let first = try failureResultOf(list, FirstError.self)
        #expect(first.index == 1)
        #expect((first.error as? Boom)?.tag == 9)
        // A later member is still observed, but no longer changes the list.
        d3.errback(Boom(tag: 10))
        _ = try failureResultOf(d3)
    }

    // testDeferredListFireOnOneErrorWithAlreadyFiredDeferreds
    @Test func fireOnOneErrbackWithAlreadyFailedMember() throws {
        let list = DeferredList([Deferred.fail(Boom(tag: 1)), Deferred.succeed(2)],
            fireOnOneErrback: true, consumeErrors: true)
        #expect(try failureResultOf(list, FirstError.self).index == 0)
    }

    // testDeferredListDontConsumeErrors
    @Test func withoutConsumeErrorsAMemberErrorStaysUnhandled() throws {
        let (_, errors) = UnhandledErrorLog.capture {
            let member = Deferred<Int>()
            let list = DeferredList([member])
            member.errback(Boom(tag: 4))
            #expect(describe((try? successResultOf(list)) ?? []) == ["boom 4"])
        }
        #expect(errors.count == 1)
        #expect((errors.first as? Boom)?.tag == 4)
    }

    // testDeferredListConsumeErrors (intentional difference: the member keeps its error, marked handled)
    @Test func consumeErrorsMarksMemberErrorsHandled() throws {
        var seenLater: (any Error)?
        let (_, errors) = UnhandledErrorLog.capture {
            let member = Deferred<Int>()
            let list = DeferredList([member], consumeErrors: true)
            member.errback(Boom(tag: 6))
            #expect(describe((try? successResultOf(list)) ?? []) == ["boom 6"])
            // Twisted would give None to this callback; Torsion's typed member keeps its error.
            member.addErrback { (error: any Error) -> Int in seenLater = error; throw error }
        }
        #expect((seenLater as? Boom)?.tag == 6)
        // Rethrown by the later errback: from then on it is that errback's error to report.
        #expect(errors.count == 1)
    }

    @Test func consumeErrorsReportsNothingWhenNoOneLooksAgain() throws {
        let (_, errors) = UnhandledErrorLog.capture {
            let member = Deferred<Int>()
            _ = DeferredList([member], consumeErrors: true)
            member.errback(Boom())
        }
        #expect(errors.isEmpty)
    }

    @Test func membersKeepTheirValueForLaterCallbacks() throws {
        let member = Deferred<Int>()
        let list = DeferredList([member])
        member.callback(7)
        member.addCallback { $0 + 1 }
        #expect(try successResultOf(member) == 8)
        #expect(describe(try successResultOf(list)) == ["ok 7"])
    }

    @Test func callbacksAddedToMembersBeforeTheListShapeWhatItSees() throws {
        let member = Deferred<Int>()
        member.addCallback { $0 * 2 }
        let list = DeferredList([member])
        member.addCallback { $0 + 1 }
        member.callback(5)
        #expect(describe(try successResultOf(list)) == ["ok 10"])
        #expect(try successResultOf(member) == 11)
    }

    // test_cancelDeferredList
    @Test func cancelCancelsEveryMember() throws {
        let d1 = Deferred<Int>(), d2 = Deferred<Int>()
        let list = DeferredList([d1, d2])
        list.cancel()
        #expect(describe(try successResultOf(list)) == ["CancelledError", "CancelledError"])
        _ = try failureResultOf(d1, CancelledError.self)
        _ = try failureResultOf(d2, CancelledError.self)
    }

    // test_cancelDeferredListCallback
    @Test func cancelWhenSomeMembersAlreadyFired() throws {
        let d1 = Deferred<Int>.succeed(1)
        var cancelled = false
        let d2 = Deferred<Int>(canceller: { _ in cancelled = true })
        let list = DeferredList([d1, d2], consumeErrors: true)
        list.cancel()
        #expect(cancelled)
        #expect(describe(try successResultOf(list)) == ["ok 1", "CancelledError"])
    }

    // test_cancelDeferredListWithFireOnOneErrback
    @Test func cancelWithFireOnOneErrbackFailsWithFirstCancelledError() throws {
        let d1 = Deferred<Int>(), d2 = Deferred<Int>()
        let list = DeferredList([d1, d2], fireOnOneErrback: true, consumeErrors: true)
        list.cancel()
        let first = try failureResultOf(list, FirstError.self)
        #expect(first.index == 0)
        #expect(first.error is CancelledError)
        // Every member was cancelled, not only the first.
        _ = try failureResultOf(d2, CancelledError.self)
    }

    // test_cancelDeferredListWithFireOnOneErrbackAllDeferredsCallback
    @Test func cancelWhereMemberCancellersSupplyValues() throws {
        let d1 = Deferred<Int>(canceller: { $0.callback(1) })
        let d2 = Deferred<Int>(canceller: { $0.callback(2) })
        let list = DeferredList([d1, d2], fireOnOneErrback: true)
        list.cancel()
        #expect(describe(try successResultOf(list)) == ["ok 1", "ok 2"])
    }

    // test_cancelDeferredListWithOriginalDeferreds
    @Test func cancellingAFiredListDoesNothing() throws {
        let d1 = Deferred<Int>()
        let list = DeferredList([d1])
        d1.callback(1)
        list.cancel()
        #expect(describe(try successResultOf(list)) == ["ok 1"])
    }

    // test_cancelFiredOnOneErrbackDeferredList
    @Test func cancelAfterFireOnOneErrbackLeavesOtherMembersRunning() throws {
        let d1 = Deferred<Int>(), d2 = Deferred<Int>()
        let list = DeferredList([d1, d2], fireOnOneErrback: true, consumeErrors: true)
        d1.errback(Boom())
        list.cancel()
        _ = try failureResultOf(list, FirstError.self)
        try assertNoResult(d2)
        d2.callback(2)
    }
}

@Suite("DeferredList with fireOnOneCallback: Deferred.firstSuccess")
struct FirstSuccessTests {
    @Test func firesWithFirstValueAndItsIndex() throws {
        let d1 = Deferred<Int>(), d2 = Deferred<Int>()
        let first = Deferred.firstSuccess([d1, d2])
        d2.callback(20)
        let (value, index) = try successResultOf(first)
        #expect(value == 20 && index == 1)
        // The other member is left alone.
        try assertNoResult(d1)
        d1.callback(10)
    }

    @Test func allFailingGivesFailureGroupInInputOrder() throws {
        let d1 = Deferred<Int>(), d2 = Deferred<Int>()
        let first = Deferred.firstSuccess([d1, d2], consumeErrors: true)
        d2.errback(Boom(tag: 2))
        d1.errback(Boom(tag: 1))
        let group = try failureResultOf(first, FailureGroup.self)
        #expect(group.errors.map { ($0 as? Boom)?.tag } == [1, 2])
    }

    @Test func emptyListFailsAtOnce() throws {
        let first = Deferred.firstSuccess([Deferred<Int>]())
        #expect(try failureResultOf(first, FailureGroup.self).errors.isEmpty)
    }

    @Test func withFireOnOneErrbackTheFirstErrorWins() throws {
        let d1 = Deferred<Int>(), d2 = Deferred<Int>()
        let first = Deferred.firstSuccess([d1, d2], fireOnOneErrback: true, consumeErrors: true)
        d1.errback(Boom(tag: 3))
        #expect(try failureResultOf(first, FirstError.self).index == 0)
        d2.callback(1)
    }

    // test_cancelDeferredListWithFireOnOneCallback
    @Test func cancelCancelsEveryMember() throws {
        let d1 = Deferred<Int>(), d2 = Deferred<Int>()
        let first = Deferred.firstSuccess([d1, d2], consumeErrors: true)
        first.cancel()
        let group = try failureResultOf(first, FailureGroup.self)
        #expect(group.errors.allSatisfy { $0 is CancelledError })
    }

    // test_cancelDeferredListWithFireOnOneCallbackAndDeferredCallback
    @Test func cancelWhereAMemberCancellerSuppliesAValue() throws {
        let d1 = Deferred<Int>(canceller: { $0.callback(5) })
        let d2 = Deferred<Int>()
        let first = Deferred.firstSuccess([d1, d2], consumeErrors: true)
        first.cancel()
        let (value, index) = try successResultOf(first)
        #expect(value == 5 && index == 0)
    }

    // test_cancelFiredOnOneCallbackDeferredList
    @Test func cancelAfterFiringDoesNotCancelTheOthers() throws {
        let d1 = Deferred<Int>(), d2 = Deferred<Int>()
        let first = Deferred.firstSuccess([d1, d2])
        d1.callback(1)
        first.cancel()
        try assertNoResult(d2)
        d2.callback(2)
        #expect(try successResultOf(first).index == 0)
    }
}
