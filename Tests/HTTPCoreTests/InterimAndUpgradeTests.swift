import Testing

@testable import HTTPCore

/// 1xx interim responses, 101 and CONNECT tunnels.
@Suite struct InterimAndUpgradeTests {
    @Test func interimResponsesAreReportedAndSkipped() throws {
        let outcome = parseAllWays(
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
                + "HTTP/1.1 102 Processing\r\nContent-Length: 9\r\n\r\n"
                + "HTTP/1.1 150 Unknown\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        #expect(outcome.interim == [100, 103, 102, 150])
        #expect(outcome.status == 200 && outcome.bodyText == "ok" && outcome.reusable)
        let headers = try #require(outcome.head?.headers)
        #expect(!headers.contains(name: "link"))
        #expect(headers.values(name: "content-length") == ["2"])
    }

    @Test func interimEventCarriesItsHead() throws {
        var parser = HTTPResponseParser()
        parser.expectResponse(method: "POST")
        parser.feed(Array("HTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\n".utf8))
        guard case .informational(let head) = try parser.next() else {
            Issue.record("expected an interim event")
            return
        }
        #expect(head.status == 103 && head.headers["link"] == "</x>" && head.framing == BodyFraming.none)
        #expect(try parser.next() == nil && parser.isAwaitingResponse)
    }

    @Test func tooManyInterimResponsesHitTheLimit() {
        let interim = String(repeating: "HTTP/1.1 100 Continue\r\n\r\n", count: 17)
        let outcome = parseAllWays(interim + "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
        #expect(outcome.errorKind == .limit)
        var limits = HTTPResponseParser.Limits()
        limits.maxInterimResponses = 17
        #expect(parseAllWays(interim + "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", limits: limits).ended)
    }

    @Test func endOfConnectionAfterAnInterimResponseIsTruncation() {
        let outcome = parseAllWays("HTTP/1.1 100 Continue\r\n\r\n", end: .close)
        #expect(outcome.interim == [100] && outcome.errorKind == .truncated)
    }

    @Test(arguments: [
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nContent-Length: 4\r\n\r\nbody",
        "HTTP/1.1 101 Switching Protocols\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
    ])
    func unsolicitedSwitchIsAnError(text: String) {
        let outcome = parseAllWays(text)
        #expect(outcome.errorKind == .unexpectedUpgrade && outcome.head == nil)
    }

    @Test func requestedUpgradeHandsOverTheRemainingBytes() throws {
        let text =
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\u{81}\u{05}hello"
        let outcome = parseAllWays(text, upgrade: true)
        #expect(outcome.status == 101 && outcome.head?.framing == .switchingProtocols)
        #expect(outcome.ended && outcome.body.isEmpty && outcome.unconsumed == 7 && !outcome.reusable)

        var parser = HTTPResponseParser()
        parser.expectResponse(method: "GET", upgradeRequested: true)
        parser.feed(bytes(text))
        while try parser.next() != nil {}
        #expect(Array(parser.takeUnconsumedBytes()) == bytes("\u{81}\u{05}hello"))
        #expect(!parser.isAwaitingResponse && !parser.isReusable)
    }

    @Test func upgradeRequestedButDeclinedIsAnOrdinaryResponse() {
        let outcome = parseAllWays(
            "HTTP/1.1 200 OK\r\nConnection: upgrade\r\nUpgrade: h2c\r\nContent-Length: 4\r\n\r\nbody", upgrade: true)
        #expect(outcome.bodyText == "body" && outcome.reusable)
        #expect(outcome.head?.headers["upgrade"] == "h2c")
        let unrequested = parseAllWays("HTTP/1.1 200 OK\r\nUpgrade: h2c\r\nContent-Length: 4\r\n\r\nbody")
        #expect(unrequested.bodyText == "body" && unrequested.reusable)
    }

    @Test func connectSuccessIsATunnel() {
        let outcome = parseAllWays("HTTP/1.1 200 Connection established\r\n\r\n\u{16}\u{03}\u{01}", method: "CONNECT")
        #expect(outcome.head?.framing == .switchingProtocols && outcome.ended && outcome.unconsumed == 3)
        let refused = parseAllWays("HTTP/1.1 407 Auth\r\nContent-Length: 2\r\n\r\nno", method: "CONNECT")
        #expect(refused.bodyText == "no" && refused.reusable)
    }
}
