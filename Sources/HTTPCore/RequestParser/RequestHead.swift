/// A parsed and checked request head: what ``HTTPRequestParser`` hands on in
/// ``HTTPRequestParser/Event/head(_:)``.
///
/// Twisted: the request line and `requestHeaders` of `twisted.web.http.Request`.
public struct RequestHead: Sendable, Equatable {
    /// The method, a case-sensitive token such as `GET`.
    public var method: String
    /// The request-target exactly as received.
    public var target: String
    /// The path part of the target (origin-form, or the path of an absolute-form target), undecoded;
    /// `*` for `OPTIONS *`.
    public var path: String
    /// The query string after `?` (undecoded), or nil when the target has no `?`.
    public var query: String?
    /// The version of the request line (major 1).
    public var version: HTTPVersion
    /// The header fields in received order.
    public var headers: Headers
    /// How the body is delimited: `Content-Length: 0` and no framing field are both ``RequestBodyFraming/none``.
    public var framing: RequestBodyFraming
    /// Whether the connection may carry another request after this one (HTTP/1.1 without `close`).
    public var persistent: Bool
    /// `Expect: 100-continue` on an HTTP/1.1 request.
    public var expectsContinue: Bool
}
