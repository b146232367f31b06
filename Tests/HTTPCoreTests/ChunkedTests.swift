import Testing

@testable import HTTPCore

/// Chunked transfer coding (RFC 9112 §7.1): sizes, extensions, data terminators, trailers.
@Suite struct ChunkedTests {
    private func chunked(_ body: String, end: ConnectionEnd = .keepOpen) -> ParseOutcome {
        parseAllWays("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + body, end: end)
    }

    @Test(arguments: [
        ("0\r\n\r\n", ""),
        ("5\r\nhello\r\n0\r\n\r\n", "hello"),
        ("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", "hello world"),
        ("A\r\n0123456789\r\na\r\nabcdefghij\r\n0\r\n\r\n", "0123456789abcdefghij"),
        ("0005\r\nhello\r\n000\r\n\r\n", "hello"),
        ("2\r\n\r\n\r\n0\r\n\r\n", "\r\n"),
        ("5;name\r\nhello\r\n0\r\n\r\n", "hello"),
        ("5 ; name = value\r\nhello\r\n0;last\r\n\r\n", "hello"),
        ("5;a=1;b;c=\"quoted; \\\"text\\\"\"\r\nhello\r\n0\r\n\r\n", "hello"),
        ("5;a=\"\"\r\nhello\r\n0\r\n\r\n", "hello"),
        ("5\t;a\r\nhello\r\n0\r\n\r\n", "hello"),
        ("5;a=\"caf\u{E9}\"\r\nhello\r\n0\r\n\r\n", "hello"),
    ])
    func validChunkedBodies(body: String, decoded: String) {
        let outcome = chunked(body)
        #expect(outcome.error == nil, "\(outcome)")
        #expect(outcome.bodyText == decoded)
        #expect(outcome.ended && outcome.reusable && outcome.trailers?.isEmpty == true)
    }

    @Test(arguments: [
        "0x5\r\nhello\r\n0\r\n\r\n",
        "+5\r\nhello\r\n0\r\n\r\n",
        "-5\r\nhello\r\n0\r\n\r\n",
        "-0\r\n\r\n",
        " 5\r\nhello\r\n0\r\n\r\n",
        "5 \r\nhello\r\n0\r\n\r\n",  // whitespace without an extension
        "5\t\r\nhello\r\n0\r\n\r\n",
        "5 x\r\nhello\r\n0\r\n\r\n",  // text without ";"
        "5x\r\nhello\r\n0\r\n\r\n",
        "1_0\r\n0123456789abcdef\r\n0\r\n\r\n",
        "g\r\n",
        "\r\nhello\r\n",  // empty size line
        "5;\r\nhello\r\n0\r\n\r\n",  // ";" without a name
        "5;=v\r\nhello\r\n0\r\n\r\n",
        "5;a=\r\nhello\r\n0\r\n\r\n",
        "5;a=b c\r\nhello\r\n0\r\n\r\n",
        "5;a \r\nhello\r\n0\r\n\r\n",
        "5;a=\"open\r\nhello\r\n0\r\n\r\n",
        "5;a=\"x\"y\r\nhello\r\n0\r\n\r\n",
        "5;a=\"bad\u{01}\"\r\nhello\r\n0\r\n\r\n",
        "5;a@b\r\nhello\r\n0\r\n\r\n",
        "00000000000000005\r\nhello\r\n0\r\n\r\n",  // 17 digits
        "10000000000000005\r\n",  // 2^64 + 5
        "8000000000000000\r\n",  // 2^63
        "ffffffffffffffff\r\n",
        "5\nhello\n0\n\n",  // LF-only chunk lines
        "5\r\nhello\n0\r\n\r\n",
        "5;a\nb\r\nhello\r\n0\r\n\r\n",  // LF inside the size line
        "5\r\r\nhello\r\n0\r\n\r\n",  // bare CR in the size line
        "5\r\nhelloXY3\r\nabc\r\n0\r\n\r\n",  // data not followed by CRLF
        "5\r\nhello\rX0\r\n\r\n",
        "5\r\nhello\n\r0\r\n\r\n",
        "5\r\nhello\r\n0\r\nNoColon\r\n\r\n",  // malformed trailer
        "5\r\nhello\r\n0\r\nX: 1\r\n folded\r\n\r\n",  // obs-fold in trailers
        "5\r\nhello\r\n0\r\nX : 1\r\n\r\n",
        "5\r\nhello\r\n0\r\nX: 1\n\r\n",  // bare LF in trailers
        "5\r\nhello\r\n0\r\n\n",
        "5\r\nhello\r\n0\r\nX: a\u{00}b\r\n\r\n",
    ])
    func malformedChunkedBodiesAreParseErrors(body: String) {
        let outcome = chunked(body, end: .close)
        #expect(outcome.errorKind == .parse, "\(String(reflecting: body)): \(outcome)")
    }

    @Test func largestSizesAreReadByHandWithoutOverflow() throws {
        for (line, size) in [("7fffffffffffffff", Int.max), ("0000000000000001", 1), ("FFFFFFFF", 0xFFFF_FFFF)] {
            let bytes = Array(line.utf8)
            let parsed = try bytes.withUnsafeBufferPointer { (buffer) throws(HTTPParseError) in
                try ChunkSizeLine.parse(buffer)
            }
            #expect(parsed == size)
        }
    }

    @Test func trailersAreKeptApartFromTheHeaders() throws {
        let outcome = parseAllWays(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n"
                + "3\r\nabc\r\n0\r\nX-Sum: 900150983cd24fb0\r\nX-Other:  two words \r\nx-sum: again\r\n\r\n")
        let trailers = try #require(outcome.trailers)
        #expect(trailers.values(name: "x-sum") == ["900150983cd24fb0", "again"])
        #expect(trailers["x-other"] == "two words")
        #expect(outcome.head?.headers.contains(name: "x-sum") == false)
        #expect(outcome.bodyText == "abc" && outcome.reusable)
    }

    @Test(arguments: [
        ("5\r\nhel", "inside chunk data"),
        ("5\r\nhello", "before the CRLF"),
        ("5\r\nhello\r", "before the CRLF"),
        ("5\r\nhello\r\n", "chunk-size line"),
        ("5\r\nhello\r\n0", "chunk-size line"),
        ("5\r\nhello\r\n0\r\n", "trailer"),
        ("5\r\nhello\r\n0\r\nX: 1\r\n", "trailer"),
        ("5\r\nhello\r\n0\r\nX: 1", "trailer"),
        ("5;ext", "chunk-size line"),
        ("", "chunk-size line"),
    ])
    func endOfConnectionInsideAChunkedBodyIsTruncation(body: String, place: String) {
        let outcome = chunked(body, end: .close)
        #expect(outcome.errorKind == .truncated, "\(String(reflecting: body)): \(outcome)")
        #expect(outcome.error?.message.contains(place) == true, "\(outcome)")
        #expect(!outcome.ended)
    }

    @Test func sizeLineLimitIsEnforcedWithoutALineEnd() {
        let extensionText = ";a=" + String(repeating: "b", count: 5000)
        var parser = HTTPResponseParser()
        parser.expectResponse(method: "GET")
        parser.feed(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5" + extensionText))
        let error = #expect(throws: HTTPParseError.self) {
            while try parser.next() != nil {}
        }
        #expect(error?.kind == .limit && error?.limit == .chunkSizeLineBytes)
        #expect(error?.message == "chunk-size line exceeds 4096 bytes")
        #expect(error?.offendingBytes == Array(("5" + extensionText).utf8.prefix(ByteExcerpt.maxBytes)))
    }

    @Test func sizeLineLimitCountsTheCRLF() {
        var limits = HTTPResponseParser.Limits()
        limits.maxChunkSizeLineBytes = 8
        let fits = parseAllWays(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;abcd\r\nx\r\n0\r\n\r\n", limits: limits)
        #expect(fits.ended && fits.bodyText == "x")
        let over = parseAllWays(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;abcde\r\nx\r\n0\r\n\r\n", limits: limits)
        #expect(over.errorKind == .limit)
    }

    @Test func trailerSectionLimitAndFieldCount() {
        var limits = HTTPResponseParser.Limits()
        limits.maxTrailerBytes = 20
        let prefix = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n"
        #expect(parseAllWays(prefix + "X: 1234567890123\r\n\r\n", limits: limits).ended)  // 18 + 2 bytes
        #expect(parseAllWays(prefix + "X: 12345678901234\r\n\r\n", limits: limits).errorKind == .limit)
        limits = .init()
        limits.maxFields = 2
        #expect(parseAllWays(prefix + "A: 1\r\nB: 2\r\n\r\n", limits: limits).ended)
        #expect(parseAllWays(prefix + "A: 1\r\nB: 2\r\nC: 3\r\n\r\n", limits: limits).errorKind == .limit)
    }

    @Test func manyChunksReassembleExactly() {
        var body = ""
        var expected = ""
        for size in [1, 2, 3, 15, 16, 17, 31, 1, 100] {
            let data = String((0..<size).map { Character(Unicode.Scalar(UInt8(0x41 + $0 % 26))) })
            body += String(size, radix: 16) + "\r\n" + data + "\r\n"
            expected += data
        }
        let outcome = chunked(body + "0\r\n\r\n")
        #expect(outcome.bodyText == expected && outcome.ended)
    }

    @Test func chunkedBodyIsNotReusableWhenBytesFollow() {
        let outcome = chunked("1\r\na\r\n0\r\n\r\nHTTP/1.1 200 OK\r\n")
        #expect(outcome.ended && outcome.unconsumed == 17 && !outcome.reusable)
    }
}
