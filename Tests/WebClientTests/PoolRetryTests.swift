import Deferred
import DeferredTesting
import Reactor
import ReactorTesting
import Testing

@testable import WebClient

@Suite("HTTPConnectionPool: retrying requests on a fresh connection")
struct PoolRetryTests {
    /// Sends `request` on a reused connection whose server then closes it before answering.
    private func failOnStaleConnection(
        _ h: PoolHarness, _ request: Request, reason: any Error = ConnectionDone()
    ) throws -> Deferred<Response> {
        _ = try h.idleConnection()
        let c = try successResultOf(h.get())
        #expect(c.isReused)
        let d = c.request(request)
        h.serverCloses(c, reason: reason)
        return d
    }

    private func get(_ path: String = "/") -> Request {
        Request(method: "GET", target: path, host: "example.com")
    }

    @Test func idempotentRequestOnAStaleConnectionIsRetriedOnceOnAFreshConnection() throws {
        let h = PoolHarness()
        let d = try failOnStaleConnection(h, get("/retry"))
        try assertNoResult(d)
        #expect(h.reactor.tcpClients.count == 2)
        #expect(h.pool.counters.retried == 1)
        h.completeLast()
        let fresh = h.connectors[1].transport!
        #expect(fresh.text.hasPrefix("GET /retry HTTP/1.1\r\n"))
        let c = h.pooled(1)
        h.feed(c, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        #expect(try successResultOf(d).code == 200)
        #expect(h.pool.counters.inUse == 0 && h.pool.counters.idle == 1)
        #expect(h.pool.book.total == 1)
    }

    @Test func theRetryIsNotRetried() throws {
        let h = PoolHarness()
        let d = try failOnStaleConnection(h, get())
        h.completeLast()
        let c = h.pooled(1)
        #expect(!c.isReused)
        h.serverCloses(c)
        _ = try failureResultOf(d, ResponseNeverReceived.self)
        #expect(h.reactor.tcpClients.count == 2)
        #expect(h.pool.counters.retried == 1)
    }

    @Test func retryConnectFailureFailsTheRequest() throws {
        let h = PoolHarness()
        let d = try failOnStaleConnection(h, get())
        h.connectors[1].fail(ConnectError.refused())
        _ = try failureResultOf(d, ConnectError.self)
        #expect(h.pool.book.total == 0)
    }

    @Test func aNewConnectionIsNotRetried() throws {
        let h = PoolHarness()
        let c = try h.connection()
        let d = c.request(get())
        h.serverCloses(c)
        _ = try failureResultOf(d, ResponseNeverReceived.self)
        #expect(h.reactor.tcpClients.count == 1)
    }

    @Test func postIsNotRetried() throws {
        let h = PoolHarness()
        let post = Request(method: "POST", target: "/", host: "example.com", bodyProducer: BytesBodyProducer("x"))
        let d = try failOnStaleConnection(h, post)
        _ = try failureResultOf(d, ResponseNeverReceived.self)
        #expect(h.reactor.tcpClients.count == 1 && h.pool.counters.retried == 0)
    }

    @Test func putWithAReplayableBodyIsRetriedAndRewound() throws {
        let h = PoolHarness()
        let body = ManualBodyProducer("abc", replayable: true)
        let d = try failOnStaleConnection(h, Request(method: "PUT", target: "/", host: "example.com", bodyProducer: body))
        // The body was still being written: RequestTransmissionFailed, retried.
        #expect(body.rewindCount == 1)
        h.completeLast()
        #expect(body.startCount == 2)
        body.finish()
        #expect(h.connectors[1].transport!.text.hasSuffix("\r\n\r\nabc"))
        let c = h.pooled(1)
        h.feed(c, "HTTP/1.1 204 No Content\r\n\r\n")
        #expect(try successResultOf(d).code == 204)
    }

    @Test func requestWithABodyThatCannotBeReplayedIsNotRetried() throws {
        let h = PoolHarness()
        let body = ManualBodyProducer("abc", replayable: false)
        let d = try failOnStaleConnection(h, Request(method: "PUT", target: "/", host: "example.com", bodyProducer: body))
        _ = try failureResultOf(d, RequestTransmissionFailed.self)
        #expect(h.reactor.tcpClients.count == 1)
    }

    @Test func responseFailedIsNotRetried() throws {
        let h = PoolHarness()
        _ = try h.idleConnection()
        let c = try successResultOf(h.get())
        let d = c.request(get())
        h.feed(c, "HTTP/1.1 200 OK\r\nContent-")
        h.serverCloses(c)
        _ = try failureResultOf(d, ResponseFailed.self)
        #expect(h.reactor.tcpClients.count == 1)
    }

    @Test func cancelledRequestIsNotRetried() throws {
        let h = PoolHarness()
        _ = try h.idleConnection()
        let c = try successResultOf(h.get())
        let d = c.request(get())
        d.cancel()
        let error = try failureResultOf(d, ResponseNeverReceived.self)
        #expect(error.hasReason(CancelledError.self))
        #expect(h.transport(c).isDisconnecting)
        #expect(h.reactor.tcpClients.count == 1 && h.pool.counters.retried == 0)
    }

    @Test func nothingIsRetriedWhenRetryAutomaticallyIsOff() throws {
        let h = PoolHarness()
        h.pool.retryAutomatically = false
        let d = try failOnStaleConnection(h, get())
        _ = try failureResultOf(d, ResponseNeverReceived.self)
        #expect(h.reactor.tcpClients.count == 1)
    }

    @Test func cancellingDuringTheRetryConnectCancelsIt() throws {
        let h = PoolHarness()
        let d = try failOnStaleConnection(h, get())
        d.cancel()
        #expect(h.connectors[1].stoppedConnecting)
        _ = try failureResultOf(d, ConnectingCancelledError.self)
        #expect(h.pool.book.total == 0 && h.pool.counters.connecting == 0)
    }

    @Test func requestNotSentOnAConnectionThatDiedIsRetried() throws {
        let h = PoolHarness()
        _ = try h.idleConnection()
        let c = try successResultOf(h.get())
        h.serverCloses(c)  // gone before the request
        let d = c.request(get())
        #expect(h.reactor.tcpClients.count == 2)
        h.completeLast()
        let fresh = h.pooled(1)
        h.feed(fresh, "HTTP/1.1 204 No Content\r\n\r\n")
        #expect(try successResultOf(d).code == 204)
        #expect(h.pool.book.total == 1)
    }

    // MARK: - The policy on its own

    @Test(arguments: ["GET", "HEAD", "OPTIONS", "DELETE", "TRACE", "PUT"])
    func idempotentMethodsWithoutBodyMayBeRetried(method: String) {
        #expect(RetryPolicy.mayRetry(Request(method: method, target: "/", host: "h")))
    }

    @Test(arguments: ["POST", "PATCH", "CONNECT", "get"])
    func otherMethodsMayNot(method: String) {
        #expect(!RetryPolicy.mayRetry(Request(method: method, target: "/", host: "h")))
    }

    @Test func bodiesMustBeReplayable() {
        let replayable = Request(method: "PUT", target: "/", host: "h", bodyProducer: BytesBodyProducer("x"))
        let oneShot = Request(
            method: "GET", target: "/", host: "h", bodyProducer: ManualBodyProducer("x", replayable: false))
        #expect(RetryPolicy.mayRetry(replayable))
        #expect(!RetryPolicy.mayRetry(oneShot))
    }

    @Test func errorsThatShowNoAnswer() {
        #expect(RetryPolicy.shouldRetry(after: RequestNotSent()))
        #expect(RetryPolicy.shouldRetry(after: RequestTransmissionFailed([ConnectionDone()])))
        #expect(RetryPolicy.shouldRetry(after: ResponseNeverReceived([ConnectionLost("reset")])))
        #expect(!RetryPolicy.shouldRetry(after: ResponseNeverReceived([CancelledError()])))
        #expect(!RetryPolicy.shouldRetry(after: RequestTransmissionFailed([CancelledError()])))
        #expect(!RetryPolicy.shouldRetry(after: ResponseNeverReceived([ConnectionAborted()])))
        #expect(!RetryPolicy.shouldRetry(after: ResponseFailed([ConnectionDone()])))
        #expect(!RetryPolicy.shouldRetry(after: RequestGenerationFailed([ConnectionDone()])))
        #expect(!RetryPolicy.shouldRetry(after: ConnectError.refused()))
        #expect(!RetryPolicy.shouldRetry(after: InvalidRequest(.method, "bad")))
    }
}
