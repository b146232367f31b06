import Deferred
import Testing
@testable import Reactor
import ReactorTesting
import DeferredTesting

/// A protocol under test: asks a server a question and retries on the clock until it answers or the
/// attempts run out (the DNS-style client of the examples, in miniature).
private final class RetryingAsker: DatagramProtocol {
    var transport: (any DatagramTransport)?
    let clock: any ReactorTime
    let server: Address
    private(set) var attempts = 0
    private var retry: DelayedCall?
    let answer = Deferred<[UInt8]>()

    init(clock: any ReactorTime, server: Address) {
        self.clock = clock
        self.server = server
    }

    func startProtocol() { ask() }

    private func ask() {
        attempts += 1
        try? transport?.write(Array("question".utf8), to: server)
        retry = clock.callLater(.seconds(1)) { [weak self] in
            guard let self else { return }
            if self.attempts < 3 { self.ask() } else { self.answer.errback(TimeoutError(timeout: .seconds(3))) }
        }
    }

    func datagramReceived(_ datagram: [UInt8], from address: Address) {
        guard address == server, !answer.isCalled else { return }
        try? retry?.cancel()
        answer.callback(datagram)
    }

    func stopProtocol() { try? retry?.cancel() }
}

@Suite("FakeDatagramTransport and MemoryReactorClock.listenUDP")
struct FakeDatagramTransportTests {
    let server = Address.ipv4(host: "10.0.0.53", port: 53)

    @Test func listenUDPIsRecordedAndStartsTheProtocol() throws {
        let reactor = MemoryReactorClock()
        let asker = RetryingAsker(clock: reactor, server: server)
        _ = try reactor.listenUDP(port: 0, protocol: asker, interface: "127.0.0.1", maxPacketSize: 512)
        let record = try #require(reactor.udpServers.first)
        #expect(record.maxPacketSize == 512)
        #expect(record.transport.getHost() == .ipv4(host: "127.0.0.1", port: 0))
        #expect(record.transport.writes == [.init(datagram: Array("question".utf8), address: server)])
    }

    @Test func retriesOnTheFakeClockThenAnswers() throws {
        let reactor = MemoryReactorClock()
        let asker = RetryingAsker(clock: reactor, server: server)
        _ = try reactor.listenUDP(port: 0, protocol: asker)
        let transport = reactor.udpServers[0].transport
        reactor.advance(.seconds(1))
        #expect(transport.writes.count == 2)
        transport.deliver(Array("spoof".utf8), from: .ipv4(host: "6.6.6.6", port: 53))
        #expect(!asker.answer.isCalled)
        transport.deliver(Array("answer".utf8), from: server)
        #expect(try successResultOf(asker.answer) == Array("answer".utf8))
        #expect(reactor.getDelayedCalls().isEmpty)
    }

    @Test func givesUpAfterThreeAttempts() throws {
        let reactor = MemoryReactorClock()
        let asker = RetryingAsker(clock: reactor, server: server)
        _ = try reactor.listenUDP(port: 0, protocol: asker)
        reactor.pump([.seconds(1), .seconds(1), .seconds(1)])
        #expect(reactor.udpServers[0].transport.writes.count == 3)
        _ = try failureResultOf(asker.answer, TimeoutError.self)
    }

    @Test func writeErrorsAndModesFollowTheRealPort() throws {
        let transport = FakeDatagramTransport()
        let recorder = DatagramRecorder()
        transport.attach(recorder)
        #expect(recorder.started == 1)
        #expect(throws: DatagramError.self) { try transport.write([1]) }
        transport.nextWriteError = DatagramError(.sendBufferFull)
        #expect { try transport.write([1], to: server) } throws: { ($0 as? DatagramError)?.code == .sendBufferFull }
        try transport.write([2], to: server)
        #expect(transport.writtenDatagrams == [[2]])
        try transport.connect(host: "10.0.0.53", port: 53)
        #expect { try transport.connect(host: "10.0.0.53", port: 53) } throws: {
            ($0 as? DatagramError)?.code == .alreadyConnected
        }
        try transport.write([3])
        #expect(!transport.deliver([9], from: .ipv4(host: "1.1.1.1", port: 1)))
        #expect(transport.deliver([8], from: server))
        transport.refuse()
        #expect(recorder.refused.isCalled)
        _ = transport.stopListening()
        #expect(recorder.stopped == 1)
        #expect(recorder.transport == nil)
        #expect { try transport.write([4]) } throws: { ($0 as? DatagramError)?.code == .notListening }
    }

    @Test func multicastOptionsAreRecorded() throws {
        let reactor = MemoryReactorClock()
        let port = try reactor.listenMulticast(port: 5353, protocol: DatagramRecorder(), listenMultiple: true)
        _ = port.joinGroup("224.0.0.251")
        port.setTTL(4)
        port.setLoopbackMode(false)
        let fake = reactor.udpServers[0].transport
        #expect(reactor.udpServers[0].listenMultiple)
        #expect(fake.groups == ["224.0.0.251"])
        #expect(port.getTTL() == 4 && !port.getLoopbackMode())
        _ = try failureResultOf(port.leaveGroup("224.0.0.252"), MulticastJoinError.self)
    }
}

@Suite("MemoryReactorClock: descriptors, signals, adopted sockets")
struct MemoryReactorMoreTests {
    final class Reader: ReadDescriptor {
        let fileno: Int32 = 42
        func doRead() throws {}
        func connectionLost(reason: any Error) {}
    }

    @Test func readersAndWritersAreRecorded() throws {
        let reactor = MemoryReactorClock()
        let reader = Reader()
        try reactor.addReader(reader)
        try reactor.addReader(reader)
        #expect(reactor.getReaders().count == 1)
        #expect(reactor.removeAll().count == 1)
        #expect(reactor.getReaders().isEmpty)
    }

    @Test func signalsAreDeliveredByTheTest() throws {
        let reactor = MemoryReactorClock()
        var seen: [Int32] = []
        let id = try reactor.addSignalHandler(1) { seen.append($0) }
        #expect(reactor.handledSignals == [1])
        #expect(reactor.deliverSignal(1) == 1)
        reactor.removeSignalHandler(id)
        #expect(reactor.deliverSignal(1) == 0)
        #expect(seen == [1])
    }

    @Test func adoptionIsRecorded() throws {
        let reactor = MemoryReactorClock()
        let factory = ProtocolFactory.forProtocol { BaseProtocol() }
        let port = try reactor.adoptStreamPort(fd: 3, addressFamily: .ipv6, factory: factory)
        #expect(port.getHost() == .ipv6(host: "::", port: 1234))
        try reactor.adoptStreamConnection(fd: 4, addressFamily: .ipv4, factory: factory)
        _ = try reactor.adoptDatagramPort(fd: 5, addressFamily: .ipv4, protocol: DatagramRecorder())
        #expect(reactor.adoptedPorts.map(\.fd) == [3, 5])
        #expect(reactor.adoptedStreamConnections.map(\.fd) == [4])
        #expect(throws: UnsupportedAddressFamily.self) {
            try reactor.adoptDatagramPort(fd: 6, addressFamily: .unix, protocol: DatagramRecorder())
        }
    }
}
