import Reactor

/// An HTTP request for ``HTTP11ClientProtocol/request(_:)``: method, target, headers and body.
///
/// The protocol validates it before writing anything (see ``HTTPRequestHead``): a method that is not a
/// token, a target with spaces or control bytes, a header name that is not a token, a value with CR, LF
/// or NUL, or conflicting framing headers fail the request with ``InvalidRequest`` and leave the
/// connection untouched and reusable.
///
/// Twisted: `twisted.web._newclient.Request`.
public struct Request {
    /// The method, such as `GET`.
    public var method: String
    /// The request target in origin form (`/path?query`).
    public var target: String
    /// The value of the `Host` header (`host[:port]`, IPv6 bracketed).
    public var host: String
    /// Caller headers, sent in order after `Host`.
    public var headers: Headers
    /// The body, or `nil` for none.
    public var bodyProducer: (any BodyProducer)?
    /// False sends `Connection: close` and keeps the connection out of any pool.
    ///
    /// Twisted: `Request.persistent`.
    public var persistent: Bool
    /// The URI the request was made for, when known (the Agent sets it; used in errors and logs).
    public var uri: URI?
    /// The Agent's timeouts for this request, told by the connection about its progress (``TimedRequest``).
    weak var observer: (any ExchangeObserver)?

    /// A request from its parts.
    public init(
        method: String, target: String, host: String, headers: Headers = Headers(),
        bodyProducer: (any BodyProducer)? = nil, persistent: Bool = true, uri: URI? = nil
    ) {
        self.method = method
        self.target = target
        self.host = host
        self.headers = headers
        self.bodyProducer = bodyProducer
        self.persistent = persistent
        self.uri = uri
    }

    /// A request for `uri`: target in origin form and `Host` computed from it.
    public init(
        method: String, uri: URI, headers: Headers = Headers(), bodyProducer: (any BodyProducer)? = nil,
        persistent: Bool = true
    ) {
        self.init(
            method: method, target: uri.originForm, host: uri.hostHeaderValue, headers: headers,
            bodyProducer: bodyProducer, persistent: persistent, uri: uri)
    }

    /// The head to validate and serialize.
    var head: HTTPRequestHead {
        let length: RequestBodyLength
        if let bodyProducer {
            length = bodyProducer.length.map { .known($0) } ?? .unknown
        } else {
            length = .none
        }
        return HTTPRequestHead(
            method: method, target: target, host: host, headers: headers, bodyLength: length, persistent: persistent)
    }

    /// Whether the method is idempotent (RFC 9110 §9.2.2), which with a replayable or absent body makes
    /// the request safe to retry on a fresh connection.
    public var isIdempotent: Bool { HTTPMethod.isIdempotent(method) }
}
