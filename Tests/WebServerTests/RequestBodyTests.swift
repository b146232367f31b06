import Deferred
import DeferredTesting
import Reactor
import ReactorTesting
import Testing
import WebClient

@testable import WebServer

/// Records a streamed request body.
final class RecordingBodyConsumer: RequestBodyProtocol {
    var producer: (any PushProducer)?
    var data: [UInt8] = []
    var reason: (any Error)?
    func makeConnection(_ producer: any PushProducer) { self.producer = producer }
    func dataReceived(_ data: ArraySlice<UInt8>) { self.data += data }
    func connectionLost(reason: any Error) { self.reason = reason }
}

@Suite("Request bodies")
struct RequestBodyTests {
    static let chunkedRequest =
        "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "5\r\nhello\r\n1;ext=\"q v\";flag\r\n \r\n10\r\n0123456789abcdef\r\n0\r\nX-Trailer: t\r\n\r\n"

    @Test func contentLengthBodyIsCollected() {
        let harness = ServerHarness()
        harness.addStandardRoutes()
        harness.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world")
        #expect(harness.responses().map(\.text) == ["hello world"])
        #expect(harness.seen.first?.contentLength == 11)
    }

    @Test func chunkedBodySplitAtEveryOffset() throws {
        let wire = Array((Self.chunkedRequest + get("/hello")).utf8)
        for split in 0...wire.count {
            let harness = ServerHarness()
            harness.addStandardRoutes()
            harness.send(Array(wire[..<split]))
            harness.send(Array(wire[split...]))
            let responses = harness.responses()
            #expect(responses.map(\.text) == ["hello 0123456789abcdef", "hello"], "split at \(split)")
            #expect(harness.seen.first?.trailers["X-Trailer"] == "t", "split at \(split)")
            #expect(harness.seen.first?.contentLength == nil)
        }
    }

    @Test func chunkedBodyByteByByte() {
        let harness = ServerHarness()
        harness.addStandardRoutes()
        for byte in Array((Self.chunkedRequest + get("/hello")).utf8) { harness.send([byte]) }
        #expect(harness.responses().map(\.text) == ["hello 0123456789abcdef", "hello"])
    }

    @Test func streamedBodyPausesReading() {
        let harness = ServerHarness()
        let consumer = RecordingBodyConsumer()
        let answer = Deferred<ServerResponse>()
        harness.router.post("/upload") { request in
            request.deliverBody(consumer)
            return answer
        }
        harness.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n01234")
        #expect(consumer.data == Array("01234".utf8))
        consumer.producer?.pauseProducing()
        #expect(harness.transport.producerState == .paused)
        consumer.producer?.resumeProducing()
        #expect(harness.transport.producerState == .producing)
        harness.send("56789")
        #expect(consumer.reason is RequestBodyDone)
        answer.callback(.text("stored"))
        #expect(harness.responses().map(\.text) == ["stored"])
    }

    @Test func unreadBodyPausesReadingPastTheBufferSize() {
        let harness = ServerHarness(configuration: HTTPServerConfiguration(bodyBufferSize: 8))
        let answer = Deferred<ServerResponse>()
        var request: ServerRequest?
        harness.router.post("/later") { incoming in
            request = incoming
            return answer
        }
        harness.send("POST /later HTTP/1.1\r\nHost: x\r\nContent-Length: 20\r\n\r\n0123")
        #expect(harness.transport.producerState == .producing)
        harness.send("4567")
        #expect(harness.transport.producerState == .paused)
        let read = request!.readBody()
        #expect(harness.transport.producerState == .producing)
        harness.send("89abcdefghij")
        #expect(String(decoding: (try? successResultOf(read)) ?? [], as: UTF8.self) == "0123456789abcdefghij")
        answer.callback(.text("ok"))
        #expect(harness.responses().map(\.text) == ["ok"])
    }

    @Test func bodyNotReadIsDiscardedAfterTheResponse() {
        let harness = ServerHarness(configuration: HTTPServerConfiguration(bodyBufferSize: 4))
        harness.addStandardRoutes()
        harness.router.post("/ignore") { _ in ServerResponse.text("ignored") }
        harness.send("POST /ignore HTTP/1.1\r\nHost: x\r\nContent-Length: 16\r\n\r\n0123456789")
        #expect(harness.transport.producerState == .producing)
        harness.send("abcdef" + get("/hello"))
        #expect(harness.responses().map(\.text) == ["ignored", "hello"])
        #expect(!harness.isClosing)
    }

    @Test func bodyLargerThanTheLimitGets413AndClose() {
        let harness = ServerHarness(configuration: HTTPServerConfiguration(maxBodySize: 8))
        harness.addStandardRoutes()
        harness.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 20\r\n\r\n0123456789")
        let responses = harness.responses()
        #expect(responses.map(\.status) == [413])
        #expect(responses.first?.header("Connection") == "close")
        #expect(harness.transport.isWriteConnectionLost)
    }

    @Test func continueIsSentWhenTheHandlerAsksForTheBody() {
        let harness = ServerHarness()
        harness.addStandardRoutes()
        harness.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n")
        #expect(harness.output == "HTTP/1.1 100 Continue\r\n\r\n")
        harness.send("abc")
        let responses = harness.responses(methods: ["POST"])
        #expect(responses.first?.interim == [100])
        #expect(responses.first?.text == "abc")
        #expect(!harness.isClosing)
    }

    @Test func continueIsNotSentWhenTheHandlerAnswersWithoutTheBody() {
        let harness = ServerHarness()
        harness.router.post("/no") { _ in ServerResponse.error(403) }
        harness.send("POST /no HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n")
        let responses = harness.responses(methods: ["POST"])
        #expect(responses.map(\.status) == [403])
        #expect(responses.first?.interim == [])
        #expect(harness.transport.isWriteConnectionLost)  // the body may never come: close
    }

    @Test func halfCloseDuringTheBodyFailsIt() throws {
        let harness = ServerHarness()
        var read: Deferred<[UInt8]>?
        harness.router.post("/r") { request in
            let body = request.readBody()
            read = body
            return body.addCallback { _ in ServerResponse.text("never") }
        }
        harness.send("POST /r HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")
        harness.channel.readConnectionLost()
        _ = try failureResultOf(try #require(read), RequestBodyFailed.self)
        #expect(harness.responses().map(\.status) == [500])
        #expect(harness.transport.isDisconnecting)
    }
}
