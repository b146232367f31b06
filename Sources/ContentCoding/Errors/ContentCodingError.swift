/// Why a content coding could not be decoded or encoded.
///
/// A decoder that throws one of these has stopped for good: every later call rethrows it. The output it
/// handed out before is the longest part of the body it could vouch for (for a limit, exactly up to the
/// limit). ``kind`` says what went wrong; the other properties say where and why, when they apply.
///
/// Kinds are an extensible set of static values (new kinds may be added without breaking callers that
/// `switch` with a `default`).
///
/// Twisted: the `zlib.error` that `GzipDecoder` turns into `ResponseFailed`; Torsion names the cases.
public struct ContentCodingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        enum Base: String, Hashable, Sendable {
            case corruptData = "corrupt data"
            case truncatedStream = "truncated stream"
            case trailingData = "trailing data"
            case sizeLimitExceeded = "size limit exceeded"
            case ratioLimitExceeded = "ratio limit exceeded"
            case libraryUnavailable = "library unavailable"
            case unsupportedCoding = "unsupported coding"
            case libraryFailure = "library failure"
        }

        let base: Base

        /// The bytes are not a valid stream of the coding (bad header, bad block, checksum mismatch, a
        /// zstd window above 8 MiB); ``ContentCodingError/message`` is the library's message.
        public static let corruptData = Kind(base: .corruptData)
        /// The input ended inside a gzip member, zlib/deflate/brotli stream or zstd frame.
        public static let truncatedStream = Kind(base: .truncatedStream)
        /// Bytes follow the end of the stream that do not start another member (gzip) or frame (zstd);
        /// deflate and brotli streams cannot be followed by anything.
        public static let trailingData = Kind(base: .trailingData)
        /// The decoded output would exceed ``ContentDecodingLimits/maxDecodedSize``.
        public static let sizeLimitExceeded = Kind(base: .sizeLimitExceeded)
        /// The decoded output would exceed ``ContentDecodingLimits/maxRatio`` times the encoded bytes
        /// taken (once past ``ContentDecodingLimits/ratioFloor``).
        public static let ratioLimitExceeded = Kind(base: .ratioLimitExceeded)
        /// The coding's system library cannot be loaded: ``ContentCodingError/libraryFile`` and
        /// ``ContentCodingError/message`` say which file and why.
        public static let libraryUnavailable = Kind(base: .libraryUnavailable)
        /// A `Content-Encoding` token names no coding Torsion knows (``ContentCodingError/token``).
        public static let unsupportedCoding = Kind(base: .unsupportedCoding)
        /// The library failed for a reason other than the data (out of memory, a refused setting).
        public static let libraryFailure = Kind(base: .libraryFailure)

        /// `"corrupt data"`, `"truncated stream"`, ...
        public var description: String { self.base.rawValue }
    }

    /// What went wrong.
    public let kind: Kind
    /// The coding concerned (`nil` for ``Kind/unsupportedCoding``).
    public let coding: HTTPContentCoding?
    /// Details: the library's message for corrupt data and failures, why a library is unavailable, or a
    /// sentence for the other kinds.
    public let message: String
    /// The library file that could not be loaded (``Kind/libraryUnavailable`` only).
    public let libraryFile: String?
    /// The unknown `Content-Encoding` token (``Kind/unsupportedCoding`` only).
    public let token: String?
    /// The limit that was reached: bytes for ``Kind/sizeLimitExceeded``, the ratio for
    /// ``Kind/ratioLimitExceeded``; `nil` for the other kinds.
    public let limit: Int?
    /// Encoded bytes the library had taken when the error was found.
    public let encodedByteCount: Int
    /// Decoded bytes handed out before the error.
    public let decodedByteCount: Int

    init(
        _ kind: Kind, coding: HTTPContentCoding?, message: String, libraryFile: String? = nil, token: String? = nil,
        limit: Int? = nil, encoded: Int = 0, decoded: Int = 0
    ) {
        self.kind = kind
        self.coding = coding
        self.message = message
        self.libraryFile = libraryFile
        self.token = token
        self.limit = limit
        self.encodedByteCount = encoded
        self.decodedByteCount = decoded
    }

    /// A sentence naming the coding, the kind and the details, e.g.
    /// `"gzip: corrupt data after 1042 encoded bytes: invalid block type"`.
    public var description: String {
        let name = self.coding.map { "\($0.token): " } ?? ""
        switch self.kind.base {
        case .corruptData:
            return "\(name)corrupt data after \(self.encodedByteCount) encoded bytes: \(self.message)"
        case .truncatedStream:
            return "\(name)the stream is truncated (it ends after \(self.encodedByteCount) encoded bytes)"
        case .trailingData:
            return "\(name)unexpected data after the end of the stream (\(self.encodedByteCount) encoded bytes)"
        case .sizeLimitExceeded:
            return "\(name)the decoded body is larger than the limit of \(self.limit ?? 0) bytes"
        case .ratioLimitExceeded:
            return "\(name)the decoded body is more than \(self.limit ?? 0) times larger than its "
                + "\(self.encodedByteCount) encoded bytes (decompression bomb?)"
        case .libraryUnavailable:
            return "\(name)decoding and encoding are unavailable: \(self.message)"
        case .unsupportedCoding:
            return "unsupported content coding \"\(self.token ?? "")\""
        case .libraryFailure:
            return "\(name)library failure: \(self.message)"
        }
    }

    static func libraryUnavailable(_ coding: HTTPContentCoding, file: String, reason: String) -> ContentCodingError {
        ContentCodingError(.libraryUnavailable, coding: coding, message: reason, libraryFile: file)
    }

    static func unsupported(token: String) -> ContentCodingError {
        ContentCodingError(.unsupportedCoding, coding: nil, message: "no decoder for \"\(token)\"", token: token)
    }
}
