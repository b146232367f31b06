import CTorsionCompression

/// The state machine shared by the four decoders: input waiting in place, the library stream, the
/// boundaries between members or frames, truncation, trailing data and the limits.
///
/// Input in (``feed(_:)``, ``finish()``), pieces out (``next()``); the state says where in the stream the
/// decoder is, and a failed state keeps its error.
struct DecoderEngine: ~Copyable {
    /// Where in the stream the decoder is.
    enum State: Equatable {
        /// Nothing given to the library yet (an empty body ends here cleanly).
        case start
        /// Inside a member, stream or frame; `outputFull` when the last step filled its piece, so the
        /// library may hold more output even without input; `frameEnd` is the decoded count at which a zstd
        /// frame that declared its content size must end.
        case inside(outputFull: Bool, frameEnd: Int?)
        /// A gzip member or zstd frame ended; another may follow.
        case boundary
        /// A deflate or brotli stream ended; nothing may follow.
        case ended
        /// Failed for good.
        case failed(ContentCodingError)
    }

    /// The smallest piece allocated while the input is small (pieces grow to `maxPieceSize` when full).
    static let smallPiece = 4096

    let format: DecoderFormat
    let limits: ContentDecodingLimits
    private let stream: CodecStream
    private(set) var state = State.start
    private(set) var deflateWrapper: DeflateWrapper?
    private(set) var inputEnded = false
    private(set) var encodedByteCount = 0
    private(set) var decodedByteCount = 0
    /// Fed bytes the library has not taken yet, read in place.
    private var input: ArraySlice<UInt8> = []
    private var pieces = OutputPieces()

    init(format: DecoderFormat, limits: ContentDecodingLimits) throws(ContentCodingError) {
        self.format = format
        self.limits = limits
        self.stream = try CodecStream(format.initialKind, coding: format.coding, library: format.coding.decodingLibrary)
    }

    var isComplete: Bool {
        guard self.inputEnded, self.input.isEmpty else { return false }
        switch self.state {
        case .start, .boundary, .ended: return true
        case .inside, .failed: return false
        }
    }

    mutating func feed(_ bytes: ArraySlice<UInt8>) {
        precondition(!self.inputEnded, "feed(_:) called after finish()")
        if case .failed = self.state { return }
        if bytes.isEmpty { return }
        if self.input.isEmpty {
            self.input = bytes
        } else {
            self.input.append(contentsOf: bytes)
        }
    }

    mutating func finish() throws(ContentCodingError) {
        self.inputEnded = true
        if case .failed(let error) = self.state { throw error }
        guard self.input.isEmpty else { return }
        switch self.state {
        case .inside(outputFull: false, _): throw self.fail(.truncatedStream, "the input ended inside the stream")
        case .start, .boundary, .ended, .inside(outputFull: true, _), .failed: return
        }
    }

    mutating func next() throws(ContentCodingError) -> [UInt8]? {
        while true {
            switch self.state {
            case .failed(let error):
                throw error
            case .start:
                guard !self.input.isEmpty, try self.begin() else { return nil }
            case .boundary:
                guard !self.input.isEmpty else { return nil }
                switch self.format.memberStart(self.input) {
                case .needMore:
                    if self.inputEnded { throw self.fail(.truncatedStream, "the input ended inside a member's header") }
                    return nil
                case .notAMember:
                    throw self.fail(.trailingData, "bytes after the end that do not start a new member or frame")
                case .member(let contentSize, let headerSize):
                    guard self.stream.reset(as: self.format.initialKind) else {
                        throw self.fail(.libraryFailure, "cannot start the next member")
                    }
                    let frameEnd = contentSize.map { self.decodedByteCount.addingSaturated($0) }
                    self.state = .inside(outputFull: false, frameEnd: frameEnd)
                    if let headerSize { try self.takeHeader(headerSize) }
                }
            case .ended:
                if !self.input.isEmpty { throw self.fail(.trailingData, "bytes after the end of the stream") }
                return nil
            case .inside(let outputFull, let frameEnd):
                if self.input.isEmpty && !outputFull {
                    if self.inputEnded { throw self.fail(.truncatedStream, "the input ended inside the stream") }
                    return nil
                }
                if let piece = try self.step(outputFull: outputFull, frameEnd: frameEnd) { return piece }
            }
        }
    }

    /// Leaves `.start` with input at hand; for deflate, picks the wrapper from the first two bytes.
    /// Returns `false` when it needs more input first.
    private mutating func begin() throws(ContentCodingError) -> Bool {
        var frameEnd: Int?
        var headerSize: Int?
        if self.format == .zstd {
            // Only RFC 8878 frames: the library would also read the legacy formats of zstd 0.x.
            switch self.format.memberStart(self.input) {
            case .member(let contentSize, let size): (frameEnd, headerSize) = (contentSize, size)
            case .notAMember: throw self.fail(.corruptData, "not a zstd frame (unknown magic number)")
            case .needMore:
                if self.inputEnded { throw self.fail(.truncatedStream, "the input ended inside the stream") }
                return false
            }
        }
        if self.format == .deflate {
            guard self.input.count >= 2 else {
                if self.inputEnded { throw self.fail(.truncatedStream, "the input ended inside the stream") }
                return false
            }
            let start = self.input.startIndex
            if DecoderFormat.isZlibHeader(self.input[start], self.input[start + 1]) {
                self.deflateWrapper = .zlib
            } else {
                guard self.stream.reset(as: CTC_INFLATE_RAW) else {
                    throw self.fail(.libraryFailure, "cannot switch to raw deflate")
                }
                self.deflateWrapper = .raw
            }
        }
        self.state = .inside(outputFull: false, frameEnd: frameEnd)
        if let headerSize { try self.takeHeader(headerSize) }
        return true
    }

    /// Gives the library a zstd frame's header alone (see `DecoderFormat.memberStart`), so that it decodes
    /// the frame on its streaming path whatever the split. Header bytes produce no output.
    private mutating func takeHeader(_ length: Int) throws(ContentCodingError) {
        let step = self.input.prefix(length).withUnsafeBytes { input in
            self.stream.step(input: input, output: UnsafeMutableBufferPointer(start: nil, count: 0))
        }
        self.input = self.input.dropFirst(step.consumed)
        self.encodedByteCount += step.consumed
        switch step.status {
        case .error: throw self.fail(.corruptData, self.stream.message)
        case .end: throw self.fail(.corruptData, "a zstd frame ended inside its header")
        case .progress: break
        }
    }

    /// One library step into a new piece. Returns the piece, or `nil` when the step wrote nothing.
    private mutating func step(outputFull: Bool, frameEnd: Int?) throws(ContentCodingError) -> [UInt8]? {
        let capacity = self.pieceCapacity(outputFull: outputFull)
        var step = CodecStream.Step()
        var pieces = self.pieces
        self.pieces = OutputPieces()
        var piece = pieces.fill(capacity: capacity) { output in
            step = self.input.withUnsafeBytes { input in self.stream.step(input: input, output: output) }
            return step.produced
        }
        self.pieces = pieces
        self.input = self.input.dropFirst(step.consumed)
        self.encodedByteCount += step.consumed

        // What the step itself found; made into an error once the piece is counted.
        var problem: (kind: ContentCodingError.Kind, message: String)?
        switch step.status {
        case .end:
            self.state = self.format.allowsConcatenation ? .boundary : .ended
            if let frameEnd, self.decodedByteCount + step.produced != frameEnd {
                problem = (.corruptData, "the frame's data does not match the content size in its header")
            }
        case .error:
            problem = (.corruptData, self.stream.message)
        case .progress:
            if step.consumed == 0 && step.produced == 0 && !self.input.isEmpty {
                problem = (.libraryFailure, "the library made no progress")
            } else {
                self.state = .inside(outputFull: step.produced == capacity, frameEnd: frameEnd)
            }
        }

        var failure: ContentCodingError?
        if step.produced > 0 {
            let (allowed, crossing) = self.limits.admit(
                step.produced, decoded: self.decodedByteCount, encoded: self.encodedByteCount)
            if let crossing {
                // The limit comes before anything the step found further on.
                piece.removeLast(step.produced - allowed)
                failure = self.limits.error(
                    crossing, coding: self.format.coding, encoded: self.encodedByteCount,
                    decoded: self.decodedByteCount + allowed)
            }
            self.decodedByteCount += allowed
        }
        if failure == nil, let problem { failure = self.error(problem.kind, problem.message) }
        if let failure { self.state = .failed(failure) }
        guard !piece.isEmpty else {
            if step.produced > 0 { self.pieces.recycle(piece) }  // cut to nothing by a limit: keep its storage
            if let failure { throw failure }
            return nil
        }
        return piece
    }

    /// Full pieces once the library has shown it has that much; small ones while the input is small, so a
    /// short body does not hold 64 KiB; never more than the size limit leaves (plus one byte to see it).
    private func pieceCapacity(outputFull: Bool) -> Int {
        let maximum = self.limits.maxPieceSize
        var capacity = outputFull ? maximum : min(maximum, max(Self.smallPiece, self.input.count &* 4))
        if let maxDecodedSize = self.limits.maxDecodedSize {
            capacity = min(capacity, max(1, (maxDecodedSize - self.decodedByteCount).addingSaturated(1)))
        }
        return capacity
    }

    private func error(_ kind: ContentCodingError.Kind, _ message: String) -> ContentCodingError {
        ContentCodingError(
            kind, coding: self.format.coding, message: message, encoded: self.encodedByteCount,
            decoded: self.decodedByteCount)
    }

    /// Fails for good with a new error of `kind`, and returns it to throw.
    private mutating func fail(_ kind: ContentCodingError.Kind, _ message: String) -> ContentCodingError {
        let error = self.error(kind, message)
        self.state = .failed(error)
        return error
    }
}

extension Int {
    /// `self + other`, or `Int.max` instead of overflowing (sizes declared by the input can be anything).
    func addingSaturated(_ other: Int) -> Int {
        let (sum, overflow) = self.addingReportingOverflow(other)
        return overflow ? .max : sum
    }
}
