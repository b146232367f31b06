import ContentCoding
import Testing

@Suite("Limits against decompression bombs trip at their exact point")
struct LimitTests {
    /// Size: a body of exactly the limit decodes; one byte more hands out exactly the limit, then fails.
    @Test(arguments: HTTPContentCoding.allCases, Split.allCases)
    func sizeLimitIsExact(coding: HTTPContentCoding, split: Split) throws {
        let plain = TestData.words(split == .bytes ? 30_000 : 300_000, seed: 21)
        let encoded = try encode(plain, with: coding.makeEncoder())
        let atLimit = ContentDecodingLimits(maxDecodedSize: plain.count, maxRatio: nil)
        let fits = decode(encoded, with: try coding.makeDecoder(limits: atLimit), split: split)
        #expect(fits.error == nil, "\(fits)")
        #expect(fits.output == plain)

        for limit in [plain.count - 1, plain.count / 2, 1, 0] {
            let limits = ContentDecodingLimits(maxDecodedSize: limit, maxRatio: nil)
            let outcome = decode(encoded, with: try coding.makeDecoder(limits: limits), split: split)
            #expect(outcome.kind == .sizeLimitExceeded, "limit \(limit): \(outcome)")
            #expect(outcome.output == Array(plain[..<limit]), "limit \(limit): \(outcome)")
            #expect(outcome.error?.limit == limit)
            #expect(outcome.error?.decodedByteCount == limit)
            #expect(outcome.error?.coding == coding)
        }
    }

    /// Ratio: a bomb (zeros) hands out exactly max(floor, ratio × encoded bytes taken), then fails.
    @Test(arguments: HTTPContentCoding.allCases, [Split.whole, .random])
    func ratioLimitIsExact(coding: HTTPContentCoding, split: Split) throws {
        let zeros = [UInt8](repeating: 0, count: 16 << 20)
        let encoded = try encode(zeros, with: coding.makeEncoder())
        #expect(zeros.count / encoded.count > 300)
        let limits = ContentDecodingLimits(maxRatio: 100, ratioFloor: 64 * 1024)
        let decoder = try coding.makeDecoder(limits: limits)
        let outcome = decode(encoded, with: decoder, split: split)
        let error = try #require(outcome.error)
        #expect(error.kind == .ratioLimitExceeded, "\(outcome)")
        #expect(error.limit == 100)
        #expect(outcome.output.count == max(64 * 1024, 100 * error.encodedByteCount), "\(error)")
        #expect(error.decodedByteCount == outcome.output.count)
        #expect(outcome.output.allSatisfy { $0 == 0 })
        #expect(outcome.output.count < zeros.count)
    }

    /// The floor: a very compressible body no larger than the floor passes whatever its ratio; one byte
    /// more (when ratio × encoded is below the floor) hands out exactly the floor, then fails.
    @Test(arguments: HTTPContentCoding.allCases)
    func ratioFloorIsExact(coding: HTTPContentCoding) throws {
        let floor = 100_000
        let limits = ContentDecodingLimits(maxRatio: 2, ratioFloor: floor)
        let atFloor = try encode([UInt8](repeating: 0x20, count: floor), with: coding.makeEncoder())
        #expect(atFloor.count * 2 < floor)
        let fits = decode(atFloor, with: try coding.makeDecoder(limits: limits), split: .random)
        #expect(fits.error == nil, "\(fits)")
        #expect(fits.output.count == floor)

        let above = try encode([UInt8](repeating: 0x20, count: floor + 1), with: coding.makeEncoder())
        let outcome = decode(above, with: try coding.makeDecoder(limits: limits), split: .random)
        #expect(outcome.kind == .ratioLimitExceeded, "\(outcome)")
        #expect(outcome.output.count == floor)
    }

    /// Ordinary data stays far below the default ratio, and incompressible data is never cut.
    @Test(arguments: HTTPContentCoding.allCases)
    func defaultsPassRealData(coding: HTTPContentCoding) throws {
        for plain in [TestData.words(2 << 20, seed: 4), TestData.random(1 << 20)] {
            let encoded = try encode(plain, with: coding.makeEncoder())
            let outcome = decode(encoded, with: try coding.makeDecoder(), split: .random)
            #expect(outcome.error == nil, "\(outcome)")
            #expect(outcome.output == plain)
        }
    }

    /// Both limits set: the one reached first wins; each is its own kind.
    @Test func theFirstLimitReachedWins() throws {
        let zeros = [UInt8](repeating: 0, count: 4 << 20)
        let encoded = try encode(zeros, with: GzipEncoder())
        let sizeFirst = ContentDecodingLimits(maxDecodedSize: 10_000, maxRatio: 100, ratioFloor: 64 * 1024)
        #expect(decode(encoded, with: try GzipDecoder(limits: sizeFirst)).kind == .sizeLimitExceeded)
        let ratioFirst = ContentDecodingLimits(maxDecodedSize: 3 << 20, maxRatio: 100, ratioFloor: 64 * 1024)
        #expect(decode(encoded, with: try GzipDecoder(limits: ratioFirst)).kind == .ratioLimitExceeded)
        let neither = ContentDecodingLimits(maxDecodedSize: 4 << 20, maxRatio: 2000)
        #expect(decode(encoded, with: try GzipDecoder(limits: neither)).error == nil)
    }

    @Test func limitsAreClampedToSaneValues() {
        let limits = ContentDecodingLimits(maxDecodedSize: -5, maxRatio: 0, ratioFloor: -1, maxPieceSize: 0)
        #expect(limits.maxDecodedSize == 0)
        #expect(limits.maxRatio == 1)
        #expect(limits.ratioFloor == 0)
        #expect(limits.maxPieceSize == 1)
        #expect(ContentDecodingLimits().maxRatio == 200)
        #expect(ContentDecodingLimits().maxDecodedSize == nil)
        #expect(ContentDecodingLimits.unlimited().maxRatio == nil)
    }
}
