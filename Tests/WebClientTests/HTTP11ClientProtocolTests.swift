import Deferred
import DeferredTesting
import Reactor
import ReactorTesting
import Testing

@testable import WebClient

@Suite("HTTP11ClientProtocol over StringTransport")
struct HTTP11ClientProtocolTests {
    @Test func getWritesOneHeadAndDeliversResponse() throws {
        let h = ClientHarness()
        let d = h.get("/a?b=1")
        #expect(h.written == "GET /a?b=1 HTTP/1.1\r\nHost: example.com\r\n\r\n")
        #expect(h.proto.state == "WAITING")
        try assertNoResult(d)
        h.feed("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: b\r\n\r\n")
        let response = try successResultOf(d)
        #expect(response.code == 200)
        #expect(response.phrase == "OK")
        #expect(response.length == 5)
        #expect(response.headers["x-a"] == "b")
        // Until a consumer is attached, the connection stops reading.
        #expect(h.transport.producerState == .paused)
        let body = readBody(response)
        #expect(h.transport.producerState == .producing)
        h.feed("hel")
        try assertNoResult(body)
        h.feed("lo")
        #expect(try successResultOf(body) == Array("hello".utf8))
        #expect(h.quiescentCalls == 1)
        #expect(h.proto.isQuiescent)
        #expect(!h.transport.isDisconnecting)
    }

    @Test func quiescentCallbackRunsBeforeBodyEnds() throws {
        let h = ClientHarness()
        let d = h.get()
        h.feed("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n")
        let body = RecordingBody()
        body.onEnd = { [unowned h] reason in h.log.append("body:\(type(of: reason))") }
        try successResultOf(d).deliverBody(body)
        h.feed("ok")
        #expect(h.log == ["quiescent:QUIESCENT", "body:ResponseDone"])
        #expect(body.text == "ok")
    }

    @Test func bodilessResponseIsDeliveredAfterQuiescence() throws {
        let h = ClientHarness()
        let d = h.get()
        d.addCallback { [unowned h] r in h.log.append("response:\(r.code)"); return r }
        h.feed("HTTP/1.1 204 No Content\r\n\r\n")
        #expect(h.log == ["quiescent:QUIESCENT", "response:204"])
        let body = readBody(try successResultOf(d))
        #expect(try successResultOf(body).isEmpty)
    }

    @Test func theNextRequestReusesTheConnection() throws {
        let h = ClientHarness()
        let first = h.get("/1")
        h.feed("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nA")
        #expect(try successResultOf(readBody(try successResultOf(first))) == [65])
        h.transport.clear()
        let second = h.get("/2")
        #expect(h.written.hasPrefix("GET /2 HTTP/1.1\r\n"))
        h.feed("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nB")
        #expect(try successResultOf(readBody(try successResultOf(second))) == [66])
        #expect(h.quiescentCalls == 2)
    }

    @Test(arguments: [
        "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\nA",
        "HTTP/1.1 200 OK\r\nConnection: keep-alive, Close\r\nContent-Length: 1\r\n\r\nA",
        "HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nA",
        "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nAgarbage",
    ])
    func responsesThatForbidReuseCloseTheConnection(raw: String) throws {
        let h = ClientHarness()
        let d = h.get()
        h.feed(raw)
        #expect(try successResultOf(readBody(try successResultOf(d))) == [65])
        #expect(h.quiescentCalls == 0)
        #expect(h.transport.isDisconnecting)
    }

    @Test func parseErrorFailsRequestWithResponseFailedAndCloses() throws {
        let h = ClientHarness()
        let d = h.get()
        h.feed("HTTP/1.1 200 OK\r\nContent-Length: +5\r\n\r\nhello")
        let error = try failureResultOf(d, ResponseFailed.self)
        #expect(error.hasReason(HTTPParseError.self))
        #expect(h.transport.isDisconnecting)
        h.proto.connectionLost(reason: ConnectionDone())
        #expect(h.quiescentCalls == 0)
    }

    @Test func connectionLostBeforeAnyByteIsResponseNeverReceived() throws {
        let h = ClientHarness()
        let d = h.get()
        h.proto.connectionLost(reason: ConnectionDone())
        _ = try failureResultOf(d, ResponseNeverReceived.self)
        #expect(h.proto.state == "CONNECTION_LOST")
    }

    @Test func connectionLostMidHeadIsResponseFailed() throws {
        let h = ClientHarness()
        let d = h.get()
        h.feed("HTTP/1.1 200 OK\r\nContent-")
        h.proto.connectionLost(reason: ConnectionLost("reset"))
        _ = try failureResultOf(d, ResponseFailed.self)
    }

    @Test func connectionLostMidBodyFailsTheBody() throws {
        let h = ClientHarness()
        let d = h.get()
        h.feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")
        let body = readBody(try successResultOf(d))
        h.proto.connectionLost(reason: ConnectionDone())
        _ = try failureResultOf(body, ResponseFailed.self)
    }

    @Test func closeDelimitedBodyEndsAtCleanCloseWithPotentialDataLoss() throws {
        let h = ClientHarness()
        let d = h.get()
        h.feed("HTTP/1.1 200 OK\r\n\r\nsome")
        let recorder = RecordingBody()
        try successResultOf(d).deliverBody(recorder)
        h.feed(" bytes")
        h.proto.connectionLost(reason: ConnectionDone())
        #expect(recorder.text == "some bytes")
        #expect(recorder.reason is PotentialDataLoss)
        #expect(h.quiescentCalls == 0)
    }

    @Test func closeDelimitedBodyEndedByResetIsAnError() throws {
        let h = ClientHarness()
        let d = h.get()
        h.feed("HTTP/1.1 200 OK\r\n\r\nsome")
        let body = readBody(try successResultOf(d))
        h.proto.connectionLost(reason: ConnectionLost("reset"))
        _ = try failureResultOf(body, ResponseFailed.self)
    }

    @Test func requestWhileBusyIsRequestNotSent() throws {
        let h = ClientHarness()
        _ = h.get()
        let second = h.get()
        _ = try failureResultOf(second, RequestNotSent.self)
    }

    @Test func invalidRequestWritesNothingAndKeepsTheConnection() throws {
        let h = ClientHarness()
        var headers = Headers()
        headers.add(name: "X-Bad", value: "a\r\nInjected: yes")
        let d = h.get("/", headers: headers)
        _ = try failureResultOf(d, InvalidRequest.self)
        #expect(h.written.isEmpty)
        #expect(h.proto.isQuiescent)
        let ok = h.get()
        try assertNoResult(ok)
        #expect(!h.written.isEmpty)
    }

    @Test func cancelWhileWaitingAbortsAndFailsOnce() throws {
        let h = ClientHarness()
        let d = h.get()
        d.cancel()
        let error = try failureResultOf(d, ResponseNeverReceived.self)
        #expect(error.hasReason(CancelledError.self))
        #expect(h.transport.isDisconnected)
        h.feed("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
        h.proto.connectionLost(reason: ConnectionLost.aborted)
        #expect(h.quiescentCalls == 0)
    }

    @Test func twistedBugAbortWhileWaitingThenFullResponseFiresOnce() throws {
        let h = ClientHarness()
        let d = h.get()
        let aborted = h.proto.abort()
        #expect(h.transport.isDisconnecting)
        h.feed("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
        try assertNoResult(d)
        try assertNoResult(aborted)
        h.proto.connectionLost(reason: ConnectionDone())
        let error = try failureResultOf(d, ResponseNeverReceived.self)
        #expect(error.hasReason(ConnectionAborted.self))
        try successResultOf(aborted)
        #expect(h.quiescentCalls == 0)
    }

    @Test func twistedBugAbortWhileTransmittingFiresOnceAndStopsTheBody() throws {
        let h = ClientHarness()
        let body = StreamingBodyProducer()
        let d = h.proto.request(Request(method: "POST", target: "/", host: "h", bodyProducer: body))
        body.write(Array("part".utf8))
        #expect(h.proto.state == "TRANSMITTING")
        let aborted = h.proto.abort()
        #expect(body.isStopped)
        h.proto.connectionLost(reason: ConnectionDone())
        let error = try failureResultOf(d, RequestTransmissionFailed.self)
        #expect(error.hasReason(ConnectionAborted.self))
        try successResultOf(aborted)
        #expect(try successResultOf(h.proto.abort()) == ())
    }

    @Test func abortMidBodyFailsTheBody() throws {
        let h = ClientHarness()
        let d = h.get()
        h.feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")
        let body = readBody(try successResultOf(d))
        _ = h.proto.abort()
        h.proto.connectionLost(reason: ConnectionDone())
        let error = try failureResultOf(body, ResponseFailed.self)
        #expect(error.hasReason(ConnectionAborted.self))
    }

    @Test func unsolicitedBytesOnIdleConnectionCloseIt() {
        let h = ClientHarness()
        h.feed("HTTP/1.1 200 OK\r\n\r\n")
        #expect(h.transport.isDisconnecting)
    }

    @Test func earlyResponseWhileTransmittingIsDeliveredAndConnectionGivenUp() throws {
        let h = ClientHarness()
        let body = StreamingBodyProducer()
        let d = h.proto.request(Request(method: "POST", target: "/up", host: "h", bodyProducer: body))
        h.feed("HTTP/1.1 413 Too Large\r\nContent-Length: 0\r\n\r\n")
        #expect(try successResultOf(d).code == 413)
        #expect(body.isStopped)
        #expect(h.transport.isDisconnecting)
        #expect(h.quiescentCalls == 0)
    }

    @Test func readBodyCancelAbortsOnceAndFiresOnce() throws {
        let h = ClientHarness()
        let d = h.get()
        h.feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")
        let body = readBody(try successResultOf(d))
        body.cancel()
        _ = try failureResultOf(body, CancelledError.self)
        #expect(h.transport.isDisconnected)
        body.cancel()
        h.feed("defghij")
        h.proto.connectionLost(reason: ConnectionLost.aborted)
        #expect(h.quiescentCalls == 0)
    }

    @Test func readBodyMaxSize() throws {
        let h = ClientHarness()
        let d = h.get()
        h.feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789")
        let body = readBody(try successResultOf(d), maxSize: 4)
        #expect(try failureResultOf(body, BodyTooLarge.self).maxSize == 4)
    }

    @Test func consumerPauseReachesTheTransport() throws {
        let h = ClientHarness()
        let d = h.get()
        h.feed("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n")
        let recorder = RecordingBody()
        try successResultOf(d).deliverBody(recorder)
        recorder.producer?.pauseProducing()
        #expect(h.transport.producerState == .paused)
        recorder.producer?.resumeProducing()
        #expect(h.transport.producerState == .producing)
        h.feed("abcd")
        #expect(recorder.reason is ResponseDone)
    }

    @Test func bytesBodyGoesOutWithTheHeadInOneWrite() throws {
        let h = ClientHarness()
        let d = h.proto.request(
            Request(method: "POST", target: "/p", host: "h", bodyProducer: BytesBodyProducer("name=value")))
        #expect(h.written == "POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nname=value")
        #expect(h.proto.state == "WAITING")
        #expect(h.transport.producer == nil)
        try assertNoResult(d)
    }

    @Test func postWithoutBodySendsContentLengthZero() throws {
        let h = ClientHarness()
        _ = h.proto.request(Request(method: "POST", target: "/", host: "h"))
        #expect(h.written == "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n")
    }

    @Test func streamingBodyIsChunked() throws {
        let h = ClientHarness()
        let body = StreamingBodyProducer()
        _ = h.proto.request(Request(method: "PUT", target: "/s", host: "h", bodyProducer: body))
        #expect(h.written.isEmpty)
        body.write(Array("hello".utf8))
        body.write(Array(String(repeating: "x", count: 26).utf8))
        body.finish()
        #expect(
            h.written == "PUT /s HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n1a\r\n"
                + String(repeating: "x", count: 26) + "\r\n0\r\n\r\n")
        #expect(h.proto.state == "WAITING")
    }

    @Test func bodyProducerWritingTooMuchFailsGeneration() throws {
        let h = ClientHarness()
        let body = StreamingBodyProducer(length: 3)
        let d = h.proto.request(Request(method: "PUT", target: "/", host: "h", bodyProducer: body))
        body.write(Array("abcd".utf8))
        let error = try failureResultOf(d, RequestGenerationFailed.self)
        #expect(error.hasReason(WrongBodyLength.self))
        #expect(h.transport.isDisconnected)
        #expect(!h.written.contains("abcd"))
    }

    @Test func bodyProducerWritingTooLittleFailsGeneration() throws {
        let h = ClientHarness()
        let body = StreamingBodyProducer(length: 3)
        let d = h.proto.request(Request(method: "PUT", target: "/", host: "h", bodyProducer: body))
        body.write(Array("ab".utf8))
        body.finish()
        _ = try failureResultOf(d, RequestGenerationFailed.self)
    }

    @Test func connectionLostWhileTransmittingStopsTheBody() throws {
        let h = ClientHarness()
        let body = StreamingBodyProducer()
        let d = h.proto.request(Request(method: "PUT", target: "/", host: "h", bodyProducer: body))
        h.proto.connectionLost(reason: ConnectionLost("reset"))
        _ = try failureResultOf(d, RequestTransmissionFailed.self)
        #expect(body.isStopped)
    }

    @Test func responseSplitAtEveryOffsetGivesTheSameResult() throws {
        let raw = Array(
            ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Y: z\r\n\r\n"
                + "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nTrailer-A: 1\r\n\r\n").utf8)
        for split in 0...raw.count {
            for byteAtATime in [false, true] {
                let h = ClientHarness()
                let d = h.get()
                let recorder = RecordingBody()
                d.addCallback { r in r.deliverBody(recorder); return r }
                if byteAtATime {
                    for b in raw { h.proto.dataReceived([b]) }
                } else {
                    h.proto.dataReceived(Array(raw[..<split]))
                    h.proto.dataReceived(Array(raw[split...]))
                }
                #expect(recorder.text == "hello world")
                #expect(recorder.reason is ResponseDone)
                #expect(try successResultOf(d).trailers["trailer-a"] == "1")
                #expect(h.quiescentCalls == 1)
                if byteAtATime { break }
            }
        }
    }

    @Test func interimResponsesAreSkipped() throws {
        let h = ClientHarness()
        let d = h.get()
        h.feed("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n")
        try assertNoResult(d)
        h.feed("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
        let response = try successResultOf(d)
        #expect(response.code == 200)
        #expect(response.headers["link"] == nil)
    }

    @Test func headResponseHasNoBody() throws {
        let h = ClientHarness()
        let d = h.proto.request(Request(method: "HEAD", target: "/", host: "h"))
        h.feed("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n")
        #expect(try successResultOf(readBody(try successResultOf(d))).isEmpty)
        #expect(h.quiescentCalls == 1)
    }
}

@Suite("HTTP11ClientProtocol re-entrancy")
struct HTTP11ClientReentrancyTests {
    @Test func nextRequestFromTheBodysEndGetsItsOwnResponse() throws {
        let h = ClientHarness()
        var second: Deferred<Response>?
        let first = h.get("/1")
        h.feed("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n")
        readBody(try successResultOf(first)).addCallback { (_: [UInt8]) -> Void in
            second = h.get("/2")
        }
        h.feed("A")
        let next = try #require(second)
        try assertNoResult(next)
        h.feed("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n")
        #expect(try successResultOf(next).code == 201)
    }

    @Test func nextRequestFromTheQuiescentCallbackOfABodilessResponse() throws {
        let h = ClientHarness()
        var second: Deferred<Response>?
        h.proto.quiescentCallback = { p in
            if second == nil { second = p.request(Request(method: "GET", target: "/2", host: "h")) }
        }
        let first = h.get("/1")
        h.feed("HTTP/1.1 204 No Content\r\n\r\n")
        #expect(try successResultOf(first).code == 204)
        let next = try #require(second)
        try assertNoResult(next)
        h.feed("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
        #expect(try successResultOf(next).code == 200)
    }
}
