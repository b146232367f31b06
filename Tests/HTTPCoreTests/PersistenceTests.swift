import Testing

@testable import HTTPCore

/// The connection-reuse decision (RFC 9112 §9.3, strict profile).
@Suite struct PersistenceTests {
    @Test(arguments: [
        (HTTPVersion.http1_1, [String](), BodyFraming.contentLength(3), true),
        (.http1_1, [], .chunked, true),
        (.http1_1, [], BodyFraming.none, true),
        (HTTPVersion(major: 1, minor: 2), [], .contentLength(0), true),
        (.http1_1, ["keep-alive"], .contentLength(0), true),
        (.http1_1, ["closed"], .contentLength(0), true),
        (.http1_1, ["x-close"], .contentLength(0), true),
        (.http1_1, ["close"], .contentLength(0), false),
        (.http1_1, ["Close"], .contentLength(0), false),
        (.http1_1, ["keep-alive, CLOSE"], .contentLength(0), false),
        (.http1_1, ["keep-alive", " close "], .contentLength(0), false),
        (.http1_1, ["upgrade,close"], .chunked, false),
        (.http1_1, [], .closeDelimited, false),
        (.http1_1, [], .switchingProtocols, false),
        (.http1_0, [], .contentLength(0), false),
        (.http1_0, ["keep-alive"], .contentLength(0), false),
    ])
    func reuseRule(version: HTTPVersion, connection: [String], framing: BodyFraming, reusable: Bool) {
        var headers = Headers()
        for value in connection { headers.add(name: "Connection", value: value) }
        #expect(ResponseHead.allowsConnectionReuse(version: version, headers: headers, framing: framing) == reusable)
        let head = ResponseHead(version: version, status: 200, reason: "", headers: headers, framing: framing)
        #expect(head.allowsConnectionReuse == reusable)
    }

    @Test func connectionCloseEndsReuseEvenWhenFramed() {
        let outcome = parseAllWays("HTTP/1.1 200 OK\r\nConnection: Close\r\nContent-Length: 2\r\n\r\nok")
        #expect(outcome.ended && !outcome.reusable)
    }

    @Test func parserAcceptsASecondResponseAfterAReusableOne() throws {
        var parser = HTTPResponseParser()
        for round in 1...3 {
            parser.expectResponse(method: "GET")
            parser.feed(Array("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n\(round)".utf8))
            var events: [HTTPResponseParser.Event] = []
            while let event = try parser.next() { events.append(event) }
            #expect(events.count == 3)
            #expect(events[1] == .body(ArraySlice(Array("\(round)".utf8))))
            #expect(parser.isComplete && parser.isReusable)
        }
    }

    @Test func bytesArrivingWhileIdleMakeTheConnectionUnusable() throws {
        var parser = HTTPResponseParser()
        parser.expectResponse(method: "GET")
        parser.feed(Array("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".utf8))
        while try parser.next() != nil {}
        #expect(parser.isReusable)
        parser.feed(Array("HTTP/1.1 200 OK\r\n".utf8))  // unsolicited
        #expect(try parser.next() == nil)
        #expect(parser.hasUnconsumedBytes && !parser.isReusable)
        #expect(parser.takeUnconsumedBytes().count == 17)
    }

    @Test func closedConnectionIsNotReusable() throws {
        var parser = HTTPResponseParser()
        parser.expectResponse(method: "GET")
        parser.feed(Array("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".utf8))
        while try parser.next() != nil {}
        parser.connectionLost()
        #expect(try parser.next() == nil)
        #expect(parser.isComplete && !parser.isReusable)
    }
}
