import Deferred
import Reactor
import ReactorTesting
import TLS
import Testing

/// Records what arrives and pauses its transport once `pauseAt` bytes have arrived.
private final class PausingSink: BaseProtocol {
    var data: [UInt8] = []
    let pauseAt: Int
    var pausedOnce = false
    init(pauseAt: Int) { self.pauseAt = pauseAt }
    override func dataReceived(_ data: [UInt8]) {
        self.data += data
        if !pausedOnce, self.data.count >= pauseAt {
            pausedOnce = true
            transport?.pauseProducing()
        }
    }
}

@Suite("TLS flow control: large bodies both ways with backpressure")
struct FlowControlTests {
    static let size = 4 * 1024 * 1024

    @Test func largeUploadIsPacedByAReaderThatPauses() throws {
        let sink = PausingSink(pauseAt: 1024 * 1024)
        let pair = TLSPumpPair(clientOptions: try trustingClientOptions(), serverOptions: try serverOptions(), server: sink)
        let producer = PatternProducer(consumer: pair.clientTLS, total: Self.size)
        producer.start()
        pair.pump.flush()
        // The server paused reading: delivery stopped, and the client's producer was paused in turn.
        #expect(sink.data.count >= 1024 * 1024)
        #expect(sink.data.count <= 1024 * 1024 + 64 * 1024)
        #expect(producer.written < Self.size)
        #expect(producer.pauses >= 1)
        let heldBack = sink.data.count
        pair.pump.flush()
        #expect(sink.data.count == heldBack)
        sink.transport?.resumeProducing()
        pair.pump.flush(maxTurns: 10_000)
        #expect(producer.written == Self.size)
        #expect(sink.data.count == Self.size)
        #expect(sink.data == PatternProducer.pattern(from: 0, count: Self.size))
    }

    @Test func largeDownloadWithPausedProducerBeforeTheHandshake() throws {
        let client = AccumulatingProtocol()
        let pair = TLSPumpPair(
            clientOptions: try trustingClientOptions(), serverOptions: try serverOptions(), client: client, greet: false)
        // Registered before the handshake: held paused until it finishes.
        let producer = PatternProducer(consumer: pair.serverTLS, total: Self.size)
        var finished = false
        producer.onDone = { finished = true }
        producer.start()
        #expect(producer.written == 0)
        #expect(producer.isPaused)
        pair.pump.flush(maxTurns: 10_000)
        #expect(finished)
        #expect(client.data.count == Self.size)
        #expect(client.data == PatternProducer.pattern(from: 0, count: Self.size))
        #expect(producer.pauses >= 2, "paused for the handshake, then by the transport's high water mark")
    }

    @Test func pullProducerIsNotAskedBeforeTheHandshake() throws {
        final class Pull: PullProducer {
            var asked = 0
            weak var consumer: TLSMemoryBIOProtocol?
            func resumeProducing() {
                asked += 1
                if asked <= 3 { consumer?.write(Array("chunk\(asked) ".utf8)) } else { consumer?.unregisterProducer() }
            }
            func stopProducing() {}
        }
        let pair = TLSPumpPair(clientOptions: try trustingClientOptions(), serverOptions: try serverOptions(), greet: false)
        let pull = Pull()
        pull.consumer = pair.clientTLS
        pair.clientTLS.registerProducer(pull, streaming: false)
        pair.pump.flush()
        #expect(pull.asked >= 4)
        #expect(pair.serverRecorder.text == "chunk1 chunk2 chunk3 ")
    }
}
