import Deferred

/// The client factory an endpoint passes to `connectTCP`/`connectUNIX`: it builds the caller's protocol
/// and turns the connector's callbacks into the endpoint's Deferred.
///
/// The Deferred fires with the caller's protocol right after that protocol's `connectionMade`, or fails
/// with the ``ConnectError`` given to `clientConnectionFailed`, or with the factory's refusal. Once the
/// Deferred has fired (or was cancelled), later outcomes are ignored. Reactor-confined.
///
/// Twisted: `twisted.internet.endpoints._WrappingFactory`.
final class WrappingClientFactory: ClientFactory {
    private let wrapped: any Factory
    let deferred: Deferred<any ConnectionProtocol>
    /// Whether a protocol may still be built (false once the Deferred fired or the attempt was cancelled).
    var isOpen: Bool { !deferred.isCalled }

    init(wrapping factory: any Factory, canceller: @escaping (Deferred<any ConnectionProtocol>) -> Void) {
        wrapped = factory
        deferred = Deferred(canceller: canceller)
    }

    func doStart() { wrapped.doStart() }
    func doStop() { wrapped.doStop() }

    func buildProtocol(addr: Address) -> (any ConnectionProtocol)? {
        guard isOpen else { return nil }
        guard let inner = wrapped.buildProtocol(addr: addr) else {
            deferred.errback(ConnectError(.other, "the factory built no protocol for \(addr)"))
            return nil
        }
        let onMade = { [deferred] in
            if !deferred.isCalled { deferred.callback(inner) }
        }
        if let halfCloseable = inner as? any HalfCloseableProtocol {
            return HalfCloseableWrappingProtocol(halfCloseable, onMade: onMade)
        }
        return WrappingProtocol(inner, onMade: onMade)
    }

    func clientConnectionFailed(connector: any Connector, reason: any Error) {
        if isOpen { deferred.errback(reason) }
    }
}

@available(*, unavailable)
extension WrappingClientFactory: Sendable {}

/// Forwards every event to the caller's protocol and reports `connectionMade` to the endpoint.
///
/// Twisted: `twisted.internet.endpoints._WrappingProtocol`.
class WrappingProtocol: ConnectionProtocol {
    let inner: any ConnectionProtocol
    private var onMade: (() -> Void)?

    init(_ inner: any ConnectionProtocol, onMade: @escaping () -> Void) {
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

/// The wrapper for protocols that accept a half-close, so the transport still sees one.
final class HalfCloseableWrappingProtocol: WrappingProtocol, HalfCloseableProtocol {
    private let halfCloseable: any HalfCloseableProtocol

    init(_ inner: any HalfCloseableProtocol, onMade: @escaping () -> Void) {
        halfCloseable = inner
        super.init(inner, onMade: onMade)
    }

    func readConnectionLost() { halfCloseable.readConnectionLost() }
    func writeConnectionLost() { halfCloseable.writeConnectionLost() }
}

@available(*, unavailable)
extension WrappingProtocol: Sendable {}

/// Connects `factory` through a connector started by `start`, returning the endpoint Deferred.
///
/// Cancelling the Deferred stops the connector and fails it with ``ConnectingCancelledError``.
func connectThroughWrapper(
    _ factory: any Factory, destination: Address, start: (any ClientFactory) -> any Connector
) -> Deferred<any ConnectionProtocol> {
    var connector: (any Connector)?
    let wrapper = WrappingClientFactory(wrapping: factory) { deferred in
        deferred.errback(ConnectingCancelledError(address: destination))
        connector?.stopConnecting()
    }
    connector = start(wrapper)
    return wrapper.deferred
}
