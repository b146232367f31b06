/// An incremental, I/O-free HTTP/1.1 response parser for the client side of one connection,
/// implementing the strict profile of reliability.md §6.
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
/// soon as the bytes exceed them, without waiting for a line end. Framing follows RFC 9112
/// §6.3 with the strict choices of ``BodyFraming``.
///
/// **End of connection.** ``connectionLost(cleanly:)`` makes `next()` complete a
/// close-delimited body with ``Event/end(trailers:)``, or throw `.truncated` (some bytes
/// arrived) or `.noResponse` (none did).
///
/// **Reuse.** After `.end`, ``isReusable`` says whether the connection may be pooled;
/// any unread byte (``hasUnconsumedBytes``), including bytes fed before the next
/// ``expectResponse(method:upgradeRequested:)``, means it must be closed instead.
public struct HTTPResponseParser: Sendable {
    /// Size limits; exceeding one is an ``HTTPParseError/Kind/limit`` error.
    public struct Limits: Sendable, Equatable {
        /// Bytes of one head: status line, field lines and line ends (default 64 KiB).
        public var maxHeadBytes = 64 * 1024
        /// Field lines in one header or trailer section (default 1000).
        public var maxFields = 1000
        /// Interim (1xx) responses before the final one (default 16).
        public var maxInterimResponses = 16
        /// Bytes of one chunk-size line, extensions and CRLF included (default 4096).
        public var maxChunkSizeLineBytes = 4096
        /// Bytes of the trailer section, final CRLF included (default 64 KiB).
        public var maxTrailerBytes = 64 * 1024

        /// The defaults of the strict profile.
        public init() {}
    }

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
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd(sawCR: Bool)
        case trailers, closeDelimited, complete, switched
        case failed(HTTPParseError)
    }

    enum LineRef {
        case input(Range<Int>)
        case buffered
    }

    /// The limits this parser enforces.
    public let limits: Limits
    var state = State.idle
    var input: [UInt8] = []
    var position = 0
    var partial: [UInt8] = []
    var eof: Bool?  // nil: open; true: clean close; false: reset/unclean
    var isHeadRequest = false
    var isConnectRequest = false
    var upgradeRequested = false
    var receivedAny = false
    var interimCount = 0
    var sectionBytes = 0
    var statusLine: (HTTPVersion, Int, String)?
    var fields = Headers()
    var bodyExpected = 0
    var bodyReceived = 0
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
        precondition(self.position == self.input.count, "unread bytes: the connection must not be reused")
        precondition(self.eof == nil, "expectResponse after connectionLost")
        self.state = .head
        self.isHeadRequest = method == "HEAD"
        self.isConnectRequest = method == "CONNECT"
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
        precondition(self.eof == nil, "feed after connectionLost")
        if bytes.isEmpty { return }
        if self.position == self.input.count {
            self.input = bytes
        } else {
            self.input.removeSubrange(0..<self.position)
            self.input.append(contentsOf: bytes)
        }
        self.position = 0
    }

    /// Records the end of the connection; the following ``next()`` calls finish the pending
    /// input and then end a close-delimited body or report truncation. `cleanly` is false for
    /// a reset (or TLS without close_notify): a close-delimited body then counts as truncated.
    public mutating func connectionLost(cleanly: Bool = true) {
        if self.eof == nil { self.eof = cleanly }
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
    public var unconsumedByteCount: Int { self.input.count - self.position }

    /// True if bytes arrived beyond the end of the response (or while none was expected):
    /// the connection must then be closed, never pooled.
    public var hasUnconsumedBytes: Bool { self.position < self.input.count }

    /// Whether the connection may go back to the pool now: the response is complete, its
    /// head allows reuse (``ResponseHead/allowsConnectionReuse``), no byte is left over and
    /// the connection is still open.
    public var isReusable: Bool {
        self.isComplete && self.lastAllowsReuse && !self.hasUnconsumedBytes && self.eof == nil
    }

    /// Removes and returns the unread bytes, e.g. the first bytes of the new protocol after a
    /// requested `101`, or the trailing bytes for a log message.
    public mutating func takeUnconsumedBytes() -> ArraySlice<UInt8> {
        let rest = self.input[self.position...]
        self.position = self.input.count
        return rest
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
        while true {
            switch self.state {
            case .idle, .complete, .switched, .failed:
                return nil
            case .head:
                return try self.stepHead()
            case .pendingEnd:
                self.state = self.switchAfterEnd ? .switched : .complete
                return .end(trailers: Headers())
            case .fixedBody(let remaining):
                guard let slice = self.takeBody(upTo: remaining) else {
                    if self.eof != nil {
                        throw .truncated(
                            "connection closed after \(self.bodyReceived) of \(self.bodyExpected) body bytes")
                    }
                    return nil
                }
                self.bodyReceived += slice.count
                self.state = slice.count == remaining ? .pendingEnd : .fixedBody(remaining: remaining - slice.count)
                return .body(slice)
            case .chunkSize:
                guard
                    let (line, _) = try self.takeLine(
                        budget: self.limits.maxChunkSizeLineBytes, limit: self.limits.maxChunkSizeLineBytes,
                        what: "chunk-size line")
                else { return try self.needMore("inside a chunk-size line") }
                let size = try self.withLineBytes(line) { (bytes) throws(HTTPParseError) in
                    try ChunkSizeLine.parse(bytes)
                }
                if size == 0 {
                    self.state = .trailers
                    self.sectionBytes = 0
                    self.fields = Headers()
                } else {
                    self.state = .chunkData(remaining: size)
                }
            case .chunkData(let remaining):
                guard let slice = self.takeBody(upTo: remaining) else { return try self.needMore("inside chunk data") }
                self.state =
                    slice.count == remaining
                    ? .chunkDataEnd(sawCR: false) : .chunkData(remaining: remaining - slice.count)
                return .body(slice)
            case .chunkDataEnd(let sawCR):
                guard self.position < self.input.count else {
                    return try self.needMore("before the CRLF after chunk data")
                }
                let byte = self.input[self.position]
                guard byte == (sawCR ? ByteClass.lf : ByteClass.cr) else {
                    throw .parse("chunk data not followed by CRLF (found \(ByteClass.describe(byte)))")
                }
                self.position += 1
                self.state = sawCR ? .chunkSize : .chunkDataEnd(sawCR: true)
            case .trailers:
                return try self.stepTrailers()
            case .closeDelimited:
                if let slice = self.takeBody(upTo: Int.max) { return .body(slice) }
                guard let clean = self.eof else { return nil }
                guard clean else { throw .truncated("connection reset before the end of a close-delimited body") }
                self.state = .complete
                return .end(trailers: Headers())
            }
        }
    }

    /// nil while the connection is open; a truncation error once it has closed.
    func needMore(_ place: StaticString) throws(HTTPParseError) -> Event? {
        if self.eof != nil { throw .truncated("connection closed \(place)") }
        return nil
    }

    private mutating func takeBody(upTo limit: Int) -> ArraySlice<UInt8>? {
        let available = self.input.count - self.position
        if available == 0 { return nil }
        let end = self.position + min(available, limit)
        defer { self.position = end }
        return self.input[self.position..<end]
    }
}
