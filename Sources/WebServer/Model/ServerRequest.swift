import Deferred
import Reactor

/// One request received by an ``HTTPChannel``, as a handler sees it.
///
/// The handler is called as soon as the head has arrived; the body (if any) arrives afterwards and is
/// read with ``readBody(maxSize:)`` (collected, with a size limit) or ``deliverBody(_:)`` (streamed,
/// with flow control). A body nobody reads is buffered up to the channel's `bodyBufferSize`, then
/// reading pauses until the response is finished, after which the rest is read and discarded.
///
/// Threading: not Sendable; reactor thread only.
///
/// Twisted: `twisted.web.server.Request` (`method`, `uri`, `path`, `args`, `requestHeaders`,
/// `content`, `prepath`/`postpath`, `notifyFinish`).
public final class ServerRequest {
    /// The method, e.g. `"GET"` (case-sensitive, as sent).
    public let method: String
    /// The request-target exactly as sent (`/a/b?x=1`, or an absolute URI).
    ///
    /// Twisted: `Request.uri`.
    public let target: String
    /// The path part of the target, not percent-decoded (`/a/b`); `"*"` for `OPTIONS *`.
    ///
    /// Twisted: `Request.path`.
    public let path: String
    /// The raw query string after `?`, or nil when the target has none.
    public let queryString: String?
    /// The HTTP version of the request line.
    public let version: HTTPVersion
    /// The header fields, in order.
    ///
    /// Twisted: `Request.requestHeaders`.
    public let headers: Headers
    /// The declared body length: `Content-Length`, 0 without a body, nil for a chunked body.
    public let contentLength: Int?
    /// The client's address.
    ///
    /// Twisted: `Request.getClientAddress()`.
    public let peer: Address?
    /// Values captured by ``Router`` patterns such as `/users/:id` (decoded), by name.
    public var pathParameters: [String: String] = [:]
    /// The decoded path segments already consumed by ``Resource`` traversal.
    ///
    /// Twisted: `Request.prepath`.
    public var prepath: [String] = []

    private var _postpath: [String]?
    private var _query: QueryParameters?
    let body: RequestBodyStream
    private var finishWaiters: [Deferred<Void>] = []
    private var finishResult: Result<Void, any Error>?

    init(head: RequestHead, peer: Address?, body: RequestBodyStream) {
        method = head.method
        target = head.target
        path = head.path
        queryString = head.query
        version = head.version
        headers = head.headers
        switch head.framing {
        case .none: contentLength = 0
        case .contentLength(let length): contentLength = length
        case .chunked: contentLength = nil
        }
        self.peer = peer
        self.body = body
    }

    /// Whether the method is `HEAD` (the channel sends no body for it).
    public var isHead: Bool { method == "HEAD" }

    /// The parsed query string (empty without one).
    ///
    /// Twisted: `Request.args`.
    public var query: QueryParameters {
        if let _query { return _query }
        let parsed = queryString.map(QueryParameters.init(parsing:)) ?? QueryParameters()
        _query = parsed
        return parsed
    }

    /// The decoded path segments not yet consumed by ``Resource`` traversal (`/a/b%20c` gives
    /// `["a", "b c"]`; the root `/` gives `[""]`, as in Twisted).
    ///
    /// Twisted: `Request.postpath`.
    public var postpath: [String] {
        get {
            if let _postpath { return _postpath }
            let segments = path.utf8.dropFirst().split(separator: 0x2F, omittingEmptySubsequences: false)
                .map { PercentDecoding.decode($0, plusIsSpace: false) }
            _postpath = segments.isEmpty ? [""] : segments
            return _postpath!
        }
        set { _postpath = newValue }
    }

    /// A header field's combined value (case-insensitive name), or nil.
    public func header(_ name: String) -> String? { headers[name] }

    /// Trailer fields of a chunked body, once the body has been read to its end.
    public var trailers: Headers { body.trailers }

    /// Streams the body to `consumer` (see ``RequestBodyProtocol``); call at most once per request,
    /// and not together with ``readBody(maxSize:)``. A `100 Continue` is sent first if the client
    /// asked for one.
    ///
    /// Twisted: `IResponse.deliverBody`, for requests.
    public func deliverBody(_ consumer: any RequestBodyProtocol) {
        body.attach(consumer)
    }

    /// Collects the whole body. Fails with ``RequestBodyTooLarge`` past `maxSize` bytes (default: the
    /// channel's `maxBodySize`; the channel answers 413 if the handler lets that error through) and with
    /// ``RequestBodyFailed`` if the body cannot be read to its end.
    ///
    /// Twisted: `Request.content.read()` (Twisted collects before rendering; here the handler asks).
    public func readBody(maxSize: Int? = nil) -> Deferred<[UInt8]> {
        let collector = BodyCollector(maxSize: maxSize ?? defaultMaxBodySize)
        deliverBody(collector)
        return collector.done
    }

    /// The limit ``readBody(maxSize:)`` uses by default (set by the channel).
    var defaultMaxBodySize = 1 << 20

    /// Fires when the response has been completely written, or fails with ``RequestAborted`` if the
    /// connection is lost first. Useful to stop work for a client that went away.
    ///
    /// Twisted: `Request.notifyFinish`.
    public func notifyFinish() -> Deferred<Void> {
        switch finishResult {
        case .success?: return .succeed(())
        case .failure(let error)?: return .fail(error)
        case nil:
            let waiter = Deferred<Void>()
            finishWaiters.append(waiter)
            return waiter
        }
    }

    /// Called by the channel once: the response is written, or the connection was lost.
    func finished(_ result: Result<Void, any Error>) {
        guard finishResult == nil else { return }
        finishResult = result
        let waiters = finishWaiters
        finishWaiters = []
        for waiter in waiters {
            switch result {
            case .success: waiter.callback(())
            case .failure(let error): waiter.errback(error)
            }
        }
    }
}

@available(*, unavailable)
extension ServerRequest: Sendable {}

/// Collects a body for ``ServerRequest/readBody(maxSize:)``.
final class BodyCollector: RequestBodyProtocol {
    let done = Deferred<[UInt8]>()
    private let maxSize: Int
    private var bytes: [UInt8] = []
    private var producer: (any PushProducer)?
    private var failed = false

    init(maxSize: Int) { self.maxSize = maxSize }

    func makeConnection(_ producer: any PushProducer) { self.producer = producer }

    func dataReceived(_ data: ArraySlice<UInt8>) {
        guard !failed else { return }
        guard bytes.count + data.count <= maxSize else {
            failed = true
            bytes = []
            producer?.stopProducing()
            done.errback(RequestBodyTooLarge(maxSize: maxSize))
            return
        }
        bytes.append(contentsOf: data)
    }

    func connectionLost(reason: any Error) {
        guard !failed else { return }
        failed = true
        if reason is RequestBodyDone {
            done.callback(bytes)
        } else {
            done.errback(reason)
        }
    }
}

@available(*, unavailable)
extension BodyCollector: Sendable {}
