import Reactor
import TLS

/// The short way to serve: a handler, a reactor, and ``listen(port:interface:backlog:)``.
///
/// ```swift
/// let router = Router()
/// router.get("/hello") { _ in "hello\n" }
/// let server = HTTPServer(reactor: reactor, router: router)
/// let port = try server.listen(port: 0)          // 127.0.0.1, a free port
/// print(port.getHost())                            // where to connect
/// ```
///
/// The server runs in the caller's reactor, next to anything else (an `Agent` workload, for instance).
/// ``factory`` works with any other listener or endpoint too; ``listenSSL(port:interface:backlog:options:)``
/// serves HTTPS (or wrap ``factory`` in a `TLSMemoryBIOFactory` / `TLSServerEndpoint` yourself).
///
/// Threading: not Sendable; reactor thread only.
///
/// Twisted: `reactor.listenTCP(port, Site(resource))`.
public final class HTTPServer {
    /// The reactor the server listens in.
    public let reactor: any ReactorTime & ReactorTCP
    /// The factory of the server's channels.
    public let factory: HTTPFactory
    /// The ports opened by ``listen(port:interface:backlog:)``.
    public private(set) var ports: [any ListeningPort] = []

    /// A server answering with `handler`.
    public init(
        reactor: any ReactorTime & ReactorTCP, handler: any RequestHandler,
        configuration: HTTPServerConfiguration = HTTPServerConfiguration()
    ) {
        self.reactor = reactor
        self.factory = HTTPFactory(handler: handler, clock: reactor, configuration: configuration)
    }

    /// A server answering with `router`.
    public convenience init(
        reactor: any ReactorTime & ReactorTCP, router: Router,
        configuration: HTTPServerConfiguration = HTTPServerConfiguration()
    ) {
        self.init(reactor: reactor, handler: router, configuration: configuration)
    }

    /// Listens on `interface` (default 127.0.0.1) and `port` (0: any free port; read the chosen one
    /// from the returned port's `getHost()`).
    ///
    /// - Throws: `CannotListenError` from the reactor.
    @discardableResult
    public func listen(port: Int = 0, interface: String = "127.0.0.1", backlog: Int = 128) throws -> any ListeningPort {
        let listening = try reactor.listenTCP(port: port, factory: factory, backlog: backlog, interface: interface)
        ports.append(listening)
        return listening
    }

    /// Listens as ``listen(port:interface:backlog:)`` does, speaking HTTPS: every connection is wrapped in
    /// TLS with `options` (its certificate and key) before it reaches an ``HTTPChannel``.
    ///
    /// - Throws: `CannotListenError` from the reactor.
    ///
    /// Twisted: `reactor.listenSSL(port, Site(resource), contextFactory)`.
    @discardableResult
    public func listenSSL(
        port: Int = 0, interface: String = "127.0.0.1", backlog: Int = 128, options: TLSServerOptions
    ) throws -> any ListeningPort {
        let listening = try reactor.listenSSL(
            port: port, factory: factory, options: options, backlog: backlog, interface: interface)
        ports.append(listening)
        return listening
    }
}

@available(*, unavailable)
extension HTTPServer: Sendable {}
