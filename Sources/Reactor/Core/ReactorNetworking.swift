/// Making and accepting TCP connections.
///
/// Threading: reactor-confined. Methods return at once; outcomes reach the factory in later iterations.
///
/// Twisted: `twisted.internet.interfaces.IReactorTCP`.
public protocol ReactorTCP: AnyObject {
    /// Starts connecting to `host`:`port` and returns the connector.
    ///
    /// `factory.doStart()` and `factory.startedConnecting(connector:)` are called before this returns.
    /// On success the factory builds a protocol, which gets ``ConnectionProtocol/makeConnection(_:)``;
    /// on failure ``ClientFactory/clientConnectionFailed(connector:reason:)`` gets a ``ConnectError``.
    ///
    /// - Parameters:
    ///   - host: A host name (resolved by the reactor's resolver) or an IP address literal.
    ///   - port: The TCP port, 1...65535.
    ///   - factory: Builds the protocol and hears about the attempt.
    ///   - timeout: Fail with ``ConnectError/Code/timedOut`` if not connected by then (default 30 s).
    ///   - bindAddress: A local address to bind before connecting, or `nil`.
    ///
    /// Twisted: `IReactorTCP.connectTCP`.
    @discardableResult
    func connectTCP(
        host: String, port: Int, factory: any ClientFactory, timeout: Duration, bindAddress: Address?
    ) -> any Connector

    /// Listens on `port` and builds a protocol with `factory` for each accepted connection.
    ///
    /// - Parameters:
    ///   - port: The port, or 0 for one chosen by the kernel (see ``ListeningPort/getHost()``).
    ///   - factory: Builds a protocol per connection; `doStart()` is called before this returns.
    ///   - backlog: The `listen(2)` backlog (default 50).
    ///   - interface: The local address to bind; empty for all IPv4 interfaces, `"::"` for all IPv6.
    /// - Throws: ``CannotListenError``.
    ///
    /// Twisted: `IReactorTCP.listenTCP`.
    func listenTCP(port: Int, factory: any Factory, backlog: Int, interface: String) throws -> any ListeningPort
}

extension ReactorTCP {
    /// ``connectTCP(host:port:factory:timeout:bindAddress:)`` with a 30 s timeout and no bind address by
    /// default.
    @discardableResult
    public func connectTCP(
        host: String, port: Int, factory: any ClientFactory, timeout: Duration = .seconds(30),
        bindAddress: Address? = nil
    ) -> any Connector {
        connectTCP(host: host, port: port, factory: factory, timeout: timeout, bindAddress: bindAddress)
    }

    /// ``listenTCP(port:factory:backlog:interface:)`` with a backlog of 50 on all interfaces by default.
    public func listenTCP(
        port: Int, factory: any Factory, backlog: Int = 50, interface: String = ""
    ) throws -> any ListeningPort {
        try listenTCP(port: port, factory: factory, backlog: backlog, interface: interface)
    }
}

/// Making and accepting UNIX-domain stream connections.
///
/// Threading: reactor-confined, as ``ReactorTCP``.
///
/// Twisted: `twisted.internet.interfaces.IReactorUNIX`.
public protocol ReactorUNIX: AnyObject {
    /// Starts connecting to the socket at `path`; outcomes reach `factory` as for
    /// ``ReactorTCP/connectTCP(host:port:factory:timeout:bindAddress:)``.
    ///
    /// Twisted: `IReactorUNIX.connectUNIX`.
    @discardableResult
    func connectUNIX(path: String, factory: any ClientFactory, timeout: Duration) -> any Connector

    /// Listens on a socket created at `path` (which must not exist).
    ///
    /// - Throws: ``CannotListenError``.
    ///
    /// Twisted: `IReactorUNIX.listenUNIX`.
    func listenUNIX(path: String, factory: any Factory, backlog: Int) throws -> any ListeningPort
}

extension ReactorUNIX {
    /// ``connectUNIX(path:factory:timeout:)`` with a 30 s timeout by default.
    @discardableResult
    public func connectUNIX(
        path: String, factory: any ClientFactory, timeout: Duration = .seconds(30)
    ) -> any Connector {
        connectUNIX(path: path, factory: factory, timeout: timeout)
    }

    /// ``listenUNIX(path:factory:backlog:)`` with a backlog of 50 by default.
    public func listenUNIX(path: String, factory: any Factory, backlog: Int = 50) throws -> any ListeningPort {
        try listenUNIX(path: path, factory: factory, backlog: backlog)
    }
}

/// Everything a Torsion reactor offers: time, running, threads, TCP and UNIX sockets, UDP, child processes,
/// descriptor readers and writers, signals and adopted sockets.
///
/// Both the epoll reactor and ``MemoryReactorClock`` conform. Prefer the narrowest protocol a component
/// needs (`any ReactorTime` for a timeout helper, `any ReactorTCP` for an endpoint); take a
/// `FullReactor` only where several are needed. (Not named `Reactor`: that is the module's name.)
///
/// Twisted: the global `reactor` object and the interfaces it provides.
public typealias FullReactor = ReactorTime & ReactorCore & ReactorThreads & ReactorTCP & ReactorUNIX
    & ReactorUDP & ReactorMulticast & ReactorProcess & ReactorFDSet & ReactorSignals & ReactorSocket
