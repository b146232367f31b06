import Deferred
import Reactor
import ReactorTesting
import Testing
import WebClient

@testable import WebServer

@Suite("Pipelining")
struct PipeliningTests {
    /// A router whose `/slow/:n` requests wait for the test to fire them.
    final class Pending {
        var deferreds: [String: Deferred<ServerResponse>] = [:]
        var handled: [String] = []
    }

    func slowHarness(configuration: HTTPServerConfiguration = HTTPServerConfiguration()) -> (ServerHarness, Pending) {
        let harness = ServerHarness(configuration: configuration)
        let pending = Pending()
        harness.router.get("/slow/:n") { request in
            let name = request.pathParameters["n"]!
            pending.handled.append(name)
            let deferred = Deferred<ServerResponse>()
            pending.deferreds[name] = deferred
            return deferred
        }
        harness.router.get("/fast/:n") { request in
            pending.handled.append(request.pathParameters["n"]!)
            return ServerResponse.text(request.pathParameters["n"]!)
        }
        return (harness, pending)
    }

    @Test func responsesAreWrittenInRequestOrder() {
        let (harness, pending) = slowHarness()
        harness.send(get("/slow/1") + get("/fast/2") + get("/slow/3"))
        #expect(pending.handled == ["1", "2", "3"])
        #expect(harness.output.isEmpty)  // 2 is ready but waits for 1

        pending.deferreds["3"]!.callback(.text("3"))
        #expect(harness.output.isEmpty)
        pending.deferreds["1"]!.callback(.text("1"))
        #expect(harness.responses().map(\.text) == ["1", "2", "3"])
        #expect(harness.channel.outstandingRequests == 0)
    }

    @Test func laterStreamStartsOnlyWhenEarlierResponsesAreDone() {
        let (harness, pending) = slowHarness()
        let producer = StreamingBodyProducer()
        harness.router.get("/stream") { _ in ServerResponse.stream(producer) }
        harness.send(get("/slow/1") + get("/stream"))
        producer.write(Array("early".utf8))  // buffered by the producer: not started yet
        #expect(harness.output.isEmpty)
        pending.deferreds["1"]!.callback(.text("1"))
        producer.write(Array("-late".utf8))
        producer.finish()
        let responses = harness.responses()
        #expect(responses.map(\.text) == ["1", "early-late"])
        #expect(responses.last?.header("Transfer-Encoding") == "chunked")
    }

    @Test func maxPipelinePausesReadingUntilAResponseCompletes() {
        let (harness, pending) = slowHarness(configuration: HTTPServerConfiguration(maxPipeline: 2))
        harness.send(get("/slow/1") + get("/slow/2") + get("/fast/3"))
        #expect(pending.handled == ["1", "2"])
        #expect(harness.transport.producerState == .paused)
        #expect(harness.channel.isReadingPaused)

        pending.deferreds["1"]!.callback(.text("1"))
        #expect(pending.handled == ["1", "2", "3"])  // the buffered request was processed on resume
        #expect(harness.transport.producerState == .paused)  // 2 and 3 outstanding again
        pending.deferreds["2"]!.callback(.text("2"))
        #expect(harness.responses().map(\.text) == ["1", "2", "3"])
        #expect(harness.transport.producerState == .producing)
    }

    @Test func maxPipelineOneAnswersOneAtATime() {
        let (harness, pending) = slowHarness(configuration: HTTPServerConfiguration(maxPipeline: 1))
        harness.send(get("/slow/1") + get("/slow/2"))
        #expect(pending.handled == ["1"])
        pending.deferreds["1"]!.callback(.text("1"))
        #expect(pending.handled == ["1", "2"])
        pending.deferreds["2"]!.callback(.text("2"))
        #expect(harness.responses().map(\.text) == ["1", "2"])
    }

    @Test func bodyOfTheLastAllowedRequestStillArrivesWhenThePipelineIsFull() throws {
        let harness = ServerHarness(configuration: HTTPServerConfiguration(maxPipeline: 1))
        harness.addStandardRoutes()
        harness.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n")
        #expect(harness.transport.producerState == .producing)
        harness.send("he")
        harness.send("llo" + get("/hello"))
        #expect(harness.responses().map(\.text) == ["hello", "hello"])
    }

    @Test func pipelinedRequestsSplitAtEveryOffset() {
        let wire = Array((get("/fast/a") + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nxyz" + get("/fast/b")).utf8)
        for split in 0...wire.count {
            let (harness, _) = slowHarness()
            harness.addStandardRoutes()
            harness.send(Array(wire[..<split]))
            harness.send(Array(wire[split...]))
            #expect(harness.responses().map(\.text) == ["a", "xyz", "b"], "split at \(split)")
        }
    }

    @Test func errorAfterPipelinedRequestsWaitsItsTurn() {
        let (harness, pending) = slowHarness()
        harness.send(get("/slow/1") + "BROKEN\r\n\r\n" + get("/fast/never"))
        #expect(harness.output.isEmpty)
        pending.deferreds["1"]!.callback(.text("1"))
        let responses = harness.responses()
        #expect(responses.map(\.status) == [200, 400])
        #expect(responses.last?.header("Connection") == "close")
        #expect(pending.handled == ["1"])
        #expect(harness.transport.isWriteConnectionLost)
    }
}
