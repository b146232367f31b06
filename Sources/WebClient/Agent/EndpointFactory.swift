import Deferred
import Reactor

/// Chooses how the ``Agent`` reaches the server of a URI: the seam that lets tests (and special
/// deployments) route an Agent onto a ``MemoryReactorClock``, an in-memory server, a UNIX socket or a
/// proxy.
///
/// The Agent asks once per pool key (scheme, host, port) and reuses the endpoint for later requests to
/// the same key while it keeps it cached.
///
/// Twisted: `twisted.web.iweb.IAgentEndpointFactory`.
public protocol EndpointFactory: AnyObject {
    /// The endpoint that connects to `uri`'s server.
    ///
    /// - Throws: ``SchemeNotSupported`` (or any error) to fail the request before a connection is made.
    ///
    /// Twisted: `IAgentEndpointFactory.endpointForURI`.
    func endpoint(for uri: URI) throws -> any StreamClientEndpoint
}

/// The Agent's default endpoint factory: plain TCP to the URI's host and port for `http`,
/// ``SchemeNotSupported`` for everything else (including `https`, until TLS support lands).
///
/// Connections go through the reactor's `connectTCP`, with `connectTimeout` for each attempt and
/// `bindAddress` as the local address. (Once the reactor's endpoints are merged this builds a
/// `HostnameEndpoint`, which races the host's addresses, for names without a bind address, and a
/// `TCP4ClientEndpoint`/`TCP6ClientEndpoint` otherwise.)
///
/// Twisted: `twisted.web.client._StandardEndpointFactory`.
public final class StandardEndpointFactory: EndpointFactory {
    private let reactor: any ReactorTCP
    /// The timeout of each connection attempt.
    public let connectTimeout: Duration
    /// The local address to bind before connecting, if any.
    public let bindAddress: Address?

    /// Creates the factory.
    public init(reactor: any ReactorTCP, connectTimeout: Duration = .seconds(30), bindAddress: Address? = nil) {
        self.reactor = reactor
        self.connectTimeout = connectTimeout
        self.bindAddress = bindAddress
    }

    /// A TCP endpoint for `http` URIs.
    ///
    /// - Throws: ``SchemeNotSupported`` for any other scheme.
    public func endpoint(for uri: URI) throws -> any StreamClientEndpoint {
        guard uri.scheme == "http" else { throw SchemeNotSupported(scheme: uri.scheme) }
        return ConnectTCPEndpoint(
            reactor: reactor, host: uri.host, port: uri.port, timeout: connectTimeout, bindAddress: bindAddress)
    }
}

@available(*, unavailable)
extension StandardEndpointFactory: Sendable {}

/// A client endpoint over `connectTCP`: fires with the factory's protocol right after it is connected,
/// fails with the connector's error, and stops the attempt with ``ConnectingCancelledError`` when
/// cancelled. Stands in for the reactor's `TCP4ClientEndpoint` until branch reactor-epoll is merged.
final class ConnectTCPEndpoint: StreamClientEndpoint {
    private let reactor: any ReactorTCP
    let host: String
    let port: Int
    let timeout: Duration
    let bindAddress: Address?

    init(reactor: any ReactorTCP, host: String, port: Int, timeout: Duration, bindAddress: Address?) {
        self.reactor = reactor
        self.host = host
        self.port = port
        self.timeout = timeout
        self.bindAddress = bindAddress
    }

    func connect(_ factory: any Factory) -> Deferred<any ConnectionProtocol> {
        let destination: Address = host.contains(":") ? .ipv6(host: host, port: port) : .ipv4(host: host, port: port)
        var connector: (any Connector)?
        let relay = EndpointRelayFactory(wrapping: factory) { deferred in
            deferred.errback(ConnectingCancelledError(address: destination))
            connector?.stopConnecting()
        }
        connector = reactor.connectTCP(
            host: host, port: port, factory: relay, timeout: timeout, bindAddress: bindAddress)
        return relay.deferred
    }
}

@available(*, unavailable)
extension ConnectTCPEndpoint: Sendable {}

/// Builds the caller's protocol behind a relay that fires the endpoint's Deferred once connected.
final class EndpointRelayFactory: ClientFactory {
    private let wrapped: any Factory
    let deferred: Deferred<any ConnectionProtocol>

    init(wrapping factory: any Factory, canceller: @escaping (Deferred<any ConnectionProtocol>) -> Void) {
        wrapped = factory
        deferred = Deferred(canceller: canceller)
    }

    func doStart() { wrapped.doStart() }
    func doStop() { wrapped.doStop() }

    func buildProtocol(addr: Address) -> (any ConnectionProtocol)? {
        guard !deferred.isCalled else { return nil }
        guard let built = wrapped.buildProtocol(addr: addr) else {
            deferred.errback(ConnectError(.other, "the factory built no protocol for \(addr)"))
            return nil
        }
        return EndpointRelayProtocol(built) { [deferred] in
            if !deferred.isCalled { deferred.callback(built) }
        }
    }

    func clientConnectionFailed(connector: any Connector, reason: any Error) {
        if !deferred.isCalled { deferred.errback(reason) }
    }
}

@available(*, unavailable)
extension EndpointRelayFactory: Sendable {}

/// Forwards every event to the built protocol and reports the connection once.
final class EndpointRelayProtocol: ConnectionProtocol {
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

@available(*, unavailable)
extension EndpointRelayProtocol: Sendable {}
