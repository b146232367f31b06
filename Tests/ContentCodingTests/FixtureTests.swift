import ContentCoding
import Testing

/// Files written by the real tools (Fixtures/regenerate.sh) decode to the original bytes, in every split.
@Suite("Fixtures from gzip, brotli, zstd and Python's zlib")
struct FixtureTests {
    static let cases: [(file: String, coding: HTTPContentCoding)] = [
        ("sample.txt.gz", .gzip), ("named.gz", .gzip), ("two-members.gz", .gzip),
        ("sample.txt.br", .brotli), ("sample-q1.br", .brotli),
        ("sample.txt.zst", .zstd), ("two-frames.zst", .zstd), ("skippable.zst", .zstd),
        ("sample.zlib", .deflate), ("sample.deflate", .deflate),
    ]

    @Test(arguments: Split.allCases)
    func fixturesDecodeToTheOriginal(split: Split) throws {
        let original = try TestData.fixture("sample.txt")
        #expect(original.count > 9000)
        for (file, coding) in Self.cases {
            let encoded = try TestData.fixture(file)
            let outcome = decode(encoded, with: try coding.makeDecoder(), split: split)
            #expect(outcome.error == nil, "\(file): \(outcome)")
            #expect(outcome.output == original, "\(file): \(outcome)")
        }
    }

    @Test func emptyStreamsDecodeToNothing() throws {
        for (file, coding) in [("empty.gz", HTTPContentCoding.gzip), ("empty.br", .brotli), ("empty.zst", .zstd),
            ("empty.zlib", .deflate)]
        {
            let encoded = try TestData.fixture(file)
            #expect(!encoded.isEmpty)
            let outcome = decode(encoded, with: try coding.makeDecoder(), split: .bytes)
            #expect(outcome.error == nil, "\(file): \(outcome)")
            #expect(outcome.output.isEmpty)
        }
    }

    /// A body of zero bytes under any coding is an empty body (as curl and browsers take it).
    @Test(arguments: HTTPContentCoding.allCases)
    func zeroBytesAreAnEmptyBody(coding: HTTPContentCoding) throws {
        let decoder = try coding.makeDecoder()
        #expect(try decoder.decodeAll([]) == [])
        #expect(decoder.isComplete)
    }

    /// The deflate decoder tells Python's zlib.compress (RFC 1950) from raw deflate (RFC 1951).
    @Test func deflateWrapperIsDetected() throws {
        let zlib = try DeflateDecoder()
        _ = decode(try TestData.fixture("sample.zlib"), with: zlib)
        #expect(zlib.wrapper == .zlib)
        let raw = try DeflateDecoder()
        _ = decode(try TestData.fixture("sample.deflate"), with: raw)
        #expect(raw.wrapper == .raw)
    }

    /// GzipEncoder at level 9 writes what `gzip -9 -n` writes (same deflate, same trailer).
    @Test func gzipLevelNineMatchesTheGzipTool() throws {
        let original = try TestData.fixture("sample.txt")
        let ours = try encode(original, with: GzipEncoder(level: 9))
        let tools = try TestData.fixture("sample.txt.gz")
        // gzip -n writes a 10-byte header like zlib's (no name, no time), the same deflate data and trailer;
        // only the OS byte may differ.
        #expect(ours.count == tools.count)
        #expect(Array(ours[10...]) == Array(tools[10...]))
    }
}
