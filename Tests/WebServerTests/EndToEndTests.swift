import Deferred
import DeferredTesting
import Reactor
import ReactorTesting
import Testing
import WebClient

@testable import WebServer

/// WebClient's `HTTP11ClientProtocol` talking to `HTTPChannel` in memory.
@Suite("Client to server through IOPump")
struct EndToEndTests {
    final class Pair {
        let clock = Clock()
        let router = Router()
        let server: HTTPChannel
        let client = HTTP11ClientProtocol()
        let pump: IOPump

        init() {
            server = HTTPChannel(handler: router, clock: clock)
            pump = IOPump.connectedServerAndClient(server: server, client: client, clock: clock)
        }

        func fetch(_ request: Request) throws -> (Response, String) {
            let responseDeferred = client.request(request)
            pump.flush()
            let response = try successResultOf(responseDeferred)
            let body = readBody(response)
            pump.flush()
            return (response, String(decoding: try successResultOf(body), as: UTF8.self))
        }
    }

    @Test func getPostAndReuseOneConnection() throws {
        let pair = Pair()
        pair.router.get("/hello") { request in "hello \(request.query["name"] ?? "?")" }
        pair.router.post("/echo") { request in
            request.readBody().addCallback { body in
                ServerResponse(bytes: body.reversed(), contentType: "application/octet-stream")
            }
        }

        let (first, firstText) = try pair.fetch(Request(method: "GET", target: "/hello?name=torsion", host: "x"))
        #expect(first.code == 200)
        #expect(firstText == "hello torsion")
        #expect(pair.client.isQuiescent)

        let upload = Request(method: "POST", target: "/echo", host: "x", bodyProducer: BytesBodyProducer("abc"))
        let (second, secondText) = try pair.fetch(upload)
        #expect(second.code == 200)
        #expect(secondText == "cba")

        let streamed = StreamingBodyProducer()
        let chunkedRequest = pair.client.request(
            Request(method: "POST", target: "/echo", host: "x", bodyProducer: streamed))
        pair.pump.flush()
        streamed.write(Array("12".utf8))
        pair.pump.flush()
        streamed.write(Array("34".utf8))
        streamed.finish()
        pair.pump.flush()
        let third = try successResultOf(chunkedRequest)
        let thirdBody = readBody(third)
        pair.pump.flush()
        #expect(String(decoding: try successResultOf(thirdBody), as: UTF8.self) == "4321")

        let (missing, _) = try pair.fetch(Request(method: "GET", target: "/missing", host: "x"))
        #expect(missing.code == 404)
        #expect(pair.server.requestCount == 4)
        #expect(!pair.pump.serverTransport.isDisconnecting)
        #expect(pair.client.isQuiescent)
    }

    @Test func deferredHandlerFiringLater() throws {
        let pair = Pair()
        let answer = Deferred<ServerResponse>()
        pair.router.get("/later") { _ in answer }
        let responseDeferred = pair.client.request(Request(method: "GET", target: "/later", host: "x"))
        pair.pump.flush()
        try assertNoResult(responseDeferred)
        pair.clock.advance(.seconds(5))
        answer.callback(.text("finally"))
        pair.pump.flush()
        let response = try successResultOf(responseDeferred)
        let body = readBody(response)
        pair.pump.flush()
        #expect(String(decoding: try successResultOf(body), as: UTF8.self) == "finally")
    }

    @Test func nonPersistentRequestEndsWithLingeringClose() throws {
        let pair = Pair()
        pair.router.get("/bye") { _ in "bye" }
        let (response, text) = try pair.fetch(Request(method: "GET", target: "/bye", host: "x", persistent: false))
        #expect(response.code == 200)
        #expect(text == "bye")
        pair.pump.flush()
        // The client closes after a `Connection: close` response; the lingering server then closes too.
        #expect(pair.pump.serverTransport.isDisconnected)
        #expect(pair.pump.clientTransport.isDisconnected)
    }

    @Test func headThroughTheClient() throws {
        let pair = Pair()
        pair.router.get("/h") { _ in "twelve bytes" }
        let (response, text) = try pair.fetch(Request(method: "HEAD", target: "/h", host: "x"))
        #expect(response.code == 200)
        #expect(response.headers["Content-Length"] == "12")
        #expect(text == "")
    }
}
