/// A violation of HTTP/2 by the peer, as the RFC names it: an error code and its scope.
///
/// Every check in this module (frame decoding, HPACK, stream states, flow control, SETTINGS, the
/// response header rules) reports failures as this type, so the connection can act on it directly:
/// a ``Scope/connection`` error ends the connection with GOAWAY carrying ``code``; a
/// ``Scope/stream(_:)`` error resets that stream with RST_STREAM carrying ``code`` and the connection
/// goes on (RFC 9113 §5.4). Compare errors by ``code`` and ``scope``; ``message`` is for people.
public struct HTTP2Error: Error, Hashable, Sendable, CustomStringConvertible {
    /// What the error ends.
    public enum Scope: Hashable, Sendable {
        /// The whole connection (RFC 9113 §5.4.1): send GOAWAY, close, never reuse.
        case connection
        /// One stream (RFC 9113 §5.4.2): send RST_STREAM on this stream id; the connection stays usable.
        case stream(UInt32)
    }

    /// The code to send in GOAWAY or RST_STREAM.
    public let code: HTTP2ErrorCode
    /// Whether the error ends the connection or one stream.
    public let scope: Scope
    /// What went wrong, for people (wording may change).
    public let message: String

    /// Creates an error; the module's checks are the usual source.
    public init(_ code: HTTP2ErrorCode, _ scope: Scope, _ message: String) {
        self.code = code
        self.scope = scope
        self.message = message
    }

    /// A connection error (RFC 9113 §5.4.1).
    public static func connection(_ code: HTTP2ErrorCode, _ message: String) -> Self {
        Self(code, .connection, message)
    }

    /// A stream error on `streamID` (RFC 9113 §5.4.2).
    public static func stream(_ streamID: UInt32, _ code: HTTP2ErrorCode, _ message: String) -> Self {
        Self(code, .stream(streamID), message)
    }

    /// True for a connection error.
    public var isConnectionError: Bool { self.scope == .connection }

    /// `"connection error PROTOCOL_ERROR: …"` or `"stream 3 error STREAM_CLOSED: …"`.
    public var description: String {
        switch self.scope {
        case .connection: "connection error \(self.code): \(self.message)"
        case .stream(let id): "stream \(id) error \(self.code): \(self.message)"
        }
    }
}
