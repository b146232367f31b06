import CTorsionCompression

/// The state machine shared by the four encoders: input waiting in place, the library stream, and the
/// flush and finish requests being written out.
struct EncoderEngine: ~Copyable {
    /// What the encoder is doing.
    enum State: Equatable {
        /// Taking input.
        case open
        /// Writing out a flush; back to `.open` when done.
        case flushing
        /// Writing out the end of the stream.
        case finishing
        /// The stream is complete and handed out.
        case finished
        /// Failed for good.
        case failed(ContentCodingError)
    }

    static let pieceSize = 64 * 1024
    static let smallPiece = 4096

    let coding: HTTPContentCoding
    private let stream: CodecStream
    private(set) var state = State.open
    private(set) var plainByteCount = 0
    private(set) var encodedByteCount = 0
    private var input: ArraySlice<UInt8> = []
    private var pieces = OutputPieces()
    private var lastPieceFull = false

    init(_ kind: ctc_kind, level: Int, coding: HTTPContentCoding) throws(ContentCodingError) {
        self.coding = coding
        self.stream = try CodecStream(kind, level: level, coding: coding, library: coding.encodingLibrary)
    }

    mutating func feed(_ bytes: ArraySlice<UInt8>) {
        switch self.state {
        case .open: break
        case .failed: return
        case .flushing: preconditionFailure("feed(_:) called before the flush's output was taken")
        case .finishing, .finished: preconditionFailure("feed(_:) called after finish()")
        }
        if bytes.isEmpty { return }
        if self.input.isEmpty {
            self.input = bytes
        } else {
            self.input.append(contentsOf: bytes)
        }
    }

    mutating func flush() {
        if self.state == .open { self.state = .flushing }
    }

    mutating func finish() {
        switch self.state {
        case .open, .flushing: self.state = .finishing
        case .finishing, .finished, .failed: break
        }
    }

    mutating func next() throws(ContentCodingError) -> [UInt8]? {
        while true {
            let op: ctc_op
            switch self.state {
            case .failed(let error): throw error
            case .finished: return nil
            case .open:
                guard !self.input.isEmpty else { return nil }
                op = CTC_OP_PROCESS
            case .flushing: op = CTC_OP_FLUSH
            case .finishing: op = CTC_OP_FINISH
            }
            if let piece = try self.step(op) { return piece }
        }
    }

    private mutating func step(_ op: ctc_op) throws(ContentCodingError) -> [UInt8]? {
        let capacity =
            self.lastPieceFull ? Self.pieceSize : min(Self.pieceSize, max(Self.smallPiece, self.input.count))
        var step = CodecStream.Step()
        var pieces = self.pieces
        self.pieces = OutputPieces()
        let piece = pieces.fill(capacity: capacity) { output in
            step = self.input.withUnsafeBytes { input in self.stream.step(input: input, output: output, op: op) }
            return step.produced
        }
        self.pieces = pieces
        self.input = self.input.dropFirst(step.consumed)
        self.plainByteCount += step.consumed
        self.encodedByteCount += step.produced
        self.lastPieceFull = step.produced == capacity
        switch step.status {
        case .error:
            let error = ContentCodingError(
                .libraryFailure, coding: self.coding, message: self.stream.message, encoded: self.encodedByteCount)
            self.state = .failed(error)
            if piece.isEmpty { throw error }
        case .end:
            if op == CTC_OP_FLUSH { self.state = .open }
            if op == CTC_OP_FINISH { self.state = .finished }
        case .progress:
            if step.consumed == 0 && step.produced == 0 && (op != CTC_OP_PROCESS || !self.input.isEmpty) {
                let error = ContentCodingError(
                    .libraryFailure, coding: self.coding, message: "the library made no progress",
                    encoded: self.encodedByteCount)
                self.state = .failed(error)
                throw error
            }
        }
        return piece.isEmpty ? nil : piece
    }
}
