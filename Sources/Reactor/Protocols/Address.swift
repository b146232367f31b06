/// The address of one end of a connection or of a listening socket.
///
/// Returned by ``Transport/getPeer()``, ``Transport/getHost()``, ``ListeningPort/getHost()`` and
/// ``Connector/getDestination()``, and passed to ``Factory/buildProtocol(addr:)``.
///
/// Twisted: `twisted.internet.address.IPv4Address`, `IPv6Address` and `UNIXAddress`.
public enum Address: Hashable, Sendable, CustomStringConvertible {
    /// An IPv4 TCP endpoint, host in dotted-quad form (or the name given to `connectTCP` before resolution).
    case ipv4(host: String, port: Int)
    /// An IPv6 TCP endpoint, host in textual form without brackets.
    case ipv6(host: String, port: Int)
    /// A UNIX-domain socket; `nil` for an unnamed (unbound) socket.
    case unix(path: String?)

    /// The host part, for IP addresses.
    public var host: String? {
        switch self {
        case .ipv4(let host, _), .ipv6(let host, _): return host
        case .unix: return nil
        }
    }

    /// The port, for IP addresses.
    public var port: Int? {
        switch self {
        case .ipv4(_, let port), .ipv6(_, let port): return port
        case .unix: return nil
        }
    }

    /// `1.2.3.4:80`, `[::1]:80` or `unix:/path`.
    public var description: String {
        switch self {
        case .ipv4(let host, let port): return "\(host):\(port)"
        case .ipv6(let host, let port): return "[\(host)]:\(port)"
        case .unix(let path): return "unix:\(path ?? "<unnamed>")"
        }
    }
}
