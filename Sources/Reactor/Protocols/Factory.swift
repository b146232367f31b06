/// Builds a ``ConnectionProtocol`` for each new connection.
///
/// The reactor (or an endpoint) calls ``doStart()`` when a port starts listening or a connector starts
/// connecting with this factory, ``buildProtocol(addr:)`` for each connection, and ``doStop()`` when the
/// port or connector is done. All calls happen on the reactor thread. ``doStart()`` and ``doStop()``
/// default to doing nothing; ``ProtocolFactory`` reference-counts them into `startFactory`/`stopFactory`.
///
/// Twisted: `twisted.internet.protocol.Factory` / `IProtocolFactory`.
public protocol Factory: AnyObject {
    /// Returns a protocol for a new connection from or to `addr`, or `nil` to refuse it (the
    /// connection is then closed at once).
    ///
    /// Twisted: `Factory.buildProtocol`.
    func buildProtocol(addr: Address) -> (any ConnectionProtocol)?

    /// Called each time a port or connector starts using the factory.
    ///
    /// Twisted: `Factory.doStart`.
    func doStart()

    /// Called each time a port or connector stops using the factory.
    ///
    /// Twisted: `Factory.doStop`.
    func doStop()
}

extension Factory {
    /// Does nothing.
    public func doStart() {}
    /// Does nothing.
    public func doStop() {}
}

/// A factory for outgoing connections, told how each attempt goes.
///
/// Used by ``ReactorTCP/connectTCP(host:port:factory:timeout:bindAddress:)`` and
/// ``ReactorUNIX/connectUNIX(path:factory:timeout:)``. All methods default to doing nothing and are
/// called on the reactor thread. After a failure or loss the factory may call ``Connector/connect()``
/// to try again (what `ReconnectingClientFactory` does).
///
/// Twisted: `twisted.internet.protocol.ClientFactory`.
public protocol ClientFactory: Factory {
    /// The connector has started connecting (called synchronously from `connectTCP`/`connectUNIX`).
    ///
    /// Twisted: `ClientFactory.startedConnecting`.
    func startedConnecting(connector: any Connector)

    /// The attempt failed: refused, timed out, unresolvable, or stopped with
    /// ``Connector/stopConnecting()``. `reason` is usually a ``ConnectError``.
    ///
    /// Twisted: `ClientFactory.clientConnectionFailed`.
    func clientConnectionFailed(connector: any Connector, reason: any Error)

    /// A connection made through the connector has ended, after the protocol's
    /// ``ConnectionProtocol/connectionLost(reason:)``.
    ///
    /// Twisted: `ClientFactory.clientConnectionLost`.
    func clientConnectionLost(connector: any Connector, reason: any Error)
}

extension ClientFactory {
    /// Does nothing.
    public func startedConnecting(connector: any Connector) {}
    /// Does nothing.
    public func clientConnectionFailed(connector: any Connector, reason: any Error) {}
    /// Does nothing.
    public func clientConnectionLost(connector: any Connector, reason: any Error) {}
}
