import Deferred

extension Deferred {
    /// Cancels this Deferred if it has not fired within `timeout` on `clock`, turning the cancellation into
    /// a ``TimeoutError``.
    ///
    /// Schedules `clock.callLater(timeout) { cancel() }` and appends two steps to the chain: one that, if
    /// the timeout fired, converts the result, and one that cancels the timer. So only callbacks added
    /// *before* `addTimeout` run inside the timeout. On timeout, the result reaching the first step (usually
    /// `CancelledError`) goes to `onTimeoutCancel(result, timeout)` if given; otherwise a `CancelledError`
    /// becomes ``TimeoutError`` and any other result (a canceller that fired the Deferred with a value or
    /// another error) passes through. If the Deferred fires first, the timer is cancelled; a manual
    /// ``cancel()`` keeps its `CancelledError`. The timeout fires at exactly `timeout`, not before.
    ///
    /// - Returns: `self`.
    ///
    /// Twisted: `Deferred.addTimeout`.
    @discardableResult
    public func addTimeout(
        _ timeout: Duration, clock: any ReactorTime,
        onTimeoutCancel: ((Result<Value, any Error>, Duration) throws -> Value)? = nil
    ) -> Deferred<Value> {
        var timedOut = false
        let timer = clock.callLater(timeout) { [self] in
            timedOut = true
            cancel()
        }
        addBoth { (result: Result<Value, any Error>) throws -> Value in
            guard timedOut else { return try result.get() }
            if let onTimeoutCancel {
                return try onTimeoutCancel(result, timeout)
            }
            if case .failure(let error) = result, error is CancelledError {
                throw TimeoutError(timeout: timeout)
            }
            return try result.get()
        }
        addBoth { (result: Result<Value, any Error>) throws -> Value in
            if timer.isActive {
                try? timer.cancel()
            }
            return try result.get()
        }
        return self
    }
}
