import Deferred
import DeferredTesting
import Testing

/// The closures a porter writes first compile as written, with no closure type spelled out (issue 13):
/// multi-statement `{ _ in … }` steps on a `Deferred<Void>` and closures that only throw keep the chain's
/// type, single-expression bodies of another type change it, bodies returning a Deferred chain. Each test
/// also checks which overload ran (the chain's result, or `===` the same Deferred).
@Suite("Closure forms that compile as written")
struct ClosureFormTests {
    struct Boom: Error {}

    @Test func multiStatementAddBothOnVoidKeepsTheChain() throws {
        var log: [String] = []
        let done = Deferred<Void>()
        let same = done.addBoth { _ in
            log.append("both")
            log.append("again")
        }
        #expect(same === done)
        done.callback()
        try successResultOf(done)
        #expect(log == ["both", "again"])
    }

    @Test func addBothOnVoidSeesTheErrorAndRecovers() throws {
        var seen: (any Error)?
        let done = Deferred<Void>()
        done.addBoth { result in
            if case .failure(let error) = result { seen = error }
        }
        done.errback(Boom())
        try successResultOf(done)
        #expect(seen is Boom)
    }

    @Test func multiStatementCallbackAndErrbackOnVoid() throws {
        var log: [String] = []
        let done = Deferred<Void>()
        done.addCallback {
            log.append("callback")
            throw Boom()
        }
        done.addErrback { error in
            log.append("errback")
            log.append("\(type(of: error))")
        }
        done.addCallbacks(
            {
                log.append("second callback")
                log.append("still")
            },
            errback: { _ in
                log.append("unreached")
            })
        done.callback()
        try successResultOf(done)
        #expect(log == ["callback", "errback", "Boom", "second callback", "still"])
    }

    @Test func closuresThatOnlyThrowKeepTheType() throws {
        let value = Deferred<Int>()
        let same = value.addCallback { _ in throw Boom() }
        #expect(same === value)
        value.addErrback { _ in throw Boom() }
        value.callback(1)
        _ = try failureResultOf(value, Boom.self)

        let done = Deferred<Void>()
        done.addCallback { throw Boom() }
        done.callback()
        _ = try failureResultOf(done, Boom.self)
    }

    @Test func stepsChangingTheTypeToVoid() throws {
        var log: [Int] = []
        let value = Deferred<Int>.succeed(7)
        let logged = value.addCallback { number in log.append(number) }
        let bothLogged = value.addBoth { _ in log.append(0) }
        // A multi-statement body that changes the type still names it: Swift picks the overload before it
        // reads the body, and `(Int) -> Int` would otherwise win (see docs/porting-map.md).
        let twice = value.addCallback { (number: Int) -> Void in
            log.append(number)
            log.append(number * 2)
        }
        try successResultOf(logged)
        try successResultOf(bothLogged)
        try successResultOf(twice)
        #expect(log == [7, 0, 7, 14])
    }

    @Test func aBodyReturningADeferredStillChains() throws {
        let inner = Deferred<String>()
        let value = Deferred<Int>.succeed(1)
        let chained = value.addCallback { number in
            let text = "\(number)"
            return inner.addCallback { $0 + text }
        }
        try assertNoResult(chained)
        inner.callback("n")
        #expect(try successResultOf(chained) == "n1")
    }

    @Test func singleExpressionDeferredsOnVoidChainOnTheSameDeferred() throws {
        let stopped = Deferred<Void>()
        let done = Deferred<Void>.succeed(())
        #expect(done.addCallback { stopped } === done)
        let recovered = Deferred<Void>.fail(Boom())
        #expect(recovered.addErrback { _ in stopped } === recovered)
        let both = Deferred<Void>.succeed(())
        #expect(both.addBoth { _ in stopped } === both)
        let pair = Deferred<Void>.succeed(())
        #expect(pair.addCallbacks({ stopped }, errback: { _ in stopped }) === pair)
        for waiting in [done, recovered, both, pair] { try assertNoResult(waiting) }
        stopped.callback()
        for waiting in [done, recovered, both, pair] { try successResultOf(waiting) }
    }

    @Test func aDeferredOfAnotherTypeContinuesInANewDeferred() throws {
        let count = Deferred<Int>()
        let done = Deferred<Void>.succeed(())
        let counted = done.addCallback { count }
        try assertNoResult(counted)
        count.callback(3)
        #expect(try successResultOf(counted) == 3)
    }
}
