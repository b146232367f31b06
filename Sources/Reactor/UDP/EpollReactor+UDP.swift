import CTorsion
import Glibc

extension EpollReactor: ReactorUDP, ReactorMulticast {
    /// Binds a UDP socket to `port` of `interface` (empty: all IPv4 interfaces; `"::"`: all IPv6 ones, with
    /// `IPV6_V6ONLY` as for TCP) and attaches `protocol` to it.
    ///
    /// - Throws: ``CannotListenError`` when the interface is not a numeric address or the socket cannot be
    ///   created or bound.
    ///
    /// Twisted: `IReactorUDP.listenUDP`.
    public func listenUDP(
        port: Int, protocol datagramProtocol: any DatagramProtocol, interface: String, maxPacketSize: Int
    ) throws -> any UDPPort {
        try startUDPPort(
            port: port, protocol: datagramProtocol, interface: interface, maxPacketSize: maxPacketSize,
            listenMultiple: false)
    }

    /// As ``listenUDP(port:protocol:interface:maxPacketSize:)``; `listenMultiple` sets `SO_REUSEADDR` and
    /// `SO_REUSEPORT` so several sockets can bind the same group port.
    ///
    /// Twisted: `IReactorMulticast.listenMulticast`.
    public func listenMulticast(
        port: Int, protocol datagramProtocol: any DatagramProtocol, interface: String, maxPacketSize: Int,
        listenMultiple: Bool
    ) throws -> any MulticastPort {
        try startUDPPort(
            port: port, protocol: datagramProtocol, interface: interface, maxPacketSize: maxPacketSize,
            listenMultiple: listenMultiple)
    }

    private func startUDPPort(
        port: Int, protocol datagramProtocol: any DatagramProtocol, interface: String, maxPacketSize: Int,
        listenMultiple: Bool
    ) throws -> EpollUDPPort {
        preconditionInReactorThread()
        let failure = { (detail: String, errno: Int32?) in
            CannotListenError(interface: interface, port: port, detail: detail, errno: errno)
        }
        guard let port16 = UInt16(exactly: port) else { throw failure("port out of range", nil) }
        guard let address = SocketAddress.numeric(host: interface.isEmpty ? "0.0.0.0" : interface, port: port16) else {
            throw failure("interface must be a numeric IPv4 or IPv6 address", nil)
        }
        do {
            let socket = try SocketDescriptor(datagramFamily: address.family)
            if listenMultiple {
                try socket.setOption(level: SOL_SOCKET, name: SO_REUSEADDR, value: 1)
                try socket.setOption(level: SOL_SOCKET, name: SO_REUSEPORT, value: 1)
            }
            if address.family == AF_INET6 {
                try socket.setOption(level: Int32(IPPROTO_IPV6), name: IPV6_V6ONLY, value: 1)
            }
            try socket.bind(to: address)
            let udpPort = try EpollUDPPort(
                reactor: self, socket: socket, family: address.family, maxPacketSize: maxPacketSize)
            try udpPort.start(with: datagramProtocol)
            return udpPort
        } catch let error as SystemCallError {
            throw failure(error.description, error.errno)
        }
    }
}

extension SocketDescriptor {
    /// Creates a non-blocking, close-on-exec datagram socket of `family` (`AF_INET` or `AF_INET6`).
    convenience init(datagramFamily family: Int32) throws(SystemCallError) {
        let fd = try systemCallValue("socket") {
            socket(family, CTORSION_SOCK_DGRAM | CTORSION_SOCK_NONBLOCK_CLOEXEC, 0)
        }
        self.init(owning: fd)
    }
}
