import Deferred
import Glibc
import Testing
@testable import Reactor

@Suite("Epoll reactor: UDP over loopback")
struct EpollUDPTests {
    struct RoundTrip: Sendable {
        var request: [UInt8]
        var reply: [UInt8]
        var replyFrom: Address
        var server: Address
    }

    /// One datagram each way between two ports on `interface`, unconnected.
    private func roundTrip(interface: String) async throws -> RoundTrip {
        try await runReactor { reactor in
            let server = try reactor.listenUDP(port: 0, protocol: DatagramEcho(), interface: interface)
            let recorder = DatagramRecorder()
            let client = try reactor.listenUDP(port: 0, protocol: recorder, interface: interface)
            let serverAddress = server.getHost()
            try client.write(Array("ping".utf8), to: serverAddress)
            return recorder.received.addCallback { datagrams -> Deferred<RoundTrip> in
                let (reply, from) = datagrams[0]
                return server.stopListening().addCallback { _ in client.stopListening() }
                    .addCallback { _ in
                        RoundTrip(request: Array("ping".utf8), reply: reply, replyFrom: from, server: serverAddress)
                    }
            }
        }
    }

    @Test func unconnectedRoundTripOverIPv4() async throws {
        let result = try await roundTrip(interface: "127.0.0.1")
        #expect(result.reply == result.request)
        #expect(result.replyFrom == result.server)
        #expect(result.server.host == "127.0.0.1")
        #expect((result.server.port ?? 0) > 0)
    }

    @Test func unconnectedRoundTripOverIPv6() async throws {
        let result = try await roundTrip(interface: "::1")
        #expect(result.reply == result.request)
        #expect(result.replyFrom == result.server)
        #expect(result.server == .ipv6(host: "::1", port: result.server.port!))
    }

    @Test func protocolLifecycle() async throws {
        let (startedBefore, stoppedAfter, transportCleared) = try await runReactor { reactor in
            let recorder = DatagramRecorder()
            let port = try reactor.listenUDP(port: 0, protocol: recorder, interface: "127.0.0.1")
            let started = recorder.started
            #expect(recorder.transport === port)
            let first = port.stopListening()
            #expect(port.stopListening() === first)
            #expect(recorder.stopped == 0)  // doStop comes in a later iteration
            return first.addCallback { _ in (started, recorder.stopped, recorder.transport == nil) }
        }
        #expect(startedBefore == 1)
        #expect(stoppedAfter == 1)
        #expect(transportCleared)
    }
}
