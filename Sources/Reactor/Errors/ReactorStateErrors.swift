/// ``ReactorCore/stop()`` was called on a reactor that is not running (or is already stopping).
///
/// Twisted: `twisted.internet.error.ReactorNotRunning`.
public struct ReactorNotRunning: Error, CustomStringConvertible, Equatable {
    /// Creates the error.
    public init() {}
    /// A fixed message.
    public var description: String { "Can't stop a reactor that isn't running" }
}

/// ``ReactorCore/run()`` was called on a reactor that is already running.
///
/// Twisted: `twisted.internet.error.ReactorAlreadyRunning`.
public struct ReactorAlreadyRunning: Error, CustomStringConvertible, Equatable {
    /// Creates the error.
    public init() {}
    /// A fixed message.
    public var description: String { "The reactor is already running" }
}

/// ``ReactorCore/run()`` was called on a reactor that has already run and stopped; reactors run once.
///
/// Twisted: `twisted.internet.error.ReactorNotRestartable`.
public struct ReactorNotRestartable: Error, CustomStringConvertible, Equatable {
    /// Creates the error.
    public init() {}
    /// A fixed message.
    public var description: String { "A reactor cannot be restarted after it has stopped" }
}
