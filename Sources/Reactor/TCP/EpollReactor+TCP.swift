import Deferred
import Glibc

extension EpollReactor: ReactorTCP {
    /// Starts a TCP connection to `host`:`port` and returns its connector.
    ///
    /// A host name is resolved on the thread pool (the first address is used; ``HostnameEndpoint`` tries
    /// them all). The factory gets `startedConnecting` now, then a protocol on success or
    /// `clientConnectionFailed` with a ``ConnectError`` (`refused`, `timedOut`, `unreachable`,
    /// `dnsLookup`, ...) in a later iteration.
    ///
    /// Twisted: `IReactorTCP.connectTCP`.
    @discardableResult
    public func connectTCP(
        host: String, port: Int, factory: any ClientFactory, timeout: Duration, bindAddress: Address?
    ) -> any Connector {
        preconditionInReactorThread()
        let destination: Address = host.contains(":") ? .ipv6(host: host, port: port) : .ipv4(host: host, port: port)
        let connector = SocketConnector(
            reactor: self, factory: factory, destination: destination, timeout: timeout,
            bindAddress: bindAddress.flatMap(SocketAddress.init)
        ) { [unowned self] in
            self.resolve(host: host, port: port).addCallback { (addresses: [Address]) throws -> SocketAddress in
                guard let first = addresses.first.flatMap(SocketAddress.init) else { throw ConnectError.dnsLookup(host) }
                return first
            }
        }
        connector.connect()
        return connector
    }

    /// Listens for TCP connections on `port` (0: any free port) of `interface` (empty: all IPv4
    /// interfaces; `"::"`: all IPv6 interfaces). `SO_REUSEADDR` is set.
    ///
    /// - Throws: ``CannotListenError`` when the socket cannot be created, bound or put in listening state.
    ///
    /// Twisted: `IReactorTCP.listenTCP`.
    public func listenTCP(port: Int, factory: any Factory, backlog: Int, interface: String) throws -> any ListeningPort {
        preconditionInReactorThread()
        let failure = { (detail: String, errno: Int32?) in
            CannotListenError(interface: interface, port: port, detail: detail, errno: errno)
        }
        guard let port16 = UInt16(exactly: port) else { throw failure("port out of range", nil) }
        guard let address = SocketAddress.numeric(host: interface.isEmpty ? "0.0.0.0" : interface, port: port16) else {
            throw failure("interface must be a numeric IPv4 or IPv6 address", nil)
        }
        do {
            let socket = try SocketDescriptor(streamFamily: address.family)
            try socket.setOption(level: SOL_SOCKET, name: SO_REUSEADDR, value: 1)
            if address.family == AF_INET6 {
                try socket.setOption(level: Int32(IPPROTO_IPV6), name: IPV6_V6ONLY, value: 1)
            }
            try socket.bind(to: address)
            return try SocketListeningPort(
                reactor: self, socket: socket, factory: factory, backlog: Int32(clamping: backlog))
        } catch let error as SystemCallError {
            throw failure(error.description, error.errno)
        }
    }
}
