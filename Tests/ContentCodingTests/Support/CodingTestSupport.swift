import ContentCoding
import Glibc
import Testing

/// SplitMix64: deterministic pseudo-random bytes and splits.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { self.state = seed }

    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(self.next() % UInt64(bound)) }
}

/// Test inputs.
enum TestData {
    /// `count` random bytes (incompressible).
    static func random(_ count: Int, seed: UInt64 = 1) -> [UInt8] {
        var rng = SplitMix64(seed: seed)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count + 8)
        while bytes.count < count {
            withUnsafeBytes(of: rng.next().littleEndian) { bytes.append(contentsOf: $0) }
        }
        return Array(bytes.prefix(count))
    }

    /// Text-like bytes: words from a small vocabulary, so it compresses like prose (about 3:1 to 4:1).
    static func words(_ count: Int, seed: UInt64 = 2) -> [UInt8] {
        let vocabulary = [
            "reactor", "deferred", "callback", "transport", "protocol", "the", "a", "of", "connection", "pool",
            "request", "response", "header", "body", "chunk", "stream", "gzip", "brotli", "zstd", "and", "to",
            "<p>", "</p>", "{\"id\":", "},", "\n",
        ].map { Array($0.utf8) }
        var rng = SplitMix64(seed: seed)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count + 16)
        while bytes.count < count {
            bytes.append(contentsOf: vocabulary[rng.below(vocabulary.count)])
            bytes.append(rng.below(9) == 0 ? 0x2C : 0x20)
        }
        return Array(bytes.prefix(count))
    }

    /// The directory of the CLI-made fixtures (Fixtures/regenerate.sh).
    static let fixtures: String = {
        var path = #filePath
        for _ in 0..<2 { path = String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)]) }
        return path + "/Fixtures/"
    }()

    /// A fixture's bytes.
    static func fixture(_ name: String) throws -> [UInt8] {
        let fd = open(fixtures + name, O_RDONLY)
        guard fd >= 0 else { throw FixtureMissing(name: name) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes.append(contentsOf: buffer[..<count])
        }
        return bytes
    }

    struct FixtureMissing: Error { let name: String }
}

/// How compressed input is cut into the pieces a transport delivers.
enum Split: CustomTestStringConvertible, Sendable, CaseIterable {
    case whole
    case bytes
    case random

    var testDescription: String {
        switch self {
        case .whole: "whole"
        case .bytes: "1-byte pieces"
        case .random: "random pieces"
        }
    }

    func pieces(_ count: Int, seed: UInt64 = 7) -> [Range<Int>] {
        switch self {
        case .whole: return count == 0 ? [] : [0..<count]
        case .bytes: return (0..<count).map { $0..<($0 + 1) }
        case .random:
            var rng = SplitMix64(seed: seed)
            var ranges: [Range<Int>] = []
            var start = 0
            while start < count {
                let length = rng.below(5) == 0 ? 1 + rng.below(9000) : 1 + rng.below(64)
                ranges.append(start..<min(count, start + length))
                start = min(count, start + length)
            }
            return ranges
        }
    }
}

/// What decoding an input produced: the output handed out, then the error if any.
struct Outcome: Equatable, CustomStringConvertible {
    var output: [UInt8] = []
    var error: ContentCodingError?
    var largestPiece = 0

    var kind: ContentCodingError.Kind? { self.error?.kind }

    var description: String {
        let error = self.error.map { "\($0)" } ?? "none"
        return "\(self.output.count) bytes out, largest piece \(self.largestPiece), error: \(error)"
    }

    static func == (lhs: Outcome, rhs: Outcome) -> Bool { lhs.output == rhs.output && lhs.kind == rhs.kind }
}

/// Feeds `input` to `decoder` cut by `split`, pulling every piece after each feed, then finishes. Checks
/// that pieces are never empty and never larger than `maxPiece`.
func decode(
    _ input: [UInt8], with decoder: any ContentDecoder, split: Split = .whole, maxPiece: Int = 64 * 1024,
    sourceLocation: SourceLocation = #_sourceLocation
) -> Outcome {
    var outcome = Outcome()
    func take(_ piece: [UInt8]) {
        #expect(!piece.isEmpty, "an empty piece", sourceLocation: sourceLocation)
        #expect(piece.count <= maxPiece, "a piece of \(piece.count) bytes", sourceLocation: sourceLocation)
        outcome.largestPiece = max(outcome.largestPiece, piece.count)
        outcome.output.append(contentsOf: piece)
    }
    do {
        for range in split.pieces(input.count) {
            try decoder.decode(input[range], into: take)
        }
        try decoder.finish(into: take)
        #expect(decoder.isComplete, "finished without error but not complete", sourceLocation: sourceLocation)
        #expect(decoder.decodedByteCount == outcome.output.count, sourceLocation: sourceLocation)
    } catch {
        outcome.error = error
        #expect(!decoder.isComplete, sourceLocation: sourceLocation)
    }
    return outcome
}

/// Encodes `input` with `encoder`, fed in pieces of `chunk` bytes.
func encode(_ input: [UInt8], with encoder: any ContentEncoder, chunk: Int = 10_000) throws -> [UInt8] {
    var output: [UInt8] = []
    var start = 0
    while start < input.count {
        encoder.feed(input[start..<min(input.count, start + chunk)])
        while let piece = try encoder.next() { output.append(contentsOf: piece) }
        start += chunk
    }
    encoder.finish()
    while let piece = try encoder.next() { output.append(contentsOf: piece) }
    #expect(encoder.isFinished)
    #expect(encoder.plainByteCount == input.count)
    #expect(encoder.encodedByteCount == output.count)
    return output
}
