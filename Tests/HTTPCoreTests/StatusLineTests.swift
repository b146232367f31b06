import Testing

@testable import HTTPCore

/// Status line rules: `HTTP/1.d SP 3DIGIT [SP reason]`, code 100...599, early rejection.
@Suite struct StatusLineTests {
    @Test(arguments: [
        ("HTTP/1.1 200 OK", 1, 200, "OK"),
        ("HTTP/1.0 404 Not Found", 0, 404, "Not Found"),
        ("HTTP/1.1 200", 1, 200, ""),
        ("HTTP/1.1 201 ", 1, 201, ""),
        ("HTTP/1.1 202  two  spaces ", 1, 202, " two  spaces "),
        ("HTTP/1.1 203 tab\there", 1, 203, "tab\there"),
        ("HTTP/1.1 599 Max", 1, 599, "Max"),
        ("HTTP/1.2 200 Later minor", 2, 200, "Later minor"),
        ("HTTP/1.9 200 OK", 9, 200, "OK"),
    ])
    func validStatusLines(line: String, minor: Int, status: Int, reason: String) {
        let outcome = parseAllWays(line + "\r\nContent-Length: 0\r\n\r\n")
        #expect(outcome.error == nil)
        #expect(outcome.head?.version == HTTPVersion(major: 1, minor: minor))
        #expect(outcome.status == status)
        #expect(outcome.head?.reason == reason)
        #expect(outcome.ended)
    }

    @Test func reasonWithObsTextKeepsBytes() {
        let outcome = parseAllWays("HTTP/1.1 200 Gr\u{FC}n \u{FF}\r\nContent-Length: 0\r\n\r\n")
        #expect(outcome.head?.reason == "Gr\u{FC}n \u{FF}")
        #expect(Latin1.encode(outcome.head?.reason ?? "") == [0x47, 0x72, 0xFC, 0x6E, 0x20, 0xFF])
    }

    @Test func minorAboveOneBehavesLikeHTTP11() {
        let outcome = parseAllWays("HTTP/1.7 200 OK\r\nContent-Length: 1\r\n\r\nx")
        #expect(outcome.reusable)
    }

    @Test(arguments: [
        "HTTP/1.1  200 OK",  // two spaces before the code
        "HTTP/1.1\t200 OK",
        "http/1.1 200 OK",
        "Http/1.1 200 OK",
        "HTTP/2 200",
        "HTTP/2.0 200 OK",
        "HTTP/0.9 200 OK",
        "HTTP/3.0 200 OK",
        "HTTP/1.10 200 OK",
        "HTTP/10.1 200 OK",
        "HTTP/1. 200 OK",
        "HTTP/1.x 200 OK",
        "HTTP/1.1",
        "HTTP/1.1 ",
        "HTTP/1.1 20",
        "HTTP/1.1 20 OK",
        "HTTP/1.1 2000 OK",
        "HTTP/1.1 20a OK",
        "HTTP/1.1 -200 OK",
        "HTTP/1.1 +20 OK",
        "HTTP/1.1 200\tOK",
        "HTTP/1.1 200 O\u{7F}K",
        "HTTP/1.1 200 O\u{01}K",
        "HTTP/1.1 200 O\u{00}K",
        "HTTP/1.1 200 OK\r",  // bare CR, then CRLF
        "ICY 200 OK",
        "RTSP/1.0 200 OK",
        " HTTP/1.1 200 OK",
        "<html><body>hello</body></html>",
        "",  // the head starts with an empty line
    ])
    func malformedStatusLinesAreParseErrors(line: String) {
        let outcome = parseAllWays(line + "\r\nContent-Length: 0\r\n\r\n", end: .close)
        #expect(outcome.errorKind == .parse, "\(String(reflecting: line)): \(outcome)")
    }

    @Test(arguments: ["000", "099", "600", "999", "001"])
    func codesOutsideTheRangeAreStatusErrors(code: String) {
        let outcome = parseAllWays("HTTP/1.1 \(code) Odd\r\nContent-Length: 0\r\n\r\n")
        #expect(outcome.errorKind == .status)
        #expect(outcome.error?.message.contains(code) == true)
    }

    @Test(arguments: [
        [UInt8]([0x16, 0x03, 0x01, 0x00, 0x31, 0x02]),  // TLS handshake record
        [0x00],
        Array("X".utf8),
        Array("HTTP/2".utf8),
        Array("HTTP/1,".utf8),
        Array("HTTX".utf8),
    ])
    func garbageIsRejectedOnTheFirstBytes(prefix: [UInt8]) {
        var parser = HTTPResponseParser()
        parser.expectResponse(method: "GET")
        parser.feed(prefix)
        #expect(throws: HTTPParseError.self) { _ = try parser.next() }
    }

    @Test func anIncompleteButPlausibleStatusLineWaits() throws {
        var parser = HTTPResponseParser()
        parser.expectResponse(method: "GET")
        parser.feed(Array("HTTP/1.1 200 O".utf8))
        #expect(try parser.next() == nil)
        #expect(parser.isAwaitingResponse)
    }

    @Test func errorsAreSticky() {
        var parser = HTTPResponseParser()
        parser.expectResponse(method: "GET")
        parser.feed(Array("HTTP/1.1 600 X\r\n\r\n".utf8))
        var first: HTTPParseError?
        do { _ = try parser.next() } catch { first = error }
        #expect(first?.kind == .status)
        do {
            _ = try parser.next()
            Issue.record("expected the same error again")
        } catch {
            #expect(error == first)
        }
        #expect(!parser.isReusable)
    }
}
