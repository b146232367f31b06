import ReactorTesting
import Testing

@testable import Reactor

extension EpollReactor {
    /// For the shared rules: lets `amount` of real time pass (handling I/O but running no timers), then
    /// runs exactly one pass of due timers, as `Clock.advance` does.
    func advanceForRules(_ amount: Duration) {
        let deadline = Self.monotonicNow() + amount
        while true {
            let remaining = deadline - Self.monotonicNow()
            guard remaining > .zero else { break }
            let (seconds, attoseconds) = remaining.components
            let milliseconds = Int32(seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
            _ = try? selector.waitAndDispatch(timeoutMilliseconds: milliseconds)
        }
        timers.runDue(now: Self.monotonicNow())
    }
}

/// The shared DelayedCall rules (Support/DelayedCallRules.swift) on the real epoll reactor.
///
/// Rules that check a call has *not yet* run after some real time has passed are left to the fake
/// clocks: on a real clock an operating-system stall between two statements (a loaded CI machine)
/// lets more time pass than the rule planned, so such a check would depend on timing (the timer heap
/// itself is the same `TimerQueue` on every reactor, so the fake clocks cover it). Every rule that
/// only needs time to pass at least as far as planned (order, cancellation, passes) runs here.
@Suite("DelayedCall rules on EpollReactor")
struct EpollDelayedCallRuleTests {
    static let timingDependent: Set<String> = [
        "a call does not run before its time",
        "reset moves a call later and earlier",
        "delay shifts a call by an amount",
        "getDelayedCalls lists pending calls in order",
        // Schedules 700 calls tick-spaced by real time; a stall mid-loop would reorder the slots.
        "many cancels keep the heap ordered",
    ]

    static var robustRules: [String] { DelayedCallRules.names.filter { !timingDependent.contains($0) } }

    @Test("the timing-dependent rules exist (a renamed rule must not silently run on epoll)")
    func timingDependentRulesExist() {
        #expect(Self.timingDependent.isSubset(of: Set(DelayedCallRules.names)))
    }

    @Test("on EpollReactor", arguments: robustRules)
    func onEpollReactor(_ rule: String) throws {
        let reactor = try EpollReactor()
        try DelayedCallRules.run(
            rule, in: DelayedCallWorld(reactor: reactor, tick: .milliseconds(20), advance: reactor.advanceForRules))
    }
}
