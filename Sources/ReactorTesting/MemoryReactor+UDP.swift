import Reactor
/// A `listenUDP` or `listenMulticast` call recorded by ``MemoryReactorClock``.
public struct UDPServerRecord {
    /// The port asked for.
    public let port: Int
    /// The protocol given.
    public let datagramProtocol: any DatagramProtocol
    /// The interface given.
    public let interface: String
    /// The maximum packet size given.
    public let maxPacketSize: Int
    /// Whether `listenMulticast` asked for `listenMultiple` (false for `listenUDP`).
    public let listenMultiple: Bool
    /// The port returned, attached to the protocol: deliver datagrams through it, read what was written.
    public let transport: FakeDatagramTransport
}

@available(*, unavailable)
extension UDPServerRecord: Sendable {}

extension MemoryReactorClock {
    /// Recorded `listenUDP`/`listenMulticast` calls, in order.
    public var udpServers: [UDPServerRecord] { otherRecords.udpServers }

    /// Records the call and returns a ``FakeDatagramTransport`` attached to `protocol` (its
    /// `startProtocol` has run), or throws ``nextListenError``.
    public func listenUDP(
        port: Int, protocol datagramProtocol: any DatagramProtocol, interface: String, maxPacketSize: Int
    ) throws -> any UDPPort {
        try recordUDP(port, datagramProtocol, interface, maxPacketSize, listenMultiple: false)
    }

    /// Records the call and returns a ``FakeDatagramTransport``, as ``listenUDP(port:protocol:interface:maxPacketSize:)``.
    public func listenMulticast(
        port: Int, protocol datagramProtocol: any DatagramProtocol, interface: String, maxPacketSize: Int,
        listenMultiple: Bool
    ) throws -> any MulticastPort {
        try recordUDP(port, datagramProtocol, interface, maxPacketSize, listenMultiple: listenMultiple)
    }

    private func recordUDP(
        _ port: Int, _ datagramProtocol: any DatagramProtocol, _ interface: String, _ maxPacketSize: Int,
        listenMultiple: Bool
    ) throws -> FakeDatagramTransport {
        if let error = nextListenError {
            nextListenError = nil
            throw error
        }
        let host = interface.isEmpty ? "0.0.0.0" : interface
        let address: Address = host.contains(":") ? .ipv6(host: host, port: port) : .ipv4(host: host, port: port)
        let transport = FakeDatagramTransport(address: address)
        otherRecords.udpServers.append(
            UDPServerRecord(
                port: port, datagramProtocol: datagramProtocol, interface: interface, maxPacketSize: maxPacketSize,
                listenMultiple: listenMultiple, transport: transport))
        transport.attach(datagramProtocol)
        return transport
    }
}
