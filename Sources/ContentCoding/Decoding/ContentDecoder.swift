/// A streaming decoder of one content coding (or of stacked ones, ``ContentDecoderChain``).
///
/// **Pull API**, like `HTTPResponseParser`: push compressed bytes with ``feed(_:)`` as they arrive, in
/// any split, then pull decoded pieces with ``next()`` until it returns `nil`; at the end of the body
/// call ``finish()`` and pull again until `nil`:
/// ```swift
/// decoder.feed(chunk)
/// while let piece = try decoder.next() { consumer.dataReceived(piece[...]) }
/// // ... at the end of the body:
/// try decoder.finish()
/// while let piece = try decoder.next() { consumer.dataReceived(piece[...]) }
/// ```
/// Each piece holds at most ``ContentDecodingLimits/maxPieceSize`` bytes (64 KiB by default) and is
/// never empty, so a caller with backpressure takes one piece, hands it on, and simply stops pulling while
/// its consumer is paused: the unread input waits inside the decoder and nothing else is buffered. One
/// compressed byte can expand to megabytes; they are produced only as they are pulled.
///
/// **Errors** (``ContentCodingError``): corrupt data, a truncated stream (from ``finish()`` or the
/// `next()` after it), data after the end, and the size and ratio limits. Output the library released
/// before an error is handed out first; after an error every call rethrows it. (zlib releases everything
/// it decoded before the fault, whatever the split; brotli and zstd hold some back, up to their window or
/// a block, and drop it on an error, so the output before a corruption can be shorter for some splits.
/// A complete stream's output never depends on the split.)
///
/// **Cost**: the library decodes straight into the array returned; one allocation per piece, none per
/// call otherwise; input is read in place from the fed arrays (feed after `next()` returned `nil` to avoid
/// a copy).
///
/// Threading: a decoder is used from one thread at a time; it is not `Sendable`.
///
/// Twisted: the `_GzipProtocol` that `ContentDecoderAgent` puts between the response and its protocol.
public protocol ContentDecoder: AnyObject {
    /// Encoded bytes the library has taken so far.
    var encodedByteCount: Int { get }
    /// Decoded bytes handed out so far.
    var decodedByteCount: Int { get }
    /// Whether the stream ended cleanly: ``finish()`` was called, and everything fed was decoded and
    /// handed out.
    var isComplete: Bool { get }

    /// Adds compressed bytes (any amount, any split). Must not be called after ``finish()``.
    func feed(_ bytes: ArraySlice<UInt8>)

    /// The next piece of decoded output (1 to ``ContentDecodingLimits/maxPieceSize`` bytes), or `nil` when
    /// the decoder needs more input, or, after ``finish()``, when the stream is complete.
    ///
    /// - Throws: ``ContentCodingError``: corrupt data, trailing data, a limit, or after ``finish()`` a
    ///   truncated stream. The decoder is then failed for good.
    func next() throws(ContentCodingError) -> [UInt8]?

    /// Declares the end of the input. When everything fed has been decoded and handed out, checks at once
    /// that the stream is complete; otherwise the remaining pieces are pulled with ``next()``, which makes
    /// that check when they are done.
    ///
    /// - Throws: ``ContentCodingError/Kind/truncatedStream`` when the input stopped inside the stream, or
    ///   the error the decoder failed with earlier.
    func finish() throws(ContentCodingError)
}

extension ContentDecoder {
    /// Adds compressed bytes (any amount, any split).
    public func feed(_ bytes: [UInt8]) { self.feed(bytes[...]) }

    /// Feeds `bytes` and hands every piece now decodable to `body`, in order (for callers without
    /// backpressure).
    public func decode(_ bytes: ArraySlice<UInt8>, into body: ([UInt8]) -> Void) throws(ContentCodingError) {
        self.feed(bytes)
        while let piece = try self.next() { body(piece) }
    }

    /// Ends the input and hands the remaining pieces to `body`.
    ///
    /// - Throws: ``ContentCodingError`` as ``finish()`` and ``next()`` do.
    public func finish(into body: ([UInt8]) -> Void) throws(ContentCodingError) {
        try self.finish()
        while let piece = try self.next() { body(piece) }
    }

    /// Decodes a whole body held in memory (small bodies, tests): feeds it, finishes, returns all output.
    ///
    /// - Throws: ``ContentCodingError`` as ``next()`` and ``finish()`` do.
    public func decodeAll(_ bytes: [UInt8]) throws(ContentCodingError) -> [UInt8] {
        var output: [UInt8] = []
        try self.decode(bytes[...]) { output.append(contentsOf: $0) }
        try self.finish { output.append(contentsOf: $0) }
        return output
    }
}
