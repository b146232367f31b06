import Deferred
import Reactor
import Testing
@testable import WebClient

/// The state machine's response side as a value: heads, bodies, their ends and the connection's end
/// (Twisted's rules for `ResponseDone`, `PotentialDataLoss`, `ResponseFailed` with `_DataLoss`, and
/// `ResponseNeverReceived`).
@Suite("HTTP11ClientStateMachine responses")
struct HTTP11ClientStateMachineResponseTests {
    static func waiting() -> MachineDriver {
        HTTP11ClientStateMachineTests.driver(in: "WAITING")
    }

    // MARK: - Body-less responses are delivered after quiescence

    @Test(arguments: [
        ("GET", "HTTP/1.1 204 No Content\r\n\r\n"),
        ("GET", "HTTP/1.1 304 Not Modified\r\nContent-Length: 7\r\n\r\n"),
        ("HEAD", "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n"),
        ("GET", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
    ])
    func bodilessResponsesFireTheCallerWithTheEndAfterQuiescence(method: String, raw: String) {
        var d = MachineDriver()
        d.send(method)
        _ = d.written()
        // No deliverResponse: one finishResponse that fires the caller after the connection is reused.
        #expect(d.feed(raw) == ["finishResponse(response, caller, done, reuse)"])
        #expect(d.state == "QUIESCENT")
        #expect(d.send() == "sendRequest")
    }

    @Test func contentLengthZeroWhileTransmittingClosesAndStillFiresTheCaller() {
        var d = MachineDriver()
        d.send("POST", withWriter: true)
        #expect(d.feed("HTTP/1.1 413 Too Large\r\nContent-Length: 0\r\n\r\n") == [
            "finishResponse(response, caller, done, close, stop writer)"
        ])
    }

    @Test func interimResponsesAreSkipped() {
        var d = Self.waiting()
        #expect(d.feed("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n") == [])
        #expect(d.owesSomething && d.state == "WAITING")
        #expect(d.feed("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n") == ["finishResponse(response, caller, done, reuse)"])
    }

    @Test func chunkedBodyWithTrailersEnds() {
        var d = Self.waiting()
        #expect(d.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\nT: 1\r\n\r\n") == [
            "deliverResponse(caller, response)", "forwardBody(response, hi)", "finishResponse(response, done, reuse)",
        ])
    }

    // MARK: - The end of the connection

    @Test func closeBeforeAnyByteIsResponseNeverReceivedWithTheTransportsReason() {
        var d = Self.waiting()
        #expect(d.lose() == ["fail(caller: ResponseNeverReceived[ConnectionDone], keep)"])
        #expect(d.state == "CONNECTION_LOST")
    }

    @Test(arguments: ["H", "HTTP/1.1 200 OK\r\n", "HTTP/1.1 200 OK\r\nContent-Le"])
    func closeInsideTheHeadIsResponseFailedWithTheTransportsReason(partial: String) {
        var clean = Self.waiting()
        _ = clean.feed(partial)
        #expect(clean.lose() == ["fail(caller: ResponseFailed[ConnectionDone], keep)"])
        var reset = Self.waiting()
        _ = reset.feed(partial)
        #expect(reset.lose(ConnectionLost("reset")) == ["fail(caller: ResponseFailed[ConnectionLost], keep)"])
    }

    @Test(arguments: [
        "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab",
    ])
    func aBodyCutShortFailsWithTheReasonAndDataLoss(raw: String) {
        for reason in [ConnectionDone() as any Error, ConnectionLost("reset")] {
            var d = Self.waiting()
            _ = d.feed(raw)
            #expect(d.lose(reason) == ["fail(response body: ResponseFailed[\(type(of: reason)), DataLoss], keep)"])
            #expect(d.state == "CONNECTION_LOST")
            #expect(!d.owesSomething)
        }
    }

    @Test func closeDelimitedBodyEndedByACleanCloseIsPotentialDataLoss() {
        var d = Self.waiting()
        #expect(d.feed("HTTP/1.1 200 OK\r\n\r\nsome") == [
            "deliverResponse(caller, response)", "forwardBody(response, some)",
        ])
        #expect(d.lose() == ["finishResponse(response, potentialDataLoss, gone)"])
        #expect(d.state == "CONNECTION_LOST")
    }

    @Test func closeDelimitedBodyEndedByAResetFails() {
        var d = Self.waiting()
        _ = d.feed("HTTP/1.1 200 OK\r\n\r\nsome")
        #expect(d.lose(ConnectionLost("reset")) == ["fail(response body: ResponseFailed[ConnectionLost, DataLoss], keep)"])
    }

    @Test func closeDelimitedBodyWhileTransmittingStopsTheWriter() {
        var d = MachineDriver()
        d.send("POST", withWriter: true)
        _ = d.feed("HTTP/1.1 200 OK\r\n\r\nsome")
        #expect(d.lose() == ["finishResponse(response, potentialDataLoss, gone, stop writer)"])
    }

    @Test(arguments: ["QUIESCENT", "GENERATION_FAILED", "TRANSMITTING_AFTER_RECEIVING_RESPONSE", "CONNECTION_LOST"])
    func connectionLostWithNothingOwedDoesNothing(state: String) {
        var d = HTTP11ClientStateMachineTests.driver(in: state)
        #expect(d.lose() == [])
        #expect(d.state == "CONNECTION_LOST")
    }

    @Test func theDataLossSaysHowMuchArrived() throws {
        var d = Self.waiting()
        _ = d.feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")
        #expect(d.machine.connectionLost(reason: ConnectionDone()).isNone)
        let action = d.machine.nextResponseAction(makeResponse: { _, _ in Token("r") })
        guard case .fail(.body(_, .cutShort(let reasons)), _, _)? = action else {
            Issue.record("expected a body failure")
            return
        }
        let loss = try #require(reasons.last as? DataLoss)
        #expect(loss.detail.contains("3 of 10"))
    }

    // MARK: - Parse errors

    @Test func parseFailureBeforeTheHead() {
        var d = Self.waiting()
        #expect(d.feed("HTTP/1.1 200 OK\r\nContent-Length: +5\r\n\r\n") == [
            "fail(caller: ResponseFailed[HTTPParseError], lose)"
        ])
        // Nothing more is read, and the connection's end settles nothing again.
        #expect(d.feed("more") == [])
        #expect(d.lose() == [])
    }

    @Test func parseFailureMidBodyFailsTheBodyWithDataLoss() {
        var d = Self.waiting()
        _ = d.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
        #expect(d.feed("zz\r\n") == ["fail(response body: ResponseFailed[HTTPParseError, DataLoss], lose)"])
    }

    @Test func parseFailureWhileTransmittingStopsTheWriter() {
        var d = HTTP11ClientStateMachineTests.driver(in: "TRANSMITTING")
        #expect(d.feed("HTTP/9") == ["fail(caller: ResponseFailed[HTTPParseError], lose, stop writer)"])
        #expect(d.state == "TRANSMITTING")
        #expect(d.written(by: d.writer) == "none")
        #expect(d.lose() == [])
    }

    @Test func unsolicitedBytesOnAnIdleConnectionCloseIt() {
        var d = MachineDriver()
        #expect(d.feed("HTTP/1.1 200 OK\r\n\r\n") == ["close(lose)"])
        #expect(d.state == "QUIESCENT")
    }

    // MARK: - Re-entrancy: actions that call back in are seen by the next pull

    @Test func anAbortFromTheDeliveryStopsThePull() {
        var d = Self.waiting()
        _ = d.machine.bytesReceived(Array("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nbody".utf8))
        let first = d.machine.nextResponseAction(makeResponse: { _, _ in Token("response") })
        #expect(first.map(MachineDriver.render) == "deliverResponse(caller, response)")
        #expect(d.abort() == "close(lose)")
        #expect(d.pull() == [])
        #expect(d.lose() == ["finishAbort(response body: ResponseFailed[ConnectionAborted, DataLoss], waiter1)"])
    }

    @Test func anAbortWhileTheEndIsBeingParsedSettlesAtOnce() {
        var d = Self.waiting()
        _ = d.feed("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nbo")
        // The connection is gone; before the parser's verdict is pulled, the body consumer aborts.
        #expect(d.machine.connectionLost(reason: ConnectionDone()).isNone)
        #expect(d.abort() == "finishAbort(response body: ResponseFailed[ConnectionAborted, DataLoss], waiter1)")
        #expect(d.pull() == [])
        #expect(d.state == "CONNECTION_LOST")
    }

    @Test func anAbortWhileTheEndIsBeingParsedStopsAWriterStillWriting() {
        var d = HTTP11ClientStateMachineTests.driver(in: "TRANSMITTING", head: true)
        #expect(d.machine.connectionLost(reason: ConnectionDone()).isNone)
        #expect(d.abort() == "finishAbort(response body: ResponseFailed[ConnectionAborted, DataLoss], waiter1, stop writer)")
        #expect(d.pull() == [] && d.lose() == [])
    }
}

extension HTTP11ClientStateMachine.Action {
    var isNone: Bool {
        if case .none = self { return true }
        return false
    }
}
