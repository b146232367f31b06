/// Decodes the `gzip` content coding: one or more gzip members (RFC 1952) back to back, as `gzip -dc`
/// reads them. Each member's CRC-32 and length are checked; bytes after a member that do not start
/// another (`1f 8b`) are trailing data.
///
/// Streaming, with the pull API and the guarantees of ``ContentDecoder``; limits from
/// ``ContentDecodingLimits``. Used from one thread at a time.
///
/// Twisted: `twisted.web.client.GzipDecoder` (whose `_GzipProtocol` decodes one member only).
public final class GzipDecoder: ContentDecoder {
    private var engine: DecoderEngine

    /// A decoder with `limits`.
    ///
    /// - Throws: ``ContentCodingError/Kind/libraryUnavailable`` when zlib (`libz.so.1`) cannot be loaded.
    public init(limits: ContentDecodingLimits = ContentDecodingLimits()) throws(ContentCodingError) {
        self.engine = try DecoderEngine(format: .gzip, limits: limits)
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

@available(*, unavailable) extension GzipDecoder: Sendable {}
