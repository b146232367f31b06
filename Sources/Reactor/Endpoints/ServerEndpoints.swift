import Deferred

/// Listens on an IPv4 port with any ``ReactorTCP``.
///
/// Twisted: `twisted.internet.endpoints.TCP4ServerEndpoint`.
public final class TCP4ServerEndpoint: StreamServerEndpoint {
    private let reactor: any ReactorTCP
    /// The port (0: chosen by the kernel; read it from the port's `getHost()`).
    public let port: Int
    /// The `listen(2)` backlog.
    public let backlog: Int
    /// The local IPv4 address to bind; empty for all interfaces.
    public let interface: String

    /// Creates the endpoint; nothing happens until ``listen(_:)``.
    public init(reactor: any ReactorTCP, port: Int, backlog: Int = 50, interface: String = "") {
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
        .maybeDeferred { () throws -> any ListeningPort in
            try reactor.listenTCP(port: port, factory: factory, backlog: backlog, interface: interface)
        }
    }
}

@available(*, unavailable)
extension TCP4ServerEndpoint: Sendable {}

/// Listens on an IPv6 port with any ``ReactorTCP``.
///
/// Twisted: `twisted.internet.endpoints.TCP6ServerEndpoint`.
public final class TCP6ServerEndpoint: StreamServerEndpoint {
    private let reactor: any ReactorTCP
    /// The port (0: chosen by the kernel).
    public let port: Int
    /// The `listen(2)` backlog.
    public let backlog: Int
    /// The local IPv6 address to bind; `"::"` for all interfaces.
    public let interface: String

    /// Creates the endpoint; nothing happens until ``listen(_:)``.
    public init(reactor: any ReactorTCP, port: Int, backlog: Int = 50, interface: String = "::") {
        self.reactor = reactor
        self.port = port
        self.backlog = backlog
        self.interface = interface
    }

    /// Starts listening; fails with ``CannotListenError``.
    ///
    /// Twisted: `TCP6ServerEndpoint.listen`.
    public func listen(_ factory: any Factory) -> Deferred<any ListeningPort> {
        .maybeDeferred { () throws -> any ListeningPort in
            try reactor.listenTCP(port: port, factory: factory, backlog: backlog, interface: interface)
        }
    }
}

@available(*, unavailable)
extension TCP6ServerEndpoint: Sendable {}

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
