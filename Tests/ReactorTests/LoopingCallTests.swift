import Deferred
import DeferredTesting
import Reactor
import ReactorTesting
import Testing

@Suite("LoopingCall")
struct LoopingCallTests {
    @Test func runsAtOnceThenEveryInterval() {
        let clock = Clock()
        var times: [Duration] = []
        let loop = LoopingCall(clock: clock) { times.append(clock.now) }
        loop.start(.seconds(1))
        #expect(times == [.zero])
        clock.pump([.seconds(1), .seconds(1), .milliseconds(500)])
        #expect(times == [.zero, .seconds(1), .seconds(2)])
        loop.stop()
    }

    @Test func nowFalseWaitsOneInterval() {
        let clock = Clock()
        var runs = 0
        let loop = LoopingCall(clock: clock) { runs += 1 }
        loop.start(.seconds(2), now: false)
        #expect(runs == 0)
        clock.advance(.seconds(2))
        #expect(runs == 1)
        loop.stop()
    }

    @Test func skipsMissedIntervals() {
        let clock = Clock()
        var times: [Duration] = []
        let loop = LoopingCall(clock: clock) { times.append(clock.now) }
        loop.start(.seconds(1))
        clock.advance(.milliseconds(3500))
        #expect(times == [.zero, .milliseconds(3500)])
        #expect(clock.getDelayedCalls().map(\.time) == [.seconds(4)])
        clock.advance(.milliseconds(500))
        #expect(times.last == .seconds(4))
        loop.stop()
    }

    @Test func withCountReportsSkippedIntervals() {
        let clock = Clock()
        var counts: [Int] = []
        let loop = LoopingCall.withCount(clock: clock) { count in
            counts.append(count)
        }
        loop.start(.seconds(1))
        clock.advance(.seconds(1))
        clock.advance(.milliseconds(3500))
        clock.advance(.milliseconds(500))
        #expect(counts == [1, 1, 3, 1])
        loop.stop()
    }

    @Test func withCountAndNowFalse() {
        let clock = Clock()
        var counts: [Int] = []
        let loop = LoopingCall.withCount(clock: clock) { count in
            counts.append(count)
        }
        loop.start(.seconds(1), now: false)
        clock.advance(.seconds(2))
        #expect(counts == [2])
        loop.stop()
    }

    @Test func stopFiresStartDeferredWithTheLoop() throws {
        let clock = Clock()
        let loop = LoopingCall(clock: clock) {}
        let done = loop.start(.seconds(1))
        try assertNoResult(done)
        clock.advance(.seconds(1))
        loop.stop()
        #expect(try successResultOf(done) === loop)
        #expect(!loop.isRunning)
        #expect(clock.getDelayedCalls().isEmpty)
    }

    @Test func stopFromInsideTheFunction() throws {
        let clock = Clock()
        var runs = 0
        var loop: LoopingCall!
        loop = LoopingCall(clock: clock) {
            runs += 1
            if runs == 2 { loop.stop() }
        }
        let done = loop.start(.seconds(1))
        clock.pump([.seconds(1), .seconds(1)])
        #expect(runs == 2)
        #expect(try successResultOf(done) === loop)
        #expect(clock.getDelayedCalls().isEmpty)
        loop = nil
    }

    @Test func waitsForAReturnedDeferred() throws {
        let clock = Clock()
        var pending: [Deferred<Void>] = []
        let loop = LoopingCall.returningDeferred(clock: clock) {
            let d = Deferred<Void>()
            pending.append(d)
            return d
        }
        let done = loop.start(.seconds(1))
        clock.advance(.seconds(5))
        #expect(pending.count == 1, "no new run while the returned Deferred is pending")
        #expect(clock.getDelayedCalls().isEmpty)
        pending[0].callback()
        #expect(clock.getDelayedCalls().map(\.time) == [.seconds(6)])
        clock.advance(.seconds(1))
        #expect(pending.count == 2)
        loop.stop()
        try assertNoResult(done)
        pending[1].callback()
        #expect(try successResultOf(done) === loop)
    }

    @Test func thrownErrorFailsTheStartDeferredAndStops() throws {
        let clock = Clock()
        var runs = 0
        let loop = LoopingCall(clock: clock) {
            runs += 1
            if runs == 2 { throw Boom(tag: 7) }
        }
        let done = loop.start(.seconds(1))
        clock.advance(.seconds(1))
        #expect(try failureResultOf(done, Boom.self) == Boom(tag: 7))
        #expect(!loop.isRunning)
        clock.advance(.seconds(5))
        #expect(runs == 2)
    }

    @Test func failingFirstRunFailsAtOnce() throws {
        let clock = Clock()
        let loop = LoopingCall.returningDeferred(clock: clock) { .fail(Boom()) }
        let done = loop.start(.seconds(1))
        #expect(try failureResultOf(done, Boom.self) == Boom())
    }

    @Test func resetRestartsTheScheduleFromNow() {
        let clock = Clock()
        var times: [Duration] = []
        let loop = LoopingCall(clock: clock) { times.append(clock.now) }
        loop.start(.seconds(2))
        clock.advance(.seconds(1))
        loop.reset()
        clock.advance(.seconds(1))
        #expect(times == [.zero])
        clock.advance(.seconds(1))
        #expect(times == [.zero, .seconds(3)])
        loop.stop()
    }

    @Test func zeroIntervalRunsOncePerAdvance() {
        let clock = Clock()
        var runs = 0
        let loop = LoopingCall(clock: clock) { runs += 1 }
        loop.start(.zero)
        #expect(runs == 1)
        clock.advance(.zero)
        clock.advance(.zero)
        #expect(runs == 3)
        loop.stop()
    }
}
