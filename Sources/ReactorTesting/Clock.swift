import Reactor

/// Fake time for tests: calls scheduled with ``callLater(_:_:)`` run only when the test calls
/// ``advance(_:)``.
///
/// Starts at time zero. ``advance(_:)`` moves the time forward first and then runs, in one pass, every
/// call that is due at the new time, earliest first, calls due at the same time in scheduling order. Every
/// call sees ``now`` equal to the new time, not to its own scheduled time (as in Twisted: a call due at
/// 1 s run by `advance(.seconds(3))` sees 3 s, which is how ``LoopingCall`` counts skipped intervals).
///
/// Difference from Twisted's `task.Clock`: a call scheduled *during* `advance` (necessarily due at or
/// after the new time) runs at the next `advance`, even with delay zero; Twisted runs it in the same
/// `advance`, and loops forever on a call that keeps rescheduling itself with `callLater(0)`
/// (twisted#5962). The epoll reactor follows the same rule, one pass per loop iteration, so tests see the
/// real ordering. Call `advance(.zero)` to run such calls. Also unlike Twisted, negative delays and
/// negative `advance` amounts are rejected (precondition), since the real reactor's time is monotonic.
///
/// Threading: not Sendable; use from the test's thread. The name shadows the standard library's `Clock`
/// protocol in files that import `Reactor`; write `Swift.Clock` for that one.
///
/// Twisted: `twisted.internet.task.Clock`.
public final class Clock: ReactorTime {
    /// The current fake time, from zero.
    ///
    /// Twisted: `Clock.seconds()` / `Clock.rightNow`.
    public private(set) var now: Duration = .zero

    private lazy var timers = TimerQueue(now: { [unowned self] in self.now })

    /// Creates a clock at time zero with no pending calls.
    public init() {}

    /// Schedules `body` to run when the clock has been advanced by `delay`.
    ///
    /// - Precondition: `delay >= .zero`.
    ///
    /// Twisted: `Clock.callLater`.
    @discardableResult
    public func callLater(_ delay: Duration, _ body: @escaping () -> Void) -> DelayedCall {
        timers.schedule(after: delay, body)
    }

    /// The pending calls, earliest first.
    ///
    /// Twisted: `Clock.getDelayedCalls`.
    public func getDelayedCalls() -> [DelayedCall] {
        timers.pendingCalls
    }

    /// Moves time forward by `amount`, then runs the calls due by then (one pass; see the type's notes).
    ///
    /// - Precondition: `amount >= .zero`.
    ///
    /// Twisted: `Clock.advance`.
    public func advance(_ amount: Duration) {
        precondition(amount >= .zero, "Clock.advance: amount must not be negative (got \(amount))")
        now += amount
        timers.runDue(now: now)
    }

    /// Advances by each amount in turn.
    ///
    /// Twisted: `Clock.pump`.
    public func pump(_ timings: [Duration]) {
        for amount in timings {
            advance(amount)
        }
    }

    /// When the earliest pending call is due, or `nil` if none is pending.
    public var nextDeadline: Duration? { timers.nextDeadline }
}

@available(*, unavailable)
extension Clock: Sendable {}
