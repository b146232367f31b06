/// An incremental, I/O-free HTTP/1.1 request parser for the server side of one connection: the one request
/// parser of the package, used by the server's `HTTPChannel`, and through it by the in-memory stub client,
/// and by the fault-injection server.
///
/// **Pull API**, as ``HTTPResponseParser``'s: push bytes with ``feed(_:)``, pull events with ``next()``
/// until it returns nil (more input needed). Requests follow each other on the connection (pipelining):
/// after ``Event/end(trailers:)`` the next ``next()`` parses the next request's head from the bytes
/// already fed. A caller that wants to stop reading (backpressure, too many requests in flight) simply
/// stops pulling; nothing is lost.
///
/// **No body copies.** ``Event/body(_:)`` slices share the storage of the fed array; only a line split
/// across reads is copied.
///
/// **Strictness** (each failure is a ``RequestParseError`` with the status to answer, after which the
/// parser only rethrows it): the request line is `method SP request-target SP HTTP/1.d`; lines end in
/// CRLF; field lines follow the same grammar as responses; HTTP/1.1 needs exactly one valid `Host`;
/// `Transfer-Encoding` with `Content-Length` or on HTTP/1.0, a repeated or malformed `Content-Length`,
/// obs-fold, `CONNECT` (501), another major version (505), an expectation other than `100-continue` (417)
/// and a broken limit (431, naming it in ``RequestParseError/limit``) are refused. The rules are
/// listed in docs/server.md. Blank lines before a request line are skipped (RFC 9112 §2.2).
///
/// Twisted: the request side of `twisted.web.http.HTTPChannel` (`lineReceived`/`headerReceived`/
/// `allHeadersReceived`, `_IdentityTransferDecoder`, `_ChunkedTransferDecoder`).
public struct HTTPRequestParser: Sendable {
    /// Size limits; exceeding one is a 431 ``RequestParseError`` naming the ``HTTPLimit``. Start from
    /// ``HTTPParserLimits/request``, the request defaults.
    public typealias Limits = HTTPParserLimits

    /// What the parser found in the input.
    public enum Event: Sendable, Equatable {
        /// A request's head; its body follows as ``body(_:)`` events, then ``end(trailers:)`` (at once when
        /// the head's framing is ``RequestBodyFraming/none``).
        case head(RequestHead)
        /// Body bytes (chunked framing removed), sharing storage with the fed array.
        case body(ArraySlice<UInt8>)
        /// The request is complete; `trailers` is empty unless a chunked body carried some.
        case end(trailers: Headers)
    }

    enum State {
        case head, pendingEnd, body
        case failed(RequestParseError)
    }

    /// The limits this parser enforces.
    public let limits: Limits
    var state = State.head
    var input = InputBuffer()
    var headParser: RequestHeadParser
    var headBytes = 0
    var decoder: BodyDecoder

    /// A parser waiting for the first request.
    public init(limits: Limits = .request) {
        self.limits = limits
        self.headParser = RequestHeadParser(maxFields: limits.maxFields)
        self.decoder = BodyDecoder(.contentLength(0), limits: limits.body)
    }

    /// Appends bytes read from the connection.
    public mutating func feed(_ bytes: [UInt8]) {
        self.input.feed(bytes)
    }

    /// Whether the parser is between requests with nothing of the next one received: no request line or
    /// part of one, no body in progress. A connection that ends now ends cleanly.
    public var isBetweenRequests: Bool {
        switch self.state {
        case .head: !self.headParser.hasRequestLine && self.input.partial.isEmpty && !self.input.hasUnconsumedBytes
        default: false
        }
    }

    /// Whether a body is being decoded (its head was handed out, its end not yet).
    public var isReadingBody: Bool {
        if case .body = self.state { return true }
        return false
    }

    /// The number of fed bytes not consumed yet.
    public var unconsumedByteCount: Int { self.input.unconsumedCount }

    /// The next event, or nil when more input is needed. Throws ``RequestParseError`` on a request that
    /// must be refused; every later call throws the same error.
    public mutating func next() throws(RequestParseError) -> Event? {
        if case .failed(let error) = self.state { throw error }
        do {
            return try self.step()
        } catch {
            self.state = .failed(error)
            throw error
        }
    }

    private mutating func step() throws(RequestParseError) -> Event? {
        switch self.state {
        case .failed:
            return nil
        case .head:
            return try self.stepHead()
        case .pendingEnd:
            self.state = .head
            return .end(trailers: Headers())
        case .body:
            let event: BodyDecoder.Event?
            do {
                event = try self.decoder.next(&self.input)
            } catch {
                throw RequestParseError(error)
            }
            guard let event else { return nil }
            switch event {
            case .data(let slice):
                return .body(slice)
            case .end(let trailers):
                self.state = .head
                return .end(trailers: trailers)
            }
        }
    }

    private mutating func stepHead() throws(RequestParseError) -> Event? {
        while true {
            let budget = InputBuffer.Budget(
                line: self.limits.maxHeaderLineBytes, lineLimit: .headerLineBytes, lineName: "line of the request head",
                sectionLeft: self.limits.maxHeadBytes - self.headBytes, sectionTotal: self.limits.maxHeadBytes,
                sectionLimit: .headBytes, sectionName: "request head")
            let taken: (InputBuffer.Line, Int)?
            do {
                taken = try self.input.takeLine(budget)
            } catch {
                throw RequestParseError(error)
            }
            guard let (line, length) = taken else { return nil }
            self.headBytes += length
            let parsed = try self.input.withLineBytes(line, updating: &self.headParser) {
                (parser, bytes) throws(RequestParseError) in try parser.feed(bytes)
            }
            guard let head = parsed else { continue }
            self.headBytes = 0
            if let decoding = BodyDecoder.Framing(head.framing) {
                self.decoder = BodyDecoder(decoding, limits: self.limits.body)
                self.state = .body
            } else {
                self.state = .pendingEnd
            }
            return .head(head)
        }
    }
}
