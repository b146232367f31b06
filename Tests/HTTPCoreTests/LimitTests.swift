import Testing

@testable import HTTPCore

/// Head-size and field-count limits, reported as soon as they are exceeded.
@Suite struct LimitTests {
    @Test func anEndlessHeaderLineFailsAtTheLineLimitBeforeAnyLineEnd() {
        var parser = HTTPResponseParser()
        parser.expectResponse(method: "GET")
        parser.feed(Array("HTTP/1.1 200 OK\r\nX-Endless: ".utf8))
        let piece = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        var fed = 29
        var failure: HTTPParseError?
        while failure == nil && fed < 200_000 {
            parser.feed(piece)
            fed += piece.count
            do { _ = try parser.next() } catch { failure = error }
        }
        #expect(failure?.kind == .limit && failure?.limit == .headerLineBytes)
        #expect(fed - 17 > 16 * 1024 && fed - 17 <= 16 * 1024 + 1000, "the line, not the whole head, is what failed")
        #expect(failure?.offendingBytes == Array(("X-Endless: " + String(repeating: "a", count: 245)).utf8))
    }

    @Test func aHeaderLineOverTheLineLimitFailsWithItsOwnLimit() {
        let line = "X-Long: " + String(repeating: "v", count: 16 * 1024 - 10)  // 16 KiB - 2 + CRLF: 16 KiB
        let fits = parseAllWays("HTTP/1.1 200 OK\r\n\(line)\r\nContent-Length: 0\r\n\r\n")
        #expect(fits.ended && fits.head?.headers["x-long"]?.utf8.count == 16 * 1024 - 10)
        let over = runParser([bytes("HTTP/1.1 200 OK\r\n\(line)v\r\nContent-Length: 0\r\n\r\n")])
        #expect(over.error?.limit == .headerLineBytes, "\(over)")
        #expect(over.error?.message == "line of the response head exceeds 16384 bytes")
        #expect(over.error?.offendingText.hasPrefix("X-Long: vvv") == true)
    }

    @Test func theLineLimitIsConfigurableExactAndCountsTheCRLF() {
        var limits = HTTPResponseParser.Limits()
        limits.maxHeaderLineBytes = 17  // "HTTP/1.1 200 OK\r\n" fits exactly
        let fits = parseAllWays("HTTP/1.1 200 OK\r\nX: 123456789012\r\n\r\n", end: .close, limits: limits)
        #expect(fits.ended && fits.head?.headers["x"] == "123456789012")
        let over = parseAllWays("HTTP/1.1 200 OK\r\nX: 1234567890123\r\n\r\n", end: .close, limits: limits)
        #expect(over.errorKind == .limit && over.error?.limit == .headerLineBytes)
        limits.maxHeaderLineBytes = 16
        #expect(parseAllWays("HTTP/1.1 200 OK\r\n\r\n", limits: limits).error?.limit == .headerLineBytes)
    }

    @Test func aLongStatusLineHitsTheLineLimit() {
        let outcome = runParser([bytes("HTTP/1.1 200 " + String(repeating: "A", count: 70_000))])
        #expect(outcome.errorKind == .limit && outcome.error?.limit == .headerLineBytes)
    }

    @Test func manyHeaderLinesHitTheSizeLimit() {
        var head = "HTTP/1.1 200 OK\r\n"
        for index in 0..<3000 { head += "X-Filler-\(index): vvvvvvvvvvvvvvvvvvvv\r\n" }
        #expect(runParser([bytes(head + "\r\n")]).error?.limit == .fieldCount, "1000 fields come first")
        var limits = HTTPResponseParser.Limits()
        limits.maxFields = 5000
        let outcome = runParser([bytes(head + "\r\n")], limits: limits)
        #expect(outcome.errorKind == .limit && outcome.error?.limit == .headBytes)
        #expect(outcome.error?.message == "response head exceeds 65536 bytes")
    }

    @Test func theHeadLimitIsConfigurableAndExact() {
        let text = "HTTP/1.1 200 OK\r\nX: 12345\r\n\r\n"  // 17 + 10 + 2 = 29 bytes
        var limits = HTTPResponseParser.Limits()
        limits.maxHeadBytes = 29
        let fits = parseAllWays(text + "body", end: .close, limits: limits)
        #expect(fits.ended && fits.bodyText == "body")
        limits.maxHeadBytes = 28
        #expect(parseAllWays(text, limits: limits).errorKind == .limit)
    }

    @Test func eachInterimHeadHasItsOwnBudget() {
        var limits = HTTPResponseParser.Limits()
        limits.maxHeadBytes = 40
        let outcome = parseAllWays(
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", limits: limits)
        #expect(outcome.ended)
    }

    @Test func largeValuesUnderTheLimitPass() {
        let value = String(repeating: "v", count: 8 * 1024)
        let outcome = parseAllWays("HTTP/1.1 200 OK\r\nX-Big: \(value)\r\nContent-Length: 0\r\n\r\n")
        #expect(outcome.head?.headers["x-big"] == value)
    }

    @Test func fieldCountLimit() {
        var limits = HTTPResponseParser.Limits()
        limits.maxFields = 3
        let three = "HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nContent-Length: 0\r\n\r\n"
        #expect(parseAllWays(three, limits: limits).ended)
        let four = "HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\nContent-Length: 0\r\n\r\n"
        #expect(parseAllWays(four, limits: limits).errorKind == .limit)
        let folded = "HTTP/1.1 200 OK\r\nA: 1\r\n 1b\r\nB: 2\r\nContent-Length: 0\r\n\r\n"
        #expect(parseAllWays(folded, limits: limits).ended, "continuation lines are not fields")
    }

    @Test func defaultFieldCountIsAThousand() {
        var head = "HTTP/1.1 200 OK\r\n"
        for index in 0..<999 { head += "X\(index): v\r\n" }
        #expect(runParser([bytes(head + "Content-Length: 0\r\n\r\n")]).ended)
        #expect(runParser([bytes(head + "Y: 1\r\nContent-Length: 0\r\n\r\n")]).errorKind == .limit)
    }
}
