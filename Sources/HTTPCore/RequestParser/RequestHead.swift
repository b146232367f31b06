
/// How a request body is delimited (RFC 9112 §6.3 for requests: never close-delimited).
package enum RequestFraming: Equatable {
    /// No body: neither `Content-Length` nor `Transfer-Encoding`.
    case none
    /// Exactly this many bytes follow the head.
    case contentLength(Int)
    /// Chunked transfer coding.
    case chunked
}

/// A parsed and checked request head: what ``RequestHeadParser`` hands to the channel.
package struct RequestHead {
    package var method: String
    /// The request-target exactly as received.
    package var target: String
    /// The path part of the target (origin-form, or the path of an absolute-form target), undecoded.
    package var path: String
    /// The query string after `?` (undecoded), or nil when the target has no `?`.
    package var query: String?
    package var version: HTTPVersion
    package var headers: Headers
    package var framing: RequestFraming
    /// Whether the connection may carry another request after this one (HTTP/1.1 without `close`).
    package var persistent: Bool
    /// `Expect: 100-continue` on an HTTP/1.1 request.
    package var expectsContinue: Bool
}
