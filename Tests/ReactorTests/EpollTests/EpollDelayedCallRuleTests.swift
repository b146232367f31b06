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
@Suite("DelayedCall rules on EpollReactor")
struct EpollDelayedCallRuleTests {
    @Test("on EpollReactor", arguments: DelayedCallRules.names)
    func onEpollReactor(_ rule: String) throws {
        let reactor = try EpollReactor()
        try DelayedCallRules.run(
            rule, in: DelayedCallWorld(reactor: reactor, tick: .milliseconds(20), advance: reactor.advanceForRules))
    }
}
