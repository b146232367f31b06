/// A request the parser refuses: the status to answer with, why, the limit it broke (if any) and the bytes
/// it is about.
///
/// Every failure of ``HTTPRequestParser`` is one of these; once thrown, the parser keeps throwing it. The
/// server answers with ``status`` (its reason phrase as the body, never the message) and closes the
/// connection: nothing after a framing or syntax error is trusted.
///
/// Twisted: the `400`/`431`/`501`/`505` answers of `twisted.web.http.HTTPChannel` (`_respondToBadRequestAndDisconnect`).
public struct RequestParseError: Error, CustomStringConvertible, Equatable, Sendable {
    /// 400 (malformed), 417 (an expectation other than `100-continue`), 431 (a limit, see ``limit``),
    /// 501 (`CONNECT`, a transfer coding other than chunked) or 505 (an HTTP major version other than 1).
    public let status: Int
    /// What is wrong, for logs and tests; never sent to the client.
    public let message: String
    /// For 431, the limit that was exceeded (an over-long line, head or trailer section, too many fields).
    public let limit: HTTPLimit?
    /// The bytes the error is about, as received (the offending line, its first bytes, or a field), at
    /// most ``ByteExcerpt/maxBytes``; empty when the error is about no particular bytes.
    public let offendingBytes: [UInt8]

    /// Creates an error; the parser is the usual source. `offendingBytes` is cut to ``ByteExcerpt/maxBytes``.
    public init(
        _ status: Int, _ message: String, limit: HTTPLimit? = nil, offendingBytes: some Collection<UInt8> = [UInt8]()
    ) {
        self.status = status
        self.message = message
        self.limit = limit
        self.offendingBytes = ByteExcerpt.cut(offendingBytes)
    }

    /// ``offendingBytes`` as printable ASCII (`\r`, `\n`, `\xNN` escapes).
    public var offendingText: String { ByteExcerpt.escape(self.offendingBytes) }

    /// `"<status>: <message>"`, followed by ` (received: "<offendingText>")` when bytes are attached.
    public var description: String {
        let base = "\(self.status): \(self.message)"
        return self.offendingBytes.isEmpty ? base : base + " (received: \"\(self.offendingText)\")"
    }

    static func badRequest(_ message: String) -> RequestParseError { RequestParseError(400, message) }

    /// The answer to a grammar or framing error found by the shared rules: 431 for a limit, 501 for an
    /// unsupported coding, 400 for the rest.
    init(_ error: HTTPParseError) {
        let status =
            switch error.kind {
            case .limit: 431
            case .unsupported: 501
            default: 400
            }
        self.init(status, error.message, limit: error.limit, offendingBytes: error.offendingBytes)
    }
}

extension RequestParseError: CarriesOffendingBytes {
    /// The same error with `bytes` attached (cut to ``ByteExcerpt/maxBytes``).
    func attaching(_ bytes: some Collection<UInt8>) -> RequestParseError {
        RequestParseError(self.status, self.message, limit: self.limit, offendingBytes: bytes)
    }
}
