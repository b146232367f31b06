/// The size limits of ``HTTPResponseParser`` and ``HTTPRequestParser``; exceeding one is an error that
/// names the ``HTTPLimit`` (a `.limit` ``HTTPParseError``, or a 431 ``RequestParseError``).
///
/// `HTTPParserLimits()` (also spelled `HTTPResponseParser.Limits()`) holds the response parser's defaults;
/// ``request`` the request parser's. Change single fields on a copy:
/// ```swift
/// var limits = HTTPParserLimits()
/// limits.maxHeaderLineBytes = 32 * 1024
/// ```
/// The defaults side by side are in the table of ``HTTPLimit``.
///
/// Twisted: `LineReceiver.MAX_LENGTH` (both sides), `HTTPChannel.totalHeadersSize` and `maxHeaders`.
public struct HTTPParserLimits: Sendable, Equatable {
    /// Bytes of one head: start line, field lines and line ends (default 64 KiB; requests 16 KiB, as
    /// Twisted's `HTTPChannel.totalHeadersSize`).
    public var maxHeadBytes = 64 * 1024
    /// Bytes of one line of a head or trailer section, CRLF included (default 16 KiB, as Twisted's
    /// `LineReceiver.MAX_LENGTH`).
    public var maxHeaderLineBytes = 16 * 1024
    /// Field lines in one header or trailer section (default 1000; requests 100).
    public var maxFields = 1000
    /// Interim (1xx) responses before the final one (default 16; responses only).
    public var maxInterimResponses = 16
    /// Bytes of one chunk-size line, extensions and CRLF included (default 4096).
    public var maxChunkSizeLineBytes = 4096
    /// Bytes of the trailer section of a chunked body, final CRLF included (default 64 KiB; requests 16 KiB).
    public var maxTrailerBytes = 64 * 1024

    /// The response parser's defaults (the strict profile).
    public init() {}

    /// The request parser's defaults: a 16 KiB head, 16 KiB lines, 100 fields, 16 KiB of trailers.
    public static let request: HTTPParserLimits = {
        var limits = HTTPParserLimits()
        limits.maxHeadBytes = 16 * 1024
        limits.maxFields = 100
        limits.maxTrailerBytes = 16 * 1024
        return limits
    }()

    /// The limits a body is decoded under.
    var body: BodyDecoder.Limits {
        BodyDecoder.Limits(
            maxChunkSizeLineBytes: self.maxChunkSizeLineBytes, maxTrailerBytes: self.maxTrailerBytes,
            maxFieldLineBytes: self.maxHeaderLineBytes, maxFields: self.maxFields)
    }
}
