/// A response the parser refuses, with a category and a human-readable message.
///
/// Every failure of ``HTTPResponseParser`` is one of these. Once thrown, the parser keeps
/// throwing the same error: the connection must be closed and never pooled, whatever the kind.
/// Compare errors by ``kind``; ``message`` is for people and may change wording.
public struct HTTPParseError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The category of a parse failure (the corpus's `error_kind`).
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// Malformed bytes: status line, field line, line endings, chunk framing, not HTTP at all.
        case parse
        /// The body length cannot be determined safely (bad or repeated Content-Length,
        /// Transfer-Encoding with Content-Length or on HTTP/1.0, chunked applied twice).
        case framing
        /// A configured limit was exceeded (head size, field count, chunk line, trailers, interim count).
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

    /// Creates an error; the parser is the usual source, tests may build their own.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// `"<kind> error: <message>"`.
    public var description: String { "\(self.kind.rawValue) error: \(self.message)" }

    static func parse(_ message: String) -> Self { Self(.parse, message) }
    static func framing(_ message: String) -> Self { Self(.framing, message) }
    static func limit(_ message: String) -> Self { Self(.limit, message) }
    static func truncated(_ message: String) -> Self { Self(.truncated, message) }
}
