import Testing

@testable import HTTPCore

/// Chunk framing helpers for request bodies of unknown length.
@Suite struct ChunkFramingTests {
    @Test(arguments: [
        (1, "1\r\n"), (15, "f\r\n"), (16, "10\r\n"), (255, "ff\r\n"), (4096, "1000\r\n"),
        (Int.max, "7fffffffffffffff\r\n"),
    ])
    func chunkHeaders(length: Int, header: String) {
        #expect(ChunkFraming.chunkHeader(length: length) == Array(header.utf8))
    }

    @Test func wholeChunksAndTheLastChunk() {
        var out: [UInt8] = []
        ChunkFraming.appendChunk(Array("hello".utf8), to: &out)
        ChunkFraming.appendChunk([UInt8](), to: &out)  // nothing: never an accidental last chunk
        ChunkFraming.appendChunk(Array(repeating: UInt8(ascii: "x"), count: 26), to: &out)
        out += ChunkFraming.lastChunk
        #expect(
            String(decoding: out, as: UTF8.self) == "5\r\nhello\r\n1a\r\n" + String(repeating: "x", count: 26)
                + "\r\n0\r\n\r\n")
        #expect(ChunkFraming.chunkEnd == [13, 10])
    }

    @Test func framedChunksParseBackToTheSameBytes() {
        var wire = Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
        var expected: [UInt8] = []
        for size in [1, 9, 16, 200, 3] {
            let data = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7) }
            wire += ChunkFraming.chunkHeader(length: data.count) + data + ChunkFraming.chunkEnd
            expected += data
        }
        wire += ChunkFraming.lastChunk
        let outcome = parseAllWays(wire)
        #expect(outcome.body == expected && outcome.ended && outcome.reusable)
    }
}
