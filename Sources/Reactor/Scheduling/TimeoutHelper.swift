/// An idle timeout for a connection (or anything else): calls `onTimeout` when ``resetTimeout()`` has not
/// been called for the set period.
///
/// Typical use in a protocol: create the helper with the reactor, call ``setTimeout(_:)`` in
/// `connectionMade`, ``resetTimeout()`` in `dataReceived`, and ``setTimeout(_:)`` with `nil` in
/// `connectionLost`. Capture the protocol weakly in `onTimeout` (`{ [weak self] in … }`), since the
/// protocol usually owns the helper. All methods and the callback run on the reactor thread.
///
/// Twisted: `twisted.protocols.policies.TimeoutMixin`.
public final class TimeoutHelper {
    /// The time source.
    public let clock: any ReactorTime
    /// Called when the period passes without ``resetTimeout()``. The countdown then stops (``timeout`` keeps
    /// its value; ``setTimeout(_:)`` starts a new countdown).
    ///
    /// Twisted: `TimeoutMixin.timeoutConnection` (whose default is `transport.loseConnection()`).
    public var onTimeout: () -> Void

    /// The current period, or `nil` when no timeout is set.
    ///
    /// Twisted: `TimeoutMixin.timeOut`.
    public private(set) var timeout: Duration?
    private var call: DelayedCall?

    /// Creates a helper with no timeout set.
    public init(clock: any ReactorTime, onTimeout: @escaping () -> Void) {
        self.clock = clock
        self.onTimeout = onTimeout
    }

    /// Sets (or with `nil`, clears) the period and restarts the countdown from now.
    ///
    /// - Returns: The previous period.
    ///
    /// Twisted: `TimeoutMixin.setTimeout`.
    @discardableResult
    public func setTimeout(_ period: Duration?) -> Duration? {
        let previous = timeout
        timeout = period
        if let call {
            if let period {
                try? call.reset(period)
            } else {
                try? call.cancel()
                self.call = nil
            }
        } else if let period {
            call = clock.callLater(period) { [weak self] in self?.timedOut() }
        }
        return previous
    }

    /// Restarts the countdown from now, if a timeout is set (call it whenever there is activity).
    ///
    /// Twisted: `TimeoutMixin.resetTimeout`.
    public func resetTimeout() {
        if let call, let timeout {
            try? call.reset(timeout)
        }
    }

    /// Whether a countdown is running.
    public var isPending: Bool { call?.isActive ?? false }

    private func timedOut() {
        call = nil
        onTimeout()
    }
}

@available(*, unavailable)
extension TimeoutHelper: Sendable {}
