import ContentCoding
import Testing

@Suite("Corrupt, truncated and trailing input: typed errors, the same in every split")
struct ErrorTests {
    static func sample(_ coding: HTTPContentCoding) throws -> [UInt8] {
        try encode(TestData.words(6000, seed: 3), with: coding.makeEncoder())
    }

    /// Every strict prefix of a stream is truncated, found by `finish()` or the `next()` after it.
    @Test(arguments: HTTPContentCoding.allCases)
    func everyPrefixIsTruncated(coding: HTTPContentCoding) throws {
        let encoded = try Self.sample(coding)
        let expected = TestData.words(6000, seed: 3)
        for length in 1..<encoded.count {
            let outcome = decode(Array(encoded[..<length]), with: try coding.makeDecoder())
            #expect(outcome.kind == .truncatedStream, "prefix of \(length) bytes: \(outcome)")
            #expect(expected.starts(with: outcome.output), "prefix of \(length) bytes: output is not a prefix")
        }
    }

    @Test(arguments: HTTPContentCoding.allCases)
    func truncationIsReportedByFinishItself(coding: HTTPContentCoding) throws {
        let encoded = try Self.sample(coding)
        let decoder = try coding.makeDecoder()
        try decoder.decode(encoded.dropLast(3)) { _ in }
        let error = #expect(throws: ContentCodingError.self) { try decoder.finish() }
        #expect(error?.kind == .truncatedStream)
        #expect(error?.coding == coding)
        #expect(error?.encodedByteCount == encoded.count - 3)
        // Failed for good: later calls rethrow the same error.
        #expect(throws: error!) { try decoder.next() }
        #expect(throws: error!) { try decoder.finish() }
        #expect(!decoder.isComplete)
    }

    /// Known corruptions carry the library's own message.
    @Test(arguments: [
        (HTTPContentCoding.gzip, "sample.txt.gz", 0, 0x00, "incorrect header check"),
        (.gzip, "sample.txt.gz", -8, 0x01, "incorrect data check"),  // CRC-32 of the trailer
        (.gzip, "sample.txt.gz", -4, 0x01, "incorrect length check"),  // ISIZE of the trailer
        (.gzip, "sample.txt.gz", 2, 0x07, "unknown compression method"),
        (.deflate, "sample.zlib", -1, 0x01, "incorrect data check"),  // Adler-32
        (.deflate, "sample.zlib", 1, 0xBB, "preset dictionary"),  // 78 BB: a valid header with FDICT
        (.zstd, "sample.txt.zst", -1, 0x01, "checksum"),
        (.zstd, "sample.txt.zst", 0, 0x27, "not a zstd frame"),  // zstd 0.7's magic: legacy frames are refused
        (.zstd, "sample.txt.zst", 4, 0x08, "Unsupported frame parameter"),  // a reserved descriptor bit
        (.brotli, "sample.txt.br", 0, 0xFF, ""),
    ])
    func corruptDataCarriesTheLibrarysMessage(
        coding: HTTPContentCoding, file: String, offset: Int, value: UInt8, message: String
    ) throws {
        var bytes = try TestData.fixture(file)
        let index = offset < 0 ? bytes.count + offset : offset
        bytes[index] = offset < 0 ? bytes[index] ^ value : value
        for split in Split.allCases {
            let outcome = decode(bytes, with: try coding.makeDecoder(), split: split)
            #expect(outcome.kind == .corruptData, "\(split): \(outcome)")
            #expect(outcome.error?.message.contains(message) == true, "\(outcome.error?.message ?? "")")
            #expect(outcome.error?.coding == coding)
        }
    }

    /// Raw deflate with an invalid block type (the first byte is not a zlib header, so it is read raw).
    @Test func invalidRawDeflateBlock() throws {
        let outcome = decode([0x07, 0x00, 0x00], with: try DeflateDecoder())
        #expect(outcome.kind == .corruptData)
        #expect(outcome.error?.message == "invalid block type")
    }

    /// The output before a corruption is handed out before the error: with zlib, exactly the same in
    /// every split. Brotli and zstd hold decoded bytes back (brotli in its window, zstd a block) and drop
    /// the output of the step that fails, so how much of it came out depends on the split: one output is
    /// then a prefix of the other, and the error the same.
    @Test(arguments: HTTPContentCoding.allCases)
    func outputBeforeTheErrorIsTheSameInEverySplit(coding: HTTPContentCoding) throws {
        let plain = TestData.words(600_000, seed: 5)
        var encoded = try encode(plain, with: coding.makeEncoder())
        for index in stride(from: encoded.count / 2, to: encoded.count / 2 + 64, by: 1) { encoded[index] ^= 0x5A }
        let whole = decode(encoded, with: try coding.makeDecoder())
        #expect(whole.kind == .corruptData)
        if coding == .gzip || coding == .deflate { #expect(whole.output.count > 100_000) }
        for split in [Split.bytes, .random] {
            let outcome = decode(encoded, with: try coding.makeDecoder(), split: split)
            if coding == .gzip || coding == .deflate {
                #expect(outcome == whole, "\(split)")
            } else {
                #expect(outcome.kind == whole.kind)
                let (short, long) = outcome.output.count < whole.output.count ? (outcome, whole) : (whole, outcome)
                #expect(long.output.starts(with: short.output), "\(split)")
            }
        }
    }

    /// Garbage after the end: gzip and zstd accept only another member or frame; deflate and brotli nothing.
    @Test(arguments: HTTPContentCoding.allCases)
    func trailingGarbageIsTrailingData(coding: HTTPContentCoding) throws {
        let plain = TestData.words(6000, seed: 3)
        let encoded = try Self.sample(coding)
        for garbage: [UInt8] in [[0x00], Array("garbage".utf8), [0x0A, 0x0D, 0x0A]] {
            for split in Split.allCases {
                let outcome = decode(encoded + garbage, with: try coding.makeDecoder(), split: split)
                #expect(outcome.kind == .trailingData, "\(garbage) \(split): \(outcome)")
                #expect(outcome.output == plain, "the whole stream is handed out before the error")
            }
        }
    }

    /// Concatenation: gzip members and zstd frames follow each other; a second deflate or brotli stream
    /// is trailing data.
    @Test(arguments: HTTPContentCoding.allCases)
    func concatenatedStreams(coding: HTTPContentCoding) throws {
        let first = TestData.words(5000, seed: 11)
        let second = TestData.random(3000, seed: 12)
        let encoded = try encode(first, with: coding.makeEncoder()) + encode(second, with: coding.makeEncoder(level: 1))
        for split in Split.allCases {
            let outcome = decode(encoded, with: try coding.makeDecoder(), split: split)
            switch coding {
            case .gzip, .zstd:
                #expect(outcome.error == nil, "\(split): \(outcome)")
                #expect(outcome.output == first + second)
            case .deflate, .brotli:
                #expect(outcome.kind == .trailingData, "\(split): \(outcome)")
                #expect(outcome.output == first)
            }
        }
    }

    /// The start of a second gzip member or zstd frame, cut short, is a truncated stream; a wrong second
    /// magic byte is trailing data.
    @Test func partialMagicAfterAMember() throws {
        let gzip = try Self.sample(.gzip)
        #expect(decode(gzip + [0x1F], with: try GzipDecoder(), split: .bytes).kind == .truncatedStream)
        #expect(decode(gzip + [0x1F, 0x8C], with: try GzipDecoder()).kind == .trailingData)
        #expect(decode(gzip + [0x1F, 0x8B, 0x08], with: try GzipDecoder()).kind == .truncatedStream)
        #expect(decode(gzip + [0x1F, 0x8B, 0x63, 0, 0, 0, 0, 0, 0, 0], with: try GzipDecoder()).kind == .corruptData)
        let zstd = try Self.sample(.zstd)
        #expect(decode(zstd + [0x28, 0xB5, 0x2F], with: try ZstdDecoder(), split: .bytes).kind == .truncatedStream)
        #expect(decode(zstd + [0x28, 0xB5, 0x2F, 0xFE], with: try ZstdDecoder()).kind == .trailingData)
        // A skippable frame after a frame is fine.
        let skippable: [UInt8] = [0x5E, 0x2A, 0x4D, 0x18, 3, 0, 0, 0, 1, 2, 3]
        #expect(decode(zstd + skippable, with: try ZstdDecoder(), split: .random).error == nil)
    }

    /// zstd frames that need more than an 8 MiB window are refused (RFC 9659), as corrupt data.
    @Test func zstdWindowAboveEightMebibytesIsRefused() throws {
        // A frame header: magic, descriptor 0x00 (no content size, no checksum, not single-segment), and a
        // window descriptor of exponent 14 (2^24 = 16 MiB).
        let header: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD, 0x00, 14 << 3]
        let outcome = decode(header + [0x01, 0x00, 0x00], with: try ZstdDecoder())
        #expect(outcome.kind == .corruptData)
        #expect(outcome.error?.message.contains("memory") == true, "\(outcome)")
        // 8 MiB itself (exponent 13) is accepted: the same header with an empty raw last block decodes.
        let eight: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD, 0x00, 13 << 3, 0x01, 0x00, 0x00]
        #expect(decode(eight, with: try ZstdDecoder()).error == nil)
    }

    /// A zstd frame whose data does not match the content size its header declares is corrupt in every
    /// split (zstd 1.5.4 checks it only when the frame arrives whole; the decoder checks it itself).
    @Test func zstdContentSizeMismatchIsCorruptInEverySplit() throws {
        // Magic, descriptor 0x20 (single segment, 1-byte content size), size 5, then one last raw block of 3.
        let frame: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD, 0x20, 5, 0x19, 0x00, 0x00, 0x61, 0x62, 0x63]
        for split in Split.allCases {
            let outcome = decode(frame, with: try ZstdDecoder(), split: split)
            #expect(outcome.kind == .corruptData, "\(split): \(outcome)")
        }
        var matching = frame
        matching[5] = 3
        for split in Split.allCases {
            #expect(decode(matching, with: try ZstdDecoder(), split: split).output == Array("abc".utf8))
        }
    }

    /// Sizes the input declares can be anything: a second frame claiming 2^64 - 1 bytes, and a size limit
    /// of Int.max, are handled without overflow (found by the zstd-decoder fuzz target).
    @Test func hugeDeclaredSizesDoNotOverflow() throws {
        let first = try encode(Array("abc".utf8), with: ZstdEncoder())
        let huge: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD, 0xC0] + [UInt8](repeating: 0xFF, count: 8) + [0x01, 0x00, 0x00]
        let outcome = decode(first + huge, with: try ZstdDecoder(), split: .random)
        #expect(outcome.kind == .corruptData, "\(outcome)")
        #expect(outcome.output == Array("abc".utf8))
        let limits = ContentDecodingLimits(maxDecodedSize: .max, maxRatio: .max, ratioFloor: .max)
        #expect(try ZstdDecoder(limits: limits).decodeAll(first) == Array("abc".utf8))
    }

    /// zstd 1.5.4 refuses an empty compressed block when a frame arrives whole (its one-pass path) and
    /// accepts it in pieces; the decoder keeps the library on one path, so every split agrees (found by
    /// the zstd-decoder fuzz target).
    @Test func zstdFramesDecodeTheSameWholeAndInPieces() throws {
        // Single segment, checksum, content size 0; one last compressed block of size 0; the checksum of
        // nothing; then two stray bytes.
        let input: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD, 0x24, 0x00, 0x05, 0x00, 0x00, 0x99, 0xE9, 0xD8, 0x51, 0xFF, 0xFF]
        let whole = decode(input, with: try ZstdDecoder())
        for split in [Split.bytes, .random] {
            #expect(decode(input, with: try ZstdDecoder(), split: split) == whole, "\(split)")
        }
        #expect(whole.kind == .trailingData)
    }

    @Test func errorsDescribeThemselves() throws {
        let outcome = decode(Array(try Self.sample(.gzip).dropLast(1)), with: try GzipDecoder())
        let error = try #require(outcome.error)
        #expect("\(error)".hasPrefix("gzip: the stream is truncated"))
        #expect(ContentCodingError.Kind.corruptData.description == "corrupt data")
        #expect(ContentCodingError.Kind.ratioLimitExceeded != .sizeLimitExceeded)
    }
}
