import CTorsionCompression

/// What a decoder's format adds around the library's stream: which library stream it starts with, whether
/// another member or frame may follow the end of one, and how the next one must start.
enum DecoderFormat: Equatable {
    case gzip
    case deflate
    case brotli
    case zstd

    /// What the bytes at the start of a member or frame say.
    enum MemberStart: Equatable {
        /// A member or frame starts here. A zstd frame gives the length of its header and the content size
        /// it declares, if any.
        case member(contentSize: Int?, headerSize: Int?)
        /// Not the start of a member or frame.
        case notAMember
        /// Too few bytes to tell.
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

    /// Whether `bytes` start a member or frame: gzip's `1f 8b`; a zstd frame (`28 b5 2f fd` and its whole
    /// header, read for the declared content size) or a skippable frame (`5? 2a 4d 18`).
    func memberStart(_ bytes: ArraySlice<UInt8>) -> MemberStart {
        switch self {
        case .gzip:
            return Self.match(bytes, [0x1F, 0x8B], firstMask: 0xFF)
        case .zstd:
            let skippable = Self.match(bytes, [0x50, 0x2A, 0x4D, 0x18], firstMask: 0xF0)
            if skippable != .notAMember { return skippable }
            let frame = Self.match(bytes, [0x28, 0xB5, 0x2F, 0xFD], firstMask: 0xFF)
            return frame == .member(contentSize: nil, headerSize: nil) ? Self.zstdFrameHeader(bytes) : frame
        case .deflate, .brotli:
            return .notAMember
        }
    }

    private static func match(_ bytes: ArraySlice<UInt8>, _ magic: [UInt8], firstMask: UInt8) -> MemberStart {
        for (offset, byte) in zip(magic.indices, bytes) {
            let mask: UInt8 = offset == 0 ? firstMask : 0xFF
            if byte & mask != magic[offset] { return .notAMember }
        }
        return bytes.count >= magic.count ? .member(contentSize: nil, headerSize: nil) : .needMore
    }

    /// Reads a zstd frame header (RFC 8878 section 3.1.1.1) after its magic number: its length, and the
    /// content size it declares, if any. zstd 1.5.4 checks frames differently when one arrives whole (its
    /// one-pass path: the content size, empty compressed blocks) and in pieces (its streaming path), so the
    /// decoder gives the library each header on its own, which keeps it on the streaming path, and checks
    /// the content size itself: the same bytes then decode the same way in every split.
    private static func zstdFrameHeader(_ bytes: ArraySlice<UInt8>) -> MemberStart {
        let start = bytes.startIndex
        guard bytes.count > 4 else { return .needMore }
        let descriptor = bytes[start + 4]
        let singleSegment = descriptor & 0x20 != 0
        let dictionaryIDSize = [0, 1, 2, 4][Int(descriptor & 3)]
        let sizeFieldSize = descriptor >> 6 == 0 ? (singleSegment ? 1 : 0) : [0, 2, 4, 8][Int(descriptor >> 6)]
        let sizeField = start + 5 + (singleSegment ? 0 : 1) + dictionaryIDSize
        guard bytes.endIndex >= sizeField + sizeFieldSize else { return .needMore }
        let headerSize = sizeField + sizeFieldSize - start
        guard sizeFieldSize > 0 else { return .member(contentSize: nil, headerSize: headerSize) }
        var size: UInt64 = 0
        for byte in bytes[sizeField..<(sizeField + sizeFieldSize)].reversed() { size = size << 8 | UInt64(byte) }
        if sizeFieldSize == 2 { size += 256 }
        return .member(contentSize: Int(clamping: size), headerSize: headerSize)
    }

    /// Whether two bytes open a zlib stream (RFC 1950 section 2.2): compression method 8, a window of at
    /// most 32 KiB, and a header check that makes the 16-bit value a multiple of 31. Anything else is taken
    /// as raw deflate, as browsers and curl do for `Content-Encoding: deflate`.
    static func isZlibHeader(_ first: UInt8, _ second: UInt8) -> Bool {
        first & 0x0F == 8 && first >> 4 <= 7 && (UInt16(first) << 8 | UInt16(second)) % 31 == 0
    }
}
