// Shared DelayedCall rules, written once against `any ReactorTime` so that the same bodies run on the
// fake `Clock`, on `MemoryReactorClock`, and on the real epoll reactor.
//
// A world is a reactor plus an `advance` closure and a `tick`:
// - `advance(amount)` must let at least `amount` pass on the reactor's time line and then run exactly
//   ONE pass of due calls (one reactor iteration). `Clock.advance` does precisely that; a real reactor
//   runs its loop until `amount` has elapsed and then one more iteration.
// - `tick` is the time unit the rules schedule with: 1 s on a fake clock, a few tens of milliseconds on a
//   real reactor. Rules never rely on anything closer than half a tick.
//
// To run them on another reactor, build a `DelayedCallWorld` and call `DelayedCallRules.run(name, in:)`
// for each name in `DelayedCallRules.names` (see ClockRuleTests.swift for the pattern).

import Reactor
import ReactorTesting
import Testing

/// A reactor under test, with a way to let time pass.
struct DelayedCallWorld {
    let reactor: any ReactorTime
    let tick: Duration
    let advance: (Duration) -> Void
}

enum DelayedCallRules {
    typealias Rule = @Sendable (DelayedCallWorld) throws -> Void

    static let rules: [(name: String, body: Rule)] = [
        ("earlier times run first", earlierTimesRunFirst),
        ("equal times run in scheduling order", equalTimesRunFIFO),
        ("a call does not run before its time", notBeforeItsTime),
        ("cancel prevents the run and releases the call", cancelPreventsRun),
        ("cancel twice throws AlreadyCancelled", cancelTwiceThrows),
        ("cancel, reset, delay after the run throw AlreadyCalled", changesAfterRunThrowAlreadyCalled),
        ("reset and delay after cancel throw AlreadyCancelled", changesAfterCancelThrowAlreadyCancelled),
        ("cancelling from inside the body throws AlreadyCalled", cancelFromInsideThrows),
        ("reset moves a call later and earlier", resetMovesCall),
        ("reset ranks after calls already due at that time", resetRanksAfterExisting),
        ("delay shifts a call by an amount", delayShiftsCall),
        ("a call cancelled by an earlier call of the same pass does not run", cancelWithinPass),
        ("delay-zero calls scheduled during a pass wait for the next pass", zeroDelayWaitsForNextPass),
        ("self-rescheduling delay-zero call runs once per pass", noEndlessLoop),
        ("getDelayedCalls lists pending calls in order", delayedCallsListing),
        ("state flags follow the call's life", stateFlags),
        ("many cancels keep the heap ordered", manyCancels),
    ]

    static var names: [String] { rules.map(\.name) }

    static func run(_ name: String, in world: DelayedCallWorld) throws {
        let rule = try #require(rules.first { $0.name == name }, "no rule named \(name)")
        try rule.body(world)
    }

    // MARK: - Rules

    static func earlierTimesRunFirst(_ w: DelayedCallWorld) throws {
        var order: [Int] = []
        w.reactor.callLater(w.tick * 3) { order.append(3) }
        w.reactor.callLater(w.tick * 1) { order.append(1) }
        w.reactor.callLater(w.tick * 2) { order.append(2) }
        w.advance(w.tick * 4)
        #expect(order == [1, 2, 3])
    }

    static func equalTimesRunFIFO(_ w: DelayedCallWorld) throws {
        var order: [Int] = []
        // Delay zero: on a fake clock all ten share one instant (a pure tie broken by scheduling order);
        // on a real reactor `now` may also move between the calls, which gives the same order.
        for index in 0..<10 {
            w.reactor.callLater(.zero) { order.append(index) }
        }
        w.advance(w.tick)
        #expect(order == Array(0..<10))
    }

    static func notBeforeItsTime(_ w: DelayedCallWorld) throws {
        var ran = false
        w.reactor.callLater(w.tick * 2) { ran = true }
        w.advance(w.tick)
        #expect(!ran)
        w.advance(w.tick * 2)
        #expect(ran)
    }

    static func cancelPreventsRun(_ w: DelayedCallWorld) throws {
        var ran = false
        weak var released: Canary?
        do {
            let canary = Canary()
            released = canary
            let call = w.reactor.callLater(w.tick) { canary.poke(); ran = true }
            try call.cancel()
        }
        #expect(released == nil, "cancel releases the body at once")
        w.advance(w.tick * 2)
        #expect(!ran)
    }

    static func cancelTwiceThrows(_ w: DelayedCallWorld) throws {
        let call = w.reactor.callLater(w.tick) {}
        try call.cancel()
        #expect(throws: AlreadyCancelled.self) { try call.cancel() }
    }

    static func changesAfterRunThrowAlreadyCalled(_ w: DelayedCallWorld) throws {
        let call = w.reactor.callLater(.zero) {}
        w.advance(w.tick)
        #expect(call.isCalled)
        #expect(throws: AlreadyCalled.self) { try call.cancel() }
        #expect(throws: AlreadyCalled.self) { try call.reset(w.tick) }
        #expect(throws: AlreadyCalled.self) { try call.delay(w.tick) }
    }

    static func changesAfterCancelThrowAlreadyCancelled(_ w: DelayedCallWorld) throws {
        let call = w.reactor.callLater(w.tick) {}
        try call.cancel()
        #expect(throws: AlreadyCancelled.self) { try call.reset(w.tick) }
        #expect(throws: AlreadyCancelled.self) { try call.delay(w.tick) }
    }

    static func cancelFromInsideThrows(_ w: DelayedCallWorld) throws {
        var thrown: (any Error)?
        var call: DelayedCall?
        call = w.reactor.callLater(.zero) {
            do { try call?.cancel() } catch { thrown = error }
        }
        w.advance(w.tick)
        #expect(thrown is AlreadyCalled)
    }

    static func resetMovesCall(_ w: DelayedCallWorld) throws {
        var runs = 0
        let later = w.reactor.callLater(w.tick) { runs += 1 }
        try later.reset(w.tick * 4)
        w.advance(w.tick * 2)
        #expect(runs == 0, "reset to a later time postpones the call")
        let earlier = w.reactor.callLater(w.tick * 10) { runs += 10 }
        try earlier.reset(.zero)
        w.advance(w.tick)
        #expect(runs == 10, "reset to an earlier time brings the call forward")
        w.advance(w.tick * 3)
        #expect(runs == 11)
    }

    static func resetRanksAfterExisting(_ w: DelayedCallWorld) throws {
        var order: [String] = []
        let first = w.reactor.callLater(.zero) { order.append("first") }
        w.reactor.callLater(.zero) { order.append("second") }
        try first.reset(.zero)
        w.advance(w.tick)
        #expect(order == ["second", "first"])
    }

    static func delayShiftsCall(_ w: DelayedCallWorld) throws {
        var ran = false
        let call = w.reactor.callLater(w.tick * 2) { ran = true }
        let scheduled = call.time
        try call.delay(w.tick * 2)
        #expect(call.time == scheduled + w.tick * 2)
        w.advance(w.tick * 3)
        #expect(!ran)
        try call.delay(w.tick * -2)
        #expect(call.time == scheduled)
        w.advance(.zero)
        #expect(ran)
    }

    static func cancelWithinPass(_ w: DelayedCallWorld) throws {
        var order: [String] = []
        var victim: DelayedCall?
        w.reactor.callLater(.zero) {
            order.append("a")
            try? victim?.cancel()
        }
        victim = w.reactor.callLater(.zero) { order.append("b") }
        w.advance(w.tick)
        #expect(order == ["a"])
        #expect(victim?.isCancelled == true)
    }

    static func zeroDelayWaitsForNextPass(_ w: DelayedCallWorld) throws {
        var order: [String] = []
        w.reactor.callLater(.zero) {
            order.append("outer")
            w.reactor.callLater(.zero) { order.append("inner") }
        }
        w.advance(.zero)
        #expect(order == ["outer"])
        w.advance(.zero)
        #expect(order == ["outer", "inner"])
    }

    static func noEndlessLoop(_ w: DelayedCallWorld) throws {
        var runs = 0
        var again: (() -> Void)!
        again = {
            runs += 1
            if runs < 1000 {
                w.reactor.callLater(.zero, again)
            }
        }
        w.reactor.callLater(.zero, again)
        w.advance(.zero)
        #expect(runs == 1)
        w.advance(.zero)
        #expect(runs == 2)
        for call in w.reactor.getDelayedCalls() { try? call.cancel() }
        again = nil
    }

    static func delayedCallsListing(_ w: DelayedCallWorld) throws {
        let c = w.reactor.callLater(w.tick * 3) {}
        let a = w.reactor.callLater(w.tick * 1) {}
        let b = w.reactor.callLater(w.tick * 2) {}
        #expect(w.reactor.getDelayedCalls().map(ObjectIdentifier.init) == [a, b, c].map(ObjectIdentifier.init))
        try b.cancel()
        #expect(w.reactor.getDelayedCalls().map(ObjectIdentifier.init) == [a, c].map(ObjectIdentifier.init))
        w.advance(w.tick * 2)
        #expect(w.reactor.getDelayedCalls().map(ObjectIdentifier.init) == [c].map(ObjectIdentifier.init))
        try c.cancel()
        #expect(w.reactor.getDelayedCalls().isEmpty)
    }

    static func stateFlags(_ w: DelayedCallWorld) throws {
        var seenInside: (active: Bool, called: Bool)?
        var call: DelayedCall!
        call = w.reactor.callLater(.zero) { seenInside = (call.isActive, call.isCalled) }
        #expect(call.isActive && !call.isCalled && !call.isCancelled)
        w.advance(w.tick)
        #expect(seenInside?.active == false && seenInside?.called == true)
        #expect(!call.isActive && call.isCalled && !call.isCancelled)
        let other = w.reactor.callLater(w.tick) {}
        try other.cancel()
        #expect(!other.isActive && !other.isCalled && other.isCancelled)
        call = nil
    }

    static func manyCancels(_ w: DelayedCallWorld) throws {
        var ran: [Int] = []
        var calls: [DelayedCall] = []
        // Times 0..<7 ticks, interleaved, 700 calls: each time gets 100 calls in scheduling order.
        for index in 0..<700 {
            let slot = (index * 3) % 7
            calls.append(w.reactor.callLater(w.tick * slot) { ran.append(index) })
        }
        for (index, call) in calls.enumerated() where index % 3 == 0 || index % 5 == 0 {
            try call.cancel()
        }
        w.advance(w.tick * 8)
        let expected = (0..<700).filter { $0 % 3 != 0 && $0 % 5 != 0 }
            .sorted { (($0 * 3) % 7, $0) < (($1 * 3) % 7, $1) }
        #expect(ran == expected)
        #expect(w.reactor.getDelayedCalls().isEmpty)
    }
}

/// An object whose release a test can observe through a weak reference.
final class Canary {
    private(set) var pokes = 0
    func poke() { pokes += 1 }
}
