/// How the body of a response is delimited, decided from the request method, the status
/// and the header fields (RFC 9112 §6.3, strict profile).
public enum BodyFraming: Sendable, Equatable {
    /// No body: HEAD request, 1xx, 204, 304 (whatever Content-Length/Transfer-Encoding say).
    case none
    /// Exactly this many bytes follow the head (0 is allowed).
    case contentLength(Int)
    /// `Transfer-Encoding: chunked`.
    case chunked
    /// Neither field: the body runs until the connection closes; never reusable.
    case closeDelimited
    /// `101 Switching Protocols` to a requested upgrade, or a 2xx to CONNECT: the bytes after
    /// the head belong to another protocol (``HTTPResponseParser/takeUnconsumedBytes()``).
    case switchingProtocols

    /// True if the body ends by itself (so the connection could carry another response).
    public var isSelfDelimited: Bool {
        switch self {
        case .none, .contentLength, .chunked: true
        case .closeDelimited, .switchingProtocols: false
        }
    }
}

/// The status line and header section of one response, plus the framing derived from them.
public struct ResponseHead: Sendable, Equatable {
    /// The version from the status line (major is always 1).
    public var version: HTTPVersion
    /// The status code, 100...599.
    public var status: Int
    /// The reason phrase, possibly empty, isomorphically decoded like header values.
    public var reason: String
    /// The header fields in received order, repeated names kept as separate entries,
    /// obs-folds replaced by one SP. Framing fields stay visible (e.g. a HEAD response's
    /// Content-Length is reported as sent).
    public var headers: Headers
    /// How the body is delimited.
    public var framing: BodyFraming

    /// A head from its parts (the parser builds these; tests may too).
    public init(version: HTTPVersion, status: Int, reason: String, headers: Headers, framing: BodyFraming) {
        self.version = version
        self.status = status
        self.reason = reason
        self.headers = headers
        self.framing = framing
    }

    /// True if the `Connection` fields list the `close` option (case-insensitive,
    /// comma-separated, over every `Connection` line).
    public var hasConnectionClose: Bool {
        connectionHasToken(self.headers, "close")
    }

    /// Whether the connection may carry another request once this response's body has ended
    /// exactly at the end of the received bytes (RFC 9112 §9.3, strict profile):
    /// HTTP/1.1 or later, no `close` option, and a self-delimited body. HTTP/1.0 is never
    /// reused (its `keep-alive` is not honoured).
    public var allowsConnectionReuse: Bool {
        Self.allowsConnectionReuse(version: self.version, headers: self.headers, framing: self.framing)
    }

    /// The persistence rule on its own; see ``allowsConnectionReuse``.
    public static func allowsConnectionReuse(version: HTTPVersion, headers: Headers, framing: BodyFraming) -> Bool {
        version >= .http1_1 && framing.isSelfDelimited && !connectionHasToken(headers, "close")
    }
}

/// True if any `Connection` field of `headers` lists `token` (case-insensitive).
func connectionHasToken(_ headers: Headers, _ token: String) -> Bool {
    for field in headers.fields where asciiCaseInsensitiveEquals(field.name, "connection") {
        var found = false
        forEachListElement(field.value) { element in
            if asciiCaseInsensitiveEquals(element, token) { found = true }
        }
        if found { return true }
    }
    return false
}
