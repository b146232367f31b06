import CTorsion
import Glibc

extension EpollReactor: ReactorSocket {
    /// Accepts connections on an inherited listening stream socket; see
    /// ``ReactorSocket/adoptStreamPort(fd:addressFamily:factory:)``.
    ///
    /// Twisted: `IReactorSocket.adoptStreamPort`.
    public func adoptStreamPort(fd: Int32, addressFamily: AddressFamily, factory: any Factory) throws -> any ListeningPort {
        preconditionInReactorThread()
        let socket = try adopt(fd, family: addressFamily, type: CTORSION_SOCK_STREAM)
        guard (try? socket.option(level: SOL_SOCKET, name: SO_ACCEPTCONN)) == 1 else {
            throw CannotListenError(interface: "fd \(fd)", port: 0, detail: "the adopted socket is not listening")
        }
        do {
            return try SocketListeningPort(reactor: self, socket: socket, factory: factory, backlog: nil)
        } catch let error as SystemCallError {
            throw CannotListenError(interface: "fd \(fd)", port: 0, detail: error.description, errno: error.errno)
        }
    }

    /// Runs a protocol over an inherited connected stream socket; see
    /// ``ReactorSocket/adoptStreamConnection(fd:addressFamily:factory:)``.
    ///
    /// Twisted: `IReactorSocket.adoptStreamConnection`.
    public func adoptStreamConnection(fd: Int32, addressFamily: AddressFamily, factory: any Factory) throws {
        preconditionInReactorThread()
        let socket = try adopt(fd, family: addressFamily, type: CTORSION_SOCK_STREAM)
        let peer = try socket.peerAddress().address
        let host = (try? socket.localAddress().address) ?? .unix(path: nil)
        guard let connectionProtocol = factory.buildProtocol(addr: peer) else {
            socket.close()
            return
        }
        let transport = SocketTransport(reactor: self, socket: socket, peer: peer, host: host)
        try transport.start(with: connectionProtocol)
    }

    /// Reads datagrams from an inherited bound UDP socket; see
    /// ``ReactorSocket/adoptDatagramPort(fd:addressFamily:protocol:maxPacketSize:)``.
    ///
    /// Twisted: `IReactorSocket.adoptDatagramPort`.
    public func adoptDatagramPort(
        fd: Int32, addressFamily: AddressFamily, protocol datagramProtocol: any DatagramProtocol, maxPacketSize: Int
    ) throws -> any UDPPort {
        preconditionInReactorThread()
        guard addressFamily != .unix else {
            throw UnsupportedAddressFamily(family: addressFamily, detail: "datagram ports are IPv4 or IPv6")
        }
        let socket = try adopt(fd, family: addressFamily, type: CTORSION_SOCK_DGRAM)
        do {
            let port = try EpollUDPPort(
                reactor: self, socket: socket, family: addressFamily.rawValue, maxPacketSize: maxPacketSize)
            try port.start(with: datagramProtocol)
            return port
        } catch {
            throw CannotListenError(interface: "fd \(fd)", port: 0, detail: error.description, errno: error.errno)
        }
    }

    /// Checks that `fd` is a socket of `family` and `type`, and returns a non-blocking, close-on-exec
    /// duplicate of it.
    private func adopt(_ fd: Int32, family: AddressFamily, type: Int32) throws -> SocketDescriptor {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &value, &length) == 0 else {
            let code = ctorsion_errno()
            throw UnsupportedSocketType(fd: fd, detail: SystemCallError(call: "getsockopt(SO_DOMAIN)", errno: code).description)
        }
        guard value == family.rawValue else {
            throw UnsupportedAddressFamily(family: family, detail: "descriptor \(fd) has address family \(value)")
        }
        guard getsockopt(fd, SOL_SOCKET, SO_TYPE, &value, &length) == 0, value == type else {
            let expected = type == CTORSION_SOCK_STREAM ? "a stream socket" : "a datagram socket"
            throw UnsupportedSocketType(fd: fd, detail: "expected \(expected), found type \(value)")
        }
        let copy = try systemCallValue("fcntl(F_DUPFD_CLOEXEC)") { fcntl(fd, F_DUPFD_CLOEXEC, 0) }
        let socket = SocketDescriptor(owning: copy)
        _ = try systemCallValue("fcntl(F_SETFL)") { fcntl(copy, F_SETFL, fcntl(copy, F_GETFL) | O_NONBLOCK) }
        return socket
    }
}
