import Deferred
import Reactor
import Testing
import WebClient

@testable import WebServer

/// The server on the epoll reactor, over 127.0.0.1.
@Suite("Loopback TCP")
struct LoopbackTests {
    static func router() -> Router {
        let router = Router()
        router.get("/n/:i") { request in "n=" + request.pathParameters["i"]! }
        router.get("/kib") { _ in ServerResponse(bytes: [UInt8](repeating: 0x6B, count: 1024)) }
        router.post("/echo") { request in request.readBody().addCallback { ServerResponse(bytes: $0) } }
        return router
    }

    @Test func sequentialRequestsReuseOneConnection() async throws {
        let (texts, connections) = try await runLoopback { reactor in
            let server = HTTPServer(reactor: reactor, router: Self.router())
            let port = try server.listen(port: 0)
            let endpoint = TCP4ClientEndpoint(reactor: reactor, host: "127.0.0.1", port: port.getHost().port!)
            return endpoint.connectProtocol(HTTP11ClientProtocol())
                .addCallback { (client: HTTP11ClientProtocol) -> Deferred<[[UInt8]]> in
                    fetchInSequence(client, clock: reactor, count: 30, host: "127.0.0.1") { "/n/\($0)" }
                }
                .addCallback { (bodies: [[UInt8]]) -> Deferred<([String], Int)> in
                    let texts = bodies.map { String(decoding: $0, as: UTF8.self) }
                    let connections = server.factory.connectionCount
                    return port.stopListening().addCallback { (texts, connections) }
                }
        }
        #expect(texts == (0..<30).map { "n=\($0)" })
        #expect(connections == 1)
    }

    @Test func concurrentConnectionsWithOneKiBBodies() async throws {
        let (sizes, connections) = try await runLoopback { reactor in
            let server = HTTPServer(reactor: reactor, router: Self.router())
            let port = try server.listen(port: 0)
            let endpoint = TCP4ClientEndpoint(reactor: reactor, host: "127.0.0.1", port: port.getHost().port!)
            let all = Deferred<([Int], Int)>()
            var sizes: [Int] = []
            var remaining = 8
            for _ in 0..<8 {
                _ = endpoint.connectProtocol(HTTP11ClientProtocol())
                    .addCallback { (client: HTTP11ClientProtocol) -> Deferred<[[UInt8]]> in
                        fetchInSequence(client, clock: reactor, count: 25, host: "127.0.0.1") { _ in "/kib" }
                    }
                    .addCallbacks(
                        { (bodies: [[UInt8]]) -> Void in
                            sizes += bodies.map(\.count)
                            remaining -= 1
                            if remaining == 0 {
                                let count = server.factory.connectionCount
                                _ = port.stopListening().addCallback { all.callback((sizes, count)) }
                            }
                        },
                        errback: { error in if !all.isCalled { all.errback(error) } })
            }
            return all
        }
        #expect(sizes.count == 200)
        #expect(sizes.allSatisfy { $0 == 1024 })
        #expect(connections == 8)
    }

    @Test func pipelinedRequestsThenLingeringClose() async throws {
        let received = try await runLoopback { reactor in
            let server = HTTPServer(reactor: reactor, router: Self.router())
            let port = try server.listen(port: 0)
            let client = RawClient(
                get("/n/1") + "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
                    + get("/n/3", headers: "Connection: close\r\n") + get("/n/never"))
            let endpoint = TCP4ClientEndpoint(reactor: reactor, host: "127.0.0.1", port: port.getHost().port!)
            return endpoint.connectProtocol(client)
                .addCallback { (client: RawClient) -> Deferred<[UInt8]> in client.closed }
                .addCallback { (bytes: [UInt8]) -> Deferred<[UInt8]> in port.stopListening().addCallback { bytes } }
        }
        let responses = parseResponses(received)
        #expect(responses.map(\.text) == ["n=1", "abc", "n=3"])
        #expect(responses.last?.header("Connection") == "close")
    }

    @Test func malformedRequestGets400AndTheConnectionCloses() async throws {
        let received = try await runLoopback { reactor in
            let server = HTTPServer(reactor: reactor, router: Self.router())
            let port = try server.listen(port: 0)
            let client = RawClient("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n")
            let endpoint = TCP4ClientEndpoint(reactor: reactor, host: "127.0.0.1", port: port.getHost().port!)
            return endpoint.connectProtocol(client)
                .addCallback { (client: RawClient) -> Deferred<[UInt8]> in client.closed }
                .addCallback { (bytes: [UInt8]) -> Deferred<[UInt8]> in port.stopListening().addCallback { bytes } }
        }
        #expect(parseResponses(received).map(\.status) == [400])
    }
}
