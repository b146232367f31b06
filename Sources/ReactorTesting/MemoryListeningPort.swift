import Deferred
import Reactor

/// The port ``MemoryReactorClock`` returns from `listenTCP`/`listenUNIX`; the test can feed it connections.
///
/// Threading: not Sendable; use from the test's thread.
///
/// Twisted: `twisted.internet.testing._FakePort`.
public final class MemoryListeningPort: ListeningPort {
    /// The factory given to `listenTCP`/`listenUNIX`.
    public let factory: any Factory
    /// The address ``getHost()`` returns.
    public let address: Address
    /// Whether ``stopListening()`` has not been called yet.
    public private(set) var isListening = true

    init(factory: any Factory, address: Address) {
        self.factory = factory
        self.address = address
    }

    /// Stops listening (the factory's `doStop()` once) and returns an already-fired Deferred.
    public func stopListening() -> Deferred<Void> {
        if isListening {
            isListening = false
            factory.doStop()
        }
        return .succeed()
    }

    /// The listening address.
    public func getHost() -> Address { address }

    /// Simulates an accepted connection: builds a protocol for `peer` and connects it to a transport.
    ///
    /// - Parameters:
    ///   - peer: The remote address given to `buildProtocol(addr:)` and returned by the transport's
    ///     `getPeer()`.
    ///   - transport: The transport to attach; by default a new ``StringTransport`` with the port's address
    ///     as host.
    /// - Returns: The protocol and its transport, or `nil` if the factory refused the connection.
    public func accept(
        from peer: Address = .ipv4(host: "192.168.1.1", port: 54321), transport: StringTransport? = nil
    ) -> (protocolInstance: any ConnectionProtocol, transport: StringTransport)? {
        precondition(isListening, "MemoryListeningPort.accept: the port has stopped listening")
        guard let built = factory.buildProtocol(addr: peer) else { return nil }
        let attached = transport ?? StringTransport(hostAddress: address, peerAddress: peer)
        built.makeConnection(attached)
        return (built, attached)
    }
}

@available(*, unavailable)
extension MemoryListeningPort: Sendable {}
