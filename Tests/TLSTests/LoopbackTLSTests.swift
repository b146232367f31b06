import Deferred
import Reactor
import ReactorTesting
import TLS
import Testing

/// Streams `total` pattern bytes when connected, collects the echo, closes when all came back.
private final class EchoCollector: BaseProtocol {
    let total: Int
    var received: [UInt8] = []
    let done = Deferred<String>()
    private var producer: PatternProducer?

    init(total: Int) { self.total = total }

    override func connectionMade() {
        let producer = PatternProducer(consumer: transport!, total: total)
        self.producer = producer
        producer.start()
    }

    override func dataReceived(_ data: [UInt8]) {
        received += data
        if received.count == total { transport?.loseConnection() }
    }

    override func connectionLost(reason: any Error) {
        super.connectionLost(reason: reason)
        let intact = received == PatternProducer.pattern(from: 0, count: total)
        done.callback("\(received.count) intact=\(intact) paused=\((producer?.pauses ?? 0) > 0) \(type(of: reason))")
    }
}

/// Records the connector callbacks a `ClientFactory` gets.
private final class RecordingClientFactory: ProtocolFactory {
    let outcome = Deferred<String>()
    override func clientConnectionFailed(connector: any Connector, reason: any Error) {
        outcome.callback("failed: \(type(of: reason))")
    }
    override func clientConnectionLost(connector: any Connector, reason: any Error) {
        outcome.callback("lost: \(type(of: reason))")
    }
}

@Suite("TLS over real loopback sockets (EpollReactor)")
struct LoopbackTLSTests {
    static let total = 3 * 1024 * 1024

    @Test func endpointsEchoMegabytesBothWays() async throws {
        let result = try await EpollReactor.runOnNewThread { reactor -> Deferred<String> in
            let serverTLS = try serverOptions()
            let server = TLSServerEndpoint(
                options: serverTLS, wrapping: TCP4ServerEndpoint(reactor: reactor, port: 0, interface: "127.0.0.1"))
            let clientOptions = try trustingClientOptions()
            let collector = EchoCollector(total: Self.total)
            return server.listen(ProtocolFactory.forProtocol { EchoProtocol() }).addCallback {
                (port: any ListeningPort) -> Deferred<String> in
                let endpoint = wrapClientTLS(
                    clientOptions, hostname: "localhost",
                    TCP4ClientEndpoint(reactor: reactor, host: "127.0.0.1", port: port.getHost().port!))
                return endpoint.connect(ProtocolFactory.forProtocol { collector }).addCallback {
                    (connected: any ConnectionProtocol) -> Deferred<String> in
                    #expect(connected === collector, "the endpoint hands back the caller's protocol")
                    return collector.done
                }.addCallback { (summary: String) -> Deferred<String> in
                    port.stopListening().addCallback { () -> Deferred<String> in
                        // Every SSL is freed once both ends are gone (checked on later reactor turns).
                        deferUntil(clock: reactor) { clientOptions.liveConnections == 0 && serverTLS.liveConnections == 0 }
                            .addCallback { (_: Bool) -> String in summary + " freed" }
                    }
                }
            }
        }
        #expect(result == "\(Self.total) intact=true paused=true ConnectionDone freed")
    }

    @Test func connectSSLPassesTheConnectorCallbacksOn() async throws {
        let outcomes = try await EpollReactor.runOnNewThread { reactor -> Deferred<[String]> in
            let port = try reactor.listenSSL(
                port: 0, factory: ProtocolFactory.forProtocol { EchoProtocol(greeting: Array("hi".utf8)) },
                options: try serverOptions(), interface: "127.0.0.1")
            let options = try trustingClientOptions()
            let closer = ProtocolFactory.forProtocol {
                final class CloseOnGreeting: BaseProtocol {
                    override func dataReceived(_ data: [UInt8]) { transport?.loseConnection() }
                }
                return CloseOnGreeting()
            }
            let good = RecordingClientFactory { _ in closer.buildProtocol(addr: .unix(path: nil)) }
            reactor.connectSSL(host: "127.0.0.1", port: port.getHost().port!, factory: good, options: options)
            let refused = RecordingClientFactory { _ in BaseProtocol() }
            return good.outcome.addCallback { (first: String) -> Deferred<[String]> in
                port.stopListening().addCallback { () -> Deferred<[String]> in
                    reactor.connectSSL(host: "127.0.0.1", port: port.getHost().port!, factory: refused, options: options)
                    return refused.outcome.addCallback { (second: String) -> [String] in [first, second] }
                }
            }
        }
        #expect(outcomes == ["lost: ConnectionDone", "failed: ConnectError"])
    }
}
