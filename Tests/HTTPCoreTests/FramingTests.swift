import Testing

@testable import HTTPCore

/// Body framing (RFC 9112 §6.3, strict profile): Content-Length, Transfer-Encoding, no-body
/// responses, close-delimited bodies.
@Suite struct FramingTests {
    @Test(arguments: [("0", 0), ("5", 5), ("007", 7), ("999999999999999999", 999_999_999_999_999_999)])
    func validContentLengths(value: String, length: Int) {
        let outcome = parseAllWays("HTTP/1.1 200 OK\r\nContent-Length: \(value)\r\n\r\n")
        #expect(outcome.head?.framing == .contentLength(length))
        #expect(outcome.ended == (length == 0))
    }

    @Test func contentLengthBodyEndsWithoutEOF() {
        let outcome = parseAllWays("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nhello world")
        #expect(outcome.bodyText == "hello world")
        #expect(outcome.ended && outcome.reusable && outcome.unconsumed == 0)
    }

    @Test(arguments: [
        "Content-Length: \r\n",
        "Content-Length: +5\r\n",
        "Content-Length: -1\r\n",
        "Content-Length: -0\r\n",
        "Content-Length: 0x5\r\n",
        "Content-Length: 5 5\r\n",
        "Content-Length: 5,5\r\n",
        "Content-Length: 5, 5\r\n",
        "Content-Length: 5, 6\r\n",
        "Content-Length: ,5\r\n",
        "Content-Length: 1_0\r\n",
        "Content-Length: 5.0\r\n",
        "Content-Length: 5e1\r\n",
        "Content-Length: \u{FF15}\r\n",  // a non-ASCII byte that is not a digit
        "Content-Length: 1000000000000000000\r\n",  // 19 digits
        "Content-Length: 18446744073709551621\r\n",  // 2^64 + 5
        "Content-Length: 5\r\nContent-Length: 5\r\n",  // repeated, even identical
        "Content-Length: 5\r\nContent-Length: 6\r\n",
        "Content-Length: 5\r\ncontent-length: 5\r\n",
        "Content-Length: 5\r\n 5\r\n",  // obs-fold makes "5 5"
        "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n",
        "Content-Length: 0\r\nTransfer-Encoding: chunked\r\n",
        "Transfer-Encoding: chunked, chunked\r\n",
        "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
        "Transfer-Encoding: gzip, chunked, chunked\r\n",
        "Transfer-Encoding: chunked x\r\n",
        "Transfer-Encoding: chunked\r\n abc\r\n",  // obs-fold makes "chunked abc"
        "Transfer-Encoding: \r\n",
        "Transfer-Encoding: ,\r\n",
        "Transfer-Encoding: \"chunked\"\r\n",
    ])
    func ambiguousFramingIsAFramingError(fields: String) {
        let text = "HTTP/1.1 200 OK\r\n" + fields.replacingOccurrences("\u{FF15}", "\u{B5}") + "\r\nhello"
        let outcome = parseAllWays(text, end: .close)
        #expect(outcome.errorKind == .framing, "\(String(reflecting: fields)): \(outcome)")
    }

    @Test(arguments: [
        "gzip", "identity", "deflate", "chunkedchunked", "x-custom", "gzip, chunked", "chunked, gzip",
        "chunked;q=1", "Gzip",
    ])
    func otherTransferCodingsAreUnsupported(coding: String) {
        let outcome = parseAllWays("HTTP/1.1 200 OK\r\nTransfer-Encoding: \(coding)\r\n\r\n0\r\n\r\n", end: .close)
        #expect(outcome.errorKind == .unsupported, "\(coding): \(outcome)")
    }

    @Test(arguments: ["chunked", "Chunked", "CHUNKED", "  chunked  ", "chunked,", ", chunked"])
    func exactlyChunkedIsAccepted(coding: String) {
        let outcome = parseAllWays("HTTP/1.1 200 OK\r\nTransfer-Encoding: \(coding)\r\n\r\n2\r\nok\r\n0\r\n\r\n")
        #expect(outcome.head?.framing == .chunked)
        #expect(outcome.bodyText == "ok" && outcome.ended && outcome.reusable)
    }

    @Test(arguments: ["chunked", "gzip"])
    func transferEncodingInHTTP10IsAFramingError(coding: String) {
        let outcome = parseAllWays("HTTP/1.0 200 OK\r\nTransfer-Encoding: \(coding)\r\n\r\n0\r\n\r\n", end: .close)
        #expect(outcome.errorKind == .framing)
    }

    @Test(arguments: [
        ("HEAD", 200, "Content-Length: 10\r\n"),
        ("HEAD", 200, "Transfer-Encoding: chunked\r\n"),
        ("HEAD", 404, ""),
        ("GET", 204, "Content-Length: 5\r\n"),
        ("GET", 204, ""),
        ("GET", 304, "Content-Length: 677777\r\n"),
        ("GET", 304, "Transfer-Encoding: chunked\r\n"),
        ("GET", 304, "Content-Length: bogus\r\nContent-Length: 2\r\n"),  // not interpreted
    ])
    func bodylessResponsesEndAtTheEmptyLine(method: String, status: Int, fields: String) throws {
        let text = "HTTP/1.1 \(status) X\r\n\(fields)\r\n"
        let outcome = parseAllWays(text, method: method)
        #expect(outcome.head?.framing == BodyFraming.none)
        #expect(outcome.ended && outcome.body.isEmpty && outcome.reusable)
        let declared = try #require(outcome.head).headers.first(name: "content-length")
        #expect(
            declared
                == fields.split(separator: "\r\n").first { $0.hasPrefix("Content-Length") }.map {
                    String($0.dropFirst(16))
                })
    }

    @Test func bytesAfterABodylessResponseAreTrailingBytes() {
        let outcome = parseAllWays("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\nhello")
        #expect(outcome.ended && outcome.body.isEmpty)
        #expect(outcome.unconsumed == 5 && !outcome.reusable)
        let head = parseAllWays("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc", method: "HEAD")
        #expect(head.unconsumed == 3 && !head.reusable)
    }

    @Test func closeDelimitedBodyEndsAtACleanClose() {
        let outcome = parseAllWays("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nhello\r\nworld", end: .close)
        #expect(outcome.head?.framing == .closeDelimited)
        #expect(outcome.bodyText == "hello\r\nworld")
        #expect(outcome.ended && !outcome.reusable)
        let empty = parseAllWays("HTTP/1.0 200 OK\r\n\r\n", end: .close)
        #expect(empty.ended && empty.body.isEmpty)
    }

    @Test func closeDelimitedBodyWaitsForTheClose() {
        let outcome = parseAllWays("HTTP/1.1 200 OK\r\n\r\nabc")
        #expect(outcome.bodyText == "abc" && !outcome.ended && outcome.error == nil)
    }

    @Test func closeDelimitedBodyEndedByAResetIsTruncated() {
        let outcome = parseAllWays("HTTP/1.1 200 OK\r\n\r\npartial", end: .reset)
        #expect(outcome.errorKind == .truncated)
        #expect(outcome.bodyText == "partial")
    }

    @Test func http10WithContentLengthCompletesWithoutEOFButIsNotReusable() {
        let outcome = parseAllWays("HTTP/1.0 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok")
        #expect(outcome.ended && outcome.bodyText == "ok" && !outcome.reusable)
    }
}

extension String {
    fileprivate func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        self.split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
