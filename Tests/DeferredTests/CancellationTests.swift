import Deferred
import DeferredTesting
import Testing

@Suite("Cancellation and firing once")
struct CancellationTests {
    @Test func cancelWithoutCancellerFailsWithCancelledError() throws {
        let d = Deferred<Int>()
        d.cancel()
        #expect(try failureResultOf(d, CancelledError.self) == CancelledError())
        // The producer's one late fire is swallowed.
        d.callback(1)
    }

    @Test func cancellerRunsOnceAndMayFireItself() throws {
        var calls = 0
        let d = Deferred<Int>(canceller: { d in calls += 1; d.callback(-1) })
        d.cancel()
        d.cancel()
        #expect(calls == 1)
        #expect(try successResultOf(d) == -1)
    }

    @Test func cancellerThatDoesNotFireLeadsToCancelledError() throws {
        let d = Deferred<Int>(canceller: { _ in })
        d.cancel()
        _ = try failureResultOf(d, CancelledError.self)
    }

    @Test func cancelFiredDeferredDoesNothing() throws {
        let d = Deferred<Int>.succeed(1)
        d.cancel()
        #expect(try successResultOf(d) == 1)
    }

    @Test func cancelOuterCancelsAwaitedInner() throws {
        var innerCancelled = false
        let inner = Deferred<Int>(canceller: { _ in innerCancelled = true })
        let outer = Deferred<Int>.succeed(0).addCallback { _ in inner }
        outer.cancel()
        #expect(innerCancelled)
        _ = try failureResultOf(outer, CancelledError.self)
    }

    @Test func cancelTypeChangedDeferredCancelsSource() throws {
        var cancelled = false
        let source = Deferred<Int>(canceller: { _ in cancelled = true })
        let derived = source.addCallback { String($0) }
        derived.cancel()
        #expect(cancelled)
        _ = try failureResultOf(derived, CancelledError.self)
    }

    @Test func secondFireIsAlreadyCalledError() async {
        await #expect(processExitsWith: .failure) {
            let d = Deferred<Int>()
            d.callback(1)
            d.callback(2)
        }
    }

    @Test func secondFireAfterCancelWithCancellerIsAlreadyCalledError() async {
        await #expect(processExitsWith: .failure) {
            let d = Deferred<Int>(canceller: { _ in })
            d.cancel()
            d.callback(2)
        }
    }

    @Test func unhandledErrorIsReportedWhenReleased() throws {
        let (_, errors) = UnhandledErrorLog.capture {
            _ = Deferred<Int>.fail(Boom(tag: 3))
        }
        #expect(errors.count == 1)
        #expect((errors.first as? Boom)?.tag == 3)
    }

    @Test func handledErrorIsNotReported() throws {
        let (_, errors) = UnhandledErrorLog.capture {
            _ = Deferred<Int>.fail(Boom()).addErrback { _ in 0 }
        }
        #expect(errors.isEmpty)
    }
}

@Suite("async/await bridge")
struct AsyncBridgeTests {
    @Test func awaitValueOfFiredDeferred() async throws {
        let d = Deferred<Int>.succeed(5)
        #expect(try await d.value == 5)
    }

    @MainActor @Test func awaitValueFiredLater() async throws {
        let d = Deferred<Int>()
        Task { @MainActor in d.callback(8) }
        #expect(try await d.value == 8)
    }

    @Test func awaitThrowsTheError() async throws {
        let d = Deferred<Int>.fail(Boom(tag: 2))
        await #expect(throws: Boom(tag: 2)) { try await d.value }
    }

    @MainActor @Test func fromAsyncFiresWithBodysResult() async throws {
        let d = Deferred<Int>.fromAsync { 40 + 2 }
        #expect(try await d.value == 42)
    }
}
