
/// What a handler answers: a status, header fields and a body.
///
/// The channel owns the framing: it writes `Content-Length` (or chunked coding for a streamed body of
/// unknown length on HTTP/1.1), `Connection` and `Date` itself, and ignores caller copies of
/// `Content-Length`, `Transfer-Encoding` and `Connection`, except that a caller `Connection: close`
/// makes the channel close after this response. Header names must be tokens and values must not hold
/// CR, LF or NUL: a response that breaks this is replaced by a 500 (no response splitting).
///
/// A value type holding an optional producer: build it, return it, do not reuse a streamed one.
///
/// Twisted: what `Resource.render` sets on `twisted.web.server.Request` (`setResponseCode`,
/// `setHeader`, the returned bytes or `NOT_DONE_YET` plus `write`/`finish`).
public struct ServerResponse {
    /// The body of a response.
    public enum Body {
        /// No body (`Content-Length: 0` where a body is allowed).
        case empty
        /// A body held in memory, written together with the head.
        case bytes([UInt8])
        /// A body written by a producer, with flow control: `Content-Length` when the producer knows
        /// its ``BodyProducer/length``, chunked coding otherwise (close-delimited for HTTP/1.0 clients).
        /// The producer is started only when earlier pipelined responses are complete, and is not
        /// started at all for `HEAD` (it is stopped instead).
        case stream(any BodyProducer)
    }

    /// The status code, 200...599.
    public var status: Int
    /// The reason phrase; `nil` means the standard one for ``status``.
    public var reason: String?
    /// The header fields to send (framing fields are the channel's, see the type's notes).
    public var headers: Headers
    /// The body.
    public var body: Body

    /// A response with every part given.
    public init(status: Int = 200, reason: String? = nil, headers: Headers = Headers(), body: Body = .empty) {
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
    }

    /// A response whose body is `bytes`, with an optional `Content-Type`.
    public init(status: Int = 200, headers: Headers = Headers(), bytes: [UInt8], contentType: String? = nil) {
        var headers = headers
        if let contentType { headers.set(name: "Content-Type", value: contentType) }
        self.init(status: status, headers: headers, body: .bytes(bytes))
    }

    /// A `text/plain; charset=utf-8` response.
    public static func text(_ text: String, status: Int = 200) -> ServerResponse {
        ServerResponse(status: status, bytes: Array(text.utf8), contentType: "text/plain; charset=utf-8")
    }

    /// A `text/html; charset=utf-8` response.
    public static func html(_ html: String, status: Int = 200) -> ServerResponse {
        ServerResponse(status: status, bytes: Array(html.utf8), contentType: "text/html; charset=utf-8")
    }

    /// A response streamed from `producer` (see ``Body/stream(_:)``).
    public static func stream(
        _ producer: any BodyProducer, status: Int = 200, contentType: String? = nil
    ) -> ServerResponse {
        var headers = Headers()
        if let contentType { headers.add(name: "Content-Type", value: contentType) }
        return ServerResponse(status: status, headers: headers, body: .stream(producer))
    }

    /// A short `text/plain` response for an error status: the message, or the reason phrase.
    public static func error(_ status: Int, _ message: String = "") -> ServerResponse {
        .text((message.isEmpty ? HTTPStatus.reasonPhrase(status) : message) + "\n", status: status)
    }

    /// `404 Not Found`.
    ///
    /// Twisted: `twisted.web.resource.NoResource`.
    public static var notFound: ServerResponse { .error(404) }

    /// A redirect to `location` (302 unless another 3xx status is given).
    ///
    /// Twisted: `twisted.web.util.redirectTo`.
    public static func redirect(to location: String, status: Int = 302) -> ServerResponse {
        var response = ServerResponse.error(status, "Redirecting to " + location)
        response.headers.set(name: "Location", value: location)
        return response
    }
}

@available(*, unavailable)
extension ServerResponse: Sendable {}
