/// A content coding of HTTP (RFC 9110 section 8.4.1) that Torsion can decode and encode.
///
/// The raw value is the token sent in `Content-Encoding` and `Accept-Encoding`. Whether a coding works on
/// this machine depends on its system library (``CompressionLibrary``), loaded on first use: ask
/// ``isDecodingAvailable`` or ``decodable`` before advertising a coding.
///
/// Twisted: the `b"gzip"` names given to `ContentDecoderAgent` with their decoder classes.
public enum HTTPContentCoding: String, CaseIterable, Sendable, CustomStringConvertible {
    /// `gzip` (RFC 1952), one or more members; `x-gzip` is read as gzip.
    case gzip = "gzip"
    /// `deflate`: zlib-wrapped (RFC 1950) as the standard says, or raw (RFC 1951) as some servers send.
    case deflate = "deflate"
    /// `br`: brotli (RFC 7932).
    case brotli = "br"
    /// `zstd`: Zstandard frames (RFC 8878), with windows up to 8 MiB (RFC 9659).
    case zstd = "zstd"

    /// The token for `Content-Encoding` and `Accept-Encoding`.
    public var token: String { self.rawValue }

    /// The token.
    public var description: String { self.rawValue }

    /// The coding a `Content-Encoding` token names, ASCII case-insensitively (`gzip`, `x-gzip`, `deflate`,
    /// `br`, `zstd`); `nil` for any other token, `identity` included. The token must not carry spaces.
    public init?(token: some StringProtocol) {
        switch token.lowercased() {
        case "gzip", "x-gzip": self = .gzip
        case "deflate": self = .deflate
        case "br": self = .brotli
        case "zstd": self = .zstd
        default: return nil
        }
    }

    /// The library decoding needs.
    public var decodingLibrary: CompressionLibrary {
        switch self {
        case .gzip, .deflate: .zlib
        case .brotli: .brotliDecoder
        case .zstd: .zstd
        }
    }

    /// The library encoding needs.
    public var encodingLibrary: CompressionLibrary {
        switch self {
        case .gzip, .deflate: .zlib
        case .brotli: .brotliEncoder
        case .zstd: .zstd
        }
    }

    /// Whether this machine can decode the coding (loads its library if needed).
    public var isDecodingAvailable: Bool { self.decodingLibrary.isAvailable }

    /// Whether this machine can encode the coding (loads its library if needed).
    public var isEncodingAvailable: Bool { self.encodingLibrary.isAvailable }

    /// The codings this machine can decode, in the order of `allCases` (gzip, deflate, br, zstd): the ones
    /// a client may list in `Accept-Encoding`.
    public static var decodable: [HTTPContentCoding] { allCases.filter(\.isDecodingAvailable) }

    /// The codings this machine can encode, in the order of `allCases`.
    public static var encodable: [HTTPContentCoding] { allCases.filter(\.isEncodingAvailable) }

    /// An `Accept-Encoding` value listing `codings` (by default every decodable one) in order, e.g.
    /// `"gzip, deflate, br, zstd"`; `nil` when the list is empty (then send no `Accept-Encoding`).
    public static func acceptEncoding(_ codings: [HTTPContentCoding] = decodable) -> String? {
        codings.isEmpty ? nil : codings.map(\.token).joined(separator: ", ")
    }

    /// A new streaming decoder for this coding.
    ///
    /// - Throws: ``ContentCodingError/Kind/libraryUnavailable`` when its library cannot be loaded.
    public func makeDecoder(limits: ContentDecodingLimits = ContentDecodingLimits()) throws(ContentCodingError)
        -> any ContentDecoder
    {
        switch self {
        case .gzip: try GzipDecoder(limits: limits)
        case .deflate: try DeflateDecoder(limits: limits)
        case .brotli: try BrotliDecoder(limits: limits)
        case .zstd: try ZstdDecoder(limits: limits)
        }
    }

    /// A new streaming encoder for this coding at `level` (the coding's default when `nil`; see each
    /// encoder for its range).
    ///
    /// - Throws: ``ContentCodingError/Kind/libraryUnavailable`` when its library cannot be loaded.
    public func makeEncoder(level: Int? = nil) throws(ContentCodingError) -> any ContentEncoder {
        switch self {
        case .gzip: try GzipEncoder(level: level ?? GzipEncoder.defaultLevel)
        case .deflate: try DeflateEncoder(level: level ?? DeflateEncoder.defaultLevel)
        case .brotli: try BrotliEncoder(level: level ?? BrotliEncoder.defaultLevel)
        case .zstd: try ZstdEncoder(level: level ?? ZstdEncoder.defaultLevel)
        }
    }
}
