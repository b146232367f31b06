/// A Deferred was fired a second time.
///
/// This is a programming error: ``Deferred/callback(_:)`` and ``Deferred/errback(_:)`` stop the process
/// with this error's description rather than throwing it (Twisted raises it).
///
/// Twisted: `twisted.internet.defer.AlreadyCalledError`.
public struct AlreadyCalledError: Error, CustomStringConvertible {
    /// What was fired twice, and how.
    public let description: String
}

/// The Deferred was cancelled before it had a result.
///
/// ``Deferred/cancel()`` fails a Deferred with this error when its canceller did not fire it.
///
/// Twisted: `twisted.internet.defer.CancelledError`.
public struct CancelledError: Error, CustomStringConvertible, Equatable {
    /// Creates the error.
    public init() {}
    /// A fixed message: "Deferred was cancelled".
    public var description: String { "Deferred was cancelled" }
}

/// The first error among several Deferreds, with the position of the Deferred that failed.
///
/// Delivered by ``DeferredList`` with `fireOnOneErrback` and by ``Deferred/gatherResults(_:consumeErrors:)``.
///
/// Twisted: `twisted.internet.defer.FirstError`.
public struct FirstError: Error, CustomStringConvertible {
    /// The error of the failing Deferred.
    public let error: any Error
    /// Its index in the list given to the combinator.
    public let index: Int

    /// Creates the error.
    public init(error: any Error, index: Int) {
        self.error = error
        self.index = index
    }

    /// `FirstError[index]: <error>`.
    public var description: String { "FirstError[\(index)]: \(error)" }
}

/// Every Deferred given to ``Deferred/race(_:)`` (or ``Deferred/firstSuccess(_:fireOnOneErrback:consumeErrors:)``)
/// failed; the errors are in input order.
///
/// Twisted: `twisted.internet.defer.FailureGroup`.
public struct FailureGroup: Error, CustomStringConvertible {
    /// One error per input Deferred, in input order.
    public let errors: [any Error]

    /// Creates the error.
    public init(errors: [any Error]) {
        self.errors = errors
    }

    /// Lists each error.
    public var description: String {
        "FailureGroup(\(errors.map { "\($0)" }.joined(separator: "; ")))"
    }
}
