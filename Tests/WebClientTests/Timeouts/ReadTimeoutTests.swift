import Deferred
import DeferredTesting
import Reactor
import ReactorTesting
import Testing

@testable import WebClient

@Suite("Agent timeouts: idle read")
struct ReadTimeoutTests {
    private let timeouts = AgentTimeouts(connect: .seconds(30), read: .seconds(2))

    @Test func silenceAfterTheRequestFailsAtExactlyTheReadTimeoutAndAbortsTheConnection() throws {
        let h = TimeoutHarness(timeouts)
        let d = h.get()
        h.reactor.advance(.seconds(10))  // connecting does not count as read silence
        h.connector().complete()
        try h.advance(toTickBefore: .seconds(2)) { try assertNoResult(d) }
        let error = try failureResultOf(d, ReadTimeoutError.self)
        #expect(error.timeout == .seconds(2) && error.phase == .awaitingHead)
        #expect(h.transport().isDisconnected)
        h.deliverAbort()
        #expect(h.pool.counters.lost == 1 && h.pool.counters.idle == 0 && h.pool.counters.inUse == 0)
        #expect(h.pool.book.total == 0)
        #expect(h.pendingRequestTimers == 0)
    }

    @Test func everyChunkOfBytesRestartsTheCountdown() throws {
        let h = TimeoutHarness(timeouts)
        let d = h.get()
        h.connector().complete()
        for piece in ["HTTP/1.1 200 OK\r\n", "Content-Length: 2\r\n"] {
            h.reactor.advance(.milliseconds(1999))
            h.feed(0, piece)
        }
        try h.advance(toTickBefore: .seconds(2)) { try assertNoResult(d) }
        #expect(try failureResultOf(d, ReadTimeoutError.self).phase == .awaitingHead)
    }

    @Test func theBodyIsCoveredAfterTheResponseHasFired() throws {
        let h = TimeoutHarness(timeouts)
        let d = h.get()
        h.connector().complete()
        h.feed(0, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")
        let body = readBody(try successResultOf(d))
        h.reactor.advance(.seconds(1))
        h.feed(0, "de")
        try h.advance(toTickBefore: .seconds(2)) { try assertNoResult(body) }
        // The timeout reaches the body consumer as itself, not wrapped in ResponseFailed.
        let error = try failureResultOf(body, ReadTimeoutError.self)
        #expect(error.phase == .readingBody)
        #expect(h.transport().isDisconnected)
        h.deliverAbort()
        #expect(h.pool.counters.lost == 1 && h.pool.counters.idle == 0 && h.pool.counters.inUse == 0)
        #expect(h.pendingRequestTimers == 0)
    }

    @Test func aBodyNobodyReadsTimesOutToo() throws {
        let h = TimeoutHarness(timeouts)
        let d = h.get()
        h.connector().complete()
        h.feed(0, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")
        let response = try successResultOf(d)
        h.reactor.advance(.seconds(2))
        #expect(h.transport().isDisconnected)
        let body = RecordingBody()
        response.deliverBody(body)
        #expect(body.text == "abc")
        #expect((body.reason as? ReadTimeoutError)?.phase == .readingBody)
    }

    @Test func aCompleteResponseStopsTheTimerAndTheConnectionIsReused() throws {
        let h = TimeoutHarness(timeouts)
        let d = h.get()
        h.connector().complete()
        h.feed(0, TimeoutHarness.okResponse)
        #expect(try successResultOf(readBody(try successResultOf(d))) == Array("ok".utf8))
        #expect(h.pendingRequestTimers == 0)
        #expect(h.pool.counters.idle == 1)
        h.reactor.advance(.seconds(100))
        #expect(h.pool.counters.idle == 1 && h.pool.counters.lost == 0)
    }

    @Test func aResponseWithoutBodyStopsTheTimer() throws {
        let h = TimeoutHarness(timeouts)
        let d = h.agent.request(method: "HEAD", uri: "http://example.com/")
        h.connector().complete()
        h.feed(0, "HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n")
        #expect(try successResultOf(d).code == 200)
        #expect(h.pendingRequestTimers == 0)
    }

    @Test func theCountdownStartsOnlyOnceTheBodyIsWritten() throws {
        let h = TimeoutHarness(timeouts)
        let body = ManualBodyProducer("abc", replayable: false)
        let d = h.agent.request(method: "POST", uri: "http://example.com/", bodyProducer: body)
        h.connector().complete()
        h.reactor.advance(.seconds(60))
        try assertNoResult(d)
        body.finish()
        try h.advance(toTickBefore: .seconds(2)) { try assertNoResult(d) }
        #expect(try failureResultOf(d, ReadTimeoutError.self).phase == .awaitingHead)
    }

    @Test func aTimeoutOnAReusedConnectionIsNotRetried() throws {
        let h = TimeoutHarness(timeouts)
        try h.idleConnection()
        let d = h.get()
        h.reactor.advance(.seconds(2))
        _ = try failureResultOf(d, ReadTimeoutError.self)
        #expect(h.reactor.tcpClients.count == 1)
        #expect(h.pool.counters.retried == 0)
    }

    @Test func theRetryOnAFreshConnectionIsWatchedToo() throws {
        let h = TimeoutHarness(timeouts)
        try h.idleConnection()
        let d = h.get()
        h.connector().loseConnection()  // the server had closed the idle connection
        #expect(h.pool.counters.retried == 1)
        h.connector(1).complete()
        h.reactor.advance(.seconds(1))
        h.feed(1, "HTTP/1.1 200 OK\r\n")
        try h.advance(toTickBefore: .seconds(2)) { try assertNoResult(d) }
        #expect(try failureResultOf(d, ReadTimeoutError.self).phase == .awaitingHead)
        #expect(h.connector(1).transport!.isDisconnected)
    }

    @Test func aLateResponseAfterTheTimeoutIsIgnored() throws {
        let h = TimeoutHarness(timeouts)
        let d = h.get()
        h.connector().complete()
        h.reactor.advance(.seconds(2))
        _ = try failureResultOf(d, ReadTimeoutError.self)
        h.feed(0, TimeoutHarness.okResponse)
        h.deliverAbort()
        _ = try failureResultOf(d, ReadTimeoutError.self)
        #expect(h.pool.counters.idle == 0)
    }

    @Test func theHTTPClientPassesItsTimeoutsAndCoversContent() throws {
        let reactor = MemoryReactorClock()
        let agent = Agent.usingEndpointFactory(
            reactor: reactor, endpointFactory: RoutingEndpointFactory(reactor: reactor),
            pool: HTTPConnectionPool(reactor: reactor))
        let client = HTTPClient(agent: agent, reactor: reactor)
        let d = client.request("GET", "http://example.com/", timeouts: AgentTimeouts(read: .seconds(3)))
        let connector = reactor.tcpClients[0].connector
        connector.complete()
        connector.protocolInstance!.dataReceived(Array("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab".utf8))
        let content = client.content(try successResultOf(d))
        try reactor.advance(toTickBefore: .seconds(3)) { try assertNoResult(content) }
        #expect(try failureResultOf(content, ReadTimeoutError.self).timeout == .seconds(3))
    }
}
