import Reactor

/// The connector ``MemoryReactorClock`` returns from `connectTCP`/`connectUNIX`; the test decides how the
/// attempt ends.
///
/// The attempt stays pending until the test calls ``complete(transport:)`` (the factory builds a protocol,
/// connected to a ``StringTransport``) or ``fail(_:)`` (the factory's
/// ``ClientFactory/clientConnectionFailed(connector:reason:)``). Connect timeouts are not enforced.
///
/// Threading: not Sendable; use from the test's thread.
///
/// Twisted: `twisted.internet.testing._FakeConnector`, plus what a test does by hand with the factory
/// recorded in `MemoryReactor.tcpClients`.
public final class MemoryConnector: Connector {
    /// Where the connector is in its life.
    public enum State: Hashable, Sendable {
        /// An attempt is pending.
        case connecting
        /// ``MemoryConnector/complete(transport:)`` made a connection.
        case connected
        /// No attempt and no connection.
        case disconnected
    }

    /// The destination given to `connectTCP`/`connectUNIX`.
    public let destination: Address
    /// The factory given to `connectTCP`/`connectUNIX`.
    public let factory: any ClientFactory
    /// The current state.
    public private(set) var state = State.disconnected
    /// Whether ``stopConnecting()`` was called.
    ///
    /// Twisted: `_FakeConnector.stoppedConnecting`.
    public private(set) var stoppedConnecting = false
    /// Whether ``disconnect()`` was called.
    public private(set) var disconnectCalled = false
    /// How many attempts were started (1 plus the factory's calls to ``connect()``).
    public private(set) var attempts = 0
    /// The protocol built by ``complete(transport:)``.
    public private(set) var protocolInstance: (any ConnectionProtocol)?
    /// The transport attached by ``complete(transport:)``.
    public private(set) var transport: StringTransport?

    init(destination: Address, factory: any ClientFactory) {
        self.destination = destination
        self.factory = factory
    }

    /// Stops a pending attempt: the factory gets a ``ConnectError`` with code
    /// ``ConnectError/Code/userCancelled``, as from the real reactor.
    public func stopConnecting() {
        stoppedConnecting = true
        guard state == .connecting else { return }
        fail(ConnectError(.userCancelled, "User aborted connection"))
    }

    /// Stops a pending attempt, or calls `loseConnection()` on the connection's transport.
    public func disconnect() {
        disconnectCalled = true
        switch state {
        case .connecting: stopConnecting()
        case .connected: transport?.loseConnection()
        case .disconnected: break
        }
    }

    /// Starts a new attempt: `doStart()` and `startedConnecting(connector:)` on the factory.
    public func connect() {
        precondition(state == .disconnected, "MemoryConnector.connect: already connecting or connected")
        state = .connecting
        attempts += 1
        factory.doStart()
        factory.startedConnecting(connector: self)
    }

    /// The destination.
    public func getDestination() -> Address { destination }

    /// Completes the pending attempt: builds the protocol and connects it to `transport`.
    ///
    /// - Parameter transport: The transport to attach; by default a new ``StringTransport`` whose peer is
    ///   the destination.
    /// - Returns: The connected protocol, or `nil` if the factory refused to build one (the attempt then
    ///   ends, with `doStop()`).
    @discardableResult
    public func complete(transport: StringTransport? = nil) -> (any ConnectionProtocol)? {
        precondition(state == .connecting, "MemoryConnector.complete: no pending attempt")
        guard let built = factory.buildProtocol(addr: destination) else {
            state = .disconnected
            factory.doStop()
            return nil
        }
        let attached = transport ?? StringTransport(peerAddress: destination)
        state = .connected
        protocolInstance = built
        self.transport = attached
        built.makeConnection(attached)
        return built
    }

    /// Fails the pending attempt: `clientConnectionFailed(connector:reason:)` then `doStop()`.
    public func fail(_ reason: any Error = ConnectError.refused()) {
        precondition(state == .connecting, "MemoryConnector.fail: no pending attempt")
        state = .disconnected
        factory.clientConnectionFailed(connector: self, reason: reason)
        factory.doStop()
    }

    /// Ends the connection made by ``complete(transport:)``: the protocol's `connectionLost(reason:)`, then
    /// the factory's `clientConnectionLost(connector:reason:)` and `doStop()`.
    public func loseConnection(reason: any Error = ConnectionDone()) {
        precondition(state == .connected, "MemoryConnector.loseConnection: not connected")
        state = .disconnected
        let lost = protocolInstance
        protocolInstance = nil
        transport = nil
        lost?.connectionLost(reason: reason)
        factory.clientConnectionLost(connector: self, reason: reason)
        factory.doStop()
    }
}

@available(*, unavailable)
extension MemoryConnector: Sendable {}
