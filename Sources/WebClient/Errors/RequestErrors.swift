/// An error that wraps the errors that caused it, as Twisted's `_WrapperException` does.
///
/// The four request failures (``RequestGenerationFailed``, ``RequestTransmissionFailed``,
/// ``ResponseFailed``, ``ResponseNeverReceived``) carry their causes in ``reasons``, innermost last.
public protocol WrappedRequestError: Error, CustomStringConvertible {
    /// The underlying errors, in the order they happened.
    var reasons: [any Error] { get }
}

extension WrappedRequestError {
    /// The reasons' descriptions joined with "; ".
    public var description: String {
        reasons.map { "\($0)" }.joined(separator: "; ")
    }

    /// Whether any reason is of type `E` (for example ``ConnectionAborted`` or a `CancelledError`).
    public func hasReason<E: Error>(_ type: E.Type) -> Bool {
        reasons.contains { $0 is E }
    }
}

/// Producing the request failed locally before it was fully written: a body producer failed, wrote the
/// wrong number of bytes, or the request was cancelled while it was being written.
///
/// The connection was aborted; nothing about the server's state is known.
///
/// Twisted: `twisted.web._newclient.RequestGenerationFailed`.
public struct RequestGenerationFailed: WrappedRequestError {
    /// The causes.
    public let reasons: [any Error]
    /// Wraps `reasons`.
    public init(_ reasons: [any Error]) { self.reasons = reasons }
}

/// The connection was lost while the request was being written.
///
/// The server may have seen part of the request. A request from a pooled connection that fails this way
/// is retried once when it is idempotent and its body can be replayed.
///
/// Twisted: `twisted.web._newclient.RequestTransmissionFailed`.
public struct RequestTransmissionFailed: WrappedRequestError {
    /// The causes.
    public let reasons: [any Error]
    /// Wraps `reasons`.
    public init(_ reasons: [any Error]) { self.reasons = reasons }
}

/// The request was sent, and the response was lost or could not be parsed.
///
/// Parse errors (``HTTPParseError``) arrive wrapped in this type; so does a connection lost in the
/// middle of a response head (with the transport's reason). A body cut short reaches its consumer as this
/// type too, with the cause and a ``DataLoss`` among the reasons and the ``response`` attached. A
/// connection that produced this error is never reused.
///
/// Twisted: `twisted.web._newclient.ResponseFailed`.
public struct ResponseFailed: WrappedRequestError {
    /// The causes.
    public let reasons: [any Error]
    /// The response whose body was cut short, when the failure reached its body consumer; `nil` when the
    /// request itself failed. Read it on the reactor thread only.
    ///
    /// Twisted: `ResponseFailed.response`.
    public var response: Response? { responseBox?.response }
    private let responseBox: ResponseBox?

    /// Wraps `reasons`, for the body of `response` if given.
    public init(_ reasons: [any Error], response: Response? = nil) {
        self.reasons = reasons
        self.responseBox = response.map(ResponseBox.init)
    }
}

/// Carries a ``Response`` inside a ``ResponseFailed`` (an error, so `Sendable`).
///
/// `@unchecked Sendable`: the response is reactor-confined, and ``ResponseFailed/response`` says it may
/// only be read on the reactor thread; the box itself is immutable.
private final class ResponseBox: @unchecked Sendable {
    let response: Response
    init(_ response: Response) { self.response = response }
}

/// The request was sent and the connection ended before a single byte of a response arrived.
///
/// Twisted makes this a subclass of `ResponseFailed`; in Swift it is its own type: catch both, or
/// `any WrappedRequestError`. On a reused pooled connection this usually means the server closed the
/// idle connection as the request went out, and idempotent requests are retried once.
///
/// Twisted: `twisted.web._newclient.ResponseNeverReceived`.
public struct ResponseNeverReceived: WrappedRequestError {
    /// The causes.
    public let reasons: [any Error]
    /// Wraps `reasons`.
    public init(_ reasons: [any Error]) { self.reasons = reasons }
}

/// `request(_:)` was called while the protocol was busy or disconnected: nothing was written.
///
/// Twisted: `twisted.web._newclient.RequestNotSent`.
public struct RequestNotSent: Error, CustomStringConvertible {
    /// Creates the error.
    public init() {}
    /// A fixed message.
    public var description: String { "the connection is not ready for a request; nothing was sent" }
}

/// The connection was closed by ``HTTP11ClientProtocol/abort()``; found among a failure's reasons.
///
/// Twisted: `twisted.web._newclient.ConnectionAborted`.
public struct ConnectionAborted: Error, CustomStringConvertible {
    /// Creates the error.
    public init() {}
    /// A fixed message.
    public var description: String { "the connection was aborted" }
}

/// A request body producer wrote more or fewer bytes than the length it declared.
///
/// Twisted: `twisted.web._newclient.WrongBodyLength`.
public struct WrongBodyLength: Error, CustomStringConvertible {
    /// "too many bytes written" or "too few bytes written", with the counts.
    public let description: String
    /// Creates the error.
    public init(_ description: String) { self.description = description }
}
