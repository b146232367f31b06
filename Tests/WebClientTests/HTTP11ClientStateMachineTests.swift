import Deferred
import Reactor
import Testing
@testable import WebClient

/// The state machine driven as a plain value: every state against the caller's and the writer's events.
/// (The response side is in `HTTP11ClientStateMachineResponseTests`.)
@Suite("HTTP11ClientStateMachine")
struct HTTP11ClientStateMachineTests {
    static let allStates = [
        "QUIESCENT", "TRANSMITTING", "TRANSMITTING_AFTER_RECEIVING_RESPONSE", "GENERATION_FAILED", "WAITING",
        "ABORTING", "CONNECTION_LOST",
    ]

    /// A machine brought into `state` by real events, with a response head delivered if `head` (in
    /// TRANSMITTING, with a body writer, and WAITING).
    static func driver(in state: String, head: Bool = false) -> MachineDriver {
        var d = MachineDriver()
        switch state {
        case "QUIESCENT":
            break
        case "TRANSMITTING":
            d.send("POST", withWriter: true)
        case "WAITING":
            d.send()
            _ = d.written()
        case "TRANSMITTING_AFTER_RECEIVING_RESPONSE":
            d.send("POST", withWriter: true)
            _ = d.feed("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
        case "GENERATION_FAILED":
            d.send("POST", withWriter: true)
            _ = d.written(by: d.writer, error: WrongBodyLength("too few"))
        case "ABORTING":
            d.send()
            _ = d.written()
            _ = d.abort()
        case "CONNECTION_LOST":
            _ = d.lose()
        default:
            Issue.record("no state \(state)")
        }
        if head, state == "TRANSMITTING" || state == "WAITING" {
            _ = d.feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n")
        }
        #expect(d.state == state)
        return d
    }

    // MARK: - Requests

    @Test(arguments: allStates)
    func requestIsOnlySentWhenQuiescent(state: String) {
        var d = Self.driver(in: state)
        let action = d.send()
        if state == "QUIESCENT" {
            #expect(action == "sendRequest")
            #expect(d.state == "TRANSMITTING")
        } else {
            #expect(action == "rejectRequest(caller)")
            #expect(d.state == state)
        }
    }

    @Test func happyPathReusable() {
        var d = MachineDriver()
        #expect(d.send() == "sendRequest")
        #expect(d.written() == "none")
        #expect(d.state == "WAITING")
        #expect(d.feed("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel") == [
            "deliverResponse(caller, response)", "forwardBody(response, hel)",
        ])
        #expect(d.feed("lo") == ["forwardBody(response, lo)", "finishResponse(response, done, reuse)"])
        #expect(d.state == "QUIESCENT")
        #expect(!d.owesSomething)
        // The connection carries the next request.
        #expect(d.send() == "sendRequest")
    }

    @Test func aBodyWriterIsStartedAndItsEndMovesToWaiting() {
        var d = MachineDriver()
        #expect(d.send("POST", withWriter: true) == "sendRequest(writer)")
        #expect(d.written() == "none")  // not this writer: ignored
        #expect(d.state == "TRANSMITTING")
        #expect(d.written(by: d.writer) == "none")
        #expect(d.state == "WAITING")
    }

    @Test func theObserverHearsOfTheWriteAndOfEachRead() {
        let observer = RecordingObserver()
        var d = MachineDriver()
        d.send(observer: observer)
        #expect(d.written() == "requestWritten")
        #expect(d.feed("HTTP/1.1 200 OK\r\n") == ["bytesArrived"])
        #expect(d.feed("Content-Length: 0\r\n\r\n") == ["bytesArrived", "finishResponse(response, caller, done, reuse)"])
        // An idle connection's bytes are nobody's.
        #expect(d.feed("x") == ["close(lose)"])
    }

    @Test func aNonPersistentRequestClosesAtTheEnd() {
        var d = MachineDriver()
        d.send(persistent: false)
        _ = d.written()
        #expect(d.feed("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nA").last == "finishResponse(response, done, close)")
        #expect(d.state == "QUIESCENT")
    }

    @Test(arguments: [
        "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\nA",
        "HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nA",
    ])
    func aResponseThatForbidsReuseClosesAtTheEnd(raw: String) {
        var d = Self.driver(in: "WAITING")
        #expect(d.feed(raw).last == "finishResponse(response, done, close)")
    }

    @Test func trailingBytesCloseTheConnectionAndRefuseTheNextRequest() {
        var d = Self.driver(in: "WAITING")
        #expect(d.feed("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nAextra").last == "finishResponse(response, done, close)")
        #expect(d.send() == "rejectRequest(caller)")
    }

    // MARK: - The request writer

    @Test func earlyResponseWhileTransmittingGivesTheConnectionUp() {
        var d = Self.driver(in: "TRANSMITTING", head: true)
        #expect(d.feed("0123456789") == [
            "forwardBody(response, 0123456789)", "finishResponse(response, done, close, stop writer)",
        ])
        #expect(d.state == "TRANSMITTING_AFTER_RECEIVING_RESPONSE")
        // The write finishing later changes nothing; the connection loss settles nothing twice.
        #expect(d.written(by: d.writer) == "none")
        #expect(d.lose() == [])
        #expect(d.state == "CONNECTION_LOST")
    }

    @Test func writeFailureFailsTheRequestAsGenerationFailed() {
        var d = Self.driver(in: "TRANSMITTING")
        #expect(d.written(by: d.writer, error: WrongBodyLength("x")) == "fail(caller: RequestGenerationFailed[WrongBodyLength], abort)")
        #expect(d.state == "GENERATION_FAILED")
        #expect(d.lose() == [])
    }

    @Test func writeFailureAfterAnEarlyHeadFailsTheBody() {
        var d = Self.driver(in: "TRANSMITTING", head: true)
        #expect(d.written(by: d.writer, error: WrongBodyLength("x")) == "fail(response body: ResponseFailed[WrongBodyLength, DataLoss], abort)")
        #expect(d.state == "GENERATION_FAILED")
    }

    @Test(arguments: allStates.filter { $0 != "TRANSMITTING" })
    func writeEventsOutsideTransmittingAreIgnored(state: String) {
        var d = Self.driver(in: state)
        #expect(d.written(by: d.writer, error: WrongBodyLength("x")) == "none")
        #expect(d.written(by: d.writer) == "none")
        #expect(d.state == state)
    }

    @Test func connectionLostWhileTransmittingFailsTheRequestAndStopsTheWriter() {
        var d = Self.driver(in: "TRANSMITTING")
        #expect(d.lose(ConnectionLost("reset")) == [
            "fail(caller: RequestTransmissionFailed[ConnectionLost], keep, stop writer)"
        ])
        #expect(d.state == "CONNECTION_LOST")
    }

    // MARK: - Cancelling

    @Test func cancelWhileTransmitting() {
        var d = Self.driver(in: "TRANSMITTING")
        #expect(d.cancel() == "fail(caller: RequestGenerationFailed[CancelledError], abort, stop writer)")
        #expect(d.state == "GENERATION_FAILED")
        #expect(d.cancel() == "none")
        #expect(d.lose() == [])
    }

    @Test func cancelWhileWaiting() {
        var d = Self.driver(in: "WAITING")
        #expect(d.cancel() == "fail(caller: ResponseNeverReceived[CancelledError], abort)")
        #expect(d.state == "WAITING")
        // A complete response arriving before the connection closes is not delivered.
        #expect(d.feed("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n") == [])
        #expect(d.lose() == [])
    }

    @Test func cancelAfterSomeBytesIsResponseFailed() {
        var d = Self.driver(in: "WAITING")
        _ = d.feed("HTTP/1.1 2")
        #expect(d.cancel() == "fail(caller: ResponseFailed[CancelledError], abort)")
    }

    @Test func cancellingAnotherDeferredDoesNothing() {
        var d = Self.driver(in: "WAITING")
        #expect(d.cancel(Token("stale")) == "none")
        #expect(d.owesSomething)
    }

    @Test func cancelAfterDeliveryDoesNothing() {
        var d = Self.driver(in: "WAITING", head: true)
        #expect(d.cancel() == "none")
    }

    @Test func cancelWhileAbortingLeavesTheFailureToTheDeferred() {
        var d = Self.driver(in: "ABORTING")
        #expect(d.cancel() == "none")
        #expect(d.lose() == ["finishAbort(waiter1)"])
    }

    @Test func abandoningTheBodyAbortsAndNeverReuses() {
        var d = Self.driver(in: "WAITING", head: true)
        #expect(d.abandonBody() == "fail(response body: ResponseFailed[CancelledError, DataLoss], abort)")
        #expect(d.state == "ABORTING")
        #expect(d.feed("0123456789") == [])
        #expect(d.abandonBody() == "none")
        #expect(d.lose() == ["finishAbort()"])
    }

    @Test func aTimeoutReachesTheBodyAsItself() {
        var d = Self.driver(in: "TRANSMITTING", head: true)
        let timeout = ReadTimeoutError(timeout: .seconds(1), phase: .readingBody, uri: "http://h/")
        #expect(d.abandonBody(timeout) == "fail(response body: ReadTimeoutError, abort, stop writer)")
    }

    // MARK: - abort()

    @Test func abortWhileWaitingThenFullResponseStillFiresOnce() {
        // Twisted leaves the request Deferred unfired here (its bug); Torsion fails it exactly once.
        var d = Self.driver(in: "WAITING")
        #expect(d.abort() == "close(lose)")
        #expect(d.feed("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n") == [])
        #expect(d.lose() == ["finishAbort(caller: ResponseNeverReceived[ConnectionAborted], waiter1)"])
    }

    @Test func abortWhileTransmittingFailsTheRequestOnce() {
        // Twisted never fires the request Deferred here; Torsion does, once.
        var d = Self.driver(in: "TRANSMITTING")
        #expect(d.abort() == "close(lose, stop writer)")
        #expect(d.written(by: d.writer) == "none")
        #expect(d.lose() == ["finishAbort(caller: RequestTransmissionFailed[ConnectionAborted], waiter1)"])
    }

    @Test func abortAfterSomeBytesIsResponseFailed() {
        var d = Self.driver(in: "WAITING")
        _ = d.feed("HTTP/1.1 200 OK\r\n")
        _ = d.abort()
        #expect(d.lose() == ["finishAbort(caller: ResponseFailed[ConnectionAborted], waiter1)"])
    }

    @Test func abortMidBodyFailsTheBodyWithDataLoss() {
        var d = Self.driver(in: "WAITING", head: true)
        _ = d.abort()
        #expect(d.lose() == ["finishAbort(response body: ResponseFailed[ConnectionAborted, DataLoss], waiter1)"])
    }

    @Test func abortWhenIdleTwiceAndAfterTheEnd() {
        var d = Self.driver(in: "QUIESCENT")
        #expect(d.abort() == "close(lose)")
        #expect(d.abort() == "none")
        #expect(d.lose() == ["finishAbort(waiter1 waiter2)"])
        #expect(d.abort() == "finishAbort(waiter3)")
    }

    @Test(arguments: allStates, [false, true])
    func neitherRequestNorBodyIsSettledTwice(state: String, head: Bool) {
        // Whatever events follow, the request Deferred and the body are each settled at most once, and a
        // body is only settled after a response was delivered.
        var d = Self.driver(in: state, head: head)
        var requestOwed = d.owesSomething && !(head && (state == "TRANSMITTING" || state == "WAITING"))
        var bodyOwed = d.owesSomething && !requestOwed
        let events: [(inout MachineDriver) -> [String]] = [
            { [$0.cancel()] }, { $0.feed("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n") }, { $0.feed("x") },
            { [$0.abandonBody()] }, { [$0.written(by: $0.writer, error: WrongBodyLength("x"))] },
            { $0.feed("y") }, { [$0.abort()] }, { $0.lose() }, { $0.lose() }, { [$0.cancel()] },
        ]
        for event in events {
            for action in event(&d) {
                if action.hasPrefix("deliverResponse") || action.contains("caller:")
                    || (action.hasPrefix("finishResponse") && action.contains("caller"))
                {
                    #expect(requestOwed, "\(action)")
                    requestOwed = false
                    bodyOwed = action.hasPrefix("deliverResponse")
                } else if action.hasPrefix("finishResponse") || action.contains("body:") {
                    #expect(bodyOwed, "\(action)")
                    bodyOwed = false
                }
            }
        }
        #expect(!d.owesSomething)
        #expect(d.state == "CONNECTION_LOST")
    }
}
