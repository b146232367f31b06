import Reactor
import ReactorTesting
import Testing

@Suite("Clock")
struct ClockTests {
    @Test func startsAtZeroAndAdvances() {
        let clock = Clock()
        #expect(clock.now == .zero)
        #expect(clock.seconds() == 0)
        clock.advance(.milliseconds(1500))
        #expect(clock.seconds() == 1.5)
        clock.pump([.seconds(1), .seconds(2)])
        #expect(clock.now == .milliseconds(4500))
    }

    @Test func callFiresAtExactlyItsTime() {
        let clock = Clock()
        var ran = false
        let call = clock.callLater(.seconds(1)) { ran = true }
        #expect(call.time == .seconds(1))
        clock.advance(.seconds(1) - .nanoseconds(1))
        #expect(!ran)
        clock.advance(.nanoseconds(1))
        #expect(ran)
    }

    @Test func everyCallSeesTheFinalTime() {
        let clock = Clock()
        var seen: [Duration] = []
        clock.callLater(.seconds(1)) { seen.append(clock.now) }
        clock.callLater(.seconds(2)) { seen.append(clock.now) }
        clock.advance(.seconds(5))
        #expect(seen == [.seconds(5), .seconds(5)])
    }

    @Test func callScheduledDuringAdvanceIsRelativeToTheNewTime() {
        let clock = Clock()
        var innerTime: Duration?
        clock.callLater(.seconds(1)) {
            innerTime = clock.callLater(.seconds(1)) {}.time
        }
        clock.advance(.seconds(3))
        #expect(innerTime == .seconds(4))
        #expect(clock.getDelayedCalls().count == 1)
    }

    @Test func zeroDelayCallsScheduledDuringAdvanceRunAtTheNextAdvance() {
        let clock = Clock()
        var order: [String] = []
        clock.callLater(.seconds(1)) {
            order.append("a")
            clock.callLater(.zero) { order.append("b") }
        }
        clock.advance(.seconds(1))
        #expect(order == ["a"])
        #expect(clock.nextDeadline == .seconds(1))
        clock.advance(.zero)
        #expect(order == ["a", "b"])
    }

    @Test func resetRecordsTheNewTime() throws {
        let clock = Clock()
        clock.advance(.seconds(10))
        let call = clock.callLater(.seconds(5)) {}
        try call.reset(.seconds(1))
        #expect(call.time == .seconds(11))
        try call.delay(.seconds(2))
        #expect(call.time == .seconds(13))
        #expect(clock.nextDeadline == .seconds(13))
    }

    @Test func releasedClockDoesNotBreakHeldCalls() throws {
        var clock: Clock? = Clock()
        let call = clock!.callLater(.seconds(1)) {}
        clock = nil
        #expect(call.isActive)
        try call.reset(.seconds(2))
        try call.cancel()
        #expect(call.isCancelled)
    }
}
