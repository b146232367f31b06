/// Listening on UDP ports.
///
/// Threading: reactor-confined.
///
/// Twisted: `twisted.internet.interfaces.IReactorUDP`.
public protocol ReactorUDP: AnyObject {
    /// Binds a UDP socket to `port` of `interface` and attaches `protocol` to it
    /// (``DatagramProtocol/makeConnection(_:)``, so ``DatagramProtocol/startProtocol()`` runs before this
    /// returns).
    ///
    /// - Parameters:
    ///   - port: The port, or 0 for one chosen by the kernel (see ``DatagramTransport/getHost()``).
    ///   - protocol: Receives the datagrams.
    ///   - interface: The local numeric address to bind; empty for all IPv4 interfaces, `"::"` for all IPv6.
    ///   - maxPacketSize: The longest datagram read whole (default 8192); longer ones arrive cut.
    /// - Throws: ``CannotListenError``.
    ///
    /// Twisted: `IReactorUDP.listenUDP`.
    func listenUDP(
        port: Int, protocol: any DatagramProtocol, interface: String, maxPacketSize: Int
    ) throws -> any UDPPort
}

extension ReactorUDP {
    /// ``listenUDP(port:protocol:interface:maxPacketSize:)`` on all IPv4 interfaces with 8192-byte
    /// datagrams by default.
    public func listenUDP(
        port: Int, protocol datagramProtocol: any DatagramProtocol, interface: String = "",
        maxPacketSize: Int = 8192
    ) throws -> any UDPPort {
        try listenUDP(port: port, protocol: datagramProtocol, interface: interface, maxPacketSize: maxPacketSize)
    }
}

/// Listening on UDP ports that join multicast groups.
///
/// Threading: reactor-confined.
///
/// Twisted: `twisted.internet.interfaces.IReactorMulticast`.
public protocol ReactorMulticast: AnyObject {
    /// As ``ReactorUDP/listenUDP(port:protocol:interface:maxPacketSize:)``, returning a port with the
    /// multicast options.
    ///
    /// - Parameter listenMultiple: Set `SO_REUSEADDR` and `SO_REUSEPORT` so that several sockets (in this
    ///   process or others) can bind the same group port.
    /// - Throws: ``CannotListenError``.
    ///
    /// Twisted: `IReactorMulticast.listenMulticast`.
    func listenMulticast(
        port: Int, protocol: any DatagramProtocol, interface: String, maxPacketSize: Int, listenMultiple: Bool
    ) throws -> any MulticastPort
}

extension ReactorMulticast {
    /// ``listenMulticast(port:protocol:interface:maxPacketSize:listenMultiple:)`` on all IPv4 interfaces,
    /// 8192-byte datagrams, without `listenMultiple`, by default.
    public func listenMulticast(
        port: Int, protocol datagramProtocol: any DatagramProtocol, interface: String = "",
        maxPacketSize: Int = 8192, listenMultiple: Bool = false
    ) throws -> any MulticastPort {
        try listenMulticast(
            port: port, protocol: datagramProtocol, interface: interface, maxPacketSize: maxPacketSize,
            listenMultiple: listenMultiple)
    }
}
