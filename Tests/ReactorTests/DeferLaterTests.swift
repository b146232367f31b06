import Deferred
import DeferredTesting
import Reactor
import ReactorTesting
import Testing

@Suite("deferLater")
struct DeferLaterTests {
    @Test func firesWithTheResultAfterTheDelay() throws {
        let clock = Clock()
        let d = deferLater(clock: clock, delay: .seconds(2)) { "done" }
        clock.advance(.seconds(1))
        try assertNoResult(d)
        clock.advance(.seconds(1))
        #expect(try successResultOf(d) == "done")
    }

    @Test func thrownErrorFailsTheDeferred() throws {
        let clock = Clock()
        let d = deferLater(clock: clock, delay: .seconds(1)) { () throws -> Int in throw Boom(tag: 3) }
        clock.advance(.seconds(1))
        #expect(try failureResultOf(d, Boom.self) == Boom(tag: 3))
    }

    @Test func cancelCancelsTheCallAndFailsWithCancelledError() throws {
        let clock = Clock()
        var ran = false
        let d = deferLater(clock: clock, delay: .seconds(1)) { ran = true }
        #expect(clock.getDelayedCalls().count == 1)
        d.cancel()
        #expect(clock.getDelayedCalls().isEmpty)
        _ = try failureResultOf(d, CancelledError.self)
        clock.advance(.seconds(2))
        #expect(!ran)
    }

    @Test func voidVariant() throws {
        let clock = Clock()
        let d = deferLater(clock: clock, delay: .milliseconds(10))
        clock.advance(.milliseconds(10))
        try successResultOf(d)
    }
}
