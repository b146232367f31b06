import ContentCoding
import Testing

@Suite("Round trips: every coding, random and text data, every split")
struct RoundTripTests {
    static let inputs: [(String, [UInt8])] = [
        ("empty", []),
        ("one byte", [0x41]),
        ("random 100 KiB", TestData.random(100 * 1024)),
        ("words 300 KiB", TestData.words(300 * 1024)),
        ("zeros 1 MiB", [UInt8](repeating: 0, count: 1 << 20)),
    ]

    @Test(arguments: HTTPContentCoding.allCases, [Split.whole, .random])
    func roundTrip(coding: HTTPContentCoding, split: Split) throws {
        for (name, input) in Self.inputs {
            let encoded = try encode(input, with: coding.makeEncoder())
            let outcome = decode(encoded, with: try coding.makeDecoder(limits: .unlimited()), split: split)
            #expect(outcome.error == nil, "\(name): \(outcome)")
            #expect(outcome.output == input, "\(name): \(outcome)")
        }
    }

    /// One byte at a time over smaller inputs (every boundary inside headers, blocks and trailers).
    @Test(arguments: HTTPContentCoding.allCases)
    func roundTripOneByteAtATime(coding: HTTPContentCoding) throws {
        for input in [TestData.words(20_000), TestData.random(5000), []] {
            let encoded = try encode(input, with: coding.makeEncoder())
            let outcome = decode(encoded, with: try coding.makeDecoder(), split: .bytes)
            #expect(outcome.error == nil, "\(outcome)")
            #expect(outcome.output == input)
        }
    }

    @Test(arguments: HTTPContentCoding.allCases)
    func everyLevelRoundTrips(coding: HTTPContentCoding) throws {
        let input = TestData.words(40_000, seed: 9)
        let levels: ClosedRange<Int> =
            switch coding {
            case .gzip: GzipEncoder.levels
            case .deflate: DeflateEncoder.levels
            case .brotli: BrotliEncoder.levels
            case .zstd: ZstdEncoder.levels
            }
        var sizes: [Int] = []
        let middle = (levels.lowerBound + levels.upperBound) / 2
        for level in [levels.lowerBound - 5, levels.lowerBound, middle, levels.upperBound, levels.upperBound + 5] {
            let encoded = try encode(input, with: coding.makeEncoder(level: level))
            sizes.append(encoded.count)
            #expect(try coding.makeDecoder().decodeAll(encoded) == input, "level \(level)")
        }
        // Out-of-range levels are clamped to the ends of the range.
        #expect(sizes[0] == sizes[1])
        #expect(sizes[3] == sizes[4])
        #expect(sizes[3] < sizes[1] || coding == .zstd && sizes[3] <= sizes[1])
    }

    @Test func rawDeflateRoundTripsAndIsRecognised() throws {
        let input = TestData.words(50_000)
        for wrapper in [DeflateWrapper.zlib, .raw] {
            let encoded = try encode(input, with: DeflateEncoder(wrapper: wrapper))
            let decoder = try DeflateDecoder()
            #expect(decoder.wrapper == nil)
            #expect(decode(encoded, with: decoder, split: .random).output == input)
            #expect(decoder.wrapper == wrapper)
        }
    }

    /// Pieces stay bounded by the configured size, and are full-size while the library has output.
    @Test(arguments: HTTPContentCoding.allCases)
    func piecesAreBounded(coding: HTTPContentCoding) throws {
        let input = [UInt8](repeating: 0x61, count: 3 << 20)
        let encoded = try encode(input, with: coding.makeEncoder())
        for maxPiece in [1, 1000, 64 * 1024] {
            let limits = ContentDecodingLimits.unlimited(maxPieceSize: maxPiece)
            let outcome = decode(encoded, with: try coding.makeDecoder(limits: limits), maxPiece: maxPiece)
            #expect(outcome.output == input)
            #expect(outcome.largestPiece == maxPiece)
        }
    }

    /// A short body comes out in one small piece, not in 64 KiB of storage.
    @Test(arguments: HTTPContentCoding.allCases)
    func shortBodiesUseSmallPieces(coding: HTTPContentCoding) throws {
        let plain = TestData.words(300)
        let decoder = try coding.makeDecoder()
        decoder.feed(try coding.makeEncoder().encodeAll(plain))
        let piece = try #require(try decoder.next())
        #expect(piece == plain)
        #expect(piece.capacity < 8 * 1024)
        #expect(try decoder.next() == nil)
    }

    /// A flush makes everything fed so far decodable before the stream ends (streamed responses).
    @Test(arguments: HTTPContentCoding.allCases)
    func flushMakesOutputDecodableAtOnce(coding: HTTPContentCoding) throws {
        let encoder = try coding.makeEncoder()
        let decoder = try coding.makeDecoder()
        var decoded: [UInt8] = []
        var expected: [UInt8] = []
        for part in 0..<4 {
            let message = TestData.words(3000 + part * 777, seed: UInt64(part))
            expected += message
            encoder.feed(message)
            encoder.flush()
            while let piece = try encoder.next() { try decoder.decode(piece[...]) { decoded += $0 } }
            #expect(decoded == expected, "after flush \(part)")
        }
        encoder.finish()
        while let piece = try encoder.next() { try decoder.decode(piece[...]) { decoded += $0 } }
        try decoder.finish { decoded += $0 }
        #expect(decoded == expected)
        #expect(decoder.isComplete)
        #expect(encoder.isFinished)
        #expect(try encoder.next() == nil)
    }

    /// A paused consumer: pulling nothing decodes nothing, whatever was fed.
    @Test(arguments: HTTPContentCoding.allCases)
    func nothingIsDecodedUntilPulled(coding: HTTPContentCoding) throws {
        let input = [UInt8](repeating: 0, count: 8 << 20)
        let encoded = try encode(input, with: coding.makeEncoder())
        let decoder = try coding.makeDecoder(limits: .unlimited())
        decoder.feed(encoded)
        try decoder.finish()
        #expect(decoder.decodedByteCount == 0)
        let first = try #require(try decoder.next())
        #expect(first.count == 64 * 1024 || first.count < 64 * 1024 && decoder.decodedByteCount == first.count)
        #expect(decoder.decodedByteCount == first.count)
        var total = first.count
        while let piece = try decoder.next() { total += piece.count }
        #expect(total == input.count)
        #expect(decoder.isComplete)
    }
}
