/// The policy's answers, as pure functions of their inputs (the ``RetryAgent``'s state machine asks them).
extension Retry {
    /// Whether `method` may be retried after a read or other error, or a status (``allowedMethods``).
    ///
    /// urllib3: `Retry._is_method_retryable`.
    public func isMethodRetryable(_ method: String) -> Bool {
        allowedMethods?.contains(method) ?? true
    }

    /// Whether a response with `status` to a `method` request is retried (budgets aside): the method is
    /// allowed, and the status is in ``statusForcelist``, or in ``retryAfterStatuses`` with a valid
    /// `Retry-After` while ``respectRetryAfter`` is on.
    ///
    /// urllib3: `Retry.is_retry(method, status_code, has_retry_after)`.
    public func isRetry(method: String, status: Int, hasRetryAfter: Bool) -> Bool {
        guard isMethodRetryable(method) else { return false }
        if statusForcelist.contains(status) { return true }
        return respectRetryAfter && hasRetryAfter && retryAfterStatuses.contains(status)
    }

    /// The backoff wait after the `consecutiveFailures`th failure in a row (counting the one just seen):
    /// zero for the first unless ``backoffOnFirstRetry``, otherwise `backoffFactor × 2^(n−1)` plus
    /// `backoffJitter × unitRandom`, at most ``backoffMax``.
    ///
    /// With a factor of 0.1 s: 0, 0.2 s, 0.4 s, 0.8 s, … (urllib3's sequence); with ``backoffOnFirstRetry``
    /// and 1 s: 1 s, 2 s, 4 s, … (curl's).
    ///
    /// - Parameter unitRandom: A number in `0..<1` (the ``RetryAgent`` draws it from its random source, so
    ///   tests can fix it).
    ///
    /// urllib3: `Retry.get_backoff_time`.
    public func backoff(consecutiveFailures: Int, unitRandom: Double) -> Duration {
        guard consecutiveFailures >= 1, consecutiveFailures > 1 || backoffOnFirstRetry else { return .zero }
        var wait = backoffFactor
        var doublings = consecutiveFailures - 1
        while doublings > 0, wait > .zero, wait <= backoffMax {
            wait *= 2
            doublings -= 1
        }
        if backoffJitter > .zero, wait <= backoffMax {
            wait += backoffJitter * min(max(unitRandom, 0), 1)
        }
        return min(wait, backoffMax)
    }

    /// The wait a response's `Retry-After` field value asks for, at most ``retryAfterMax``; `nil` when
    /// ``respectRetryAfter`` is off, the field is absent or not a valid value, or the wait is zero (the
    /// backoff applies then, as in urllib3).
    ///
    /// - Parameter now: The wall-clock time an HTTP-date is measured from.
    ///
    /// urllib3: `Retry.get_retry_after` (which raises `InvalidHeader` for a garbage value; this ignores it).
    public func retryAfterWait(_ value: String?, now: HTTPDate) -> Duration? {
        guard respectRetryAfter, let value, let retryAfter = RetryAfter(value, reference: now) else { return nil }
        let seconds = retryAfter.delay(now: now)
        guard seconds > 0 else { return nil }
        return min(Duration.seconds(seconds), retryAfterMax)
    }
}
