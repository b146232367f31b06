import Reactor
import ReactorTesting
import Testing

/// The shared DelayedCall rules (Support/DelayedCallRules.swift) on the fake clocks.
@Suite("DelayedCall rules")
struct ClockRuleTests {
    @Test("on Clock", arguments: DelayedCallRules.names)
    func onClock(_ rule: String) throws {
        let clock = Clock()
        try DelayedCallRules.run(rule, in: DelayedCallWorld(reactor: clock, tick: .seconds(1), advance: clock.advance))
    }

    @Test("on MemoryReactorClock", arguments: DelayedCallRules.names)
    func onMemoryReactor(_ rule: String) throws {
        let reactor = MemoryReactorClock()
        try DelayedCallRules.run(
            rule, in: DelayedCallWorld(reactor: reactor, tick: .milliseconds(25), advance: reactor.advance))
    }
}
