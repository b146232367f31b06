import Deferred
import Glibc
import Testing
@testable import Reactor

/// A listening socket that never accepts, with backlog 0: once one connection sits in its accept queue,
/// Linux drops further SYNs, so later connects to it hang (loopback only; nothing leaves the machine).
func fullListener() throws -> (SocketDescriptor, Int) {
    let socket = try SocketDescriptor(streamFamily: AF_INET)
    try socket.bind(to: .ipv4(host: "127.0.0.1", port: 0))
    try socket.listen(backlog: 0)
    return (socket, Int(try socket.localAddress().port))
}

@Suite("Epoll reactor: connecting")
struct EpollConnectTests {
    @Test func refusedConnectFailsWithRefused() async throws {
        // A port that was bound and then closed: nothing listens there any more.
        let port = try {
            let socket = try SocketDescriptor(streamFamily: AF_INET)
            try socket.bind(to: .ipv4(host: "127.0.0.1", port: 0))
            return Int(try socket.localAddress().port)
        }()
        let error = try await runReactor { reactor in
            let factory = SingleUseClientFactory(BaseProtocol())
            reactor.connectTCP(host: "127.0.0.1", port: port, factory: factory)
            return factory.failed.addCallback { (error: any Error) -> String in
                "\(error) started=\(factory.started)"
            }
        }
        #expect(error.contains("refused"))
        #expect(error.hasSuffix("started=1"))
    }

    @Test func endpointRefusedIsTypedConnectError() async throws {
        let path = temporarySocketPath("nobody")
        let code = try await runReactor { reactor in
            UNIXClientEndpoint(reactor: reactor, path: path).connect(ProtocolFactory.forProtocol { BaseProtocol() })
                .addBoth { (result: Result<any ConnectionProtocol, any Error>) -> String in
                    guard case .failure(let error as ConnectError) = result else { return "unexpected \(result)" }
                    return "\(error.code)"
                }
        }
        #expect(code == "refused")
    }

    @Test func connectTimeoutFailsWithTimedOut() async throws {
        let (listener, port) = try fullListener()
        defer { listener.close() }
        let code = try await runReactor { reactor in
            // The first connection fills the accept queue; the second one's SYN is dropped and it hangs.
            let first = TCP4ClientEndpoint(reactor: reactor, host: "127.0.0.1", port: port)
                .connectProtocol(BaseProtocol())
            return first.addCallback { (_: BaseProtocol) -> Deferred<String> in
                TCP4ClientEndpoint(reactor: reactor, host: "127.0.0.1", port: port, timeout: .milliseconds(200))
                    .connectProtocol(BaseProtocol())
                    .addBoth { (result: Result<BaseProtocol, any Error>) -> String in
                        guard case .failure(let error as ConnectError) = result else { return "unexpected \(result)" }
                        return "\(error.code)"
                    }
            }
        }
        #expect(code == "timedOut")
    }

    @Test func cancellingAnEndpointConnectStopsTheAttempt() async throws {
        let (listener, port) = try fullListener()
        defer { listener.close() }
        let outcome = try await runReactor { reactor in
            let first = TCP4ClientEndpoint(reactor: reactor, host: "127.0.0.1", port: port)
                .connectProtocol(BaseProtocol())
            return first.addCallback { (_: BaseProtocol) -> Deferred<String> in
                let pending = TCP4ClientEndpoint(reactor: reactor, host: "127.0.0.1", port: port)
                    .connectProtocol(BaseProtocol())
                let outcome = pending.addBoth { (result: Result<BaseProtocol, any Error>) -> String in
                    guard case .failure(let error) = result else { return "connected" }
                    return error is ConnectingCancelledError ? "cancelled" : "\(error)"
                }
                reactor.callLater(.milliseconds(20)) { pending.cancel() }
                return outcome
            }
        }
        #expect(outcome == "cancelled")
    }

    @Test func hostnameEndpointConnectsToLocalhost() async throws {
        let received = try await runReactor { reactor in
            // Only IPv4 listens: if "localhost" lists ::1 first, that attempt is refused and 127.0.0.1 wins.
            let port = try reactor.listenTCP(port: 0, factory: ProtocolFactory.forProtocol { EchoProtocol() },
                                             interface: "127.0.0.1")
            let client = CollectingClient(payload: [Array("happy eyeballs".utf8)])
            return HostnameEndpoint(reactor: reactor, host: "localhost", port: port.getHost().port!)
                .connectProtocol(client)
                .addCallback { (client: CollectingClient) -> Deferred<[UInt8]> in client.done }
        }
        #expect(received == Array("happy eyeballs".utf8))
    }

    @Test func hostnameEndpointWithNoAddressesFailsWithDNSLookup() async throws {
        let code = try await runReactor { reactor in
            HostnameEndpoint(reactor: reactor, host: "example.invalid", port: 80) { _, _ in .succeed([]) }
                .connectProtocol(BaseProtocol())
                .addBoth { (result: Result<BaseProtocol, any Error>) -> String in
                    guard case .failure(let error as ConnectError) = result else { return "unexpected \(result)" }
                    return "\(error.code)"
                }
        }
        #expect(code == "dnsLookup")
    }

    @Test func hostnameEndpointInterleavesFamilies() {
        let v4a = Address.ipv4(host: "10.0.0.1", port: 1), v4b = Address.ipv4(host: "10.0.0.2", port: 1)
        let v6a = Address.ipv6(host: "fe80::1", port: 1), v6b = Address.ipv6(host: "fe80::2", port: 1)
        #expect(HostnameEndpoint.interleave([v6a, v6b, v4a, v4b]) == [v6a, v4a, v6b, v4b])
        #expect(HostnameEndpoint.interleave([v4a, v4b, v6a]) == [v4a, v6a, v4b])
    }
}
