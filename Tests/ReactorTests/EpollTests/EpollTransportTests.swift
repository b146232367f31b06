import Deferred
import Testing
@testable import Reactor

/// Writes 4 KiB chunks while not paused (from a timer, as a real producer would), counting pauses and
/// resumes, until `total` bytes were written.
final class ChunkProducer: PushProducer {
    unowned let reactor: EpollReactor
    let transport: any Transport
    let total: Int
    private(set) var written = 0
    private(set) var pauses = 0
    private(set) var resumes = 0
    private var paused = false
    let finished = Deferred<Void>()

    init(reactor: EpollReactor, transport: any Transport, total: Int) {
        self.reactor = reactor
        self.transport = transport
        self.total = total
    }

    func produce() {
        while !paused, written < total {
            transport.write([UInt8](repeating: 0x61, count: 4096))
            written += 4096
        }
        if written >= total, !finished.isCalled {
            transport.unregisterProducer()
            transport.loseConnection()
            finished.callback(())
        }
    }

    func pauseProducing() { pauses += 1; paused = true }
    func resumeProducing() {
        resumes += 1
        paused = false
        reactor.callLater(.zero) { self.produce() }
    }
    func stopProducing() {}
}

/// A server protocol that streams `total` bytes through a ``ChunkProducer``.
final class StreamingServer: BaseProtocol {
    unowned let reactor: EpollReactor
    let total: Int
    let producerReady = Deferred<ChunkProducer>()

    init(reactor: EpollReactor, total: Int) {
        self.reactor = reactor
        self.total = total
    }

    override func connectionMade() {
        let producer = ChunkProducer(reactor: reactor, transport: transport!, total: total)
        transport!.registerProducer(producer, streaming: true)
        producer.produce()
        producerReady.callback(producer)
    }
}

/// A slow reader: pauses its transport on connect; `resume()` lets it read everything.
final class SlowReader: BaseProtocol {
    var count = 0
    let expected: Int
    let done = Deferred<Int>()

    init(expected: Int) { self.expected = expected }

    override func connectionMade() { transport?.pauseProducing() }
    func resume() { transport?.resumeProducing() }
    override func dataReceived(_ data: [UInt8]) {
        count += data.count
        if count >= expected, !done.isCalled { done.callback(count) }
    }
}

@Suite("Epoll reactor: transports")
struct EpollTransportTests {
    @Test func writeBackpressurePausesAndResumesTheProducer() async throws {
        let total = 8 * 1024 * 1024
        let (pauses, resumes, received) = try await runReactor { reactor in
            let server = StreamingServer(reactor: reactor, total: total)
            let port = try reactor.listenTCP(port: 0, factory: ProtocolFactory.forProtocol { server },
                                             interface: "127.0.0.1")
            let reader = SlowReader(expected: total)
            return TCP4ClientEndpoint(reactor: reactor, host: "127.0.0.1", port: port.getHost().port!)
                .connectProtocol(reader)
                .addCallback { (_: SlowReader) -> Deferred<ChunkProducer> in server.producerReady }
                .addCallback { (producer: ChunkProducer) -> Deferred<(Int, Int, Int)> in
                    // The reader is paused, so the kernel buffers fill and the server's queue passes the
                    // high-water mark: the producer must have been paused.
                    let pausedBeforeResume = producer.pauses
                    reader.resume()
                    return reader.done.addCallback { (count: Int) -> (Int, Int, Int) in
                        (pausedBeforeResume, producer.resumes, count)
                    }
                }
        }
        #expect(pauses >= 1)
        #expect(resumes >= 1)
        #expect(received == total)
    }

    @Test func halfCloseKeepsTheOtherDirectionOpen() async throws {
        let (serverSaw, clientGot, reason) = try await runReactor { reactor in
            let server = RecordingProtocol()
            let port = try reactor.listenTCP(port: 0, factory: ProtocolFactory.forProtocol { server },
                                             interface: "127.0.0.1")
            let client = CollectingClient(payload: [Array("question".utf8)], expected: 6)
            return TCP4ClientEndpoint(reactor: reactor, host: "127.0.0.1", port: port.getHost().port!)
                .connectProtocol(client)
                .addCallback { (client: CollectingClient) -> Deferred<[UInt8]> in
                    client.transport?.loseWriteConnection()
                    return server.readClosed
                }
                .addCallback { (question: [UInt8]) -> Deferred<(String, String, String)> in
                    // The server's read side is closed, but it can still answer.
                    server.transport?.write(Array("answer".utf8))
                    server.transport?.loseConnection()
                    return client.done.addCallback { (answer: [UInt8]) -> Deferred<(String, String, String)> in
                        server.lost.addCallback { (reason: any Error) -> (String, String, String) in
                            (String(decoding: question, as: UTF8.self), String(decoding: answer, as: UTF8.self),
                             "\(type(of: reason))")
                        }
                    }
                }
        }
        #expect(serverSaw == "question")
        #expect(clientGot == "answer")
        #expect(reason == "ConnectionDone")
    }

    @Test func abortConnectionReportsAbortedLater() async throws {
        let (synchronous, aborted) = try await runReactor { reactor in
            let server = RecordingProtocol()
            let port = try reactor.listenTCP(port: 0, factory: ProtocolFactory.forProtocol { server },
                                             interface: "127.0.0.1")
            let client = CollectingClient(payload: [[UInt8](repeating: 1, count: 100_000)])
            return TCP4ClientEndpoint(reactor: reactor, host: "127.0.0.1", port: port.getHost().port!)
                .connectProtocol(client)
                .addCallback { (_: CollectingClient) -> Deferred<Void> in server.made }
                .addCallback { () -> Deferred<(Bool, Bool)> in
                    server.transport?.abortConnection()
                    let synchronous = server.lost.isCalled
                    return server.lost.addCallback { (reason: any Error) -> (Bool, Bool) in
                        (synchronous, (reason as? ConnectionLost)?.isAborted ?? false)
                    }
                }
        }
        #expect(!synchronous)
        #expect(aborted)
    }

    @Test func peerCloseGivesConnectionDone() async throws {
        let reason = try await runReactor { reactor in
            let port = try reactor.listenTCP(port: 0, factory: ProtocolFactory.forProtocol { EchoProtocol() },
                                             interface: "127.0.0.1")
            let client = CollectingClient(payload: [Array("bye".utf8)])
            reactor.connectTCP(host: "127.0.0.1", port: port.getHost().port!, factory: SingleUseClientFactory(client))
            return client.lost.addCallback { (reason: any Error) -> String in "\(type(of: reason))" }
        }
        #expect(reason == "ConnectionDone")
    }

    @Test func tcpOptionsAndAddresses() async throws {
        let summary = try await runReactor { reactor in
            let port = try reactor.listenTCP(port: 0, factory: ProtocolFactory.forProtocol { EchoProtocol() },
                                             interface: "127.0.0.1")
            return TCP4ClientEndpoint(reactor: reactor, host: "127.0.0.1", port: port.getHost().port!)
                .connectProtocol(BaseProtocol())
                .addCallback { (client: BaseProtocol) -> String in
                    let transport = client.transport as! any TCPTransport
                    transport.setTcpNoDelay(true)
                    transport.setTcpKeepAlive(true)
                    let peerOK = transport.getPeer() == port.getHost()
                    let hostOK = transport.getHost().host == "127.0.0.1"
                    transport.loseConnection()
                    return "\(transport.tcpNoDelay) \(transport.tcpKeepAlive) \(peerOK) \(hostOK)"
                }
        }
        #expect(summary == "true true true true")
    }
}
