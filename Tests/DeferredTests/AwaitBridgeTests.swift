import Deferred
import DeferredTesting
import Testing

/// `try await d.value` and `Deferred.fromAsync`: Twisted's `await d` / `ensureDeferred`.
@Suite("async/await bridge, more cases")
@MainActor
struct AwaitBridgeTests {
    @Test func awaitingTwiceGivesTheSameValue() async throws {
        let d = Deferred<Int>.succeed(3)
        #expect(try await d.value == 3)
        #expect(try await d.value == 3)
        // The value stays for ordinary callbacks too.
        #expect(try successResultOf(d.addCallback { $0 + 1 }) == 4)
    }

    @Test func awaitSeesTheResultAtItsPointOfTheChain() async throws {
        let d = Deferred<Int>()
        d.addCallback { $0 * 10 }
        Task { d.callback(2) }
        let seen = try await d.value
        d.addCallback { $0 + 1 }
        #expect(seen == 20)
        #expect(try successResultOf(d) == 21)
    }

    @Test func awaitWaitsForAPausedDeferred() async throws {
        let d = Deferred<String>()
        d.pause()
        d.callback("later")
        Task { d.unpause() }
        #expect(try await d.value == "later")
    }

    @Test func awaitThrowsAnErrorFromTheChain() async throws {
        let d = Deferred<Int>()
        d.addCallback { (_: Int) -> Int in throw Boom(tag: 6) }
        Task { d.callback(0) }
        await #expect(throws: Boom(tag: 6)) { try await d.value }
    }

    @Test func fromAsyncBodyErrorFailsTheDeferred() async throws {
        let d = Deferred<Int>.fromAsync { throw Boom(tag: 7) }
        await #expect(throws: Boom(tag: 7)) { try await d.value }
    }

    @Test func fromAsyncHasNoResultUntilTheTaskRuns() async throws {
        let d = Deferred<Int>.fromAsync { 1 }
        try assertNoResult(d)
        #expect(try await d.value == 1)
    }

    // inlineCallbacks-style: the body awaits Deferreds in turn.
    @Test func fromAsyncBodyAwaitsOtherDeferreds() async throws {
        let first = Deferred<Int>(), second = Deferred<Int>()
        let d = Deferred<Int>.fromAsync {
            let a = try await first.value
            let b = try await second.value
            return a + b
        }
        first.callback(1)
        second.callback(2)
        #expect(try await d.value == 3)
    }

    @Test func fromAsyncBodyCatchesAnAwaitedDeferredsError() async throws {
        let failing = Deferred<Int>()
        let d = Deferred<String>.fromAsync {
            do {
                _ = try await failing.value
                return "no error"
            } catch let error as Boom {
                return "caught \(error.tag)"
            }
        }
        failing.errback(Boom(tag: 8))
        #expect(try await d.value == "caught 8")
    }

    @Test func cancellingFromAsyncFailsAtOnceAndCancelsTheTask() async throws {
        let observed = Deferred<Bool>()
        let d = Deferred<Int>.fromAsync {
            while !Task.isCancelled { await Task.yield() }
            observed.callback(true)
            return 1
        }
        d.cancel()
        _ = try failureResultOf(d, CancelledError.self)
        // The body saw the cancellation; its late result is dropped without an AlreadyCalledError.
        #expect(try await observed.value)
        _ = try failureResultOf(d, CancelledError.self)
    }

    @Test func deferredFromAsyncFeedsACombinator() async throws {
        let a = Deferred<Int>.fromAsync { 1 }
        let b = Deferred<Int>.fromAsync { 2 }
        #expect(try await Deferred.gatherResults([a, b]).value == [1, 2])
    }
}
