/// A convenience base class for ``ConnectionProtocol`` implementations.
///
/// Stores the transport, tracks ``isConnected``, and gives overridable no-op hooks, like subclassing
/// Twisted's `Protocol`. Subclasses overriding ``makeConnection(_:)`` or ``connectionLost(reason:)``
/// should call `super`.
///
/// Threading: not Sendable; reactor-confined.
///
/// Twisted: `twisted.internet.protocol.Protocol`.
open class BaseProtocol: ConnectionProtocol {
    /// The transport; `nil` before ``makeConnection(_:)``.
    public var transport: (any Transport)?

    /// Whether the connection is up: set by ``makeConnection(_:)``, cleared by
    /// ``connectionLost(reason:)``.
    ///
    /// Twisted: `BaseProtocol.connected`.
    public private(set) var isConnected = false

    /// Creates an unconnected protocol.
    public init() {}

    /// Stores the transport, sets ``isConnected`` and calls ``connectionMade()``.
    open func makeConnection(_ transport: any Transport) {
        self.transport = transport
        isConnected = true
        connectionMade()
    }

    /// Does nothing; override to start talking.
    open func connectionMade() {}

    /// Does nothing; override to handle bytes.
    open func dataReceived(_ data: [UInt8]) {}

    /// Clears ``isConnected``; override (calling `super`) to clean up.
    open func connectionLost(reason: any Error) {
        isConnected = false
    }
}

@available(*, unavailable)
extension BaseProtocol: Sendable {}
