import Deferred
import DeferredTesting
import Reactor
import ReactorTesting
import Testing
import WebClient

@testable import WebServer

@Suite("Idle timeout and lingering close")
struct TimeoutTests {
    @Test func idleConnectionIsClosedAfterTimeOut() {
        let harness = ServerHarness(configuration: HTTPServerConfiguration(timeOut: .seconds(10)))
        harness.addStandardRoutes()
        harness.clock.advance(.seconds(9))
        #expect(!harness.transport.isDisconnecting)
        harness.clock.advance(.seconds(1))
        #expect(harness.transport.isDisconnecting)
    }

    @Test func theIdlePeriodStartsAfterTheLastResponse() {
        let harness = ServerHarness(configuration: HTTPServerConfiguration(timeOut: .seconds(10)))
        harness.addStandardRoutes()
        harness.clock.advance(.seconds(8))
        harness.send(get("/hello"))
        harness.clock.advance(.seconds(8))  // 16 s since connect, 8 s idle
        #expect(!harness.transport.isDisconnecting)
        harness.clock.advance(.seconds(2))
        #expect(harness.transport.isDisconnecting)
    }

    @Test func requestInFlightIsNotClosed() {
        let harness = ServerHarness(configuration: HTTPServerConfiguration(timeOut: .seconds(10)))
        let answer = Deferred<ServerResponse>()
        harness.router.get("/slow") { _ in answer }
        harness.send(get("/slow"))
        harness.clock.advance(.seconds(60))
        #expect(!harness.transport.isDisconnecting)
        answer.callback(.text("done"))
        #expect(harness.responses().map(\.text) == ["done"])
        harness.clock.advance(.seconds(9))
        #expect(!harness.transport.isDisconnecting)
        harness.clock.advance(.seconds(1))
        #expect(harness.transport.isDisconnecting)
    }

    @Test func bytesOfAPartialHeadCountAsActivity() {
        let harness = ServerHarness(configuration: HTTPServerConfiguration(timeOut: .seconds(10)))
        harness.addStandardRoutes()
        harness.clock.advance(.seconds(6))
        harness.send("GET /hel")
        harness.clock.advance(.seconds(6))
        #expect(!harness.transport.isDisconnecting)
        harness.clock.advance(.seconds(4))  // 10 s after the last byte: a slow head is not in flight
        #expect(harness.transport.isDisconnecting)
    }

    @Test func noTimeOutMeansNoTimer() {
        let harness = ServerHarness(configuration: HTTPServerConfiguration(timeOut: nil))
        #expect(harness.clock.getDelayedCalls().isEmpty)
    }

    @Test func oneTimerPerConnectionUnderLoad() {
        let harness = ServerHarness(configuration: HTTPServerConfiguration(timeOut: .seconds(10)))
        harness.addStandardRoutes()
        for _ in 0..<100 { harness.send(get("/hello")) }
        #expect(harness.clock.getDelayedCalls().count == 1)
    }

    @Test func lingeringCloseEndsWhenTheClientCloses() {
        let harness = ServerHarness()
        harness.addStandardRoutes()
        harness.send(get("/hello", headers: "Connection: close\r\n"))
        #expect(harness.transport.isWriteConnectionLost)
        #expect(!harness.transport.isDisconnecting)
        harness.send("late bytes are read and dropped")
        #expect(harness.responses().count == 1)
        harness.channel.readConnectionLost()
        #expect(harness.transport.isDisconnecting)
    }

    @Test func lingeringCloseEndsAfterTheLingeringTimeout() {
        let harness = ServerHarness(configuration: HTTPServerConfiguration(lingeringTimeout: .seconds(20)))
        harness.addStandardRoutes()
        harness.send("GARBAGE\r\n\r\n")
        #expect(harness.responses().map(\.status) == [400])
        #expect(harness.transport.isWriteConnectionLost)
        harness.clock.advance(.seconds(19))
        #expect(!harness.transport.isDisconnecting)
        harness.clock.advance(.seconds(1))
        #expect(harness.transport.isDisconnecting)
    }

    @Test func lingeringCloseResumesAPausedReader() {
        let harness = ServerHarness(configuration: HTTPServerConfiguration(maxPipeline: 1))
        let answer = Deferred<ServerResponse>()
        harness.router.get("/slow") { _ in answer }
        harness.send(get("/slow", headers: "Connection: close\r\n"))
        answer.callback(.text("x"))
        #expect(harness.transport.isWriteConnectionLost)
        #expect(harness.transport.producerState == .producing)
    }

    @Test func halfCloseAfterRequestsStillGetsTheResponses() {
        let harness = ServerHarness()
        let answer = Deferred<ServerResponse>()
        harness.router.get("/slow") { _ in answer }
        harness.addStandardRoutes()
        harness.send(get("/hello") + get("/slow"))
        harness.channel.readConnectionLost()
        #expect(!harness.transport.isDisconnecting)
        answer.callback(.text("slow"))
        #expect(harness.responses().map(\.text) == ["hello", "slow"])
        #expect(harness.transport.isDisconnecting)
        #expect(!harness.transport.isWriteConnectionLost)  // no lingering: the client already finished
    }

    @Test func connectionLossFailsNotifyFinishAndStopsTheStream() throws {
        let harness = ServerHarness()
        let producer = StreamingBodyProducer()
        var finished: Deferred<Void>?
        harness.router.get("/stream") { request in
            finished = request.notifyFinish()
            return ServerResponse.stream(producer)
        }
        harness.send(get("/stream"))
        producer.write(Array("part".utf8))
        harness.transport.abortConnection()
        #expect(producer.isStopped)
        _ = try failureResultOf(try #require(finished), RequestAborted.self)
        #expect(harness.clock.getDelayedCalls().isEmpty)
    }
}
