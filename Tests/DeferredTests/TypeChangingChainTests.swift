import Deferred
import DeferredTesting
import Testing

/// addBoth, addCallbacks and chains whose value type changes along the way.
@Suite("addBoth and type-changing chains")
struct TypeChangingChainTests {
    @Test func addBothKeepingTheTypeRunsOnBothPaths() throws {
        var seen: [String] = []
        let ok = Deferred<Int>()
        ok.addBoth { result in seen.append("ok"); return try result.get() }
        ok.callback(1)
        let bad = Deferred<Int>()
        bad.addBoth { result in seen.append("bad"); return try result.get() }
        bad.errback(Boom())
        #expect(seen == ["ok", "bad"])
        #expect(try successResultOf(ok) == 1)
        _ = try failureResultOf(bad, Boom.self)
    }

    @Test func addBothChangingTheTypeTurnsAnErrorIntoAValue() throws {
        let d = Deferred<Int>.fail(Boom(tag: 4))
        let described: Deferred<String> = d.addBoth { result in
            switch result {
            case .success(let v): return "value \(v)"
            case .failure(let e): return "error \(e)"
            }
        }
        #expect(try successResultOf(described) == "error Boom(tag: 4)")
    }

    @Test func addBothReturningADeferredOfAnotherTypeWaits() throws {
        let inner = Deferred<String>()
        let d = Deferred<Int>.succeed(1).addBoth { _ in inner }
        try assertNoResult(d)
        inner.callback("x")
        #expect(try successResultOf(d) == "x")
    }

    @Test func addCallbacksChangingTheType() throws {
        let ok = Deferred<Int>.succeed(2).addCallbacks({ "v\($0)" }, errback: { _ in "e" })
        #expect(try successResultOf(ok) == "v2")
        let bad = Deferred<Int>.fail(Boom()).addCallbacks({ "v\($0)" }, errback: { _ in "e" })
        #expect(try successResultOf(bad) == "e")
    }

    @Test func typeChangeInTheMiddleOfAChain() throws {
        let d = Deferred<Int>()
        let end = d.addCallback { $0 * 2 }  // Int -> Int: same Deferred
            .addCallback { "\($0)" }  // Int -> String: new Deferred
            .addCallback { $0 + "!" }  // String -> String
            .addCallback { $0.count }  // String -> Int: new Deferred
        d.callback(21)
        #expect(try successResultOf(end) == 3)
        #expect(try successResultOf(d) == 42)
    }

    @Test func errorSkipsTypeChangingCallbacksUntilAnErrback() throws {
        var ran = false
        let d = Deferred<Int>()
        let end = d.addCallback { v -> String in ran = true; return "\(v)" }
            .addErrback { _ in "recovered" }
        d.errback(Boom())
        #expect(!ran)
        #expect(try successResultOf(end) == "recovered")
    }

    @Test func typeChangedDeferredAddedAfterFiringRunsAtOnce() throws {
        let d = Deferred<Int>.succeed(3)
        let s = d.addCallback { String(repeating: "a", count: $0) }
        #expect(try successResultOf(s) == "aaa")
    }

    @Test func voidChains() throws {
        var log: [String] = []
        let d = Deferred<Void>()
        let counted: Deferred<Int> = d.addCallback { log.append("void"); return 1 }
        let back: Deferred<Void> = counted.addCallback { (_: Int) -> Void in log.append("int") }
        d.callback()
        try successResultOf(back)
        #expect(log == ["void", "int"])
    }

    @Test func pausingTheSourcePausesTheContinuation() throws {
        let d = Deferred<Int>()
        let s = d.addCallback { String($0) }
        d.pause()
        d.callback(1)
        try assertNoResult(s)
        d.unpause()
        #expect(try successResultOf(s) == "1")
    }
}
