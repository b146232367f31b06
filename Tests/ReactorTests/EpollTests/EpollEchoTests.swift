import Deferred
import Testing
@testable import Reactor

@Suite("Epoll reactor: TCP and UNIX echo")
struct EpollEchoTests {
    @Test func tcpEchoOverIPv4Loopback() async throws {
        let payload = (0..<200_000).map { UInt8(truncatingIfNeeded: $0) }
        let received = try await runReactor { reactor in
            let port = try reactor.listenTCP(port: 0, factory: ProtocolFactory.forProtocol { EchoProtocol() },
                                             interface: "127.0.0.1")
            let client = CollectingClient(payload: [Array(payload[..<1000]), Array(payload[1000...])])
            reactor.connectTCP(host: "127.0.0.1", port: port.getHost().port!, factory: SingleUseClientFactory(client))
            return client.done.addCallback { (bytes: [UInt8]) -> Deferred<[UInt8]> in
                port.stopListening().addCallback { bytes }
            }
        }
        #expect(received == payload)
    }

    @Test func tcpEchoOverIPv6Loopback() async throws {
        let received = try await runReactor { reactor in
            let port = try reactor.listenTCP(port: 0, factory: ProtocolFactory.forProtocol { EchoProtocol() },
                                             interface: "::1")
            let client = CollectingClient(payload: [Array("hello over ::1".utf8)])
            reactor.connectTCP(host: "::1", port: port.getHost().port!, factory: SingleUseClientFactory(client))
            return client.done
        }
        #expect(received == Array("hello over ::1".utf8))
    }

    @Test func unixEcho() async throws {
        let path = temporarySocketPath("echo")
        let received = try await runReactor { reactor in
            let port = try reactor.listenUNIX(path: path, factory: ProtocolFactory.forProtocol { EchoProtocol() })
            let client = CollectingClient(payload: [Array("over a unix socket".utf8)])
            reactor.connectUNIX(path: path, factory: SingleUseClientFactory(client))
            return client.done.addCallback { (bytes: [UInt8]) -> Deferred<[UInt8]> in
                #expect(port.getHost() == .unix(path: path))
                return port.stopListening().addCallback { bytes }
            }
        }
        #expect(received == Array("over a unix socket".utf8))
    }
}
