/// Limits a decoder enforces against decompression bombs, and the size of its output pieces.
///
/// Both limits are checked on every piece of output before it is handed out, so they trip at an exact
/// point and never after the output was delivered:
/// - **Size**: at most ``maxDecodedSize`` decoded bytes are handed out; the piece that would cross it is
///   cut at the limit and the next call throws ``ContentCodingError/Kind/sizeLimitExceeded``. A body of
///   exactly `maxDecodedSize` bytes decodes.
/// - **Ratio**: once the decoded size passes ``ratioFloor``, at most ``maxRatio`` × (encoded bytes the
///   library has taken so far) decoded bytes are handed out, i.e. decoded ≤ max(`ratioFloor`,
///   `maxRatio` × encoded); the piece that would cross it is cut there and the next call throws
///   ``ContentCodingError/Kind/ratioLimitExceeded``. The floor keeps small, very compressible bodies (a
///   page of spaces) from tripping it. The encoded count is what the library has consumed, which can run
///   ahead of what it has decoded by up to one block (zstd reads whole blocks of up to 128 KiB).
///
/// For stacked codings (``ContentDecoderChain``) the limits apply to the final output against the
/// encoded bytes of the whole body.
///
/// The defaults (no size limit, ratio 200 past 256 KiB) pass real text, HTML and JSON (3 to 20 times with
/// gzip, rarely above 100 with brotli or zstd) and stop bombs (deflate reaches 1032, brotli and zstd reach
/// millions). async-http-client's browser-like default is a ratio of 25 with no floor, which its users
/// found too low (AHC #739).
public struct ContentDecodingLimits: Sendable, Equatable {
    /// The most decoded bytes handed out, or `nil` for no limit (the default).
    public var maxDecodedSize: Int?
    /// The largest decoded/encoded ratio allowed past ``ratioFloor``, or `nil` for no limit (default 200).
    public var maxRatio: Int?
    /// Decoded bytes allowed whatever the ratio (default 256 KiB).
    public var ratioFloor: Int
    /// The largest piece of output one `next()` returns (default 64 KiB; at least 1).
    public var maxPieceSize: Int

    /// Limits with the given values; see the type's documentation for the defaults.
    public init(
        maxDecodedSize: Int? = nil, maxRatio: Int? = 200, ratioFloor: Int = 256 * 1024, maxPieceSize: Int = 64 * 1024
    ) {
        self.maxDecodedSize = maxDecodedSize.map { max(0, $0) }
        self.maxRatio = maxRatio.map { max(1, $0) }
        self.ratioFloor = max(0, ratioFloor)
        self.maxPieceSize = max(1, maxPieceSize)
    }

    /// No size or ratio limit (pieces of `maxPieceSize` bytes).
    public static func unlimited(maxPieceSize: Int = 64 * 1024) -> ContentDecodingLimits {
        ContentDecodingLimits(maxDecodedSize: nil, maxRatio: nil, maxPieceSize: maxPieceSize)
    }

    /// Which limit a piece crossed.
    enum Crossing: Equatable {
        case size
        case ratio
    }

    /// How many of `produced` new bytes may be handed out after `decoded` earlier ones, with `encoded` bytes
    /// taken so far, and the limit that cut them short if any.
    func admit(_ produced: Int, decoded: Int, encoded: Int) -> (allowed: Int, crossing: Crossing?) {
        var allowed = produced
        var crossing: Crossing?
        if let maxDecodedSize, decoded + produced > maxDecodedSize {
            allowed = max(0, maxDecodedSize - decoded)
            crossing = .size
        }
        if let maxRatio {
            let (product, overflow) = maxRatio.multipliedReportingOverflow(by: encoded)
            let ceiling = max(self.ratioFloor, overflow ? Int.max : product)
            if decoded + produced > ceiling, ceiling - decoded < allowed {
                allowed = max(0, ceiling - decoded)
                crossing = .ratio
            }
        }
        return (allowed, crossing)
    }

    /// The error for `crossing` by `coding` after `decoded` bytes handed out and `encoded` taken.
    func error(_ crossing: Crossing, coding: HTTPContentCoding?, encoded: Int, decoded: Int) -> ContentCodingError {
        switch crossing {
        case .size:
            ContentCodingError(
                .sizeLimitExceeded, coding: coding, message: "more than \(self.maxDecodedSize ?? 0) decoded bytes",
                limit: self.maxDecodedSize, encoded: encoded, decoded: decoded)
        case .ratio:
            ContentCodingError(
                .ratioLimitExceeded, coding: coding,
                message: "more than \(self.maxRatio ?? 0) decoded bytes per encoded byte past \(self.ratioFloor) bytes",
                limit: self.maxRatio, encoded: encoded, decoded: decoded)
        }
    }
}
