/// An incremental, I/O-free HTTP/1.1 response parser for the client side of one connection,
/// implementing the strict profile (docs/reliability.md, "The strict profile").
///
/// **Pull API.** Input is pushed with ``feed(_:)``; events are pulled with ``next()`` until it
/// returns nil (more input needed, or the response is over). No events array is allocated
/// per read and there are no callbacks, so the caller keeps full control of re-entrancy:
/// ```swift
/// parser.expectResponse(method: "GET")
/// parser.feed(bytesFromTransport)
/// while let event = try parser.next() { ... }
/// ```
/// Feed again only after `next()` has returned nil: the parser then holds no unread input,
/// so the new array is adopted as is. (Feeding earlier works but copies the unread rest.)
///
/// **No body copies.** ``Event/body(_:)`` slices share the storage of the fed array. Only
/// head, chunk-size and trailer lines that are split across reads are copied into a small
/// line buffer. The head is scanned with `memchr` per line and a byte loop per line.
///
/// **Strictness** (each failure is an ``HTTPParseError``, after which the parser only
/// rethrows it): responses must start with `HTTP/1.` (checked on the first bytes); status
/// code 100...599; **bare LF is rejected everywhere**, as is bare CR: lines end in CRLF only
/// (RFC 9112 §2.2 permits accepting LF; mixed endings are a known smuggling vector, and the
/// strict profile and the corpus's primary outcome both reject); field names are tokens
/// directly followed by `:`; values are HTAB/SP/VCHAR/obs-text; obs-fold is unfolded to one
/// SP, but a whitespace-led first field line is an error; limits (``Limits``) are enforced as
/// soon as the bytes exceed them, without waiting for a line end, and name the limit
/// (``HTTPParseError/limit``). Errors carry the bytes they are about (``HTTPParseError/offendingBytes``).
/// Framing follows RFC 9112 §6.3 with the strict choices of ``BodyFraming``; bodies are decoded by the
/// package's one chunked/length decoder, shared with ``HTTPRequestParser``.
///
/// **End of connection.** ``connectionLost(cleanly:)`` makes `next()` complete a
/// close-delimited body with ``Event/end(trailers:)``, or throw `.truncated` (some bytes
/// arrived) or `.noResponse` (none did).
///
/// **Reuse.** After `.end`, ``isReusable`` says whether the connection may be pooled;
/// any unread byte (``hasUnconsumedBytes``), including bytes fed before the next
/// ``expectResponse(method:upgradeRequested:)``, means it must be closed instead.
public struct HTTPResponseParser: Sendable {
    /// Size limits; exceeding one is an ``HTTPParseError/Kind/limit`` error naming the ``HTTPLimit``.
    /// `Limits()` holds the response defaults.
    public typealias Limits = HTTPParserLimits

    /// What the parser found in the input.
    public enum Event: Sendable, Equatable {
        /// An interim 1xx response (not 101): reported for information, then skipped.
        case informational(ResponseHead)
        /// The final response's head; body events follow unless its framing is `.none`.
        case head(ResponseHead)
        /// Body bytes (chunked framing removed), sharing storage with the fed array.
        case body(ArraySlice<UInt8>)
        /// The response is complete; `trailers` is empty unless a chunked body carried some.
        /// They are never merged into the head's headers.
        case end(trailers: Headers)
    }

    enum State {
        case idle, head, pendingEnd
        /// Decoding the body with ``decoder``.
        case body
        case complete, switched
        case failed(HTTPParseError)
    }

    /// The limits this parser enforces.
    public let limits: Limits
    var state = State.idle
    var input = InputBuffer()
    /// The body decoder while the state is `.body`.
    var decoder = BodyDecoder(.contentLength(0), limits: Limits().body)
    var isHeadRequest = false
    var isConnectRequest = false
    var upgradeRequested = false
    var receivedAny = false
    var interimCount = 0
    var sectionBytes = 0
    var statusLine: (HTTPVersion, Int, String)?
    var fields = Headers()
    var switchAfterEnd = false
    var lastAllowsReuse = false

    /// A parser waiting for ``expectResponse(method:upgradeRequested:)``.
    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Prepares for the response to a request just sent. `method` decides HEAD (no body)
    /// and CONNECT (a 2xx is a tunnel); `upgradeRequested` allows a `101`.
    /// - Precondition: no response is in progress, no unread byte is pending, and the
    ///   connection has not been lost (a connection with leftover bytes must not be reused).
    public mutating func expectResponse(method: String, upgradeRequested: Bool = false) {
        switch self.state {
        case .idle, .complete: break
        default: preconditionFailure("expectResponse while a response is in progress or after a failure")
        }
        precondition(!self.input.hasUnconsumedBytes, "unread bytes: the connection must not be reused")
        precondition(self.input.eof == nil, "expectResponse after connectionLost")
        self.state = .head
        self.isHeadRequest = method == HTTPMethod.head
        self.isConnectRequest = method == HTTPMethod.connect
        self.upgradeRequested = upgradeRequested
        self.receivedAny = false
        self.interimCount = 0
        self.sectionBytes = 0
        self.lastAllowsReuse = false
        self.switchAfterEnd = false
    }

    /// Appends bytes read from the connection. Bytes fed while no response is expected, or
    /// after one completed, stay unread (see ``hasUnconsumedBytes``).
    public mutating func feed(_ bytes: [UInt8]) {
        precondition(self.input.eof == nil, "feed after connectionLost")
        self.input.feed(bytes)
    }

    /// Records the end of the connection; the following ``next()`` calls finish the pending
    /// input and then end a close-delimited body or report truncation. `cleanly` is false for
    /// a reset (or TLS without close_notify): a close-delimited body then counts as truncated.
    public mutating func connectionLost(cleanly: Bool = true) {
        if self.input.eof == nil { self.input.eof = cleanly }
    }

    /// True while a response is expected and not yet complete.
    public var isAwaitingResponse: Bool {
        switch self.state {
        case .idle, .complete, .switched, .failed: false
        default: true
        }
    }

    /// True once the expected response has ended with ``Event/end(trailers:)``.
    public var isComplete: Bool {
        if case .complete = self.state { return true }
        return false
    }

    /// The number of fed bytes not consumed by a response: after the end of a response
    /// these are trailing bytes (garbage or an unsolicited response).
    public var unconsumedByteCount: Int { self.input.unconsumedCount }

    /// True if bytes arrived beyond the end of the response (or while none was expected):
    /// the connection must then be closed, never pooled.
    public var hasUnconsumedBytes: Bool { self.input.hasUnconsumedBytes }

    /// Whether the connection may go back to the pool now: the response is complete, its
    /// head allows reuse (``ResponseHead/allowsConnectionReuse``), no byte is left over and
    /// the connection is still open.
    public var isReusable: Bool {
        self.isComplete && self.lastAllowsReuse && !self.hasUnconsumedBytes && self.input.eof == nil
    }

    /// Removes and returns the unread bytes, e.g. the first bytes of the new protocol after a
    /// requested `101`, or the trailing bytes for a log message.
    public mutating func takeUnconsumedBytes() -> ArraySlice<UInt8> {
        self.input.takeUnconsumed()
    }

    /// The next event, or nil when more input (or ``connectionLost(cleanly:)``) is needed or
    /// no response is in progress. Throws ``HTTPParseError`` on a bad or truncated response;
    /// every later call throws the same error.
    public mutating func next() throws(HTTPParseError) -> Event? {
        if case .failed(let error) = self.state { throw error }
        do {
            return try self.step()
        } catch {
            self.state = .failed(error)
            throw error
        }
    }

    private mutating func step() throws(HTTPParseError) -> Event? {
        switch self.state {
        case .idle, .complete, .switched, .failed:
            return nil
        case .head:
            return try self.stepHead()
        case .pendingEnd:
            self.state = self.switchAfterEnd ? .switched : .complete
            return .end(trailers: Headers())
        case .body:
            guard let event = try self.decoder.next(&self.input) else { return nil }
            switch event {
            case .data(let slice):
                return .body(slice)
            case .end(let trailers):
                self.state = .complete
                return .end(trailers: trailers)
            }
        }
    }
}
