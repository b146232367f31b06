import Deferred

/// A Deferred that fires once `condition` holds: checked now, then every `interval` on `clock`.
///
/// Made for waiting on a state that the reactor reaches in some later turn without announcing it (the
/// last socket of a test closed, a pool settled): the wait is a timer on the reactor, never a sleep, and
/// with a fake clock it advances with the clock.
///
/// - Parameters:
///   - clock: Runs the checks (on its thread).
///   - interval: The time between checks.
///   - limit: Stop checking after this long and fire with `false`; `nil` checks until the condition holds
///     (bound it with the caller's own deadline or ``Deferred/addTimeout(_:clock:onTimeoutCancel:)``).
///   - condition: Called on the reactor thread, once per check.
/// - Returns: A Deferred that fires with `true` once the condition held, or `false` when `limit` passed
///   first. Cancelling it stops the checks.
///
/// Twisted: no equivalent; Twisted's tests spin `reactor.iterate()` in a loop instead.
public func deferUntil(
    clock: any ReactorTime, every interval: Duration = .milliseconds(1), limit: Duration? = nil,
    _ condition: @escaping () -> Bool
) -> Deferred<Bool> {
    let giveUpAt = limit.map { clock.now + $0 }
    var pending: DelayedCall?
    let done = Deferred<Bool> { _ in try? pending?.cancel() }
    func check() {
        pending = nil
        guard !done.isCalled else { return }
        if condition() {
            done.callback(true)
        } else if let giveUpAt, clock.now >= giveUpAt {
            done.callback(false)
        } else {
            pending = clock.callLater(interval, check)
        }
    }
    check()
    return done
}
