/// Which configured size limit a message broke: carried by ``HTTPParseError/limit`` (responses) and
/// ``RequestParseError/limit`` (requests, answered with 431), so a caller can tell an over-long line from
/// an over-long head without reading the message.
///
/// The defaults, per parser:
///
/// | limit | ``HTTPResponseParser`` | ``HTTPRequestParser`` | Twisted |
/// |---|---|---|---|
/// | ``headBytes`` | 64 KiB | 16 KiB | `HTTPChannel.totalHeadersSize` (16 KiB, server) |
/// | ``headerLineBytes`` | 16 KiB | 16 KiB | `LineReceiver.MAX_LENGTH` (16 KiB, both sides) |
/// | ``fieldCount`` | 1000 | 100 | `HTTPChannel.maxHeaders` (500) |
/// | ``interimResponses`` | 16 | - | - |
/// | ``chunkSizeLineBytes`` | 4096 | 4096 | `_ChunkedTransferDecoder` (none) |
/// | ``trailerBytes`` | 64 KiB | 16 KiB | - |
///
/// Twisted: the limits behind `LineReceiver.lineLengthExceeded` and `HTTPChannel`'s 431 answers.
public enum HTTPLimit: String, Sendable, Equatable, Hashable, CaseIterable {
    /// The whole head: start line, field lines and their CRLFs.
    case headBytes
    /// One line of a head or trailer section (start line or field line), CRLF included.
    case headerLineBytes
    /// Field lines in one header or trailer section.
    case fieldCount
    /// Interim (1xx) responses before the final one.
    case interimResponses
    /// One chunk-size line, extensions and CRLF included.
    case chunkSizeLineBytes
    /// The trailer section of a chunked body.
    case trailerBytes
}
