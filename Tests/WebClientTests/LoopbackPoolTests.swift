import Deferred
import Reactor
import Testing
import WebClientTesting
import WebServer

@testable import WebClient

/// A real HTTP/1.1 server on 127.0.0.1 for the loopback tests: each accepted connection is the server's
/// `HTTPChannel` answering through `StubHTTPClient.serverChannel`; the answer names the server-side
/// connection and the request's number on it.
private final class LoopbackServer {
    var channels: [HTTPChannel] = []
    /// Every request received: (connection number, request number on it, method, path).
    var received: [String] = []
    var answered: [String] = []
    /// Close a connection instead of answering its second request (a keep-alive timeout racing it).
    var dropSecondRequest = false
    private(set) var port: (any ListeningPort)?

    init(reactor: EpollReactor) throws {
        port = try reactor.listenTCP(
            port: 0, factory: ProtocolFactory.forProtocol { [unowned self, unowned reactor] in self.makeChannel(reactor) },
            backlog: 50, interface: "127.0.0.1")
    }

    var url: String { "http://127.0.0.1:\(port!.getHost().port!)" }

    private func makeChannel(_ reactor: EpollReactor) -> HTTPChannel {
        let connection = channels.count
        var count = 0
        let channel = StubHTTPClient.serverChannel(clock: reactor) { [unowned self] request in
            count += 1
            let tag = "c\(connection)r\(count) \(request.method) \(request.path)"
            received.append(tag)
            if dropSecondRequest && count == 2 { return .noAnswer }
            answered.append(tag)
            return StubResponse(text: tag)
        }
        channels.append(channel)
        return channel
    }

    /// The server closes every connection it holds (idle keep-alive connections included).
    func closeAll() {
        for channel in channels { channel.transport?.loseConnection() }
    }

    func stop() -> Deferred<Void> {
        port!.stopListening()
    }
}

private struct Outcome: Sendable {
    var bodies: [String] = []
    var received: [String] = []
    var answered: [String] = []
    var counters = PoolCounters()
    var error: String?
}

/// GETs or POSTs `url` and reads the body as text.
private func fetch(_ agent: Agent, _ url: String, method: String = "GET") -> Deferred<String> {
    let body: (any BodyProducer)? = method == "POST" ? BytesBodyProducer("payload") : nil
    return agent.request(method: method, uri: url, bodyProducer: body).addCallback { (response: Response) in
        readBody(response).addCallback { (bytes: [UInt8]) in String(decoding: bytes, as: UTF8.self) }
    }
}

@Suite("HTTPConnectionPool and Agent over loopback TCP (EpollReactor)")
struct LoopbackPoolTests {
    @Test func sequentialRequestsReuseOneConnection() async throws {
        let outcome = try await onLoopbackReactor { reactor -> Deferred<Outcome> in
            let server = try LoopbackServer(reactor: reactor)
            let pool = HTTPConnectionPool(reactor: reactor)
            let agent = Agent(reactor: reactor, pool: pool)
            var outcome = Outcome()
            return fetch(agent, server.url + "/a").addCallback { (first: String) -> Deferred<String> in
                outcome.bodies.append(first)
                return fetch(agent, server.url + "/b")
            }.addCallback { (second: String) -> Deferred<Void> in
                outcome.bodies.append(second)
                outcome.counters = pool.counters
                return pool.closeCachedConnections().addCallback { server.stop() }
            }.addCallback { () -> Outcome in outcome }
        }
        #expect(outcome.bodies == ["c0r1 GET /a", "c0r2 GET /b"])
        #expect(outcome.counters.opened == 1 && outcome.counters.reused == 1 && outcome.counters.idle == 1)
    }

    @Test func anIdleConnectionClosedByTheServerIsDroppedAndNotUsed() async throws {
        let outcome = try await onLoopbackReactor { reactor -> Deferred<Outcome> in
            let server = try LoopbackServer(reactor: reactor)
            let pool = HTTPConnectionPool(reactor: reactor)
            let agent = Agent(reactor: reactor, pool: pool)
            var outcome = Outcome()
            return fetch(agent, server.url + "/a").addCallback { (first: String) -> Deferred<Void> in
                outcome.bodies.append(first)
                server.closeAll()
                return deferUntil(clock: reactor) { pool.counters.idle == 0 }.addCallback { (_: Bool) in }
            }.addCallback { () -> Deferred<String> in
                fetch(agent, server.url + "/b")
            }.addCallback { (second: String) -> Deferred<Void> in
                outcome.bodies.append(second)
                outcome.counters = pool.counters
                outcome.received = server.received
                return pool.closeCachedConnections().addCallback { server.stop() }
            }.addCallback { () -> Outcome in outcome }
        }
        #expect(outcome.bodies == ["c0r1 GET /a", "c1r1 GET /b"])
        #expect(outcome.counters.lost == 1 && outcome.counters.retried == 0 && outcome.counters.opened == 2)
        #expect(outcome.received.count == 2)
    }

    @Test func aGetOnAStaleConnectionSucceedsThroughTheRetryAndAPostFailsClearly() async throws {
        let outcome = try await onLoopbackReactor { reactor -> Deferred<Outcome> in
            let server = try LoopbackServer(reactor: reactor)
            server.dropSecondRequest = true
            let pool = HTTPConnectionPool(reactor: reactor)
            let agent = Agent(reactor: reactor, pool: pool)
            var outcome = Outcome()
            return fetch(agent, server.url + "/1").addCallback { (body: String) -> Deferred<String> in
                outcome.bodies.append(body)
                return fetch(agent, server.url + "/2")  // dropped on c0, retried on c1
            }.addCallback { (body: String) -> Deferred<String> in
                outcome.bodies.append(body)
                return fetch(agent, server.url + "/3", method: "POST")  // dropped on c1: not retried
            }.addBoth { (result: Result<String, any Error>) -> Deferred<Void> in
                switch result {
                case .success(let body): outcome.bodies.append(body)
                case .failure(let error): outcome.error = "\(type(of: error))"
                }
                outcome.counters = pool.counters
                outcome.received = server.received
                outcome.answered = server.answered
                return pool.closeCachedConnections().addCallback { server.stop() }
            }.addCallback { () -> Outcome in outcome }
        }
        #expect(outcome.bodies == ["c0r1 GET /1", "c1r1 GET /2"])
        #expect(outcome.error == "ResponseNeverReceived")
        #expect(outcome.received == ["c0r1 GET /1", "c0r2 GET /2", "c1r1 GET /2", "c1r2 POST /3"])
        // No request was lost or answered twice.
        #expect(outcome.answered == ["c0r1 GET /1", "c1r1 GET /2"])
        #expect(outcome.counters.retried == 1)
    }
}
