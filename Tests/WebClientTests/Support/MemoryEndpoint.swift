import Deferred
import Reactor
@testable import WebClient

/// A client endpoint over `MemoryReactorClock.connectTCP`: each `connect` records a `tcpClients` entry
/// whose connector the test completes (`complete()`, which attaches a `StringTransport`) or fails.
///
/// Stands in for `TCP4ClientEndpoint` until branch reactor-epoll is merged: the Deferred fires with the
/// factory's protocol right after `makeConnection`, fails with the connector's error, and cancelling it
/// stops the connector and fails with `ConnectingCancelledError`.
final class MemoryEndpoint: StreamClientEndpoint {
    let reactor: MemoryReactorClock
    let host: String
    let port: Int
    var connectCalls = 0

    init(reactor: MemoryReactorClock, host: String = "example.com", port: Int = 80) {
        self.reactor = reactor
        self.host = host
        self.port = port
    }

    func connect(_ factory: any Factory) -> Deferred<any ConnectionProtocol> {
        connectCalls += 1
        let destination: Address = .ipv4(host: host, port: port)
        var connector: (any Connector)?
        let relay = RelayFactory(wrapped: factory) { deferred in
            deferred.errback(ConnectingCancelledError(address: destination))
            connector?.stopConnecting()
        }
        connector = reactor.connectTCP(host: host, port: port, factory: relay, timeout: .seconds(30), bindAddress: nil)
        return relay.deferred
    }
}

/// Builds the caller's protocol, fires the endpoint Deferred once it is connected, reports failures.
private final class RelayFactory: ClientFactory {
    let wrapped: any Factory
    let deferred: Deferred<any ConnectionProtocol>

    init(wrapped: any Factory, canceller: @escaping (Deferred<any ConnectionProtocol>) -> Void) {
        self.wrapped = wrapped
        self.deferred = Deferred(canceller: canceller)
    }

    func buildProtocol(addr: Address) -> (any ConnectionProtocol)? {
        guard !deferred.isCalled, let built = wrapped.buildProtocol(addr: addr) else { return nil }
        return RelayProtocol(inner: built) { [deferred] in
            if !deferred.isCalled { deferred.callback(built) }
        }
    }

    func clientConnectionFailed(connector: any Connector, reason: any Error) {
        if !deferred.isCalled { deferred.errback(reason) }
    }
}

final class RelayProtocol: ConnectionProtocol {
    let inner: any ConnectionProtocol
    var onMade: (() -> Void)?

    init(inner: any ConnectionProtocol, onMade: @escaping () -> Void) {
        self.inner = inner
        self.onMade = onMade
    }

    var transport: (any Transport)? {
        get { inner.transport }
        set { inner.transport = newValue }
    }

    func makeConnection(_ transport: any Transport) {
        inner.makeConnection(transport)
        onMade?()
        onMade = nil
    }

    func dataReceived(_ data: [UInt8]) { inner.dataReceived(data) }
    func connectionLost(reason: any Error) { inner.connectionLost(reason: reason) }
}
