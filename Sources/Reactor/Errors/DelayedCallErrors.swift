/// A ``DelayedCall`` was cancelled, reset or delayed after it had already run (or while it was running).
///
/// ``DelayedCall/cancel()``, ``DelayedCall/reset(_:)`` and ``DelayedCall/delay(_:)`` throw it. The call is
/// marked as called just before its body runs, so cancelling a call from inside its own body throws this
/// error too. Test ``DelayedCall/isActive`` first, or write `try? call.cancel()`, when either outcome is fine.
///
/// Twisted: `twisted.internet.error.AlreadyCalled`.
public struct AlreadyCalled: Error, CustomStringConvertible, Equatable {
    /// Creates the error.
    public init() {}
    /// A fixed message.
    public var description: String { "Tried to cancel or reschedule a DelayedCall that has already been called" }
}

/// A ``DelayedCall`` was cancelled, reset or delayed after it had already been cancelled.
///
/// Twisted: `twisted.internet.error.AlreadyCancelled`.
public struct AlreadyCancelled: Error, CustomStringConvertible, Equatable {
    /// Creates the error.
    public init() {}
    /// A fixed message.
    public var description: String { "Tried to cancel or reschedule a DelayedCall that has already been cancelled" }
}
