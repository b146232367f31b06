import CTorsionCompression

/// Encodes the `zstd` content coding: one Zstandard frame (RFC 8878) with a content checksum. Levels stop at
/// 19, whose window is at most 8 MiB, the most RFC 9659 lets a decoder require (levels 20 to 22 need more).
///
/// Streaming, with the pull API of ``ContentEncoder``. Used from one thread at a time.
///
/// Twisted: none.
public final class ZstdEncoder: ContentEncoder {
    /// zstd's default level (1 is fastest, 19 smallest).
    public static let defaultLevel = 3
    /// The levels accepted; others are clamped into this range.
    public static let levels: ClosedRange<Int> = 1...19

    private var engine: EncoderEngine

    /// An encoder at `level` (clamped to ``levels``).
    ///
    /// - Throws: ``ContentCodingError/Kind/libraryUnavailable`` when zstd (`libzstd.so.1`) cannot be loaded.
    public init(level: Int = ZstdEncoder.defaultLevel) throws(ContentCodingError) {
        let level = min(max(level, Self.levels.lowerBound), Self.levels.upperBound)
        self.engine = try EncoderEngine(CTC_ZSTD_ENCODE, level: level, coding: .zstd)
    }

    /// ``HTTPContentCoding/zstd``.
    public var coding: HTTPContentCoding { .zstd }
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

@available(*, unavailable) extension ZstdEncoder: Sendable {}
