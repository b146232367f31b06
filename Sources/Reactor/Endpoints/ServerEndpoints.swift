import Deferred

/// Listens on a TCP port with any ``ReactorTCP``: the shared implementation of ``TCP4ServerEndpoint``
/// and ``TCP6ServerEndpoint``, which differ only in their default interface.
public class TCPServerEndpoint: StreamServerEndpoint {
    private let reactor: any ReactorTCP
    /// The port (0: chosen by the kernel; read it from the port's `getHost()`).
    public let port: Int
    /// The `listen(2)` backlog.
    public let backlog: Int
    /// The local address to bind (`""` for all IPv4 interfaces, `"::"` for all IPv6 ones).
    public let interface: String

    init(reactor: any ReactorTCP, port: Int, backlog: Int, interface: String) {
        self.reactor = reactor
        self.port = port
        self.backlog = backlog
        self.interface = interface
    }

    /// Starts listening; the Deferred has already fired with the port, or failed with
    /// ``CannotListenError``.
    ///
    /// Twisted: `TCP4ServerEndpoint.listen`.
    public func listen(_ factory: any Factory) -> Deferred<any ListeningPort> {
        .maybeDeferred { [self] () throws -> any ListeningPort in
            try reactor.listenTCP(port: port, factory: factory, backlog: backlog, interface: interface)
        }
    }
}

@available(*, unavailable)
extension TCPServerEndpoint: Sendable {}

/// Listens on an IPv4 port with any ``ReactorTCP`` (all interfaces by default).
///
/// Twisted: `twisted.internet.endpoints.TCP4ServerEndpoint`.
public final class TCP4ServerEndpoint: TCPServerEndpoint {
    /// Creates the endpoint; nothing happens until ``TCPServerEndpoint/listen(_:)``.
    public override init(reactor: any ReactorTCP, port: Int, backlog: Int = 50, interface: String = "") {
        super.init(reactor: reactor, port: port, backlog: backlog, interface: interface)
    }
}

/// Listens on an IPv6 port with any ``ReactorTCP`` (`"::"`, all interfaces, by default).
///
/// Twisted: `twisted.internet.endpoints.TCP6ServerEndpoint`.
public final class TCP6ServerEndpoint: TCPServerEndpoint {
    /// Creates the endpoint; nothing happens until ``TCPServerEndpoint/listen(_:)``.
    public override init(reactor: any ReactorTCP, port: Int, backlog: Int = 50, interface: String = "::") {
        super.init(reactor: reactor, port: port, backlog: backlog, interface: interface)
    }
}

/// Listens on a UNIX-domain socket path with any ``ReactorUNIX``.
///
/// Twisted: `twisted.internet.endpoints.UNIXServerEndpoint`.
public final class UNIXServerEndpoint: StreamServerEndpoint {
    private let reactor: any ReactorUNIX
    /// The socket's path; it must not exist yet.
    public let path: String
    /// The `listen(2)` backlog.
    public let backlog: Int

    /// Creates the endpoint; nothing happens until ``listen(_:)``.
    public init(reactor: any ReactorUNIX, path: String, backlog: Int = 50) {
        self.reactor = reactor
        self.path = path
        self.backlog = backlog
    }

    /// Starts listening; fails with ``CannotListenError``.
    ///
    /// Twisted: `UNIXServerEndpoint.listen`.
    public func listen(_ factory: any Factory) -> Deferred<any ListeningPort> {
        .maybeDeferred { () throws -> any ListeningPort in
            try reactor.listenUNIX(path: path, factory: factory, backlog: backlog)
        }
    }
}

@available(*, unavailable)
extension UNIXServerEndpoint: Sendable {}
