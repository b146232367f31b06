import Testing

@testable import HTTPCore

/// End of connection, truncation, trailing bytes, and the zero-copy promise.
@Suite struct ConnectionEndTests {
    @Test(arguments: [ConnectionEnd.close, .reset])
    func noByteAtAllIsNoResponse(end: ConnectionEnd) {
        let outcome = runParser([], end: end)
        #expect(outcome.errorKind == .noResponse)
    }

    @Test(arguments: [
        "H", "HTTP/1.1 200 OK", "HTTP/1.1 200 OK\r\n", "HTTP/1.1 200 OK\r\nX: 1\r\n", "HTTP/1.1 200 OK\r\n\r",
    ])
    func endInsideTheHeadIsTruncation(text: String) {
        let outcome = parseAllWays(text, end: .close)
        #expect(outcome.errorKind == .truncated, "\(String(reflecting: text)): \(outcome)")
    }

    @Test func shortContentLengthBodyIsTruncation() {
        for end in [ConnectionEnd.close, .reset] {
            let outcome = parseAllWays("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789", end: end)
            #expect(outcome.errorKind == .truncated && outcome.bodyText == "0123456789" && !outcome.ended)
            #expect(outcome.error?.message.contains("10 of 100") == true)
        }
        let nothing = parseAllWays("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", end: .close)
        #expect(nothing.errorKind == .truncated)
    }

    @Test func aCompleteResponseIsNotAffectedByTheClose() {
        let outcome = parseAllWays("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok", end: .close)
        #expect(outcome.ended && outcome.error == nil && !outcome.reusable)
    }

    @Test(arguments: [
        "garbage",
        "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nevil",
        "\r\n",
    ])
    func trailingBytesEndTheResponseButForbidReuse(extra: String) {
        let outcome = parseAllWays("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello" + extra)
        #expect(outcome.bodyText == "hello" && outcome.ended)
        #expect(outcome.unconsumed == extra.utf8.count && !outcome.reusable)
    }

    @Test func trailingBytesAfterAClosingResponseAreIgnoredAtEOF() {
        let outcome = parseAllWays(
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\n2ad73extra bytes", end: .close)
        #expect(outcome.bodyText == "2ad73" && outcome.ended && outcome.error == nil && !outcome.reusable)
    }

    @Test func bodySlicesShareTheFedArray() throws {
        let input = Array("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello".utf8)
        var parser = HTTPResponseParser()
        parser.expectResponse(method: "GET")
        parser.feed(input)
        _ = try parser.next()
        guard case .body(let slice) = try parser.next() else {
            Issue.record("expected a body event")
            return
        }
        #expect(slice.startIndex == input.count - 5)
        let sliceBase = slice.withUnsafeBufferPointer { $0.baseAddress }
        let inputBase = input.withUnsafeBufferPointer { $0.baseAddress! + (input.count - 5) }
        #expect(sliceBase == inputBase)
    }

    @Test func bodyAfterASplitHeadStillSharesTheSecondArray() throws {
        var parser = HTTPResponseParser()
        parser.expectResponse(method: "GET")
        parser.feed(Array("HTTP/1.1 200 OK\r\nContent-Le".utf8))
        #expect(try parser.next() == nil)
        let second = Array("ngth: 3\r\n\r\nabc".utf8)
        parser.feed(second)
        _ = try parser.next()
        guard case .body(let slice) = try parser.next() else {
            Issue.record("expected a body event")
            return
        }
        #expect(
            slice.withUnsafeBufferPointer { $0.baseAddress } == second.withUnsafeBufferPointer { $0.baseAddress! + 11 })
    }

    @Test func feedingBeforeDrainingKeepsEveryByte() throws {
        var parser = HTTPResponseParser()
        parser.expectResponse(method: "GET")
        parser.feed(Array("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nab".utf8))
        parser.feed(Array("cdef".utf8))
        var body: [UInt8] = []
        while let event = try parser.next() {
            if case .body(let slice) = event { body += slice }
        }
        #expect(body == Array("abcdef".utf8) && parser.isReusable)
    }
}
