import Testing

@testable import HTTPCore

/// Parse errors carry the bytes they are about (at most 256, shown printable), so a user sees what a
/// broken server sent (issue 13, Twisted behaviour 7).
@Suite struct OffendingBytesTests {
    private func failure(_ text: String, method: String = "GET") -> HTTPParseError? {
        runParser([bytes(text)], method: method, end: .close).error
    }

    @Test func aResponseThatIsNotHTTPShowsItsFirstBytes() throws {
        let error = try #require(failure("<html><body>Service Unavailable</body></html>\r\n"))
        #expect(error.kind == .parse)
        #expect(error.offendingText == "<html><body>Service Unavailable</body></html>\\r\\n")
        #expect(error.description.hasSuffix("(received: \"<html><body>Service Unavailable</body></html>\\r\\n\")"))
    }

    @Test func binaryBytesAreEscaped() throws {
        let error = try #require(failure("\u{16}\u{03}\u{03}\u{00}1\u{02}"))
        #expect(error.offendingBytes == [0x16, 0x03, 0x03, 0x00, 0x31, 0x02])
        #expect(error.offendingText == "\\x16\\x03\\x03\\x001\\x02")
    }

    @Test func aBadFieldLineCarriesTheWholeLine() throws {
        let error = try #require(failure("HTTP/1.1 200 OK\r\nX-A: a\u{0}b\r\nContent-Length: 0\r\n\r\n"))
        #expect(error.kind == .parse)
        #expect(error.offendingBytes == Array("X-A: a\u{0}b".utf8))
        #expect(error.offendingText == "X-A: a\\x00b")
    }

    @Test func aBadStatusLineCarriesTheLine() throws {
        let error = try #require(failure("HTTP/1.1 2000 OK\r\n\r\n"))
        #expect(error.offendingText == "HTTP/1.1 2000 OK")
    }

    @Test func aBadContentLengthCarriesItsValue() throws {
        let error = try #require(failure("HTTP/1.1 200 OK\r\nContent-Length: 12a\r\n\r\n"))
        #expect(error.kind == .framing)
        #expect(error.offendingText == "12a")
        let twice = try #require(failure("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"))
        #expect(twice.offendingText == "Content-Length: 2")
    }

    @Test func aBadChunkSizeCarriesTheSizeLine() throws {
        let error = try #require(failure("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz;x\r\nab\r\n"))
        #expect(error.offendingText == "zz;x")
        let unsupported = try #require(failure("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n"))
        #expect(unsupported.kind == .unsupported && unsupported.offendingText == "Transfer-Encoding: gzip\\r\\n")
    }

    @Test func chunkDataNotFollowedByCRLFShowsWhatCameInstead() throws {
        let error = try #require(failure("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabXY0\r\n\r\n"))
        #expect(error.offendingText == "XY0\\r\\n\\r\\n")
    }

    @Test func theBytesAreCutToAFewHundred() throws {
        let garbage = String(repeating: "x", count: 5000)
        let error = try #require(failure("HTTP/1.1 200 OK\r\nX-A: " + garbage + "\u{1}\r\n\r\n"))
        #expect(error.offendingBytes.count == ByteExcerpt.maxBytes)
        #expect(error.offendingText.hasPrefix("X-A: xxxx"))
    }

    @Test func truncationCarriesNoBytes() throws {
        let error = try #require(failure("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"))
        #expect(error.kind == .truncated && error.offendingBytes.isEmpty)
        #expect(!error.description.contains("received"))
    }

    @Test func requestErrorsCarryTheirBytesToo() throws {
        var parser = HTTPRequestParser()
        parser.feed(Array("GET /a b HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        let error = #expect(throws: RequestParseError.self) { _ = try parser.next() }
        #expect(error?.status == 400 && error?.offendingText == "GET /a b HTTP/1.1")
        #expect(error?.description.hasSuffix("(received: \"GET /a b HTTP/1.1\")") == true)
    }
}
