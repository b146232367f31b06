import Deferred
import DeferredTesting
import Testing

struct Boom: Error, Equatable {
    var tag = 0
}

@Suite("Callback chains")
struct ChainTests {
    @Test func callbacksRunInOrderWhenFired() throws {
        let d = Deferred<Int>()
        var seen: [Int] = []
        d.addCallback { seen.append($0); return $0 + 1 }
        d.addCallback { seen.append($0); return $0 * 10 }
        #expect(seen.isEmpty)
        d.callback(1)
        #expect(seen == [1, 2])
        #expect(try successResultOf(d) == 20)
    }

    @Test func callbacksAddedAfterFiringRunAtOnce() throws {
        let d = Deferred<String>.succeed("a")
        var ran = false
        d.addCallback { ran = true; return $0 + "b" }
        #expect(ran)
        #expect(try successResultOf(d) == "ab")
    }

    @Test func thrownErrorMovesToErrbackAndErrbackRecovers() throws {
        let d = Deferred<Int>()
        var skipped = true
        // A closure that only throws has no return type to pick an overload by: annotate it.
        d.addCallback { (_: Int) -> Int in throw Boom(tag: 1) }
            .addCallback { skipped = false; return $0 }
            .addErrback { error in (error as? Boom)?.tag ?? -1 }
            .addCallback { $0 + 100 }
        d.callback(0)
        #expect(skipped)
        #expect(try successResultOf(d) == 101)
    }

    @Test func addCallbacksErrbackDoesNotSeeItsOwnCallbacksError() throws {
        let d = Deferred<Int>()
        var errbackRan = false
        d.addCallbacks({ (_: Int) -> Int in throw Boom() }, errback: { _ in errbackRan = true; return 0 })
        d.callback(1)
        #expect(!errbackRan)
        #expect(try failureResultOf(d, Boom.self) == Boom())
    }

    @Test func addBothSeesValueAndError() throws {
        let ok = Deferred<Int>.succeed(2).addBoth { r in try r.get() * 2 }
        #expect(try successResultOf(ok) == 4)
        let bad = Deferred<Int>.fail(Boom()).addBoth { r in (try? r.get()) ?? -1 }
        #expect(try successResultOf(bad) == -1)
    }

    @Test func typeChangingCallbackContinuesInNewDeferred() throws {
        let d = Deferred<Int>()
        let s: Deferred<String> = d.addCallback { "n=\($0)" }
        let count = s.addCallback { $0.count }
        d.callback(42)
        #expect(try successResultOf(count) == 4)
        #expect(try successResultOf(d) == 42)
    }

    @Test func typeChangingCallbackPassesErrorsOn() throws {
        let d = Deferred<Int>()
        let s = d.addCallback { String($0) }
        d.errback(Boom(tag: 7))
        #expect(try failureResultOf(s, Boom.self).tag == 7)
    }

    @Test func callbackReturningDeferredPausesTheChain() throws {
        let outer = Deferred<Int>()
        let inner = Deferred<Int>()
        var after: Int?
        outer.addCallback { _ in inner }
        outer.addCallback { after = $0; return $0 }
        outer.callback(1)
        #expect(after == nil)
        #expect(outer.isPaused)
        inner.callback(5)
        #expect(after == 5)
        #expect(!outer.isPaused)
    }

    @Test func closureReturningDeferredSelectsTheChainingOverload() throws {
        // Same value type: the chain waits and keeps its type.
        let a = Deferred<Int>.succeed(1)
        a.addCallback { v in
            let doubled = v * 2
            return Deferred.succeed(doubled)
        }
        #expect(try successResultOf(a) == 2)
        // Another value type: a Deferred<String>, not a Deferred<Deferred<String>>.
        let b = Deferred<Int>.succeed(3).addCallback { v in Deferred<String>.succeed("\(v)") }
        let typed: Deferred<String> = b
        #expect(try successResultOf(typed) == "3")
        // An explicit annotation selects the nesting overload.
        let nested: Deferred<Deferred<String>> = Deferred<Int>.succeed(4).addCallback {
            (v: Int) -> Deferred<String> in .succeed("\(v)")
        }
        #expect(try successResultOf(successResultOf(nested)) == "4")
    }

    @Test func chainedInnerErrorIsHandledByOuter() throws {
        let (_, errors) = UnhandledErrorLog.capture {
            let inner = Deferred<Int>()
            let outer = Deferred<Int>.succeed(0).addCallback { _ in inner }.addErrback { _ in 9 }
            inner.errback(Boom())
            #expect((try? successResultOf(outer)) == 9)
        }
        #expect(errors.isEmpty)
    }

    @Test func pauseAndUnpause() throws {
        let d = Deferred<Int>()
        var ran = false
        d.pause()
        d.addCallback { ran = true; return $0 }
        d.callback(1)
        #expect(!ran)
        d.pause()
        d.unpause()
        #expect(!ran)
        d.unpause()
        #expect(ran)
    }

    @Test func pauseInsideCallbackStopsTheRest() throws {
        let d = Deferred<Int>()
        var second = false
        d.addCallback { v in d.pause(); return v }
        d.addCallback { v in second = true; return v }
        d.callback(1)
        #expect(!second)
        d.unpause()
        #expect(second)
    }

    @Test func callbacksAddedDuringRunAreAppended() throws {
        let d = Deferred<Int>()
        var order: [String] = []
        d.addCallback { v in
            order.append("first")
            d.addCallback { order.append("added"); return $0 }
            return v
        }
        d.addCallback { order.append("second"); return $0 }
        d.callback(0)
        #expect(order == ["first", "second", "added"])
    }

    @Test func chainDeferredForwardsResult() throws {
        let a = Deferred<Int>()
        let b = Deferred<Int>()
        a.chainDeferred(b)
        a.callback(3)
        #expect(try successResultOf(b) == 3)
        let c = Deferred<Int>()
        let e = Deferred<Int>()
        c.chainDeferred(e)
        let (_, errors) = UnhandledErrorLog.capture { c.errback(Boom()) }
        #expect(errors.isEmpty)
        #expect(try failureResultOf(e, Boom.self) == Boom())
    }

    @Test func millionCallbackChainRuns() throws {
        let d = Deferred<Int>()
        for _ in 0..<1_000_000 {
            d.addCallback { $0 &+ 1 }
        }
        d.callback(0)
        #expect(try successResultOf(d) == 1_000_000)
    }

    @Test func hundredThousandNestedDeferredsRunWithoutRecursion() throws {
        // Each Deferred's callback returns the next one, which fires only at the end.
        let count = 100_000
        let deferreds = (0..<count).map { _ in Deferred<Int>() }
        for i in 0..<(count - 1) {
            let next = deferreds[i + 1]
            deferreds[i].addCallback { _ in next }
        }
        for d in deferreds.dropLast() { d.callback(0) }
        deferreds[count - 1].callback(7)
        #expect(try successResultOf(deferreds[0]) == 7)
    }

    @Test func hundredThousandTypeChangingLinksRunWithoutRecursion() throws {
        let start = Deferred<Int>()
        var tail: Deferred<Int> = start
        for _ in 0..<100_000 {
            tail = tail.addCallback { v in Deferred<Int>.succeed(v + 1) }.addCallback { (v: Int) -> Int in v }
        }
        start.callback(0)
        #expect(try successResultOf(tail) == 100_000)
    }
}
