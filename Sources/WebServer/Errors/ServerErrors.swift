/// An error a handler throws (or fails its Deferred with) to answer with a given status.
///
/// The channel turns it into a small `text/plain` response with ``status`` and ``message`` (or the
/// standard reason phrase when the message is empty). Any other error from a handler becomes a 500
/// whose body does not reveal the error.
///
/// Twisted: raising `twisted.web.error.Error(code, message)` from a resource.
public struct HTTPError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The status code to answer with (400...599 is usual; anything 200...599 is accepted).
    public let status: Int
    /// The text sent as the body; empty means the standard reason phrase.
    public let message: String

    /// An error answering with `status` and `message`.
    public init(_ status: Int, _ message: String = "") {
        self.status = status
        self.message = message
    }

    /// `"HTTP 404: no such page"`.
    public var description: String { "HTTP \(status): \(message.isEmpty ? HTTPStatus.reasonPhrase(status) : message)" }
}

/// ``ServerRequest/readBody(maxSize:)`` found a body larger than allowed.
///
/// When a handler lets it propagate, the channel answers `413 Content Too Large` and closes the
/// connection (the rest of the body is not read).
public struct RequestBodyTooLarge: Error, CustomStringConvertible, Equatable, Sendable {
    /// The limit that was exceeded, in bytes.
    public let maxSize: Int

    /// Creates the error for a limit of `maxSize` bytes.
    public init(maxSize: Int) { self.maxSize = maxSize }

    /// `"the request body is larger than N bytes"`.
    public var description: String { "the request body is larger than \(maxSize) bytes" }
}

/// The reason a request body consumer gets when the whole body has arrived.
///
/// Twisted: `twisted.web._newclient.ResponseDone`, used the same way for bodies.
public struct RequestBodyDone: Error, CustomStringConvertible, Equatable, Sendable {
    /// Creates the reason.
    public init() {}

    /// `"request body done"`.
    public var description: String { "request body done" }
}

/// The request body could not be read to its end: the connection was lost, or the body's framing was
/// malformed (the client then gets a 400 if no response has started).
public struct RequestBodyFailed: Error, CustomStringConvertible, Sendable {
    /// What happened, for people.
    public let message: String

    /// Creates the error.
    public init(_ message: String) { self.message = message }

    /// `"request body failed: <message>"`.
    public var description: String { "request body failed: \(message)" }
}

/// The connection closed before the response to this request was completely written.
///
/// ``ServerRequest/notifyFinish()`` fails with it.
///
/// Twisted: the `connectionLost` failure of `Request.notifyFinish`.
public struct RequestAborted: Error, CustomStringConvertible, Sendable {
    /// Why the connection ended.
    public let reason: String

    /// Creates the error.
    public init(_ reason: String) { self.reason = reason }

    /// `"connection lost before the response was written: <reason>"`.
    public var description: String { "connection lost before the response was written: \(reason)" }
}
