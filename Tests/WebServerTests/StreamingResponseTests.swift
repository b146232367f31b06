import Deferred
import DeferredTesting
import Reactor
import ReactorTesting
import Testing
import WebClient

@testable import WebServer

/// Records a response body on the client side, optionally pausing it.
final class ClientBody: ResponseBodyProtocol {
    var producer: (any PushProducer)?
    var data: [UInt8] = []
    var reason: (any Error)?
    func makeConnection(_ producer: any PushProducer) { self.producer = producer }
    func dataReceived(_ data: ArraySlice<UInt8>) { self.data += data }
    func connectionLost(reason: any Error) { self.reason = reason }
}

@Suite("Streaming responses")
struct StreamingResponseTests {
    @Test func unknownLengthIsChunked() {
        let harness = ServerHarness()
        let producer = StreamingBodyProducer()
        harness.router.get("/s") { _ in ServerResponse.stream(producer, contentType: "text/plain") }
        harness.send(get("/s") + get("/s2"))
        // The head goes out at once, before any body byte.
        #expect(harness.output.hasPrefix("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"))
        producer.write(Array("one,".utf8))
        producer.write(Array("two".utf8))
        #expect(harness.output.hasSuffix("\r\n\r\n4\r\none,\r\n3\r\ntwo\r\n"))
        #expect(harness.responses().isEmpty)
        producer.finish()
        let responses = harness.responses()
        #expect(responses.map(\.text) == ["one,two", "Not Found\n"])
        #expect(harness.transport.producer == nil)
    }

    @Test func knownLengthIsSentWithContentLength() {
        let harness = ServerHarness()
        let producer = StreamingBodyProducer(length: 6)
        producer.write(Array("abc".utf8))
        harness.router.get("/s") { _ in ServerResponse.stream(producer) }
        harness.send(get("/s"))
        producer.write(Array("def".utf8))
        producer.finish()
        let responses = harness.responses()
        #expect(responses.first?.header("Content-Length") == "6")
        #expect(responses.first?.text == "abcdef")
        #expect(!harness.isClosing)
    }

    @Test func producerWritingTooMuchAbortsTheConnection() {
        let harness = ServerHarness()
        let producer = StreamingBodyProducer(length: 2)
        harness.router.get("/s") { _ in ServerResponse.stream(producer) }
        harness.send(get("/s"))
        producer.write(Array("abc".utf8))
        #expect(harness.transport.isDisconnected)
    }

    @Test func producerFailingAbortsTheConnection() {
        let harness = ServerHarness()
        let producer = StreamingBodyProducer()
        harness.router.get("/s") { _ in ServerResponse.stream(producer) }
        harness.send(get("/s"))
        struct Broken: Error {}
        producer.fail(Broken())
        #expect(harness.transport.isDisconnected)
    }

    @Test func http10StreamIsCloseDelimited() {
        let harness = ServerHarness()
        let producer = StreamingBodyProducer()
        harness.router.get("/s") { _ in ServerResponse.stream(producer) }
        harness.send("GET /s HTTP/1.0\r\n\r\n")
        producer.write(Array("raw".utf8))
        producer.finish()
        #expect(!harness.output.contains("chunked"))
        #expect(harness.output.hasSuffix("Connection: close\r\n\r\nraw"))
        #expect(harness.transport.isWriteConnectionLost)
    }

    @Test func slowClientPausesTheProducer() throws {
        let router = Router()
        let producer = StreamingBodyProducer()
        router.get("/big") { _ in ServerResponse.stream(producer) }
        let clock = Clock()
        let server = HTTPChannel(handler: router, clock: clock)
        let client = HTTP11ClientProtocol()
        let pump = IOPump.connectedServerAndClient(server: server, client: client, clock: clock)
        let responseDeferred = client.request(Request(method: "GET", target: "/big", host: "x"))
        pump.flush()
        producer.write([UInt8](repeating: 0x62, count: 10_000))
        pump.flush()
        let response = try successResultOf(responseDeferred)
        let body = ClientBody()
        response.deliverBody(body)
        pump.flush()
        #expect(body.data.count == 10_000)

        // The client stops reading: the server's unsent bytes pile up past the high water mark.
        body.producer?.pauseProducing()
        for _ in 0..<10 where !producer.isPaused {
            producer.write([UInt8](repeating: 0x62, count: 16 * 1024))
            pump.flush()
        }
        #expect(producer.isPaused)
        #expect(body.data.count == 10_000)

        // It reads again: the bytes drain and the producer resumes.
        body.producer?.resumeProducing()
        pump.flush()
        #expect(!producer.isPaused)
        producer.finish()
        pump.flush()
        #expect(body.reason is ResponseDone)
        #expect(body.data.count > 64 * 1024)
        #expect(body.data.allSatisfy { $0 == 0x62 })
    }
}
