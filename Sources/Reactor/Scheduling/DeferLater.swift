import Deferred

/// Returns a Deferred that fires with `body()`'s result once `delay` has passed on `clock`.
///
/// If `body` throws, the Deferred fails with the error. Cancelling the Deferred before it fires cancels
/// the scheduled call (`body` never runs) and fails it with `CancelledError`.
///
/// Twisted: `twisted.internet.task.deferLater`.
public func deferLater<Value>(
    clock: any ReactorTime, delay: Duration, _ body: @escaping () throws -> Value
) -> Deferred<Value> {
    let scheduled = ScheduledCallBox()
    let deferred = Deferred<Value> { _ in
        try? scheduled.call?.cancel()
    }
    scheduled.call = clock.callLater(delay) {
        do {
            deferred.callback(try body())
        } catch {
            deferred.errback(error)
        }
    }
    return deferred
}

/// Returns a `Deferred<Void>` that fires once `delay` has passed on `clock`; cancellable.
///
/// Twisted: `twisted.internet.task.deferLater` without a callable.
public func deferLater(clock: any ReactorTime, delay: Duration) -> Deferred<Void> {
    deferLater(clock: clock, delay: delay) { () }
}

/// Lets a canceller reach a call scheduled after the Deferred was created, without keeping it alive.
final class ScheduledCallBox {
    weak var call: DelayedCall?
}
