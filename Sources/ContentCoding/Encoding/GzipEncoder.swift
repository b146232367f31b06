import CTorsionCompression

/// Encodes the `gzip` content coding: one gzip member (RFC 1952) with zlib's deflate.
///
/// Streaming, with the pull API of ``ContentEncoder``. Used from one thread at a time.
///
/// Twisted: `twisted.web.server.GzipEncoderFactory` (level 9 there).
public final class GzipEncoder: ContentEncoder {
    /// zlib's default level (0 stores, 1 is fastest, 9 smallest).
    public static let defaultLevel = 6
    /// The levels accepted; others are clamped into this range.
    public static let levels: ClosedRange<Int> = 0...9

    private var engine: EncoderEngine

    /// An encoder at `level` (clamped to ``levels``).
    ///
    /// - Throws: ``ContentCodingError/Kind/libraryUnavailable`` when zlib (`libz.so.1`) cannot be loaded.
    public init(level: Int = GzipEncoder.defaultLevel) throws(ContentCodingError) {
        let level = min(max(level, Self.levels.lowerBound), Self.levels.upperBound)
        self.engine = try EncoderEngine(CTC_DEFLATE_GZIP, level: level, coding: .gzip)
    }

    /// ``HTTPContentCoding/gzip``.
    public var coding: HTTPContentCoding { .gzip }
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

@available(*, unavailable) extension GzipEncoder: Sendable {}
