/// A Deferred did not fire within the time given to `Deferred.addTimeout(_:clock:onTimeoutCancel:)`.
///
/// The timeout cancelled the Deferred, and the resulting ``Deferred/CancelledError`` was converted to this
/// error. A Deferred cancelled by hand before the deadline keeps its `CancelledError`.
///
/// Twisted: `twisted.internet.defer.TimeoutError` (raised as `TimeoutError(timeout, "Deferred")`).
public struct TimeoutError: Error, CustomStringConvertible, Equatable {
    /// The timeout that expired.
    public let timeout: Duration
    /// What timed out (`"Deferred"` for `addTimeout`).
    public let subject: String

    /// Creates the error.
    public init(timeout: Duration, subject: String = "Deferred") {
        self.timeout = timeout
        self.subject = subject
    }

    /// `<subject> timed out after <timeout>`.
    public var description: String { "\(subject) timed out after \(timeout)" }
}
