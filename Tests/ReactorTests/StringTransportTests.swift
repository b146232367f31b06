import Deferred
import Reactor
import ReactorTesting
import Testing

/// A push producer that records calls.
final class RecordingProducer: PushProducer {
    var calls: [String] = []
    func pauseProducing() { calls.append("pause") }
    func resumeProducing() { calls.append("resume") }
    func stopProducing() { calls.append("stop") }
}

@Suite("StringTransport")
struct StringTransportTests {
    @Test func recordsWritesAndClears() {
        let transport = StringTransport()
        transport.write(Array("hello ".utf8))
        transport.write(Array("big world".utf8)[4...])
        transport.writeSequence([[33], [10]])
        #expect(transport.text == "hello world!\n")
        transport.clear()
        #expect(transport.value.isEmpty)
    }

    @Test func loseAndAbort() {
        let transport = StringTransport()
        transport.loseConnection()
        #expect(transport.isDisconnecting && !transport.isDisconnected)
        let aborted = StringTransport()
        aborted.abortConnection()
        #expect(aborted.isDisconnecting && aborted.isDisconnected)
    }

    @Test func producerRegistration() {
        let transport = StringTransport()
        let producer = RecordingProducer()
        transport.registerProducer(producer, streaming: true)
        #expect(transport.producer === producer)
        #expect(transport.streaming == true)
        transport.unregisterProducer()
        #expect(transport.producer == nil && transport.streaming == nil)
    }

    @Test func producerStates() {
        let transport = StringTransport()
        #expect(transport.producerState == .producing)
        transport.pauseProducing()
        #expect(transport.producerState == .paused)
        transport.resumeProducing()
        #expect(transport.producerState == .producing)
        transport.stopProducing()
        #expect(transport.producerState == .stopped)
    }

    @Test func lenientAllowsResumingAfterLoseConnection() {
        let transport = StringTransport(isLenient: true)
        transport.loseConnection()
        transport.pauseProducing()
        transport.resumeProducing()
        #expect(transport.producerState == .producing)
    }

    @Test func resumingAfterLoseConnectionIsAProgrammingError() async {
        await #expect(processExitsWith: .failure) {
            let transport = StringTransport()
            transport.loseConnection()
            transport.resumeProducing()
        }
    }

    @Test func addressesAndOptions() {
        let transport = StringTransport(
            hostAddress: .unix(path: "/a"), peerAddress: .ipv6(host: "::1", port: 9))
        #expect(transport.getHost() == .unix(path: "/a"))
        #expect(transport.getPeer().description == "[::1]:9")
        transport.setTcpNoDelay(true)
        transport.setTcpKeepAlive(true)
        #expect(transport.tcpNoDelay && transport.tcpKeepAlive)
        transport.loseWriteConnection()
        #expect(transport.isWriteConnectionLost)
    }

    @Test func withDisconnectionDeliversConnectionDoneOnce() throws {
        let transport = StringTransportWithDisconnection()
        let proto = AccumulatingProtocol()
        transport.connect(proto)
        #expect(proto.made && proto.transport === transport)
        transport.loseConnection()
        transport.loseConnection()
        let reason = try #require(proto.closedReason as? ConnectionDone)
        #expect(reason.detail == "Bye.")
        #expect(proto.closedDeferred.isCalled)
    }

    @Test func withDisconnectionAbortDeliversConnectionLost() throws {
        let transport = StringTransportWithDisconnection()
        let proto = AccumulatingProtocol()
        transport.connect(proto)
        transport.abortConnection()
        let reason = try #require(proto.closedReason as? ConnectionLost)
        #expect(reason.isAborted)
    }
}
