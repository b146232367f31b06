import Reactor
import ReactorTesting
import Testing

/// Echoes every byte back, closing after it sees "bye".
final class Echo: BaseProtocol {
    override func dataReceived(_ data: [UInt8]) {
        transport?.write(data)
        if String(decoding: data, as: UTF8.self).contains("bye") {
            transport?.loseConnection()
        }
    }
}

/// Sends a greeting when connected.
final class Greeter: BaseProtocol {
    override func connectionMade() {
        transport?.write(Array("hello".utf8))
    }
}

/// A half-closeable protocol that records the half-close hooks.
final class HalfCloser: BaseProtocol, HalfCloseableProtocol {
    var events: [String] = []
    func readConnectionLost() { events.append("read lost") }
    func writeConnectionLost() { events.append("write lost") }
}

@Suite("IOPump")
struct IOPumpTests {
    @Test func greetingIsDeliveredOnConnect() {
        let client = AccumulatingProtocol()
        let pump = IOPump.connectedServerAndClient(server: Greeter(), client: client)
        #expect(client.text == "hello")
        #expect(!pump.pump(), "nothing left to move")
    }

    @Test func bytesMoveOnlyWhenPumped() {
        let client = AccumulatingProtocol()
        let pump = IOPump.connectedServerAndClient(server: Echo(), client: client)
        client.transport?.write(Array("ping".utf8))
        #expect(client.data.isEmpty)
        #expect(pump.pump())  // client -> server
        #expect(client.data.isEmpty)
        #expect(pump.pump())  // server echo -> client
        #expect(client.text == "ping")
    }

    @Test func closeIsReportedToBothSidesAfterTheData() throws {
        let client = AccumulatingProtocol()
        let server = Echo()
        let pump = IOPump.connectedServerAndClient(server: server, client: client)
        client.transport?.write(Array("bye".utf8))
        pump.flush()
        #expect(client.text == "bye")
        #expect(client.closedReason is ConnectionDone)
        #expect(!server.isConnected)
        #expect(pump.serverTransport.isDisconnected && pump.clientTransport.isDisconnected)
    }

    @Test func abortGivesConnectionLostBothWays() throws {
        let client = AccumulatingProtocol()
        let server = AccumulatingProtocol()
        let pump = IOPump.connectedServerAndClient(server: server, client: client)
        client.transport?.write([1, 2, 3])
        client.transport?.abortConnection()
        pump.flush()
        #expect(server.data.isEmpty, "abort drops unsent bytes")
        #expect((client.closedReason as? ConnectionLost)?.isAborted == true)
        #expect((server.closedReason as? ConnectionLost)?.isAborted == false)
    }

    @Test func pausedReceiverHoldsBytesBack() {
        let client = AccumulatingProtocol()
        let server = AccumulatingProtocol()
        let pump = IOPump.connectedServerAndClient(server: server, client: client)
        server.transport?.pauseProducing()
        client.transport?.write([7])
        #expect(!pump.flush())
        #expect(server.data.isEmpty)
        server.transport?.resumeProducing()
        pump.flush()
        #expect(server.data == [7])
    }

    @Test func pumpAdvancesTheClockByZero() {
        let clock = Clock()
        let client = AccumulatingProtocol()
        let pump = IOPump.connectedServerAndClient(server: AccumulatingProtocol(), client: client, clock: clock)
        var ran = false
        clock.callLater(.zero) { ran = true }
        pump.pump()
        #expect(ran)
    }

    @Test func halfCloseReachesAHalfCloseablePeer() {
        let client = HalfCloser()
        let server = HalfCloser()
        let pump = IOPump.connectedServerAndClient(server: server, client: client)
        client.transport?.write([1])
        client.transport?.loseWriteConnection()
        pump.flush()
        #expect(client.events == ["write lost"])
        #expect(server.events == ["read lost"])
        #expect(server.isConnected && client.isConnected)
        server.transport?.loseConnection()
        pump.flush()
        #expect(!server.isConnected && !client.isConnected)
    }

    @Test func pullProducerIsAskedForMore() {
        final class Chunks: PullProducer {
            var remaining = 3
            weak var transport: (any Transport)?
            func resumeProducing() {
                guard remaining > 0 else { transport?.unregisterProducer(); return }
                remaining -= 1
                transport?.write([UInt8(remaining)])
            }
            func stopProducing() {}
        }
        let server = AccumulatingProtocol()
        let client = AccumulatingProtocol()
        let pump = IOPump.connectedServerAndClient(server: server, client: client)
        let producer = Chunks()
        producer.transport = client.transport
        client.transport?.registerProducer(producer, streaming: false)
        pump.flush()
        #expect(server.data == [2, 1, 0])
        #expect(pump.clientTransport.producer == nil)
    }

    @Test func streamingProducerIsPausedAboveTheHighWaterMark() {
        let client = AccumulatingProtocol()
        let pump = IOPump.connectedServerAndClient(server: AccumulatingProtocol(), client: client)
        let producer = RecordingProducer()
        client.transport?.registerProducer(producer, streaming: true)
        client.transport?.write([UInt8](repeating: 0, count: WriteBufferWaterMarks.high + 1))
        #expect(producer.calls == ["pause"])
        pump.flush()
        #expect(producer.calls == ["pause", "resume"])
    }
}
