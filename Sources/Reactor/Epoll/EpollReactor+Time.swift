import Glibc

extension EpollReactor: ReactorTime {
    /// Reads `CLOCK_MONOTONIC` as a duration since its (boot-time) origin.
    static func monotonicNow() -> Duration {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return .seconds(spec.tv_sec) + .nanoseconds(spec.tv_nsec)
    }

    /// The current time on the reactor's monotonic time line (`CLOCK_MONOTONIC`); not wall-clock time.
    ///
    /// Twisted: `IReactorTime.seconds()`.
    public var now: Duration {
        preconditionInReactorThread()
        return Self.monotonicNow()
    }

    /// Runs `body` on the reactor thread once `delay` has passed, from the loop (never from inside this
    /// call, even with a zero delay).
    ///
    /// Calls due at the same time run in the order they were scheduled. A call scheduled while timers are
    /// running waits for the next iteration.
    ///
    /// - Precondition: `delay >= .zero`.
    ///
    /// Twisted: `IReactorTime.callLater`.
    @discardableResult
    public func callLater(_ delay: Duration, _ body: @escaping () -> Void) -> DelayedCall {
        preconditionInReactorThread()
        return timers.schedule(after: delay, body)
    }

    /// The pending calls, earliest first.
    ///
    /// Twisted: `IReactorTime.getDelayedCalls`.
    public func getDelayedCalls() -> [DelayedCall] {
        preconditionInReactorThread()
        return timers.pendingCalls
    }

    /// Runs the timers due now (those pending when the pass starts).
    func runDueTimers() {
        guard let deadline = timers.nextDeadline, deadline <= Self.monotonicNow() else { return }
        timers.runDue(now: Self.monotonicNow())
    }

    /// How long until the earliest timer is due (negative if overdue), or `nil` with no timers.
    func timeUntilNextTimer() -> Duration? {
        guard let deadline = timers.nextDeadline else { return nil }
        return deadline - Self.monotonicNow()
    }
}
