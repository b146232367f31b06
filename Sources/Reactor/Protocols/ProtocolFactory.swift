/// A ready-made factory (server or client) that builds protocols with a closure.
///
/// `ProtocolFactory.forProtocol { Echo() }` is the everyday factory. ``doStart()`` and ``doStop()`` are
/// reference-counted: ``startFactory()`` runs when the first port or connector starts using the factory
/// and ``stopFactory()`` when the last one stops. Subclass to override the hooks or the
/// ``ClientFactory`` callbacks.
///
/// Threading: not Sendable; reactor-confined.
///
/// Twisted: `twisted.internet.protocol.Factory` (`forProtocol`, `numPorts`) and `ClientFactory`.
open class ProtocolFactory: ClientFactory {
    private let make: (Address) -> (any ConnectionProtocol)?

    /// How many ports or connectors currently use the factory.
    ///
    /// Twisted: `Factory.numPorts`.
    public private(set) var activeUsers = 0

    /// Creates a factory whose ``buildProtocol(addr:)`` calls `make` with the address.
    public init(_ make: @escaping (Address) -> (any ConnectionProtocol)?) {
        self.make = make
    }

    /// A factory that builds each protocol with `make`, ignoring the address.
    ///
    /// Twisted: `Factory.forProtocol`.
    public static func forProtocol(_ make: @escaping () -> any ConnectionProtocol) -> ProtocolFactory {
        ProtocolFactory { _ in make() }
    }

    /// Calls the closure given at creation.
    open func buildProtocol(addr: Address) -> (any ConnectionProtocol)? {
        make(addr)
    }

    /// Counts a new user; calls ``startFactory()`` for the first.
    open func doStart() {
        if activeUsers == 0 {
            startFactory()
        }
        activeUsers += 1
    }

    /// Counts a user leaving; calls ``stopFactory()`` for the last.
    open func doStop() {
        guard activeUsers > 0 else { return }
        activeUsers -= 1
        if activeUsers == 0 {
            stopFactory()
        }
    }

    /// Override to set up shared state when the factory starts being used. Does nothing by default.
    ///
    /// Twisted: `Factory.startFactory`.
    open func startFactory() {}

    /// Override to release shared state when the factory is no longer used. Does nothing by default.
    ///
    /// Twisted: `Factory.stopFactory`.
    open func stopFactory() {}

    /// Does nothing; override to observe connection attempts.
    open func startedConnecting(connector: any Connector) {}

    /// Does nothing; override to observe failed attempts.
    open func clientConnectionFailed(connector: any Connector, reason: any Error) {}

    /// Does nothing; override to observe lost connections.
    open func clientConnectionLost(connector: any Connector, reason: any Error) {}
}

@available(*, unavailable)
extension ProtocolFactory: Sendable {}
