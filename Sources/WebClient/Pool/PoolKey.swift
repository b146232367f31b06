/// What the pool files connections under: connections are reused only for requests with the same key.
///
/// The ``Agent`` uses `(scheme, host, port)` of the request URI, so `http://a/` and `http://a:80/` share
/// connections while `http://a:8080/` does not. Other users may add a ``tag`` to keep otherwise equal
/// destinations apart (a proxy route, a bind address, a TLS configuration).
///
/// Twisted: the `key` argument of `HTTPConnectionPool.getConnection` (a tuple there).
public struct PoolKey: Hashable, Sendable, CustomStringConvertible {
    /// The URI scheme, lowercased (`http`).
    public var scheme: String
    /// The host as in ``URI/host`` (IPv6 without brackets).
    public var host: String
    /// The port.
    public var port: Int
    /// Anything else that must match for a connection to be shared; empty by default.
    public var tag: String

    /// A key from its parts.
    public init(scheme: String, host: String, port: Int, tag: String = "") {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.tag = tag
    }

    /// The key for `uri`: its scheme, host and port.
    public init(_ uri: URI) {
        self.init(scheme: uri.scheme, host: uri.host, port: uri.port)
    }

    /// `scheme://host:port` (IPv6 bracketed), then ` [tag]` when there is one.
    public var description: String {
        let h = host.contains(":") ? "[\(host)]" : host
        return tag.isEmpty ? "\(scheme)://\(h):\(port)" : "\(scheme)://\(h):\(port) [\(tag)]"
    }
}
