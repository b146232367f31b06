/// A request body held in memory, with the `Content-Type` that goes with it.
///
/// ``HTTPClient`` sends it with a `Content-Length` (as a ``BytesBodyProducer``, which can be replayed, so
/// idempotent requests with a body can be retried) and sets `Content-Type` unless the caller did.
///
/// Twisted: treq's `data=` and `json=` arguments.
public struct HTTPBody: Sendable, Equatable, ExpressibleByStringLiteral {
    /// The bytes sent.
    public var bytes: [UInt8]
    /// The `Content-Type` to send, if any.
    public var contentType: String?

    /// A body of raw bytes.
    public init(bytes: [UInt8], contentType: String? = nil) {
        self.bytes = bytes
        self.contentType = contentType
    }

    /// A UTF-8 text body: `text/plain; charset=utf-8`.
    public init(stringLiteral value: String) {
        self = .text(value)
    }

    /// Raw bytes, with an optional content type.
    public static func bytes(_ bytes: [UInt8], contentType: String? = nil) -> HTTPBody {
        HTTPBody(bytes: bytes, contentType: contentType)
    }

    /// UTF-8 text, `text/plain; charset=utf-8` unless another type is given.
    public static func text(_ text: String, contentType: String = "text/plain; charset=utf-8") -> HTTPBody {
        HTTPBody(bytes: Array(text.utf8), contentType: contentType)
    }

    /// A JSON document, `application/json; charset=utf-8`.
    ///
    /// Twisted: treq's `json=`.
    public static func json(_ value: JSONValue) -> HTTPBody {
        HTTPBody(bytes: Array(value.serialized().utf8), contentType: "application/json; charset=utf-8")
    }

    /// An HTML form, `application/x-www-form-urlencoded`, fields percent-encoded in order.
    ///
    /// Twisted: treq's `data={...}`.
    public static func form(_ fields: [(String, String)]) -> HTTPBody {
        HTTPBody(bytes: Array(QueryString.encode(fields).utf8), contentType: "application/x-www-form-urlencoded")
    }
}
