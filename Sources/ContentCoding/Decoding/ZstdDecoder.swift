/// Decodes the `zstd` content coding: one or more Zstandard frames (RFC 8878) back to back, skippable
/// frames included; a frame that needs a window above 8 MiB is refused as corrupt data (RFC 9659
/// section 3 limits the zstd content coding to 8 MiB), so a response cannot make the client allocate
/// more. Frame checksums are checked when present. Bytes after a frame that do not start another are
/// trailing data.
///
/// Streaming, with the pull API and the guarantees of ``ContentDecoder``; limits from
/// ``ContentDecodingLimits``. Used from one thread at a time.
///
/// Twisted: none (Twisted decodes gzip only).
public final class ZstdDecoder: ContentDecoder {
    private var engine: DecoderEngine

    /// A decoder with `limits`.
    ///
    /// - Throws: ``ContentCodingError/Kind/libraryUnavailable`` when zstd (`libzstd.so.1`) cannot be loaded.
    public init(limits: ContentDecodingLimits = ContentDecodingLimits()) throws(ContentCodingError) {
        self.engine = try DecoderEngine(format: .zstd, limits: limits)
    }

    /// The limits this decoder enforces.
    public var limits: ContentDecodingLimits { self.engine.limits }
    /// Encoded bytes the library has taken so far.
    public var encodedByteCount: Int { self.engine.encodedByteCount }
    /// Decoded bytes handed out so far.
    public var decodedByteCount: Int { self.engine.decodedByteCount }
    /// Whether the stream ended cleanly after `finish()`.
    public var isComplete: Bool { self.engine.isComplete }

    /// Adds compressed bytes (any amount, any split). Must not be called after `finish()`.
    public func feed(_ bytes: ArraySlice<UInt8>) { self.engine.feed(bytes) }

    /// The next piece of decoded output, or `nil` when more input is needed (or the stream is done).
    ///
    /// - Throws: ``ContentCodingError`` (see ``ContentDecoder/next()``).
    public func next() throws(ContentCodingError) -> [UInt8]? { try self.engine.next() }

    /// Declares the end of the input (see ``ContentDecoder/finish()``).
    ///
    /// - Throws: ``ContentCodingError/Kind/truncatedStream`` or the earlier error.
    public func finish() throws(ContentCodingError) { try self.engine.finish() }
}

@available(*, unavailable) extension ZstdDecoder: Sendable {}
