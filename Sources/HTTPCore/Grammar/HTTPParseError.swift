/// A response the parser refuses, with a category, a human-readable message, the limit it broke (if
/// any) and the bytes it is about.
///
/// Every failure of ``HTTPResponseParser`` is one of these. Once thrown, the parser keeps
/// throwing the same error: the connection must be closed and never pooled, whatever the kind.
/// Compare errors by ``kind`` (and ``limit``); ``message`` is for people and may change wording.
///
/// Twisted: `twisted.web._newclient.ParseError(reason, data)` and `BadHeaders`.
public struct HTTPParseError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The category of a parse failure (the corpus's `error_kind`).
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// Malformed bytes: status line, field line, line endings, chunk framing, not HTTP at all.
        case parse
        /// The body length cannot be determined safely (bad or repeated Content-Length,
        /// Transfer-Encoding with Content-Length or on HTTP/1.0, chunked applied twice).
        case framing
        /// A configured limit was exceeded (``HTTPParseError/limit`` says which).
        case limit
        /// The connection ended before the response was complete.
        case truncated
        /// A transfer coding other than exactly `chunked`.
        case unsupported
        /// A `101 Switching Protocols` (or other protocol switch) the client did not ask for.
        case unexpectedUpgrade
        /// A well-formed three-digit status code outside 100...599.
        case status
        /// The connection ended before a single byte of the response arrived.
        case noResponse
    }

    /// What went wrong, as a category a caller can switch over.
    public let kind: Kind
    /// What went wrong, for people, e.g. "Content-Length has a non-digit character".
    public let message: String
    /// For ``Kind/limit`` errors, the limit that was exceeded (an over-long line, head, trailer section,
    /// too many fields...); nil for the other kinds.
    public let limit: HTTPLimit?
    /// The bytes the error is about, as received: the offending line (or its first bytes), field value or
    /// data, at most ``ByteExcerpt/maxBytes`` of them; empty when the error is about no particular bytes
    /// (a truncation, a count). ``offendingText`` shows them printable.
    public let offendingBytes: [UInt8]

    /// Creates an error; the parser is the usual source, tests may build their own. `offendingBytes` is
    /// cut to ``ByteExcerpt/maxBytes``.
    public init(
        _ kind: Kind, _ message: String, limit: HTTPLimit? = nil, offendingBytes: some Collection<UInt8> = [UInt8]()
    ) {
        self.kind = kind
        self.message = message
        self.limit = limit
        self.offendingBytes = ByteExcerpt.cut(offendingBytes)
    }

    /// ``offendingBytes`` as printable ASCII (`\r`, `\n`, `\xNN` escapes).
    public var offendingText: String { ByteExcerpt.escape(self.offendingBytes) }

    /// `"<kind> error: <message>"`, followed by ` (received: "<offendingText>")` when bytes are attached.
    public var description: String {
        let base = "\(self.kind.rawValue) error: \(self.message)"
        return self.offendingBytes.isEmpty ? base : base + " (received: \"\(self.offendingText)\")"
    }

    static func parse(_ message: String) -> Self { Self(.parse, message) }
    static func framing(_ message: String) -> Self { Self(.framing, message) }
    static func limit(_ which: HTTPLimit, _ message: String) -> Self { Self(.limit, message, limit: which) }
    static func truncated(_ message: String) -> Self { Self(.truncated, message) }
}

extension HTTPParseError: CarriesOffendingBytes {
    /// The same error with `bytes` attached (cut to ``ByteExcerpt/maxBytes``).
    func attaching(_ bytes: some Collection<UInt8>) -> HTTPParseError {
        HTTPParseError(self.kind, self.message, limit: self.limit, offendingBytes: bytes)
    }
}
