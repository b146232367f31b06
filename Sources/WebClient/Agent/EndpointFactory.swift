import Deferred
import Reactor
import TLS

/// Chooses how the ``Agent`` reaches the server of a URI: the seam that lets tests (and special
/// deployments) route an Agent onto a ``MemoryReactorClock``, an in-memory server, a UNIX socket or a
/// proxy.
///
/// The Agent asks once per pool key (scheme, host, port) and reuses the endpoint for later requests to
/// the same key while it keeps it cached.
///
/// Twisted: `twisted.web.iweb.IAgentEndpointFactory`.
public protocol EndpointFactory: AnyObject {
    /// The endpoint that connects to `uri`'s server.
    ///
    /// - Throws: ``SchemeNotSupported`` (or any error) to fail the request before a connection is made.
    ///
    /// Twisted: `IAgentEndpointFactory.endpointForURI`.
    func endpoint(for uri: URI) throws -> any StreamClientEndpoint
}

/// The Agent's default endpoint factory: TCP to the URI's host and port for `http`, TLS over that TCP
/// connection for `https` (``TLSClientEndpoint``, SNI and certificate checks for the URI's host), and
/// ``SchemeNotSupported`` for everything else.
///
/// - An IPv4 or IPv6 literal host gets a ``TCP4ClientEndpoint`` or ``TCP6ClientEndpoint``.
/// - A host name gets a ``HostnameEndpoint``: resolved off the reactor thread, its addresses raced
///   (RFC 8305). `HostnameEndpoint` cannot bind a local address, so with a `bindAddress` a host name gets
///   a ``TCP4ClientEndpoint`` instead (the reactor resolves the name and uses its first address).
///
/// `connectTimeout` applies to each connection attempt. `https` uses ``tlsOptions``, or default
/// ``TLSClientOptions`` (the system's trust store, host name checked) made on the first `https` URI; if
/// OpenSSL is missing, `https` requests fail with ``TLSError/libraryUnavailable(_:)`` and `http` is
/// unaffected.
///
/// Twisted: `twisted.web.client._StandardEndpointFactory` (with `BrowserLikePolicyForHTTPS`).
public final class StandardEndpointFactory: EndpointFactory {
    private let reactor: any ReactorTCP & ReactorTime & ReactorThreads
    private let resolver: HostnameEndpoint.Resolver?
    /// The timeout of each connection attempt.
    public let connectTimeout: Duration
    /// The local address to bind before connecting, if any.
    public let bindAddress: Address?
    /// The TLS settings of `https` connections (`nil` until the first `https` URI when none were given).
    public private(set) var tlsOptions: TLSClientOptions?

    /// Creates the factory.
    ///
    /// - Parameters:
    ///   - resolver: How host names are resolved; by default `getaddrinfo` on the reactor's thread pool
    ///     (tests pass a fake one).
    ///   - tlsOptions: The TLS settings for `https` (trust roots, client certificate); by default the
    ///     system's trust store with host name checks.
    public init(
        reactor: any ReactorTCP & ReactorTime & ReactorThreads, connectTimeout: Duration = .seconds(30),
        bindAddress: Address? = nil, resolver: HostnameEndpoint.Resolver? = nil, tlsOptions: TLSClientOptions? = nil
    ) {
        self.reactor = reactor
        self.connectTimeout = connectTimeout
        self.bindAddress = bindAddress
        self.resolver = resolver
        self.tlsOptions = tlsOptions
    }

    /// A TCP endpoint for `http` URIs; the same wrapped in TLS for `https` URIs.
    ///
    /// - Throws: ``SchemeNotSupported`` for any other scheme; for `https` without options given,
    ///   ``TLSError`` if the default options cannot be made (no OpenSSL, unreadable system trust store).
    public func endpoint(for uri: URI) throws -> any StreamClientEndpoint {
        switch uri.scheme {
        case "http":
            return tcpEndpoint(for: uri)
        case "https":
            let options = try tlsOptions ?? TLSClientOptions()
            tlsOptions = options
            return TLSClientEndpoint(options: options, hostname: uri.host, wrapping: tcpEndpoint(for: uri))
        default:
            throw SchemeNotSupported(scheme: uri.scheme)
        }
    }

    private func tcpEndpoint(for uri: URI) -> any StreamClientEndpoint {
        if uri.isIPv6Literal {
            return TCP6ClientEndpoint(
                reactor: reactor, host: uri.host, port: uri.port, timeout: connectTimeout, bindAddress: bindAddress)
        }
        if bindAddress != nil || Self.isIPv4Literal(uri.host) {
            return TCP4ClientEndpoint(
                reactor: reactor, host: uri.host, port: uri.port, timeout: connectTimeout, bindAddress: bindAddress)
        }
        return HostnameEndpoint(
            reactor: reactor, host: uri.host, port: uri.port, timeout: connectTimeout, resolver: resolver)
    }

    /// Whether `host` is a dotted-quad IPv4 address.
    static func isIPv4Literal(_ host: String) -> Bool {
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4
            && parts.allSatisfy { !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCII) && UInt8($0) != nil }
    }
}

@available(*, unavailable)
extension StandardEndpointFactory: Sendable {}
