import CTorsionCompression

/// Encodes the `deflate` content coding: a zlib stream (RFC 1950, the standard form) or, on request, raw
/// deflate data (RFC 1951, what some servers send; for tests of decoders).
///
/// Streaming, with the pull API of ``ContentEncoder``. Used from one thread at a time.
///
/// Twisted: none.
public final class DeflateEncoder: ContentEncoder {
    /// zlib's default level (0 stores, 1 is fastest, 9 smallest).
    public static let defaultLevel = 6
    /// The levels accepted; others are clamped into this range.
    public static let levels: ClosedRange<Int> = 0...9

    private var engine: EncoderEngine
    /// The form written.
    public let wrapper: DeflateWrapper

    /// An encoder at `level` (clamped to ``levels``), written with `wrapper`.
    ///
    /// - Throws: ``ContentCodingError/Kind/libraryUnavailable`` when zlib (`libz.so.1`) cannot be loaded.
    public init(level: Int = DeflateEncoder.defaultLevel, wrapper: DeflateWrapper = .zlib)
        throws(ContentCodingError)
    {
        self.wrapper = wrapper
        let level = min(max(level, Self.levels.lowerBound), Self.levels.upperBound)
        let kind = wrapper == .zlib ? CTC_DEFLATE_ZLIB : CTC_DEFLATE_RAW
        self.engine = try EncoderEngine(kind, level: level, coding: .deflate)
    }

    /// ``HTTPContentCoding/deflate``.
    public var coding: HTTPContentCoding { .deflate }
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

@available(*, unavailable) extension DeflateEncoder: Sendable {}
