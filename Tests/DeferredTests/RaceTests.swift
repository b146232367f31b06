import Deferred
import DeferredTesting
import Testing

@Suite("Deferred.race")
struct RaceTests {
    // RaceTests.test_success
    @Test(arguments: [(0, 0), (1, 0), (0, 1), (2, 3)])
    func firstSuccessWinsAndTheOthersAreCancelled(before: Int, after: Int) throws {
        var cancelled: [Int] = []
        let ds = (0..<(before + 1 + after)).map { i in Deferred<String>(canceller: { _ in cancelled.append(i) }) }
        let raced = Deferred.race(ds)
        ds[before].callback("winner")
        let (index, value) = try successResultOf(raced)
        #expect(index == before)
        #expect(value == "winner")
        #expect(cancelled == Array(0..<before) + Array((before + 1)..<ds.count))
        // The winner keeps its value for its own later callbacks.
        #expect(try successResultOf(ds[before]) == "winner")
    }

    // RaceTests.test_failure
    @Test func allFailingGivesFailureGroupInInputOrder() throws {
        let (_, errors) = try UnhandledErrorLog.capture {
            let ds = (0..<3).map { _ in Deferred<Int>() }
            let raced = Deferred.race(ds)
            ds[2].errback(Boom(tag: 2))
            ds[0].errback(Boom(tag: 0))
            try assertNoResult(raced)
            ds[1].errback(Boom(tag: 1))
            let group = try failureResultOf(raced, FailureGroup.self)
            #expect(group.errors.map { ($0 as? Boom)?.tag } == [0, 1, 2])
        }
        // race consumes the members' errors.
        #expect(errors.isEmpty)
    }

    @Test func aFailureBeforeTheWinnerIsIgnored() throws {
        let ds = [Deferred<Int>(), Deferred<Int>()]
        let raced = Deferred.race(ds)
        ds[0].errback(Boom())
        ds[1].callback(9)
        #expect(try successResultOf(raced) == (index: 1, value: 9))
    }

    // RaceTests.test_resultAfterCancel
    @Test func resultArrivingAfterTheLosersWereCancelledIsIgnored() throws {
        // No cancellers: cancel() fails the losers and swallows their producers' one late fire.
        let ds = [Deferred<Int>(), Deferred<Int>()]
        let raced = Deferred.race(ds)
        ds[0].callback(1)
        ds[1].callback(2)
        #expect(try successResultOf(raced) == (index: 0, value: 1))
        _ = try failureResultOf(ds[1], CancelledError.self)
    }

    // RaceTests.test_resultFromCancel
    @Test func aLoserWhoseCancellerSuppliesAValueIsIgnored() throws {
        let ds = [Deferred<Int>(), Deferred<Int>(canceller: { $0.callback(99) })]
        let raced = Deferred.race(ds)
        ds[0].callback(1)
        #expect(try successResultOf(raced) == (index: 0, value: 1))
        #expect(try successResultOf(ds[1]) == 99)
    }

    // RaceTests.test_cancel
    @Test(arguments: [1, 2, 5])
    func cancelCancelsEveryMember(count: Int) throws {
        let ds = (0..<count).map { _ in Deferred<Int>() }
        let raced = Deferred.race(ds)
        raced.cancel()
        let group = try failureResultOf(raced, FailureGroup.self)
        #expect(group.errors.count == count)
        #expect(group.errors.allSatisfy { $0 is CancelledError })
        for d in ds { _ = try failureResultOf(d, CancelledError.self) }
    }

    @Test func cancelWhereAMemberCancellerSuppliesAValueMakesItTheWinner() throws {
        let ds = [Deferred<Int>(), Deferred<Int>(canceller: { $0.callback(5) }), Deferred<Int>()]
        let raced = Deferred.race(ds)
        raced.cancel()
        #expect(try successResultOf(raced) == (index: 1, value: 5))
        _ = try failureResultOf(ds[2], CancelledError.self)
    }

    @Test func alreadyFiredMemberWinsAtOnce() throws {
        var cancelled = false
        let pending = Deferred<Int>(canceller: { _ in cancelled = true })
        let raced = Deferred.race([pending, .succeed(2)])
        #expect(try successResultOf(raced) == (index: 1, value: 2))
        #expect(cancelled)
    }

    @Test func emptyRaceFailsAtOnce() throws {
        let raced = Deferred.race([Deferred<Int>]())
        #expect(try failureResultOf(raced, FailureGroup.self).errors.isEmpty)
    }

    @Test func cancelAfterTheWinnerDoesNothing() throws {
        let ds = [Deferred<Int>(), Deferred<Int>()]
        let raced = Deferred.race(ds)
        ds[1].callback(3)
        raced.cancel()
        #expect(try successResultOf(raced) == (index: 1, value: 3))
        #expect(try successResultOf(ds[1]) == 3)
    }
}
