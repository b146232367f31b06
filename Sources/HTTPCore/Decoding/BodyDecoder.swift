/// Decodes one message body from an ``InputBuffer``: `Content-Length`, chunked (RFC 9112 §7.1, trailers
/// included) or, for responses, up to the end of the connection. The one chunked decoder of the package:
/// ``HTTPResponseParser`` and ``HTTPRequestParser`` both use it.
///
/// Body bytes are slices of the fed arrays; only chunk-size lines, the CRLF after chunk data and trailer
/// lines are scanned. Chunk sizes and extensions follow ``ChunkSizeLine``; trailers are field lines
/// (``FieldLineParser``, no obs-fold) within the trailer limits.
struct BodyDecoder {
    /// The limits a body is decoded under.
    struct Limits {
        /// Bytes of one chunk-size line, CRLF included.
        var maxChunkSizeLineBytes: Int
        /// Bytes of the trailer section, final CRLF included.
        var maxTrailerBytes: Int
        /// Bytes of one trailer line, CRLF included.
        var maxFieldLineBytes: Int
        /// Trailer fields.
        var maxFields: Int
    }

    /// How the body is delimited.
    enum Framing {
        /// Exactly this many bytes (more than zero).
        case contentLength(Int)
        /// Chunked transfer coding.
        case chunked
        /// Until the connection closes (responses only).
        case untilClose
    }

    /// What the decoder found.
    enum Event {
        /// Body bytes, a slice of the fed array.
        case data(ArraySlice<UInt8>)
        /// The body is complete; the trailers of a chunked body (else empty).
        case end(trailers: Headers)
    }

    enum State {
        case fixed(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        /// Expecting the CRLF after chunk data; `sawCR` once its CR has arrived.
        case chunkDataEnd(sawCR: Bool)
        case trailers
        case untilClose
        case done
    }

    var state: State
    let limits: Limits
    /// The declared length of a `Content-Length` body, for the truncation message.
    let expected: Int
    /// Body bytes handed out so far.
    private(set) var received = 0
    private var trailerBytes = 0
    private var trailers = Headers()

    init(_ framing: Framing, limits: Limits) {
        switch framing {
        case .contentLength(let length):
            self.state = .fixed(remaining: length)
            self.expected = length
        case .chunked:
            self.state = .chunkSize
            self.expected = 0
        case .untilClose:
            self.state = .untilClose
            self.expected = 0
        }
        self.limits = limits
    }

    /// The next event, or nil when more input is needed. Throws ``HTTPParseError`` for a malformed chunk
    /// framing or trailer, a limit, or (once `input.eof` is set) a body cut short.
    @inline(__always)
    mutating func next(_ input: inout InputBuffer) throws(HTTPParseError) -> Event? {
        while true {
            switch self.state {
            case .fixed(let remaining):
                guard let slice = input.takeBody(upTo: remaining) else {
                    if input.eof != nil {
                        throw .truncated("connection closed after \(self.received) of \(self.expected) body bytes")
                    }
                    return nil
                }
                self.received += slice.count
                self.state = slice.count == remaining ? .done : .fixed(remaining: remaining - slice.count)
                return .data(slice)
            case .done:
                let trailers = self.trailers
                self.trailers = Headers()
                return .end(trailers: trailers)
            case .chunkSize:
                guard
                    let (line, _) = try input.takeLine(
                        .line(self.limits.maxChunkSizeLineBytes, .chunkSizeLineBytes, "chunk-size line"))
                else { return try input.needMore("inside a chunk-size line") }
                let size = try input.withLineBytes(line) { (bytes) throws(HTTPParseError) in
                    try ChunkSizeLine.parse(bytes)
                }
                self.state = size == 0 ? .trailers : .chunkData(remaining: size)
            case .chunkData(let remaining):
                guard let slice = input.takeBody(upTo: remaining) else { return try input.needMore("inside chunk data") }
                self.received += slice.count
                self.state =
                    slice.count == remaining ? .chunkDataEnd(sawCR: false) : .chunkData(remaining: remaining - slice.count)
                return .data(slice)
            case .chunkDataEnd(let sawCR):
                guard input.position < input.bytes.count else {
                    return try input.needMore("before the CRLF after chunk data")
                }
                let byte = input.bytes[input.position]
                guard byte == (sawCR ? ByteClass.lf : ByteClass.cr) else {
                    throw HTTPParseError.parse("chunk data not followed by CRLF (found \(ByteClass.describe(byte)))")
                        .attaching(input.excerpt())
                }
                input.position += 1
                self.state = sawCR ? .chunkSize : .chunkDataEnd(sawCR: true)
            case .trailers:
                let budget = InputBuffer.Budget(
                    line: self.limits.maxFieldLineBytes, lineLimit: .headerLineBytes, lineName: "trailer line",
                    sectionLeft: self.limits.maxTrailerBytes - self.trailerBytes,
                    sectionTotal: self.limits.maxTrailerBytes, sectionLimit: .trailerBytes,
                    sectionName: "trailer section")
                guard let (line, length) = try input.takeLine(budget) else {
                    return try input.needMore("inside the trailer section")
                }
                self.trailerBytes += length
                if input.isEmpty(line) {
                    self.state = .done
                    continue
                }
                try self.addTrailer(line, &input)
            case .untilClose:
                if let slice = input.takeBody(upTo: Int.max) {
                    self.received += slice.count
                    return .data(slice)
                }
                guard let clean = input.eof else { return nil }
                guard clean else { throw .truncated("connection reset before the end of a close-delimited body") }
                self.state = .done
            }
        }
    }

    private mutating func addTrailer(_ line: InputBuffer.Line, _ input: inout InputBuffer) throws(HTTPParseError) {
        let parsed = try input.withLineBytes(line) { (bytes) throws(HTTPParseError) in
            try FieldLineParser.parse(bytes, section: "trailer")
        }
        guard case .field(let field) = parsed else {
            throw .parse("obs-fold (whitespace-led line) in the trailer section")
        }
        if self.trailers.count >= self.limits.maxFields {
            throw .limit(.fieldCount, "more than \(self.limits.maxFields) trailer fields")
        }
        self.trailers.append(field)
    }
}

extension BodyDecoder.Framing {
    /// How to decode a response body framed as `framing`; nil when no body byte follows (no body, a zero
    /// length, or a protocol switch).
    init?(_ framing: BodyFraming) {
        switch framing {
        case .contentLength(let length) where length > 0: self = .contentLength(length)
        case .chunked: self = .chunked
        case .closeDelimited: self = .untilClose
        case .none, .contentLength, .switchingProtocols: return nil
        }
    }

    /// How to decode a request body framed as `framing`; nil when there is none.
    init?(_ framing: RequestBodyFraming) {
        switch framing {
        case .contentLength(let length) where length > 0: self = .contentLength(length)
        case .chunked: self = .chunked
        case .none, .contentLength: return nil
        }
    }
}
