import Deferred
import Reactor

/// Connects through another stream endpoint and speaks TLS over the connection: HTTPS over TCP, TLS over
/// a UNIX socket, over a test double, or over another wrapper.
///
/// The Deferred fires with the caller's protocol as soon as the connection below is made (before the
/// handshake, as in Twisted: what the protocol writes is held until the handshake is done). A failed
/// handshake reaches the protocol's `connectionLost(reason:)` as a ``TLSError``.
///
/// Threading: reactor-confined.
///
/// Twisted: `twisted.internet.endpoints.wrapClientTLS` (its `_WrapperEndpoint`).
public final class TLSClientEndpoint: StreamClientEndpoint {
    /// The endpoint that makes the connection below.
    public let wrappedEndpoint: any StreamClientEndpoint
    /// The TLS settings.
    public let options: TLSClientOptions
    /// The server's name: sent as SNI (unless an IP literal) and checked against its certificate.
    public let hostname: String?

    /// Creates the endpoint; see ``wrapClientTLS(_:hostname:_:)``.
    public init(options: TLSClientOptions, hostname: String?, wrapping endpoint: any StreamClientEndpoint) {
        self.options = options
        self.hostname = hostname
        wrappedEndpoint = endpoint
    }

    /// Connects below with `factory`'s protocols wrapped in TLS; fires with the caller's protocol, or fails
    /// as the endpoint below does. Cancelling cancels the attempt below.
    public func connect(_ factory: any Factory) -> Deferred<any ConnectionProtocol> {
        let tlsFactory = TLSMemoryBIOFactory(clientOptions: options, hostname: hostname, wrapping: factory)
        return wrappedEndpoint.connect(tlsFactory).addCallback {
            (connected: any ConnectionProtocol) throws -> any ConnectionProtocol in
            guard let tls = connected as? TLSMemoryBIOProtocol else { return connected }
            // Lost already (a transport that reports loss synchronously): report why.
            guard let inner = tls.wrappedProtocol else { throw tls.failure ?? ConnectionLost("lost while connecting") }
            return inner
        }
    }
}

@available(*, unavailable)
extension TLSClientEndpoint: Sendable {}

/// Wraps a stream client endpoint so its connections speak TLS to `hostname`.
///
/// ```swift
/// let https = wrapClientTLS(try TLSClientOptions(), hostname: "example.com",
///                           TCP4ClientEndpoint(reactor: reactor, host: "93.184.215.14", port: 443))
/// ```
///
/// Twisted: `twisted.internet.endpoints.wrapClientTLS(connectionCreator, wrappedEndpoint)`.
public func wrapClientTLS(
    _ options: TLSClientOptions, hostname: String?, _ endpoint: any StreamClientEndpoint
) -> TLSClientEndpoint {
    TLSClientEndpoint(options: options, hostname: hostname, wrapping: endpoint)
}

/// Listens through another stream server endpoint and speaks TLS (server side) on each connection.
///
/// Threading: reactor-confined.
///
/// Twisted: `twisted.internet.endpoints.SSL4ServerEndpoint` (generalised to any server endpoint).
public final class TLSServerEndpoint: StreamServerEndpoint {
    /// The endpoint that listens below.
    public let wrappedEndpoint: any StreamServerEndpoint
    /// The TLS settings.
    public let options: TLSServerOptions

    /// Creates the endpoint; nothing happens until ``listen(_:)``.
    public init(options: TLSServerOptions, wrapping endpoint: any StreamServerEndpoint) {
        self.options = options
        wrappedEndpoint = endpoint
    }

    /// Listens below with `factory`'s protocols wrapped in TLS; fails as the endpoint below does.
    public func listen(_ factory: any Factory) -> Deferred<any ListeningPort> {
        wrappedEndpoint.listen(TLSMemoryBIOFactory(serverOptions: options, wrapping: factory))
    }
}

@available(*, unavailable)
extension TLSServerEndpoint: Sendable {}

extension ReactorTCP {
    /// Connects to `host`:`port` over TCP and speaks TLS (client side, SNI and name check for `host`);
    /// `factory` hears about the attempt as with `connectTCP`, and its protocol speaks through TLS.
    ///
    /// Twisted: `IReactorSSL.connectSSL(host, port, factory, contextFactory, timeout, bindAddress)`.
    @discardableResult
    public func connectSSL(
        host: String, port: Int, factory: any ClientFactory, options: TLSClientOptions,
        timeout: Duration = .seconds(30), bindAddress: Address? = nil
    ) -> any Connector {
        connectTCP(
            host: host, port: port,
            factory: TLSMemoryBIOFactory(clientOptions: options, hostname: host, wrapping: factory),
            timeout: timeout, bindAddress: bindAddress)
    }

    /// Listens on `port` and speaks TLS (server side) on every accepted connection.
    ///
    /// - Throws: `CannotListenError`.
    ///
    /// Twisted: `IReactorSSL.listenSSL(port, factory, contextFactory, backlog, interface)`.
    public func listenSSL(
        port: Int, factory: any Factory, options: TLSServerOptions, backlog: Int = 50, interface: String = ""
    ) throws -> any ListeningPort {
        try listenTCP(
            port: port, factory: TLSMemoryBIOFactory(serverOptions: options, wrapping: factory), backlog: backlog,
            interface: interface)
    }
}
