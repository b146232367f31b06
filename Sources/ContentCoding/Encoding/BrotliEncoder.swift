import CTorsionCompression

/// Encodes the `br` content coding: one brotli stream (RFC 7932) with a 4 MiB window.
///
/// Streaming, with the pull API of ``ContentEncoder``. Used from one thread at a time.
///
/// Twisted: none.
public final class BrotliEncoder: ContentEncoder {
    /// A quality suited to dynamic responses (0 is fastest, 11 smallest and much slower; the `brotli` tool
    /// uses 11).
    public static let defaultLevel = 5
    /// The levels accepted; others are clamped into this range.
    public static let levels: ClosedRange<Int> = 0...11

    private var engine: EncoderEngine

    /// An encoder at `level` (clamped to ``levels``).
    ///
    /// - Throws: ``ContentCodingError/Kind/libraryUnavailable`` when brotli's encoder
    ///   (`libbrotlienc.so.1`) cannot be loaded.
    public init(level: Int = BrotliEncoder.defaultLevel) throws(ContentCodingError) {
        let level = min(max(level, Self.levels.lowerBound), Self.levels.upperBound)
        self.engine = try EncoderEngine(CTC_BROTLI_ENCODE, level: level, coding: .brotli)
    }

    /// ``HTTPContentCoding/brotli``.
    public var coding: HTTPContentCoding { .brotli }
    /// Plain bytes the library has taken so far.
    public var plainByteCount: Int { self.engine.plainByteCount }
    /// Encoded bytes handed out so far.
    public var encodedByteCount: Int { self.engine.encodedByteCount }
    /// Whether the stream is complete and handed out.
    public var isFinished: Bool { self.engine.state == .finished }

    /// Adds plain bytes (see ``ContentEncoder/feed(_:)``).
    public func feed(_ bytes: ArraySlice<UInt8>) { self.engine.feed(bytes) }
    /// Asks for everything fed so far to be written out decodably (see ``ContentEncoder/flush()``).
    public func flush() { self.engine.flush() }
    /// Ends the stream (see ``ContentEncoder/finish()``).
    public func finish() { self.engine.finish() }
    /// The next encoded piece, or `nil` (see ``ContentEncoder/next()``).
    ///
    /// - Throws: ``ContentCodingError/Kind/libraryFailure`` when the library fails.
    public func next() throws(ContentCodingError) -> [UInt8]? { try self.engine.next() }
}

@available(*, unavailable) extension BrotliEncoder: Sendable {}
