import Deferred
import DeferredTesting
import Reactor
import ReactorTesting
import Testing
import WebClient

@testable import WebServer

@Suite("HTTPChannel basics")
struct BasicResponseTests {
    @Test func getAnswersWithLengthAndDate() {
        let harness = ServerHarness()
        harness.addStandardRoutes()
        harness.send(get("/hello"))
        let responses = harness.responses()
        #expect(responses.count == 1)
        #expect(responses.first?.status == 200)
        #expect(responses.first?.text == "hello")
        #expect(responses.first?.header("Content-Length") == "5")
        #expect(responses.first?.header("Content-Type") == "text/plain; charset=utf-8")
        #expect(responses.first?.header("Date")?.hasSuffix(" GMT") == true)
        #expect(responses.first?.header("Connection") == nil)
        #expect(!harness.isClosing)
    }

    @Test func headAndBodyGoOutInOneWriteSequence() {
        let harness = ServerHarness()
        harness.addStandardRoutes()
        harness.send(get("/bytes/1024"))
        let text = harness.output
        #expect(text.hasPrefix("HTTP/1.1 200 OK\r\nContent-Length: 1024\r\nDate: "))
        #expect(text.hasSuffix("\r\n\r\n" + String(repeating: "a", count: 1024)))
    }

    @Test func unknownPathIs404() {
        let harness = ServerHarness()
        harness.addStandardRoutes()
        harness.send(get("/nope"))
        #expect(harness.responses().first?.status == 404)
        #expect(!harness.isClosing)
    }

    @Test func headHasLengthButNoBody() {
        let harness = ServerHarness()
        harness.addStandardRoutes()
        harness.send("HEAD /bytes/300 HTTP/1.1\r\nHost: x\r\n\r\n" + get("/hello"))
        let responses = harness.responses(methods: ["HEAD", "GET"])
        #expect(responses.count == 2)
        #expect(responses.first?.status == 200)
        #expect(responses.first?.header("Content-Length") == "300")
        #expect(responses.first?.body.isEmpty == true)
        #expect(responses.last?.text == "hello")
    }

    @Test func headOfStreamDoesNotStartTheProducer() {
        let harness = ServerHarness()
        let producer = StreamingBodyProducer(length: 10)
        harness.router.get("/s") { _ in ServerResponse.stream(producer) }
        harness.send("HEAD /s HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(producer.isStopped)
        #expect(harness.responses(methods: ["HEAD"]).first?.header("Content-Length") == "10")
        #expect(harness.channel.outstandingRequests == 0)
    }

    @Test func wrongMethodIs405WithAllow() {
        let harness = ServerHarness()
        harness.addStandardRoutes()
        harness.send("DELETE /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = harness.responses().first
        #expect(response?.status == 405)
        #expect(response?.header("Allow") == "GET, HEAD")
    }

    @Test func requestPartsReachTheHandler() throws {
        let harness = ServerHarness()
        var captured: ServerRequest?
        harness.router.get("/users/:id/*") { request in
            captured = request
            return "ok"
        }
        harness.send(get("/users/a%20b/x/y?q=1&q=2&name=J%C3%BCrgen+K&flag", headers: "X-Test: yes\r\n"))
        let request = try #require(captured)
        #expect(request.method == "GET")
        #expect(request.path == "/users/a%20b/x/y")
        #expect(request.target == "/users/a%20b/x/y?q=1&q=2&name=J%C3%BCrgen+K&flag")
        #expect(request.pathParameters == ["id": "a b", "*": "x/y"])
        #expect(request.query.values("q") == ["1", "2"])
        #expect(request.query["name"] == "Jürgen K")
        #expect(request.query["flag"] == "")
        #expect(request.header("x-test") == "yes")
        #expect(request.version == .http1_1)
        #expect(request.contentLength == 0)
        #expect(request.peer == harness.transport.peerAddress)
    }

    @Test func absoluteFormTargetGivesThePath() throws {
        let harness = ServerHarness()
        harness.addStandardRoutes()
        harness.send("GET http://example.com/hello HTTP/1.1\r\nHost: example.com\r\n\r\n")
        #expect(harness.responses().first?.text == "hello")
    }

    @Test func sequentialRequestsShareTheConnection() {
        let harness = ServerHarness()
        harness.addStandardRoutes()
        for _ in 0..<3 { harness.send(get("/hello")) }
        #expect(harness.responses().map(\.status) == [200, 200, 200])
        #expect(harness.channel.requestCount == 3)
        #expect(!harness.isClosing)
    }

    @Test func connectionCloseIsHonouredWithLingeringClose() {
        let harness = ServerHarness()
        harness.addStandardRoutes()
        harness.send(get("/hello", headers: "Connection: close\r\n") + get("/hello"))
        let responses = harness.responses()
        #expect(responses.count == 1)
        #expect(responses.first?.header("Connection") == "close")
        #expect(harness.transport.isWriteConnectionLost)
        #expect(!harness.transport.isDisconnecting)
        #expect(harness.channel.isInLingeringClose)
        #expect(harness.seen.count == 1)
    }

    @Test func http10Closes() {
        let harness = ServerHarness()
        harness.addStandardRoutes()
        harness.send("GET /hello HTTP/1.0\r\n\r\n")
        let responses = harness.responses()
        #expect(responses.first?.status == 200)
        #expect(responses.first?.header("Connection") == "close")
        #expect(harness.transport.isWriteConnectionLost)
    }

    @Test func responseConnectionCloseFromHandlerCloses() {
        let harness = ServerHarness()
        harness.router.get("/bye") { _ in
            var response = ServerResponse.text("bye")
            response.headers.add(name: "Connection", value: "close")
            return response
        }
        harness.send(get("/bye"))
        #expect(harness.responses().first?.header("Connection") == "close")
        #expect(harness.transport.isWriteConnectionLost)
    }

    @Test func throwingHandlersMapToStatuses() {
        let harness = ServerHarness()
        harness.router.get("/teapot") { _ -> ServerResponse in throw HTTPError(418, "short and stout") }
        struct Boom: Error {}
        harness.router.get("/boom") { _ -> ServerResponse in throw Boom() }
        harness.router.get("/later") { _ in Deferred<ServerResponse>.fail(HTTPError(409)) }
        harness.send(get("/teapot") + get("/boom") + get("/later"))
        let responses = harness.responses()
        #expect(responses.map(\.status) == [418, 500, 409])
        #expect(responses.first?.text == "short and stout\n")
        #expect(responses[1].text == "Internal Server Error\n")
        #expect(!harness.isClosing)
    }

    @Test func headerInjectionInAResponseBecomes500() {
        let harness = ServerHarness()
        harness.router.get("/bad") { _ in
            var response = ServerResponse.text("x")
            response.headers.add(name: "X-Evil", value: "a\r\nSet-Cookie: b")
            return response
        }
        harness.send(get("/bad"))
        let responses = harness.responses()
        #expect(responses.first?.status == 500)
        #expect(responses.first?.header("Set-Cookie") == nil)
    }

    @Test func callerFramingFieldsAreReplaced() {
        let harness = ServerHarness()
        harness.router.get("/f") { _ in
            var response = ServerResponse.text("four")
            response.headers.add(name: "Content-Length", value: "99")
            response.headers.add(name: "Transfer-Encoding", value: "chunked")
            return response
        }
        harness.send(get("/f"))
        #expect(harness.responses().first?.header("Content-Length") == "4")
        #expect(harness.responses().first?.header("Transfer-Encoding") == nil)
        #expect(harness.responses().first?.text == "four")
    }

    @Test func noContentHasNoLength() {
        let harness = ServerHarness()
        harness.router.add("DELETE", "/x") { _ in ServerResponse(status: 204) }
        harness.send("DELETE /x HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(harness.responses().first?.status == 204)
        #expect(!harness.output.contains("Content-Length"))
    }

    @Test func leadingEmptyLinesAreIgnored() {
        let harness = ServerHarness()
        harness.addStandardRoutes()
        harness.send("\r\n\r\n" + get("/hello"))
        #expect(harness.responses().first?.text == "hello")
    }

    @Test func notifyFinishFiresWhenWritten() throws {
        let harness = ServerHarness()
        var finished: Deferred<Void>?
        harness.router.get("/n") { request in
            finished = request.notifyFinish()
            return "n"
        }
        harness.send(get("/n"))
        _ = try successResultOf(try #require(finished))
    }
}
