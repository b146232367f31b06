import Reactor

/// Wraps another factory so every connection it builds speaks TLS: each protocol it builds is put inside a
/// ``TLSMemoryBIOProtocol`` (client or server side).
///
/// As a ``ClientFactory`` it passes the connector's callbacks on to the wrapped factory when that is a
/// client factory, so `connectTCP` users keep `clientConnectionFailed` and `clientConnectionLost`;
/// `doStart`/`doStop` are passed on too.
///
/// Threading: reactor-confined.
///
/// Twisted: `twisted.protocols.tls.TLSMemoryBIOFactory`.
public final class TLSMemoryBIOFactory: ClientFactory {
    private enum Side {
        case client(TLSClientOptions, hostname: String?)
        case server(TLSServerOptions)
    }

    /// The factory whose protocols are wrapped.
    ///
    /// Twisted: `WrappingFactory.wrappedFactory`.
    public let wrappedFactory: any Factory
    private let side: Side

    /// A factory of client-side TLS connections to `hostname`.
    public init(clientOptions: TLSClientOptions, hostname: String?, wrapping factory: any Factory) {
        wrappedFactory = factory
        side = .client(clientOptions, hostname: hostname)
    }

    /// A factory of server-side TLS connections.
    public init(serverOptions: TLSServerOptions, wrapping factory: any Factory) {
        wrappedFactory = factory
        side = .server(serverOptions)
    }

    /// The wrapped factory's protocol inside a ``TLSMemoryBIOProtocol``, or `nil` if it refused.
    public func buildProtocol(addr: Address) -> (any ConnectionProtocol)? {
        guard let inner = wrappedFactory.buildProtocol(addr: addr) else { return nil }
        switch side {
        case .client(let options, let hostname):
            return TLSMemoryBIOProtocol(clientOptions: options, hostname: hostname, wrapping: inner)
        case .server(let options):
            return TLSMemoryBIOProtocol(serverOptions: options, wrapping: inner)
        }
    }

    /// Passed on.
    public func doStart() { wrappedFactory.doStart() }
    /// Passed on.
    public func doStop() { wrappedFactory.doStop() }

    /// Passed on to a wrapped ``ClientFactory``.
    public func startedConnecting(connector: any Connector) {
        (wrappedFactory as? any ClientFactory)?.startedConnecting(connector: connector)
    }

    /// Passed on to a wrapped ``ClientFactory``.
    public func clientConnectionFailed(connector: any Connector, reason: any Error) {
        (wrappedFactory as? any ClientFactory)?.clientConnectionFailed(connector: connector, reason: reason)
    }

    /// Passed on to a wrapped ``ClientFactory`` (the reason is the one the TLS layer gave its protocol).
    public func clientConnectionLost(connector: any Connector, reason: any Error) {
        (wrappedFactory as? any ClientFactory)?.clientConnectionLost(connector: connector, reason: reason)
    }
}

@available(*, unavailable)
extension TLSMemoryBIOFactory: Sendable {}
