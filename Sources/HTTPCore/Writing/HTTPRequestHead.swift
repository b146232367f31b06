/// What is known about a request body before the head is written.
public enum RequestBodyLength: Sendable, Equatable {
    /// No body.
    case none
    /// Exactly this many bytes (must be >= 0): sent with `Content-Length`.
    case known(Int)
    /// A streamed body of unknown length: sent with `Transfer-Encoding: chunked`.
    case unknown
}

/// The body framing the writer chose (the body writer must follow it).
public enum RequestBodyFraming: Sendable, Equatable {
    /// No body and no framing field.
    case none
    /// `Content-Length: n`; exactly `n` body bytes must follow (0 for a body-less POST/PUT).
    case contentLength(Int)
    /// `Transfer-Encoding: chunked`; use ``ChunkFraming`` and end with ``ChunkFraming/lastChunk``.
    case chunked
}

/// A request head to validate and serialize, without I/O.
///
/// The writer owns framing and connection control:
/// - `Host` comes from ``host`` (the URL authority without userinfo, computed by the caller)
///   and is written first. A caller `Host` field equal to it (case-insensitive) is accepted
///   and not repeated; a different one, or more than one, is refused (`.host`).
/// - `Content-Length` for ``RequestBodyLength/known(_:)``, `Transfer-Encoding: chunked` for
///   ``RequestBodyLength/unknown``, `Content-Length: 0` for POST and PUT without a body.
///   A caller `Content-Length`/`Transfer-Encoding` field that says the same thing is merged,
///   one that contradicts it (or repeats) is refused (`.framing`); never both are written.
/// - `Connection`: a caller `close` (or ``persistent`` false) is sent once and reported by
///   ``SerializedRequestHead/closesConnection`` so the connection is not pooled; `keep-alive`
///   together with close, an `upgrade` token, or an `Upgrade` field are refused: upgrades go
///   through ``upgrade`` only.
public struct HTTPRequestHead: Sendable, Equatable {
    /// The method, a case-sensitive token such as `GET`.
    public var method: String
    /// The request-target (origin-form `/path?query` normally): visible ASCII, no `#`.
    public var target: String
    /// The `Host` value: `host[:port]` of the URL, without userinfo.
    public var host: String
    /// Caller fields, written in order after `Host` (framing and connection fields are
    /// handled as described on the type).
    public var headers: Headers
    /// The body length as known before sending.
    public var bodyLength: RequestBodyLength
    /// False to send `Connection: close` (Twisted's `persistent`).
    public var persistent: Bool
    /// Protocols to offer with `Upgrade` (e.g. `websocket`); adds `Connection: upgrade`.
    public var upgrade: String?

    /// A head from its parts; nothing is checked until ``serialize()``.
    public init(
        method: String, target: String, host: String, headers: Headers = Headers(),
        bodyLength: RequestBodyLength = .none, persistent: Bool = true, upgrade: String? = nil
    ) {
        self.method = method
        self.target = target
        self.host = host
        self.headers = headers
        self.bodyLength = bodyLength
        self.persistent = persistent
        self.upgrade = upgrade
    }

    /// Validates everything, then produces the whole head (request line to the empty line)
    /// as one array allocated once. Throws ``InvalidRequest`` naming the faulty part; on
    /// error nothing should be written.
    public func serialize() throws(InvalidRequest) -> SerializedRequestHead {
        let plan = try RequestValidation.plan(self)
        var out: [UInt8] = []
        out.reserveCapacity(plan.capacity)
        func line(_ name: String, _ value: String) {
            out.append(contentsOf: name.utf8)
            out.append(ByteClass.colon)
            out.append(ByteClass.sp)
            Latin1.encode(value, into: &out)
            out.append(ByteClass.cr)
            out.append(ByteClass.lf)
        }
        out.append(contentsOf: self.method.utf8)
        out.append(ByteClass.sp)
        out.append(contentsOf: self.target.utf8)
        out.append(contentsOf: " HTTP/1.1\r\n".utf8)
        line("Host", self.host)
        for field in self.headers.fields where !RequestValidation.isManaged(field.name) {
            line(field.name, field.value)
        }
        if !plan.connectionTokens.isEmpty { line("Connection", plan.connectionTokens.joined(separator: ", ")) }
        if let upgrade = self.upgrade { line("Upgrade", upgrade) }
        switch plan.framing {
        case .none: break
        case .contentLength(let length): line("Content-Length", String(length))
        case .chunked: line("Transfer-Encoding", "chunked")
        }
        out.append(ByteClass.cr)
        out.append(ByteClass.lf)
        return SerializedRequestHead(
            bytes: out, bodyFraming: plan.framing, closesConnection: plan.closes, upgradeRequested: self.upgrade != nil)
    }
}

/// A serialized request head and the decisions the connection must follow.
public struct SerializedRequestHead: Sendable, Equatable {
    /// The head bytes, from the request line to the final CRLF.
    public let bytes: [UInt8]
    /// How the body must be framed.
    public let bodyFraming: RequestBodyFraming
    /// True if `Connection: close` was sent: the connection must not be pooled afterwards.
    public let closesConnection: Bool
    /// True if an upgrade was offered: pass it to ``HTTPResponseParser/expectResponse(method:upgradeRequested:)``.
    public let upgradeRequested: Bool
}
