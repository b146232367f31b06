import Deferred
import Reactor
import TLS

/// Makes HTTP requests for absolute URIs, over connections from an ``HTTPConnectionPool``.
///
/// ``request(method:uri:headers:bodyProducer:timeouts:)`` checks the method and parses the URI, picks an endpoint
/// with the ``EndpointFactory``, takes a connection for the pool key `(scheme, host, port)` and sends the
/// request in origin form (`/path?query`). Headers:
/// - `Host` is computed from the URI: the host (IPv6 literals bracketed), then `:port` unless it is the
///   scheme's default; a `Host` header the caller set is used instead.
/// - Userinfo in the URI (`http://user:pass@host/`) becomes a Basic `Authorization` header (the
///   percent-decoded user and password, UTF-8), unless the caller set `Authorization`; it never goes into
///   `Host` or the request line.
/// - With a non-persistent pool (the default pool, as in Twisted), every request carries
///   `Connection: close`.
///
/// Threading: reactor thread only.
///
/// Twisted: `twisted.web.client.Agent`.
public final class Agent {
    /// The pool connections come from.
    public let pool: HTTPConnectionPool
    /// How endpoints are chosen for URIs.
    public let endpointFactory: any EndpointFactory
    /// The time limits of each request (``AgentTimeouts``: connect, idle read, total), unless a request
    /// brings its own. Changing `connect` here does not change the per-attempt timeout the endpoint
    /// factory was made with.
    public var timeouts: AgentTimeouts
    /// Endpoints already made, per key (so a reused connection costs no endpoint allocation).
    private var endpoints: [PoolKey: any StreamClientEndpoint] = [:]
    private static let endpointCacheLimit = 256

    /// An Agent connecting over plain TCP with `reactor`.
    ///
    /// - Parameters:
    ///   - reactor: Makes the connections and runs the pool's timers.
    ///   - pool: The pool to use; by default a new non-persistent pool (every request on its own
    ///     connection, closed afterwards), as in Twisted. Pass `HTTPConnectionPool(reactor:)` to keep
    ///     connections.
    ///   - connectTimeout: The timeout of each connection attempt, and of getting a connection as a whole
    ///     (``AgentTimeouts/connect``); default 30 s.
    ///   - bindAddress: A local address to bind before connecting, or `nil`.
    ///   - tlsOptions: TLS settings for `https` URIs (trust roots, client certificate); by default the
    ///     system's trust store with host name checks (see ``StandardEndpointFactory``).
    ///   - readTimeout: The idle read timeout (``AgentTimeouts/read``); default none.
    ///   - totalTimeout: The deadline of each whole exchange (``AgentTimeouts/total``); default none.
    ///
    /// Twisted: `Agent(reactor, contextFactory, connectTimeout, bindAddress, pool)`; the read and total
    /// timeouts are new (twisted#5773).
    public convenience init(
        reactor: any ReactorTime & ReactorTCP & ReactorThreads, pool: HTTPConnectionPool? = nil,
        connectTimeout: Duration = .seconds(30), bindAddress: Address? = nil, tlsOptions: TLSClientOptions? = nil,
        readTimeout: Duration? = nil, totalTimeout: Duration? = nil
    ) {
        self.init(
            endpointFactory: StandardEndpointFactory(
                reactor: reactor, connectTimeout: connectTimeout, bindAddress: bindAddress, tlsOptions: tlsOptions),
            pool: pool ?? HTTPConnectionPool(reactor: reactor, persistent: false),
            timeouts: AgentTimeouts(connect: connectTimeout, read: readTimeout, total: totalTimeout))
    }

    /// An Agent that asks `endpointFactory` how to reach each URI: the way to route requests onto a
    /// ``MemoryReactorClock``, an in-memory server or anything else.
    ///
    /// Timers run on the pool's clock (`reactor` for the default pool).
    ///
    /// Twisted: `Agent.usingEndpointFactory(reactor, endpointFactory, pool)`.
    public static func usingEndpointFactory(
        reactor: any ReactorTime, endpointFactory: any EndpointFactory, pool: HTTPConnectionPool? = nil,
        timeouts: AgentTimeouts = AgentTimeouts()
    ) -> Agent {
        Agent(
            endpointFactory: endpointFactory, pool: pool ?? HTTPConnectionPool(reactor: reactor, persistent: false),
            timeouts: timeouts)
    }

    private init(endpointFactory: any EndpointFactory, pool: HTTPConnectionPool, timeouts: AgentTimeouts) {
        self.endpointFactory = endpointFactory
        self.pool = pool
        self.timeouts = timeouts
    }

    /// Sends a request and returns a Deferred of its response, fired once the response head has arrived
    /// (read the body with ``readBody(_:maxSize:)`` or ``Response/deliverBody(_:)``).
    ///
    /// - Parameters:
    ///   - method: The method, case-sensitive (`GET`); must be a token.
    ///   - uri: An absolute URI, served if the endpoint factory has an endpoint for its scheme (the
    ///     standard one: `http` and `https`).
    ///   - headers: Extra headers (copied, never modified).
    ///   - bodyProducer: The body, or `nil` for none.
    ///   - timeouts: This request's time limits; `nil` (the default) uses ``timeouts``.
    /// - Returns: A Deferred that fails, before any connection is made, with ``InvalidRequest`` for a
    ///   method that is not a token, ``InvalidURI`` for a URI that cannot be parsed, or
    ///   ``SchemeNotSupported`` (a scheme the endpoint factory does not serve, such as `ftp` or `mailto`
    ///   with the standard one); later with a connect error,
    ///   ``PoolTimeout``, a ``TLSError`` inside the request errors for a failed `https` handshake,
    ///   or the request errors of ``HTTP11ClientProtocol/request(_:)``, or with a timeout
    ///   (``ConnectTimeoutError``, ``ReadTimeoutError``, ``RequestDeadlineExceeded``; see ``AgentTimeouts``,
    ///   whose read and total limits also cover the body). A request that fails on a reused
    ///   connection because the server had closed it is retried once when that is safe (``RetryPolicy``).
    ///   Cancelling the Deferred cancels the connection attempt or the request (which aborts the
    ///   connection).
    ///
    /// Twisted: `Agent.request`.
    public func request(
        method: String, uri: String, headers: Headers = Headers(), bodyProducer: (any BodyProducer)? = nil,
        timeouts: AgentTimeouts? = nil
    ) -> Deferred<Response> {
        guard !method.isEmpty, method.utf8.allSatisfy(ByteClass.isTokenChar) else {
            return .fail(InvalidRequest(.method, "method \(String(reflecting: method)) is not a token"))
        }
        let parsed: URI
        do {
            parsed = try URI(uri)
        } catch {
            return .fail(error)
        }
        return request(method: method, uri: parsed, headers: headers, bodyProducer: bodyProducer, timeouts: timeouts)
    }

    /// ``request(method:uri:headers:bodyProducer:timeouts:)`` for a URI already parsed.
    public func request(
        method: String, uri: URI, headers: Headers = Headers(), bodyProducer: (any BodyProducer)? = nil,
        timeouts: AgentTimeouts? = nil
    ) -> Deferred<Response> {
        let key = PoolKey(uri)
        let endpoint: any StreamClientEndpoint
        do {
            endpoint = try self.endpoint(for: uri, key: key)
        } catch {
            return .fail(error)
        }
        let request = Self.makeRequest(
            method: method, uri: uri, headers: headers, bodyProducer: bodyProducer, persistent: pool.persistent)
        return TimedRequest.send(
            request, uri: uri, key: key, endpoint: endpoint, pool: pool, timeouts: timeouts ?? self.timeouts)
    }

    /// The request the Agent sends for `uri` (see the type's notes on `Host` and `Authorization`).
    static func makeRequest(
        method: String, uri: URI, headers: Headers, bodyProducer: (any BodyProducer)?, persistent: Bool
    ) -> Request {
        var headers = headers
        if let userinfo = uri.userinfo, !headers.contains(name: "Authorization") {
            headers.add(name: "Authorization", value: basicAuthorization(user: userinfo.user, password: userinfo.password))
        }
        let host = headers.first(name: "Host") ?? uri.hostHeaderValue
        return Request(
            method: method, target: uri.originForm, host: host, headers: headers, bodyProducer: bodyProducer,
            persistent: persistent, uri: uri)
    }

    private func endpoint(for uri: URI, key: PoolKey) throws -> any StreamClientEndpoint {
        if let cached = endpoints[key] { return cached }
        let made = try endpointFactory.endpoint(for: uri)
        if endpoints.count >= Self.endpointCacheLimit { endpoints.removeAll(keepingCapacity: true) }
        endpoints[key] = made
        return made
    }
}

@available(*, unavailable)
extension Agent: Sendable {}
