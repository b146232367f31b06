/// A streaming encoder of one content coding: the server side of ``ContentDecoder``.
///
/// **Pull API**: push plain bytes with ``feed(_:)``, pull encoded pieces with ``next()`` until `nil`.
/// ``flush()`` makes everything fed so far decodable by the peer now (for streamed responses);
/// ``finish()`` ends the stream. After either, pull with ``next()`` until `nil` before feeding again:
/// ```swift
/// encoder.feed(part)
/// while let piece = try encoder.next() { transport.write(piece) }
/// encoder.finish()
/// while let piece = try encoder.next() { transport.write(piece) }
/// ```
/// Pieces hold at most 64 KiB and are never empty; the library writes straight into them.
///
/// Threading: an encoder is used from one thread at a time; it is not `Sendable`.
///
/// Twisted: `twisted.web.server.GzipEncoderFactory`'s `_GzipEncoder` (gzip only).
public protocol ContentEncoder: AnyObject {
    /// The coding this encoder writes.
    var coding: HTTPContentCoding { get }
    /// Plain bytes the library has taken so far.
    var plainByteCount: Int { get }
    /// Encoded bytes handed out so far.
    var encodedByteCount: Int { get }
    /// Whether ``finish()`` was called and every encoded byte has been handed out.
    var isFinished: Bool { get }

    /// Adds plain bytes. Must not be called after ``finish()``, nor after ``flush()`` until ``next()``
    /// has returned `nil`.
    func feed(_ bytes: ArraySlice<UInt8>)
    /// Asks for everything fed so far to be written out in a form the peer can decode at once (zlib's
    /// sync flush, brotli's and zstd's flush); the stream goes on.
    func flush()
    /// Ends the stream: the rest of the output and the trailer (checksum, last block) come from
    /// ``next()``.
    func finish()
    /// The next encoded piece, or `nil` when the encoder needs more input (or, after ``flush()``, the
    /// flush is written; after ``finish()``, the stream is complete).
    ///
    /// - Throws: ``ContentCodingError/Kind/libraryFailure`` when the library fails.
    func next() throws(ContentCodingError) -> [UInt8]?
}

extension ContentEncoder {
    /// Adds plain bytes.
    public func feed(_ bytes: [UInt8]) { self.feed(bytes[...]) }

    /// Encodes a whole body held in memory: feeds it, finishes, returns the complete stream.
    ///
    /// - Throws: ``ContentCodingError/Kind/libraryFailure`` when the library fails.
    public func encodeAll(_ bytes: [UInt8]) throws(ContentCodingError) -> [UInt8] {
        var output: [UInt8] = []
        self.feed(bytes[...])
        while let piece = try self.next() { output.append(contentsOf: piece) }
        self.finish()
        while let piece = try self.next() { output.append(contentsOf: piece) }
        return output
    }
}
