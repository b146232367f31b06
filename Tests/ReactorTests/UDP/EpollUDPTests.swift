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

@Suite("Epoll reactor: UDP modes and errors")
struct EpollUDPModeTests {
    @Test(arguments: ["127.0.0.1", "::1"])
    func connectedModeSendsWithoutAnAddress(interface: String) async throws {
        let (reply, from, echoAddress) = try await runReactor { reactor in
            let echo = try reactor.listenUDP(port: 0, protocol: DatagramEcho(), interface: interface)
            let recorder = DatagramRecorder()
            let client = try reactor.listenUDP(port: 0, protocol: recorder, interface: interface)
            try client.connect(host: interface, port: echo.getHost().port!)
            try client.write(Array("connected".utf8))
            return recorder.received.addCallback { datagrams in (datagrams[0].0, datagrams[0].1, echo.getHost()) }
        }
        #expect(reply == Array("connected".utf8))
        #expect(from == echoAddress)
    }

    @Test func icmpRefusalReachesConnectionRefused() async throws {
        let refused = try await runReactor { reactor in
            // A port that was bound and closed: nothing listens there, so the kernel answers with ICMP.
            let closed = try reactor.listenUDP(port: 0, protocol: DatagramRecorder(), interface: "127.0.0.1")
            let deadPort = closed.getHost().port!
            return closed.stopListening().addCallback { _ -> Deferred<Bool> in
                let recorder = DatagramRecorder()
                let client = try reactor.listenUDP(port: 0, protocol: recorder, interface: "127.0.0.1")
                try client.connect(host: "127.0.0.1", port: deadPort)
                try client.write(Array("anyone?".utf8))
                return recorder.refused.addCallback { _ in
                    _ = client.stopListening()
                    return true
                }
            }
        }
        #expect(refused)
    }

    /// The code of the DatagramError `body` throws, or nil.
    private static func code(_ body: () throws -> Void) -> DatagramError.Code? {
        do {
            try body()
            return nil
        } catch let error as DatagramError {
            return error.code
        } catch {
            return .other
        }
    }

    @Test func writeErrorsAreTyped() async throws {
        let codes = try await runReactor { reactor -> Deferred<[DatagramError.Code?]> in
            let port = try reactor.listenUDP(port: 0, protocol: DatagramRecorder(), interface: "127.0.0.1")
            var codes = [
                Self.code { try port.write([1]) },
                Self.code { try port.write([1], to: .ipv4(host: "localhost", port: 9)) },
                Self.code { try port.write([1], to: .ipv6(host: "::1", port: 9)) },
                Self.code { try port.write([UInt8](repeating: 0, count: 70_000), to: .ipv4(host: "127.0.0.1", port: 9)) },
                Self.code { try port.connect(host: "example.org", port: 53) },
            ]
            return port.stopListening().addCallback { _ -> [DatagramError.Code?] in
                codes.append(Self.code { try port.write([1], to: .ipv4(host: "127.0.0.1", port: 9)) })
                return codes
            }
        }
        #expect(codes == [.invalidAddress, .invalidAddress, .invalidAddress, .messageTooLong, .invalidAddress, .notListening])
    }

    @Test func manyDatagramsArriveWholeAndInOrder() async throws {
        // Bursts of 80 (more than one recvmmsg batch of 64) written before the loop reads, each sent once the
        // previous one has arrived, so the receive buffer (about 200 KiB) never overflows: UDP would drop.
        let (bursts, burst) = (6, 80)
        let received = try await runReactor { reactor in
            let recorder = DatagramRecorder(expecting: bursts * burst)
            let server = try reactor.listenUDP(port: 0, protocol: recorder, interface: "127.0.0.1", maxPacketSize: 512)
            let client = try reactor.listenUDP(port: 0, protocol: DatagramRecorder(), interface: "127.0.0.1")
            var sent = 0
            func sendBurst() {
                for _ in 0..<burst {
                    try? client.write(Array("datagram \(sent)".utf8), to: server.getHost())
                    sent += 1
                }
                guard sent < bursts * burst else { return }
                _ = deferUntil(clock: reactor) { recorder.datagrams.count == sent }.addCallback { _ in sendBurst() }
            }
            sendBurst()
            return recorder.received.addCallback { $0.map { String(decoding: $0.0, as: UTF8.self) } }
        }
        #expect(received == (0..<(bursts * burst)).map { "datagram \($0)" })
    }

    @Test func longDatagramsArriveCutToMaxPacketSize() async throws {
        let received = try await runReactor { reactor in
            let recorder = DatagramRecorder()
            let server = try reactor.listenUDP(port: 0, protocol: recorder, interface: "127.0.0.1", maxPacketSize: 100)
            let client = try reactor.listenUDP(port: 0, protocol: DatagramRecorder(), interface: "127.0.0.1")
            try client.write([UInt8](repeating: 7, count: 1000), to: server.getHost())
            return recorder.received.addCallback { $0[0].0 }
        }
        #expect(received == [UInt8](repeating: 7, count: 100))
    }

    @Test func listenErrorsAreCannotListenError() async throws {
        let errors = try await runReactor { reactor -> Deferred<Int> in
            var failures = 0
            for interface in ["localhost", "256.0.0.1"] {
                do { _ = try reactor.listenUDP(port: 0, protocol: DatagramRecorder(), interface: interface) } catch is CannotListenError {
                    failures += 1
                }
            }
            let taken = try reactor.listenUDP(port: 0, protocol: DatagramRecorder(), interface: "127.0.0.1")
            do { _ = try reactor.listenUDP(port: taken.getHost().port!, protocol: DatagramRecorder(), interface: "127.0.0.1") } catch let error as CannotListenError {
                if error.errno == EADDRINUSE { failures += 1 }
            }
            return .succeed(failures)
        }
        #expect(errors == 3)
    }

    @Test func shutdownStopsThePortsProtocol() async throws {
        let stopped = try await runReactor { reactor -> Deferred<Bool> in
            let recorder = DatagramRecorder()
            _ = try reactor.listenUDP(port: 0, protocol: recorder, interface: "127.0.0.1")
            reactor.addShutdownTrigger(phase: .after) {
                #expect(recorder.stopped == 1)
            }
            return .succeed(true)
        }
        #expect(stopped)
    }

    @Test func multicastOnLoopback() async throws {
        let group = "239.255.77.\(UInt8.random(in: 1...250))"
        let outcome = try await runReactor { reactor -> Deferred<String> in
            let recorder = DatagramRecorder()
            let receiver = try reactor.listenMulticast(port: 0, protocol: recorder, listenMultiple: true)
            let sender = try reactor.listenMulticast(port: 0, protocol: DatagramRecorder(), interface: "127.0.0.1")
            sender.setLoopbackMode(true)
            sender.setTTL(1)
            #expect(sender.getTTL() == 1)
            #expect(sender.getLoopbackMode())
            return receiver.joinGroup(group, interface: "127.0.0.1").addCallback { _ -> Deferred<String> in
                sender.setOutgoingInterface("127.0.0.1").addCallback { _ -> Deferred<String> in
                    #expect(sender.getOutgoingInterface() == "127.0.0.1")
                    try sender.write(Array("to the group".utf8), to: .ipv4(host: group, port: receiver.getHost().port!))
                    return recorder.received.addCallback { datagrams in String(decoding: datagrams[0].0, as: UTF8.self) }
                        .addTimeout(.seconds(2), clock: reactor)
                        .addCallback { text -> Deferred<String> in
                            receiver.leaveGroup(group, interface: "127.0.0.1").addCallback { _ in text }
                        }
                }
            }.addErrback { error in "skipped: \(error)" }
        }
        if outcome.hasPrefix("skipped") {
            print("multicast on loopback is not available here, test skipped (\(outcome.dropFirst("skipped: ".count)))")
            return
        }
        #expect(outcome == "to the group")
    }
    @Test func ipv6MulticastOnLoopback() async throws {
        // ff01::/16 is interface-local: it never leaves the host.
        let group = "ff01::7:\(String(UInt16.random(in: 1...0xfff), radix: 16))"
        let outcome = try await runReactor { reactor -> Deferred<String> in
            let recorder = DatagramRecorder()
            let receiver = try reactor.listenMulticast(port: 0, protocol: recorder, interface: "::", listenMultiple: true)
            let sender = try reactor.listenMulticast(port: 0, protocol: DatagramRecorder(), interface: "::1")
            sender.setLoopbackMode(true)
            sender.setTTL(1)
            return receiver.joinGroup(group, interface: "lo").addCallback { _ -> Deferred<String> in
                sender.setOutgoingInterface("lo").addCallback { _ -> Deferred<String> in
                    try sender.write(Array("to the v6 group".utf8), to: .ipv6(host: group, port: receiver.getHost().port!))
                    return recorder.received.addCallback { String(decoding: $0[0].0, as: UTF8.self) }
                        .addTimeout(.seconds(2), clock: reactor)
                }
            }.addErrback { error in "skipped: \(error)" }
        }
        if outcome.hasPrefix("skipped") {
            print("IPv6 multicast on loopback is not available here, test skipped (\(outcome.dropFirst("skipped: ".count)))")
            return
        }
        #expect(outcome == "to the v6 group")
    }
}
