import Deferred
import DeferredTesting
import Reactor
import ReactorTesting
import Testing

@Suite("deferUntil")
struct DeferUntilTests {
    @Test func aConditionAlreadyTrueFiresAtOnceWithNoTimer() throws {
        let clock = Clock()
        let d = deferUntil(clock: clock) { true }
        #expect(try successResultOf(d) == true)
        #expect(clock.getDelayedCalls().isEmpty)
    }

    @Test func checksOnEveryIntervalUntilTheConditionHolds() throws {
        let clock = Clock()
        var checks = 0
        let d = deferUntil(clock: clock, every: .seconds(1)) {
            checks += 1
            return checks == 3
        }
        try assertNoResult(d)
        clock.advance(.milliseconds(999))
        #expect(checks == 1)
        clock.advance(.milliseconds(1))
        #expect(checks == 2)
        try assertNoResult(d)
        clock.advance(.seconds(1))
        #expect(try successResultOf(d) == true)
        #expect(clock.getDelayedCalls().isEmpty, "no check is left scheduled")
    }

    @Test func firesFalseOnceTheLimitHasPassed() throws {
        let clock = Clock()
        let d = deferUntil(clock: clock, every: .seconds(1), limit: .seconds(3)) { false }
        clock.advance(.seconds(2))
        try assertNoResult(d)
        clock.advance(.seconds(1))
        #expect(try successResultOf(d) == false)
        #expect(clock.getDelayedCalls().isEmpty)
    }

    @Test func cancellingStopsTheChecks() throws {
        let clock = Clock()
        var checks = 0
        let d = deferUntil(clock: clock) {
            checks += 1
            return false
        }
        d.cancel()
        _ = try failureResultOf(d, CancelledError.self)
        #expect(clock.getDelayedCalls().isEmpty)
        clock.advance(.seconds(1))
        #expect(checks == 1)
    }
}
