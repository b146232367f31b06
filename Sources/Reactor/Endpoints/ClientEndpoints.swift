import Deferred

/// Connects to a TCP host and port with any ``ReactorTCP`` (the epoll reactor, or a
/// ``MemoryReactorClock`` in tests): the shared implementation of ``TCP4ClientEndpoint`` and
/// ``TCP6ClientEndpoint``, which differ only in the address family they report as destination.
///
/// Threading: reactor-confined, like the reactor it uses.
public class TCPClientEndpoint: StreamClientEndpoint {
    private let reactor: any ReactorTCP
    private let isIPv6: Bool
    /// The host: an IP literal (IPv6 without brackets), or a name the reactor resolves, using its
    /// first address (``HostnameEndpoint`` races all of them).
    public let host: String
    /// The port.
    public let port: Int
    /// How long an attempt may take before failing with ``ConnectError/Code/timedOut``.
    public let timeout: Duration
    /// A local address to bind before connecting, if any.
    public let bindAddress: Address?

    init(reactor: any ReactorTCP, host: String, port: Int, timeout: Duration, bindAddress: Address?, isIPv6: Bool) {
        self.reactor = reactor
        self.host = host
        self.port = port
        self.timeout = timeout
        self.bindAddress = bindAddress
        self.isIPv6 = isIPv6
    }

    /// Connects and builds the protocol with `factory`; see ``StreamClientEndpoint/connect(_:)``.
    ///
    /// Fails with a ``ConnectError`` (refused, timed out, unreachable, ...), or with
    /// ``ConnectingCancelledError`` when the Deferred is cancelled first.
    ///
    /// Twisted: `TCP4ClientEndpoint.connect`.
    public func connect(_ factory: any Factory) -> Deferred<any ConnectionProtocol> {
        let destination: Address = isIPv6 ? .ipv6(host: host, port: port) : .ipv4(host: host, port: port)
        return connectThroughWrapper(factory, destination: destination) { [self] wrapper in
            reactor.connectTCP(host: host, port: port, factory: wrapper, timeout: timeout, bindAddress: bindAddress)
        }
    }
}

@available(*, unavailable)
extension TCPClientEndpoint: Sendable {}

/// Connects to an IPv4 host and port with any ``ReactorTCP``.
///
/// Twisted: `twisted.internet.endpoints.TCP4ClientEndpoint`.
public final class TCP4ClientEndpoint: TCPClientEndpoint {
    /// Creates the endpoint; nothing happens until ``TCPClientEndpoint/connect(_:)``.
    public init(
        reactor: any ReactorTCP, host: String, port: Int, timeout: Duration = .seconds(30),
        bindAddress: Address? = nil
    ) {
        super.init(reactor: reactor, host: host, port: port, timeout: timeout, bindAddress: bindAddress, isIPv6: false)
    }
}

/// Connects to an IPv6 host (a literal such as `"::1"`, without brackets) and port with any ``ReactorTCP``.
///
/// Twisted: `twisted.internet.endpoints.TCP6ClientEndpoint`.
public final class TCP6ClientEndpoint: TCPClientEndpoint {
    /// Creates the endpoint; nothing happens until ``TCPClientEndpoint/connect(_:)``.
    public init(
        reactor: any ReactorTCP, host: String, port: Int, timeout: Duration = .seconds(30),
        bindAddress: Address? = nil
    ) {
        super.init(reactor: reactor, host: host, port: port, timeout: timeout, bindAddress: bindAddress, isIPv6: true)
    }
}

/// Connects to a UNIX-domain stream socket with any ``ReactorUNIX``.
///
/// Twisted: `twisted.internet.endpoints.UNIXClientEndpoint`.
public final class UNIXClientEndpoint: StreamClientEndpoint {
    private let reactor: any ReactorUNIX
    /// The socket's path.
    public let path: String
    /// How long an attempt may take before failing with ``ConnectError/Code/timedOut``.
    public let timeout: Duration

    /// Creates the endpoint; nothing happens until ``connect(_:)``.
    public init(reactor: any ReactorUNIX, path: String, timeout: Duration = .seconds(30)) {
        self.reactor = reactor
        self.path = path
        self.timeout = timeout
    }

    /// Connects and builds the protocol with `factory`; a path nobody listens on fails with
    /// ``ConnectError/Code/refused``.
    ///
    /// Twisted: `UNIXClientEndpoint.connect`.
    public func connect(_ factory: any Factory) -> Deferred<any ConnectionProtocol> {
        connectThroughWrapper(factory, destination: .unix(path: path)) { wrapper in
            reactor.connectUNIX(path: path, factory: wrapper, timeout: timeout)
        }
    }
}

@available(*, unavailable)
extension UNIXClientEndpoint: Sendable {}
