import Reactor

/// A `connectTCP` call recorded by ``MemoryReactorClock``.
///
/// Twisted: an entry of `MemoryReactor.tcpClients` (`(host, port, factory, timeout, bindAddress)`).
public struct TCPClientRecord {
    /// The host asked for.
    public let host: String
    /// The port asked for.
    public let port: Int
    /// The factory given.
    public let factory: any ClientFactory
    /// The connect timeout given.
    public let timeout: Duration
    /// The bind address given.
    public let bindAddress: Address?
    /// The connector returned; use it to complete or fail the attempt.
    public let connector: MemoryConnector
}

/// A `listenTCP` call recorded by ``MemoryReactorClock``.
///
/// Twisted: an entry of `MemoryReactor.tcpServers` (`(port, factory, backlog, interface)`).
public struct TCPServerRecord {
    /// The port asked for.
    public let port: Int
    /// The factory given.
    public let factory: any Factory
    /// The backlog given.
    public let backlog: Int
    /// The interface given.
    public let interface: String
    /// The port returned; use it to simulate accepted connections.
    public let listeningPort: MemoryListeningPort
}

/// A `connectUNIX` call recorded by ``MemoryReactorClock``.
///
/// Twisted: an entry of `MemoryReactor.unixClients`.
public struct UNIXClientRecord {
    /// The socket path.
    public let path: String
    /// The factory given.
    public let factory: any ClientFactory
    /// The connect timeout given.
    public let timeout: Duration
    /// The connector returned.
    public let connector: MemoryConnector
}

/// A `listenUNIX` call recorded by ``MemoryReactorClock``.
///
/// Twisted: an entry of `MemoryReactor.unixServers`.
public struct UNIXServerRecord {
    /// The socket path.
    public let path: String
    /// The factory given.
    public let factory: any Factory
    /// The backlog given.
    public let backlog: Int
    /// The port returned.
    public let listeningPort: MemoryListeningPort
}

@available(*, unavailable)
extension TCPClientRecord: Sendable {}
@available(*, unavailable)
extension TCPServerRecord: Sendable {}
@available(*, unavailable)
extension UNIXClientRecord: Sendable {}
@available(*, unavailable)
extension UNIXServerRecord: Sendable {}
