import Deferred
import DeferredTesting
import Reactor
import ReactorTesting
import Testing
import WebClient

@testable import WebServer

@Suite("Strictness: malformed requests")
struct BadRequestTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let wire: String
        let status: Int
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        // Request line
        Case(name: "no method", wire: " / HTTP/1.1\r\nHost: x\r\n\r\n", status: 400),
        Case(name: "method not a token", wire: "G(T / HTTP/1.1\r\nHost: x\r\n\r\n", status: 400),
        Case(name: "two spaces after method", wire: "GET  / HTTP/1.1\r\nHost: x\r\n\r\n", status: 400),
        Case(name: "space in target", wire: "GET /a b HTTP/1.1\r\nHost: x\r\n\r\n", status: 400),
        Case(name: "tab separator", wire: "GET\t/ HTTP/1.1\r\nHost: x\r\n\r\n", status: 400),
        Case(name: "missing version", wire: "GET /\r\nHost: x\r\n\r\n", status: 400),
        Case(name: "lowercase http", wire: "GET / http/1.1\r\nHost: x\r\n\r\n", status: 400),
        Case(name: "version 1.10", wire: "GET / HTTP/1.10\r\nHost: x\r\n\r\n", status: 400),
        Case(name: "trailing space after version", wire: "GET / HTTP/1.1 \r\nHost: x\r\n\r\n", status: 400),
        Case(name: "HTTP/2.0", wire: "GET / HTTP/2.0\r\nHost: x\r\n\r\n", status: 505),
        Case(name: "non-ASCII target", wire: "GET /caf\u{E9} HTTP/1.1\r\nHost: x\r\n\r\n", status: 400),
        Case(name: "fragment in target", wire: "GET /a#b HTTP/1.1\r\nHost: x\r\n\r\n", status: 400),
        Case(name: "relative target", wire: "GET a/b HTTP/1.1\r\nHost: x\r\n\r\n", status: 400),
        Case(name: "asterisk with GET", wire: "GET * HTTP/1.1\r\nHost: x\r\n\r\n", status: 400),
        Case(name: "CONNECT", wire: "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", status: 501),
        Case(name: "garbage", wire: "\u{16}\u{03}\u{01}\u{02}\u{00}\r\n\r\n", status: 400),
        // Line endings
        Case(name: "bare LF line endings", wire: "GET / HTTP/1.1\nHost: x\n\n\r\n\r\n", status: 400),
        Case(name: "bare CR in request line", wire: "GET /\r HTTP/1.1\r\nHost: x\r\n\r\n", status: 400),
        Case(name: "bare CR in header value", wire: "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n", status: 400),
        Case(name: "bare LF in header value", wire: "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\nb\r\n\r\n", status: 400),
        // Header fields
        Case(name: "space before colon", wire: "GET / HTTP/1.1\r\nHost : x\r\n\r\n", status: 400),
        Case(name: "no colon", wire: "GET / HTTP/1.1\r\nHost: x\r\nJunk\r\n\r\n", status: 400),
        Case(name: "empty name", wire: "GET / HTTP/1.1\r\nHost: x\r\n: v\r\n\r\n", status: 400),
        Case(name: "NUL in value", wire: "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u{0}b\r\n\r\n", status: 400),
        Case(name: "obs-fold", wire: "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n", status: 400),
        Case(name: "whitespace before first field", wire: "GET / HTTP/1.1\r\n Host: x\r\n\r\n", status: 400),
        Case(name: "missing Host on 1.1", wire: "GET / HTTP/1.1\r\n\r\n", status: 400),
        Case(name: "two Hosts", wire: "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", status: 400),
        Case(name: "bad Host", wire: "GET / HTTP/1.1\r\nHost: a b@c\r\n\r\n", status: 400),
        Case(name: "unsupported expectation", wire: "GET / HTTP/1.1\r\nHost: x\r\nExpect: tea\r\n\r\n", status: 417),
        // Framing
        Case(
            name: "CL and TE",
            wire: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            status: 400),
        Case(name: "CL with plus", wire: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +3\r\n\r\nabc", status: 400),
        Case(name: "CL negative", wire: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", status: 400),
        Case(name: "CL hex", wire: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0x10\r\n\r\n", status: 400),
        Case(name: "CL list", wire: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3, 3\r\n\r\nabc", status: 400),
        Case(
            name: "CL twice", wire: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc",
            status: 400),
        Case(
            name: "CL overflow", wire: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n",
            status: 400),
        Case(name: "CL empty", wire: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length:\r\n\r\n", status: 400),
        Case(name: "TE gzip", wire: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", status: 501),
        Case(
            name: "TE gzip, chunked", wire: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
            status: 501),
        Case(
            name: "TE chunked twice",
            wire: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", status: 400),
        Case(name: "TE on HTTP/1.0", wire: "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", status: 400),
        Case(name: "TE malformed", wire: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: ,;\r\n\r\n", status: 400),
        // Chunked bodies
        Case(name: "chunk size not hex", wire: chunked("zz\r\nab\r\n0\r\n\r\n"), status: 400),
        Case(name: "chunk size with plus", wire: chunked("+2\r\nab\r\n0\r\n\r\n"), status: 400),
        Case(name: "chunk size 0x", wire: chunked("0x2\r\nab\r\n0\r\n\r\n"), status: 400),
        Case(name: "chunk size overflow", wire: chunked("fffffffffffffffff\r\n"), status: 400),
        Case(name: "chunk size 2^63", wire: chunked("8000000000000000\r\n"), status: 400),
        Case(name: "chunk data too long", wire: chunked("2\r\nabc\r\n0\r\n\r\n"), status: 400),
        Case(name: "chunk size bare LF", wire: chunked("2\nab\r\n0\r\n\r\n"), status: 400),
        Case(name: "chunk data bare LF", wire: chunked("2\r\nab\n0\r\n\r\n"), status: 400),
        Case(name: "bad chunk extension", wire: chunked("2;=x\r\nab\r\n0\r\n\r\n"), status: 400),
        Case(name: "trailer obs-fold", wire: chunked("0\r\nX-T: a\r\n b\r\n\r\n"), status: 400),
        Case(name: "trailer without colon", wire: chunked("0\r\nbroken\r\n\r\n"), status: 400),
    ]

    static func chunked(_ body: String) -> String {
        "POST /sink HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + body
    }

    @Test(arguments: cases)
    func refusedWithStatusAndClose(_ testCase: Case) {
        let harness = ServerHarness()
        var handled = 0
        harness.router.get("/") { _ in
            handled += 1
            return "root"
        }
        harness.router.post("/sink") { request in
            handled += 1
            return request.readBody().addCallback { _ in ServerResponse.text("read") }
        }
        // A valid request after the bad one must never be answered: nothing after an error is trusted.
        harness.send(testCase.wire + get("/"))
        let responses = harness.responses()
        #expect(responses.map(\.status) == [testCase.status], "\(harness.output)")
        #expect(responses.first?.header("Connection") == "close")
        #expect(harness.transport.isWriteConnectionLost)
        #expect(harness.channel.requestCount <= 1)
        if testCase.wire.hasPrefix("POST /sink") {
            #expect(handled == 1)  // the head was fine: the body broke
        } else {
            #expect(handled == 0)
        }
    }

    @Test func bytesAfterAnErrorAreIgnored() {
        let harness = ServerHarness()
        harness.addStandardRoutes()
        harness.send("NOT HTTP\r\n\r\n")
        let before = harness.output
        harness.send(get("/hello"))
        #expect(harness.output == before)
        #expect(harness.seen.isEmpty)
    }

    @Test func bodyErrorAfterTheResponseStartedOnlyCloses() {
        let harness = ServerHarness()
        harness.router.post("/early") { _ in ServerResponse.text("early") }
        harness.send("POST /early HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
        // The response went out before the body; the body then breaks: no second response.
        harness.send("zz\r\n")
        let responses = harness.responses()
        #expect(responses.map(\.status) == [200])
        #expect(harness.isClosing)
    }

    @Test func bodyFailureReachesTheHandler() throws {
        let harness = ServerHarness()
        var read: Deferred<[UInt8]>?
        harness.router.post("/r") { request in
            read = request.readBody()
            return Deferred<ServerResponse>()
        }
        harness.send("POST /r HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nnope\r\n")
        _ = try failureResultOf(try #require(read), RequestBodyFailed.self)
        #expect(harness.responses().map(\.status) == [400])
    }
}

@Suite("Limits")
struct LimitTests {
    @Test func oversizedHeadGets431AsSoonAsTheLimitIsCrossed() {
        let harness = ServerHarness(configuration: HTTPServerConfiguration(maxHeaderLength: 1024))
        harness.addStandardRoutes()
        harness.send("GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: ")
        harness.send(String(repeating: "a", count: 900))
        #expect(harness.output.isEmpty)
        harness.send(String(repeating: "a", count: 200))  // no line end yet: still refused at once
        let responses = harness.responses()
        #expect(responses.map(\.status) == [431])
        #expect(harness.transport.isWriteConnectionLost)
        #expect(harness.seen.isEmpty)
    }

    @Test func aHeadLineOverTheLineLimitGets431EvenUnderTheHeadLimit() {
        let config = HTTPServerConfiguration(maxHeaderLength: 64 * 1024, maxHeaderLineLength: 1024)
        let harness = ServerHarness(configuration: config)
        harness.addStandardRoutes()
        harness.send(get("/hello", headers: "X-Fits: \(String(repeating: "a", count: 1014))\r\n"))  // 1024 with CRLF
        harness.send("GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "a", count: 1100))
        #expect(harness.responses().map(\.status) == [200, 431])
        #expect(harness.transport.isWriteConnectionLost)
        #expect(harness.seen.count == 1)
    }

    @Test func theDefaultLineLimitIsSixteenKiB() {
        let harness = ServerHarness(configuration: HTTPServerConfiguration(maxHeaderLength: 1 << 20))
        harness.addStandardRoutes()
        harness.send(get("/hello", headers: "X-Big: \(String(repeating: "a", count: 16 * 1024))\r\n"))
        #expect(harness.responses().map(\.status) == [431])
    }

    @Test func manyShortLinesCountTowardTheLimit() {
        let harness = ServerHarness(configuration: HTTPServerConfiguration(maxHeaderLength: 1024))
        harness.addStandardRoutes()
        var wire = "GET /hello HTTP/1.1\r\nHost: x\r\n"
        for index in 0..<60 { wire += "X-\(index): 0123456789\r\n" }
        harness.send(wire + "\r\n")
        #expect(harness.responses().map(\.status) == [431])
    }

    @Test func headExactlyAtTheLimitIsAccepted() {
        let head = "GET /hello HTTP/1.1\r\nHost: x\r\nX-Pad: \r\n\r\n"
        let limit = 256
        let pad = String(repeating: "p", count: limit - head.utf8.count)
        let padded = "GET /hello HTTP/1.1\r\nHost: x\r\nX-Pad: \(pad)\r\n\r\n"
        #expect(padded.utf8.count == limit)
        let harness = ServerHarness(configuration: HTTPServerConfiguration(maxHeaderLength: limit))
        harness.addStandardRoutes()
        harness.send(padded + padded)
        #expect(harness.responses().map(\.status) == [200, 200])

        let over = ServerHarness(configuration: HTTPServerConfiguration(maxHeaderLength: limit - 1))
        over.addStandardRoutes()
        over.send(padded)
        #expect(over.responses().map(\.status) == [431])
    }

    @Test func tooManyFieldsGets431() {
        let harness = ServerHarness(configuration: HTTPServerConfiguration(maxHeaderFields: 5))
        harness.addStandardRoutes()
        harness.send(get("/hello", headers: (1...5).map { "X-\($0): v\r\n" }.joined()))
        #expect(harness.responses().map(\.status) == [431])
    }

    @Test func oversizedTrailersGet431() {
        let harness = ServerHarness(configuration: HTTPServerConfiguration(maxHeaderLength: 128))
        harness.router.post("/t") { request in request.readBody().addCallback { _ in ServerResponse.text("t") } }
        harness.send(
            "POST /t HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: "
                + String(repeating: "t", count: 200))
        #expect(harness.responses().map(\.status) == [431])
    }
}
