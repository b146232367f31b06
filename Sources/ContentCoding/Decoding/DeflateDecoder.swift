/// Decodes the `deflate` content coding: a zlib-wrapped stream (RFC 1950), as RFC 9110 defines it, or
/// a raw deflate stream (RFC 1951), as some servers send; the wrapper is recognised from the first two
/// bytes (a valid zlib header: compression method 8, window ≤ 32 KiB, header check), as browsers and
/// curl do. A zlib stream's Adler-32 is checked. Bytes after the end of the stream are trailing data.
///
/// Streaming, with the pull API and the guarantees of ``ContentDecoder``; limits from
/// ``ContentDecodingLimits``. Used from one thread at a time.
///
/// Twisted: none (Twisted decodes gzip only).
public final class DeflateDecoder: ContentDecoder {
    private var engine: DecoderEngine

    /// A decoder with `limits`.
    ///
    /// - Throws: ``ContentCodingError/Kind/libraryUnavailable`` when zlib (`libz.so.1`) cannot be loaded.
    public init(limits: ContentDecodingLimits = ContentDecodingLimits()) throws(ContentCodingError) {
        self.engine = try DecoderEngine(format: .deflate, limits: limits)
    }

    /// The limits this decoder enforces.
    public var limits: ContentDecodingLimits { self.engine.limits }
    /// Encoded bytes the library has taken so far.
    public var encodedByteCount: Int { self.engine.encodedByteCount }
    /// Decoded bytes handed out so far.
    public var decodedByteCount: Int { self.engine.decodedByteCount }
    /// Whether the stream ended cleanly after `finish()`.
    public var isComplete: Bool { self.engine.isComplete }

    /// How the stream turned out to be wrapped: `.zlib` or `.raw`, `nil` before its first two bytes.
    public var wrapper: DeflateWrapper? { self.engine.deflateWrapper }

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

@available(*, unavailable) extension DeflateDecoder: Sendable {}
