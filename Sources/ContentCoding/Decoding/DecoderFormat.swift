import CTorsionCompression

/// What a decoder's format adds around the library's stream: which library stream it starts with, whether
/// another member or frame may follow the end of one, and how the next one must start.
enum DecoderFormat: Equatable {
    case gzip
    case deflate
    case brotli
    case zstd

    /// How the start of the next member or frame compares with the format's magic numbers.
    enum MagicMatch: Equatable {
        case match
        case mismatch
        case needMore
    }

    var coding: HTTPContentCoding {
        switch self {
        case .gzip: .gzip
        case .deflate: .deflate
        case .brotli: .brotli
        case .zstd: .zstd
        }
    }

    /// The library stream to start with (deflate switches to raw after its first two bytes if needed).
    var initialKind: ctc_kind {
        switch self {
        case .gzip: CTC_INFLATE_GZIP
        case .deflate: CTC_INFLATE_ZLIB
        case .brotli: CTC_BROTLI_DECODE
        case .zstd: CTC_ZSTD_DECODE
        }
    }

    /// Whether another member (gzip, RFC 1952 section 2.2) or frame (zstd, RFC 8878 section 3.1) may
    /// follow the end of one. A deflate or brotli stream ends the body.
    var allowsConcatenation: Bool { self == .gzip || self == .zstd }

    /// Whether `bytes` start like the next member or frame: gzip's `1f 8b`; zstd's frame magic
    /// `28 b5 2f fd` or a skippable frame's `5? 2a 4d 18`.
    func matchNextMember(_ bytes: ArraySlice<UInt8>) -> MagicMatch {
        switch self {
        case .gzip:
            return Self.match(bytes, [0x1F, 0x8B], firstMask: 0xFF)
        case .zstd:
            let frame = Self.match(bytes, [0x28, 0xB5, 0x2F, 0xFD], firstMask: 0xFF)
            return frame == .mismatch ? Self.match(bytes, [0x50, 0x2A, 0x4D, 0x18], firstMask: 0xF0) : frame
        case .deflate, .brotli:
            return .mismatch
        }
    }

    private static func match(_ bytes: ArraySlice<UInt8>, _ magic: [UInt8], firstMask: UInt8) -> MagicMatch {
        for (offset, byte) in zip(magic.indices, bytes) {
            let mask: UInt8 = offset == 0 ? firstMask : 0xFF
            if byte & mask != magic[offset] { return .mismatch }
        }
        return bytes.count >= magic.count ? .match : .needMore
    }

    /// Whether two bytes open a zlib stream (RFC 1950 section 2.2): compression method 8, a window of at
    /// most 32 KiB, and a header check that makes the 16-bit value a multiple of 31. Anything else is taken
    /// as raw deflate, as browsers and curl do for `Content-Encoding: deflate`.
    static func isZlibHeader(_ first: UInt8, _ second: UInt8) -> Bool {
        first & 0x0F == 8 && first >> 4 <= 7 && (UInt16(first) << 8 | UInt16(second)) % 31 == 0
    }
}
