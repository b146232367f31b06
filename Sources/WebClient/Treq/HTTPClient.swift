import Deferred
import Reactor

/// The everyday HTTP client: one call per request, query parameters, in-memory bodies, a timeout, and
/// helpers to read the response. Built on an ``HTTPAgent``, by default an ``Agent`` and its
/// ``HTTPConnectionPool``, for `http` and `https` URLs.
///
/// ```swift
/// let client = HTTPClient(reactor: reactor)
/// client.get("http://example.com/search", params: [("q", "swift")], timeout: .seconds(10))
///     .addCallback { response in client.text(response) }
///     .addCallback { text in print(text) }
/// ```
///
/// - Bodies are in memory (``HTTPBody``: bytes, text, JSON, form) and sent with `Content-Length`; their
///   `Content-Type` is set unless the caller set one. For streamed bodies use ``agent`` directly.
/// - `timeout` covers the wait for the response head, as treq's does: when it runs out the request is
///   cancelled (a connection attempt is stopped, a request in flight aborts its connection) and the
///   Deferred fails with ``TimeoutError``. The Agent's ``AgentTimeouts`` (``Agent/timeouts``, or a
///   request's `timeouts:`) add a connect limit, an idle read timeout and a total deadline, the last two
///   covering the body read by ``content(_:maxSize:)``, ``text(_:maxSize:)`` and ``json(_:maxSize:)`` too.
/// - The library does not import Foundation: JSON goes through the small ``JSONValue`` type.
///
/// Threading: reactor thread only.
///
/// Twisted: treq's module-level API (`treq.get`, `treq.post`, `treq.content`, ...) over
/// `HTTPClient(agent)`.
public final class HTTPClient {
    /// The agent requests go through.
    ///
    /// Twisted: `HTTPClient._agent`.
    public let agent: any HTTPAgent
    /// The clock that runs request timeouts.
    public let reactor: any ReactorTime

    /// A client over `agent` (an ``Agent``, or any agent wrapping one), timing requests out on `reactor`.
    ///
    /// Twisted: `treq.client.HTTPClient(agent)`.
    public init(agent: any HTTPAgent, reactor: any ReactorTime) {
        self.agent = agent
        self.reactor = reactor
    }

    /// A client with its own ``Agent`` (`http` over TCP, `https` over TLS with the system's trust store)
    /// and, by default, a persistent pool (as treq's default pool is persistent), with `timeouts` for every
    /// request (by default a 30 s connect limit only).
    ///
    /// - Parameters:
    ///   - retries: Retry failed requests by this policy: the Agent is wrapped in a ``RetryAgent``, and
    ///     `timeouts.total`, if any, bounds each request's retries and waits too. Default `nil`: no retries
    ///     (beyond the pool's own retry of a stale connection).
    ///   - headers: Default headers for every request, under the request's own (``DefaultHeadersAgent``).
    public convenience init(
        reactor: any ReactorTime & ReactorTCP & ReactorThreads, pool: HTTPConnectionPool? = nil,
        timeouts: AgentTimeouts = AgentTimeouts(), retries: Retry? = nil, headers: Headers = Headers()
    ) {
        let agent = Agent(reactor: reactor, pool: pool ?? HTTPConnectionPool(reactor: reactor, persistent: true))
        agent.timeouts = timeouts
        var wrapped: any HTTPAgent = agent
        if let retries { wrapped = RetryAgent(wrapped, reactor: reactor, retries: retries, timeouts: timeouts) }
        if !headers.isEmpty { wrapped = DefaultHeadersAgent(wrapped, headers: headers) }
        self.init(agent: wrapped, reactor: reactor)
    }

    /// Sends a request.
    ///
    /// - Parameters:
    ///   - method: The method, such as `GET`.
    ///   - url: An absolute `http` or `https` URL (another scheme fails with ``SchemeNotSupported``).
    ///   - params: Query parameters, percent-encoded (``QueryString``) and appended in order.
    ///   - headers: Extra headers.
    ///   - body: The body, or `nil`.
    ///   - timeout: How long to wait for the response head; `nil` waits as long as it takes.
    ///   - timeouts: This request's ``AgentTimeouts``; `nil` (the default) uses the Agent's.
    /// - Returns: A Deferred of the response (read the body with ``content(_:maxSize:)``, ``text(_:maxSize:)``
    ///   or ``json(_:maxSize:)``); fails as ``HTTPAgent/request(method:uri:headers:bodyProducer:timeouts:)``
    ///   does, or with ``TimeoutError``.
    ///
    /// Twisted: `treq.request`.
    public func request(
        _ method: String, _ url: String, params: [(String, String)] = [], headers: Headers = Headers(),
        body: HTTPBody? = nil, timeout: Duration? = nil, timeouts: AgentTimeouts? = nil
    ) -> Deferred<Response> {
        var headers = headers
        var producer: (any BodyProducer)?
        if let body {
            if let type = body.contentType, !headers.contains(name: "Content-Type") {
                headers.add(name: "Content-Type", value: type)
            }
            producer = BytesBodyProducer(body.bytes)
        }
        let target = QueryString.appending(params, to: url)
        let deferred = agent.request(
            method: method, uri: target, headers: headers, bodyProducer: producer, timeouts: timeouts)
        if let timeout {
            // Cancelling fails the request with the error of whatever it was doing (a connect attempt, a
            // request in flight); on timeout, any such failure becomes a TimeoutError.
            deferred.addTimeout(timeout, clock: reactor) { result, timeout in
                if case .success(let response) = result { return response }
                throw TimeoutError(timeout: timeout, subject: "HTTP request")
            }
        }
        return deferred
    }

    /// A GET request. Twisted: `treq.get`.
    public func get(
        _ url: String, params: [(String, String)] = [], headers: Headers = Headers(), timeout: Duration? = nil
    ) -> Deferred<Response> {
        request("GET", url, params: params, headers: headers, timeout: timeout)
    }

    /// A HEAD request (the response has no body). Twisted: `treq.head`.
    public func head(
        _ url: String, params: [(String, String)] = [], headers: Headers = Headers(), timeout: Duration? = nil
    ) -> Deferred<Response> {
        request("HEAD", url, params: params, headers: headers, timeout: timeout)
    }

    /// A POST request. Twisted: `treq.post`.
    public func post(
        _ url: String, body: HTTPBody? = nil, params: [(String, String)] = [], headers: Headers = Headers(),
        timeout: Duration? = nil
    ) -> Deferred<Response> {
        request("POST", url, params: params, headers: headers, body: body, timeout: timeout)
    }

    /// A PUT request. Twisted: `treq.put`.
    public func put(
        _ url: String, body: HTTPBody? = nil, params: [(String, String)] = [], headers: Headers = Headers(),
        timeout: Duration? = nil
    ) -> Deferred<Response> {
        request("PUT", url, params: params, headers: headers, body: body, timeout: timeout)
    }

    /// A PATCH request. Twisted: `treq.patch`.
    public func patch(
        _ url: String, body: HTTPBody? = nil, params: [(String, String)] = [], headers: Headers = Headers(),
        timeout: Duration? = nil
    ) -> Deferred<Response> {
        request("PATCH", url, params: params, headers: headers, body: body, timeout: timeout)
    }

    /// A DELETE request. Twisted: `treq.delete`.
    public func delete(
        _ url: String, body: HTTPBody? = nil, params: [(String, String)] = [], headers: Headers = Headers(),
        timeout: Duration? = nil
    ) -> Deferred<Response> {
        request("DELETE", url, params: params, headers: headers, body: body, timeout: timeout)
    }

    // MARK: - Reading responses

    /// The whole body (``Response/content(maxSize:)``). Twisted: `treq.content`.
    public func content(_ response: Response, maxSize: Int? = nil) -> Deferred<[UInt8]> {
        response.content(maxSize: maxSize)
    }

    /// The whole body as text (``Response/text(maxSize:)``). Twisted: `treq.text_content`.
    public func text(_ response: Response, maxSize: Int? = nil) -> Deferred<String> {
        response.text(maxSize: maxSize)
    }

    /// The whole body as JSON (``Response/json(maxSize:)``). Twisted: `treq.json_content`.
    public func json(_ response: Response, maxSize: Int? = nil) -> Deferred<JSONValue> {
        response.json(maxSize: maxSize)
    }
}

@available(*, unavailable)
extension HTTPClient: Sendable {}
