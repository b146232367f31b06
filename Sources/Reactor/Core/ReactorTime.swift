/// Scheduling work for later on a reactor's monotonic time line.
///
/// Implemented by the epoll reactor and by the fake ``Clock`` (and ``MemoryReactorClock``), so code that
/// takes `any ReactorTime` can be tested without waiting. Time is a `Duration` since the reactor's own
/// origin: ``Clock`` starts at zero; the epoll reactor counts from `CLOCK_MONOTONIC`'s origin. It never
/// goes backwards and is not wall-clock time.
///
/// Ordering guarantees (both implementations, via ``TimerQueue``): calls run in order of their time;
/// calls due at the same time run in the order they were scheduled; a call scheduled while due calls are
/// running waits for the next reactor iteration (the next ``Clock/advance(_:)`` for a clock), even with
/// delay zero.
///
/// Threading: reactor-confined. Call only on the reactor thread (the test's thread for a ``Clock``); from
/// other threads, go through ``ReactorThreads/callFromThread(_:)``.
///
/// Twisted: `twisted.internet.interfaces.IReactorTime`.
public protocol ReactorTime: AnyObject {
    /// The current time on this reactor's time line.
    ///
    /// Twisted: `IReactorTime.seconds()` (as a `Duration`).
    var now: Duration { get }

    /// Runs `body` on the reactor thread once `delay` has passed.
    ///
    /// - Parameters:
    ///   - delay: How long to wait; must not be negative.
    ///   - body: The work. It runs from the reactor loop, never from inside `callLater` itself.
    /// - Returns: A handle to cancel or move the call.
    ///
    /// Twisted: `IReactorTime.callLater` (`callLater(d, f, a)` becomes `callLater(d) { f(a) }`).
    @discardableResult
    func callLater(_ delay: Duration, _ body: @escaping () -> Void) -> DelayedCall

    /// The calls that are scheduled and have neither run nor been cancelled, earliest first.
    ///
    /// Twisted: `IReactorTime.getDelayedCalls`.
    func getDelayedCalls() -> [DelayedCall]
}

extension ReactorTime {
    /// ``now`` in seconds, for code ported from Twisted.
    ///
    /// Twisted: `IReactorTime.seconds`.
    public func seconds() -> Double {
        now.secondsValue
    }
}

extension Duration {
    /// The duration in (fractional) seconds.
    public var secondsValue: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}
