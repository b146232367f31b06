import Testing

@testable import HTTPCore

/// HTTPRequestParser on its own: the server's one request parser (its strictness is tested through
/// HTTPChannel in WebServerTests' BadRequestTests).
@Suite struct RequestParserTests {
    enum Step: Equatable {
        case head(String, RequestBodyFraming)
        case body(String)
        case end(Headers)
    }

    /// The events for `pieces`, body slices coalesced; the error, if any.
    private func run(_ pieces: [[UInt8]], limits: HTTPRequestParser.Limits = .request) -> ([Step], RequestParseError?) {
        var parser = HTTPRequestParser(limits: limits)
        var steps: [Step] = []
        do {
            for piece in pieces {
                parser.feed(piece)
                while let event = try parser.next() {
                    switch event {
                    case .head(let head): steps.append(.head("\(head.method) \(head.target)", head.framing))
                    case .body(let slice):
                        if case .body(let before)? = steps.last {
                            steps[steps.count - 1] = .body(before + String(decoding: slice, as: UTF8.self))
                        } else {
                            steps.append(.body(String(decoding: slice, as: UTF8.self)))
                        }
                    case .end(let trailers): steps.append(.end(trailers))
                    }
                }
            }
            return (steps, nil)
        } catch {
            return (steps, error)
        }
    }

    /// `run` whole, byte by byte and split at every offset; all must agree.
    private func runAllWays(_ text: String, limits: HTTPRequestParser.Limits = .request) -> ([Step], RequestParseError?) {
        let input = Array(text.utf8)
        let whole = run([input], limits: limits)
        let bytewise = run(input.map { [$0] }, limits: limits)
        #expect(bytewise.0 == whole.0 && bytewise.1?.status == whole.1?.status)
        for offset in 1..<input.count {
            let split = run([Array(input[..<offset]), Array(input[offset...])], limits: limits)
            #expect(split.0 == whole.0 && split.1?.status == whole.1?.status, "split at \(offset)")
        }
        return whole
    }

    @Test func pipelinedRequestsWithBodiesComeInOrder() {
        let (steps, error) = runAllWays(
            "\r\nGET /a HTTP/1.1\r\nHost: x\r\n\r\n"
                + "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                + "PUT /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nde\r\n0\r\nX-T: 1\r\n\r\n")
        #expect(error == nil)
        #expect(
            steps == [
                .head("GET /a", .none), .end([:]),
                .head("POST /b", .contentLength(3)), .body("abc"), .end([:]),
                .head("PUT /c", .chunked), .body("de"), .end(["X-T": "1"]),
            ])
    }

    @Test func aHeadLineOverTheLineLimitIs431WithItsOwnLimit() {
        var limits = HTTPParserLimits.request
        limits.maxHeadBytes = 64 * 1024
        let line = "X-Long: " + String(repeating: "v", count: 16 * 1024 - 10)  // 16 KiB with its CRLF
        let fits = run([Array("GET / HTTP/1.1\r\nHost: x\r\n\(line)\r\n\r\n".utf8)], limits: limits)
        #expect(fits.1 == nil && fits.0.first == .head("GET /", .none))
        let (_, error) = run([Array("GET / HTTP/1.1\r\nHost: x\r\n\(line)v\r\n\r\n".utf8)], limits: limits)
        #expect(error?.status == 431 && error?.limit == .headerLineBytes)
        #expect(error?.message == "line of the request head exceeds 16384 bytes")
        #expect(error?.offendingText.hasPrefix("X-Long: vvv") == true)
    }

    @Test func anEndlessLineIsRefusedBeforeItsEnd() {
        var limits = HTTPParserLimits.request
        limits.maxHeadBytes = 1 << 20
        limits.maxHeaderLineBytes = 100
        let (_, error) = run([Array("GET / HTTP/1.1\r\nX: ".utf8), [UInt8](repeating: 0x61, count: 200)], limits: limits)
        #expect(error?.status == 431 && error?.limit == .headerLineBytes)
    }

    @Test func theWholeHeadLimitIsItsOwn() {
        var limits = HTTPParserLimits.request
        limits.maxHeadBytes = 100
        var wire = "GET / HTTP/1.1\r\nHost: x\r\n"
        for index in 0..<10 { wire += "X-\(index): 0123456789\r\n" }
        let (_, error) = runAllWays(wire + "\r\n", limits: limits)
        #expect(error?.status == 431 && error?.limit == .headBytes)
    }

    @Test func trailerLimitsAndFieldCount() {
        var limits = HTTPParserLimits.request
        limits.maxTrailerBytes = 20
        let chunked = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n"
        #expect(run([Array((chunked + "X-Trailer: 0123456789\r\n\r\n").utf8)], limits: limits).1?.limit == .trailerBytes)
        limits = .request
        limits.maxFields = 2
        #expect(run([Array("GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\n\r\n".utf8)], limits: limits).1?.limit == .fieldCount)
    }

    @Test func afterAnErrorTheParserOnlyRethrows() {
        var parser = HTTPRequestParser()
        parser.feed(Array("BAD\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        #expect(throws: RequestParseError.self) { _ = try parser.next() }
        #expect(throws: RequestParseError.self) { _ = try parser.next() }
    }

    @Test func betweenRequestsAndInsideABody() throws {
        var parser = HTTPRequestParser()
        #expect(parser.isBetweenRequests)
        parser.feed(Array("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\na".utf8))
        _ = try parser.next()
        #expect(parser.isReadingBody && !parser.isBetweenRequests)
        _ = try parser.next()
        parser.feed(Array("b".utf8))
        _ = try parser.next()
        #expect(try parser.next() == .end(trailers: [:]))
        #expect(parser.isBetweenRequests)
    }
}
