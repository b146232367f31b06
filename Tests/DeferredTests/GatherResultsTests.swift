import Deferred
import DeferredTesting
import Testing

@Suite("Deferred.gatherResults")
struct GatherResultsTests {
    @Test func readsLikeTwistedAtTheCallSite() throws {
        let ds = [Deferred<Int>.succeed(1), Deferred<Int>.succeed(2)]
        let gathered = Deferred.gatherResults(ds)
        let typed: Deferred<[Int]> = gathered
        #expect(try successResultOf(typed) == [1, 2])
        let spelled: Deferred<[Int]> = .gatherResults(ds)
        #expect(try successResultOf(spelled) == [1, 2])
    }

    // test_gatherResults
    @Test func valuesInInputOrderOnceAllHaveFired() throws {
        let d1 = Deferred<Int>(), d2 = Deferred<Int>(), d3 = Deferred<Int>()
        let gathered = Deferred.gatherResults([d1, d2, d3])
        d3.callback(3)
        d1.callback(1)
        try assertNoResult(gathered)
        d2.callback(2)
        #expect(try successResultOf(gathered) == [1, 2, 3])
    }

    @Test func emptyListFiresEmptyArrayAtOnce() throws {
        #expect(try successResultOf(Deferred.gatherResults([Deferred<String>]())) == [])
    }

    @Test func firstErrorWinsWithItsIndex() throws {
        let (_, errors) = try UnhandledErrorLog.capture {
            let d1 = Deferred<Int>(), d2 = Deferred<Int>(), d3 = Deferred<Int>()
            let gathered = Deferred.gatherResults([d1, d2, d3], consumeErrors: true)
            d1.callback(1)
            d3.errback(Boom(tag: 3))
            let first = try failureResultOf(gathered, FirstError.self)
            #expect(first.index == 2)
            #expect((first.error as? Boom)?.tag == 3)
            // Later members change nothing.
            d2.errback(Boom(tag: 2))
            #expect(try failureResultOf(gathered, FirstError.self).index == 2)
        }
        #expect(errors.isEmpty)
    }

    @Test func alreadyFailedMemberFailsAtOnce() throws {
        let gathered = Deferred.gatherResults([Deferred<Int>.succeed(1), .fail(Boom(tag: 8))], consumeErrors: true)
        #expect(try failureResultOf(gathered, FirstError.self).index == 1)
    }

    // test_gatherResultsWithConsumeErrors
    @Test func consumeErrorsKeepsMemberErrorsFromBeingReported() throws {
        let (_, errors) = UnhandledErrorLog.capture {
            let good = Deferred<Int>.succeed(1)
            let bad = Deferred<Int>.fail(Boom(tag: 1))
            let gathered = Deferred.gatherResults([good, bad], consumeErrors: true)
            _ = try? failureResultOf(gathered)
        }
        #expect(errors.isEmpty)
    }

    @Test func withoutConsumeErrorsBothTheMemberAndTheGatherReport() throws {
        let (_, errors) = UnhandledErrorLog.capture {
            let bad = Deferred<Int>()
            let gathered = Deferred.gatherResults([bad])
            bad.errback(Boom(tag: 4))
            #expect(gathered.isCalled)
        }
        // The member's Boom, and the gather's FirstError nobody handled (Twisted logs both too).
        #expect(errors.count == 2)
        #expect(errors.contains { $0 is FirstError })
        #expect(errors.contains { ($0 as? Boom)?.tag == 4 })
    }

    // test_cancelGatherResults
    @Test func cancelCancelsEveryMember() throws {
        var cancelled: [Int] = []
        let d1 = Deferred<Int>(canceller: { _ in cancelled.append(1) })
        let d2 = Deferred<Int>(canceller: { _ in cancelled.append(2) })
        let gathered = Deferred.gatherResults([d1, d2], consumeErrors: true)
        gathered.cancel()
        #expect(cancelled == [1, 2])
        let first = try failureResultOf(gathered, FirstError.self)
        #expect(first.error is CancelledError)
        #expect(first.index == 0)
    }

    // test_cancelGatherResultsWithAllDeferredsCallback
    @Test func cancelWhereMemberCancellersSupplyValues() throws {
        let d1 = Deferred<String>(canceller: { $0.callback("a") })
        let d2 = Deferred<String>(canceller: { $0.callback("b") })
        let gathered = Deferred.gatherResults([d1, d2])
        gathered.cancel()
        #expect(try successResultOf(gathered) == ["a", "b"])
    }

    @Test func cancelAfterFiringDoesNothing() throws {
        let d1 = Deferred<Int>()
        let gathered = Deferred.gatherResults([d1])
        d1.callback(1)
        gathered.cancel()
        #expect(try successResultOf(gathered) == [1])
    }

    @Test func cancelWhenAMemberIsFiredButPausedFailsWithCancelledError() throws {
        let paused = Deferred<Int>()
        paused.pause()
        paused.callback(1)
        let gathered = Deferred.gatherResults([paused])
        gathered.cancel()
        // The paused member ignores cancel, so the gather itself fails; the member's later result is dropped.
        _ = try failureResultOf(gathered, CancelledError.self)
        paused.unpause()
        _ = try failureResultOf(gathered, CancelledError.self)
    }

    @Test func sameDeferredTwiceCountsTwice() throws {
        let d = Deferred<Int>()
        let gathered = Deferred.gatherResults([d, d])
        d.callback(4)
        #expect(try successResultOf(gathered) == [4, 4])
    }

    @Test func gatheredDeferredFiresOnceEvenIfMembersFireDuringItsCallbacks() throws {
        let d1 = Deferred<Int>(), d2 = Deferred<Int>()
        var fired = 0
        let gathered = Deferred.gatherResults([d1, d2], consumeErrors: true)
        gathered.addErrback { (error: any Error) -> [Int] in
            fired += 1
            d2.errback(Boom(tag: 2))
            return []
        }
        d1.errback(Boom(tag: 1))
        #expect(fired == 1)
    }

    @Test func largeGatherIsIterative() throws {
        let ds = (0..<100_000).map { _ in Deferred<Int>() }
        let gathered = Deferred.gatherResults(ds)
        for (i, d) in ds.enumerated() { d.callback(i) }
        let values = try successResultOf(gathered)
        #expect(values.count == 100_000)
        #expect(values.last == 99_999)
    }
}
