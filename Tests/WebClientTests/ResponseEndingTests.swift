import Deferred
import DeferredTesting
import Reactor
import ReactorTesting
import Testing
@testable import WebClient

/// Twisted's response-ending rules (issue 13, behaviours 1 to 4), each on a `StringTransport`, through
/// the pool and an Agent on the memory reactor's fake clock where a connection's reuse is the point.
@Suite("Twisted's response-ending rules")
struct ResponseEndingTests {
    // MARK: 1. Content-Length: 0 is delivered after quiescence, as HEAD/204/304 are

    @Test func contentLengthZeroIsDeliveredAfterTheConnectionIsQuiescent() throws {
        let h = ClientHarness()
        let d = h.get()
        d.addCallback { [unowned h] r in
            h.log.append("response:\(r.code) \(h.proto.state)")
            return r
        }
        h.feed("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
        #expect(h.log == ["quiescent:QUIESCENT", "response:200 QUIESCENT"])
        #expect(try successResultOf(readBody(try successResultOf(d))).isEmpty)
        #expect(try successResultOf(d).length == 0)
    }

    @Test func aRequestFromTheCallbackOfAContentLengthZeroResponseReusesThePooledConnection() throws {
        let h = PoolHarness()
        let c = try h.connection()
        var second: PooledConnection?
        var next: Deferred<Response>?
        let first = c.request(Request(method: "GET", target: "/1", host: "example.com"))
        first.addCallback { (response: Response) -> Void in
            // Twisted: the pool has the connection back before the request's Deferred fires.
            second = try? successResultOf(h.get())
            next = second?.request(Request(method: "GET", target: "/2", host: "example.com"))
        }
        h.feed(c, "HTTP/1.1 204 No Content\r\n\r\n")
        _ = try successResultOf(first)
        h.transport(c).clear()
        h.feed(c, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
        #expect(second === c)
        #expect(try successResultOf(try #require(next)).code == 200)
        #expect(h.reactor.tcpClients.count == 1 && h.pool.counters.opened == 1 && h.pool.counters.reused == 1)
    }

    @Test func throughAnAgentTheFollowUpOfAContentLengthZeroResponseGoesOutOnTheSameConnection() throws {
        let reactor = MemoryReactorClock()
        let agent = Agent.usingEndpointFactory(
            reactor: reactor, endpointFactory: RoutingEndpointFactory(reactor: reactor),
            pool: HTTPConnectionPool(reactor: reactor))
        var followUp: Deferred<Response>?
        let first = agent.request(method: "POST", uri: "http://example.com/items")
        first.addCallback { (_: Response) -> Void in
            followUp = agent.request(method: "GET", uri: "http://example.com/items/1")
        }
        reactor.tcpClients[0].connector.complete()
        let connection = reactor.tcpClients[0].connector
        connection.transport!.clear()
        connection.protocolInstance!.dataReceived(Array("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n".utf8))
        #expect(try successResultOf(first).code == 201)
        #expect(connection.transport!.text.hasPrefix("GET /items/1 HTTP/1.1\r\n"))
        #expect(reactor.tcpClients.count == 1)
        connection.protocolInstance!.dataReceived(Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".utf8))
        #expect(try successResultOf(try #require(followUp)).code == 200)
        #expect(agent.pool.counters.reused == 1 && agent.pool.counters.opened == 1)
    }

    // MARK: 2. A close-delimited body ended by a clean close ends with PotentialDataLoss

    @Test func aCloseDelimitedBodyEndsWithPotentialDataLossAndReadBodyStillSucceeds() throws {
        let h = ClientHarness()
        let recorded = h.get()
        h.feed("HTTP/1.1 200 OK\r\n\r\nsome")
        let recorder = RecordingBody()
        try successResultOf(recorded).deliverBody(recorder)
        h.proto.connectionLost(reason: ConnectionDone())
        #expect(recorder.reason is PotentialDataLoss && recorder.text == "some")

        let other = ClientHarness()
        let d = other.get()
        other.feed("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it")
        let body = readBody(try successResultOf(d))
        other.proto.connectionLost(reason: ConnectionDone())
        // As treq (and Torsion's porting map) do: over a clean close the bytes are the whole body.
        #expect(try successResultOf(body) == Array("all of it".utf8))
        #expect(other.quiescentCalls == 0)
    }

    // MARK: 3. A body cut short fails with ResponseFailed([reason, DataLoss]), the Response attached

    @Test(arguments: [
        "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n",
    ])
    func aBodyCutShortByALostConnectionCarriesItsReasonAndDataLoss(raw: String) throws {
        for reason in [ConnectionDone() as any Error, ConnectionLost("reset")] {
            let h = ClientHarness()
            let d = h.get()
            h.feed(raw)
            let response = try successResultOf(d)
            let recorder = RecordingBody()
            response.deliverBody(recorder)
            h.proto.connectionLost(reason: reason)
            let failed = try #require(recorder.reason as? ResponseFailed)
            #expect(failed.reasons.count == 2)
            #expect(type(of: failed.reasons[0]) == type(of: reason))
            #expect(failed.reasons[1] is DataLoss)
            #expect(failed.response === response)
            #expect(recorder.text == "abc")
        }
    }

    @Test(arguments: [
        "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n",
    ])
    func aBodyCutShortByAbortCarriesConnectionAbortedAndDataLoss(raw: String) throws {
        let h = ClientHarness()
        let d = h.get()
        h.feed(raw)
        let response = try successResultOf(d)
        let body = readBody(response)
        let aborted = h.proto.abort()
        h.proto.connectionLost(reason: ConnectionDone())
        let failed = try failureResultOf(body, ResponseFailed.self)
        #expect(failed.reasons.count == 2 && failed.reasons[0] is ConnectionAborted && failed.reasons[1] is DataLoss)
        #expect(failed.response === response)
        try successResultOf(aborted)
    }

    @Test func aRequestFailureCarriesNoResponse() throws {
        let h = ClientHarness()
        let d = h.get()
        h.feed("HTTP/1.1 200 OK\r\nContent-Le")
        h.proto.connectionLost(reason: ConnectionDone())
        let failed = try failureResultOf(d, ResponseFailed.self)
        #expect(failed.response == nil && failed.reasons.count == 1 && failed.reasons[0] is ConnectionDone)
    }

    // MARK: 4. A clean close before any response byte: ResponseNeverReceived([ConnectionDone])

    @Test func aCleanCloseBeforeAnyByteIsResponseNeverReceivedWithTheTransportsOwnReason() throws {
        let h = ClientHarness()
        let d = h.get()
        h.proto.connectionLost(reason: ConnectionDone())
        let error = try failureResultOf(d, ResponseNeverReceived.self)
        #expect(error.reasons.count == 1)
        #expect(error.reasons.first is ConnectionDone)
        #expect(!error.hasReason(HTTPParseError.self))
    }

    @Test func aStaleConnectionsCleanCloseIsStillRetriedByThePool() throws {
        let h = PoolHarness()
        _ = try h.idleConnection()
        let c = try successResultOf(h.get())
        let d = c.request(Request(method: "GET", target: "/again", host: "example.com"))
        h.serverCloses(c)
        #expect(h.pool.counters.retried == 1)
        h.completeLast()
        h.feed(h.pooled(1), "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
        #expect(try successResultOf(d).code == 200)
    }
}
