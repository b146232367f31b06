/// Undoes stacked content codings (`Content-Encoding: gzip, br`): br first, then gzip, as one streaming
/// ``ContentDecoder``.
///
/// Each stage's pieces are fed to the next as they are pulled, so nothing is buffered beyond one piece
/// per stage. The limits apply to the final output against the encoded bytes of the whole body (a bomb
/// split over two codings is still one bomb); the stages themselves run without limits. Errors name the
/// coding whose stage found them.
///
/// Use ``make(contentEncoding:limits:)`` to get the right decoder for a field value (none, one, or a
/// chain), and ``ContentDecodingPlan`` to leave unknown codings in place as Twisted does.
///
/// Threading: used from one thread at a time; not `Sendable`.
///
/// Twisted: `ContentDecoderAgent` nesting one `_GzipProtocol` per coding.
public final class ContentDecoderChain: ContentDecoder {
    /// Where the chain is.
    enum State: Equatable {
        /// Decoding; stages before `finishedStages` have had `finish()`.
        case running(finishedStages: Int)
        /// Failed for good.
        case failed(ContentCodingError)
    }

    /// The codings undone, in header order (the last one is undone first).
    public let codings: [HTTPContentCoding]
    /// The limits on the final output.
    public let limits: ContentDecodingLimits
    /// Decoded bytes handed out so far.
    public private(set) var decodedByteCount = 0
    /// Decoders in decoding order: stage 0 takes the body.
    private let stages: [any ContentDecoder]
    private var state = State.running(finishedStages: 0)

    /// A chain undoing `codings` (header order, at least one).
    ///
    /// - Throws: ``ContentCodingError/Kind/libraryUnavailable`` when a coding's library cannot be loaded.
    public init(codings: [HTTPContentCoding], limits: ContentDecodingLimits = ContentDecodingLimits())
        throws(ContentCodingError)
    {
        precondition(!codings.isEmpty, "a decoder chain needs at least one coding")
        self.codings = codings
        self.limits = limits
        let stageLimits = ContentDecodingLimits.unlimited(maxPieceSize: limits.maxPieceSize)
        var stages: [any ContentDecoder] = []
        for coding in codings.reversed() { stages.append(try coding.makeDecoder(limits: stageLimits)) }
        self.stages = stages
    }

    /// The decoder for a `Content-Encoding` field value: `nil` when there is nothing to undo (absent,
    /// empty, `identity`), the coding's own decoder for one coding, a chain for several.
    ///
    /// - Throws: ``ContentCodingError/Kind/unsupportedCoding`` naming the first token (from the right)
    ///   that names no known coding; ``ContentCodingError/Kind/libraryUnavailable`` when a coding's
    ///   library cannot be loaded. (``ContentDecodingPlan`` leaves such tokens in place instead.)
    public static func make(contentEncoding: String, limits: ContentDecodingLimits = ContentDecodingLimits())
        throws(ContentCodingError) -> (any ContentDecoder)?
    {
        var codings: [HTTPContentCoding] = []
        for token in ContentDecodingPlan.tokens(of: contentEncoding).reversed() {
            guard let coding = HTTPContentCoding(token: token) else { throw .unsupported(token: token) }
            codings.insert(coding, at: 0)
        }
        switch codings.count {
        case 0: return nil
        case 1: return try codings[0].makeDecoder(limits: limits)
        default: return try ContentDecoderChain(codings: codings, limits: limits)
        }
    }

    /// Encoded bytes of the body the first stage has taken so far.
    public var encodedByteCount: Int { self.stages[0].encodedByteCount }

    /// Whether every stage ended cleanly after ``finish()``.
    public var isComplete: Bool { self.stages.allSatisfy(\.isComplete) }

    /// Adds bytes of the body (any amount, any split). Must not be called after ``finish()``.
    public func feed(_ bytes: ArraySlice<UInt8>) { self.stages[0].feed(bytes) }

    /// The next piece of the final output, or `nil` (see ``ContentDecoder/next()``).
    ///
    /// - Throws: ``ContentCodingError`` from any stage, or a limit.
    public func next() throws(ContentCodingError) -> [UInt8]? {
        if case .failed(let error) = self.state { throw error }
        do throws(ContentCodingError) {
            guard var piece = try self.pull(self.stages.count - 1) else { return nil }
            let (allowed, crossing) = self.limits.admit(
                piece.count, decoded: self.decodedByteCount, encoded: self.encodedByteCount)
            if let crossing {
                let error = self.limits.error(
                    crossing, coding: self.codings[0], encoded: self.encodedByteCount,
                    decoded: self.decodedByteCount + allowed)
                self.state = .failed(error)
                guard allowed > 0 else { throw error }
                piece.removeLast(piece.count - allowed)
            }
            self.decodedByteCount += allowed
            return piece
        } catch {
            if case .running = self.state { self.state = .failed(error) }
            throw error
        }
    }

    /// Declares the end of the body (see ``ContentDecoder/finish()``): finishes the first stage, and each
    /// later one whose input is then complete.
    ///
    /// - Throws: ``ContentCodingError/Kind/truncatedStream`` from the first stage found truncated, or the
    ///   earlier error.
    public func finish() throws(ContentCodingError) {
        guard case .running(let finished) = self.state else {
            if case .failed(let error) = self.state { throw error }
            return
        }
        do throws(ContentCodingError) {
            var count = max(finished, 1)
            if finished == 0 { try self.stages[0].finish() }
            while count < self.stages.count && self.stages[count - 1].isComplete {
                try self.stages[count].finish()
                count += 1
            }
            self.state = .running(finishedStages: count)
        } catch {
            self.state = .failed(error)
            throw error
        }
    }

    /// The next piece out of stage `index`, feeding it from the stages before as needed.
    private func pull(_ index: Int) throws(ContentCodingError) -> [UInt8]? {
        let stage = self.stages[index]
        while true {
            if let piece = try stage.next() { return piece }
            guard index > 0 else { return nil }
            if let upstream = try self.pull(index - 1) {
                stage.feed(upstream[...])
                continue
            }
            // The stage before has nothing now; once it is complete, so is this stage's input.
            guard case .running(let finished) = self.state, finished == index, self.stages[index - 1].isComplete
            else { return nil }
            self.state = .running(finishedStages: index + 1)
            try stage.finish()
        }
    }
}

@available(*, unavailable) extension ContentDecoderChain: Sendable {}
