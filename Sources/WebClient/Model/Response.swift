import Deferred
import Reactor

/// An HTTP response whose head has arrived; its body is delivered with ``deliverBody(_:)``.
///
/// Until a consumer is attached, body bytes that arrive are kept and the connection stops reading, so
/// a response whose body nobody reads holds its connection (call ``deliverBody(_:)``, ``readBody(_:maxSize:)``
/// or ``discardBody()``). A body that ended before ``deliverBody(_:)`` is replayed, then the consumer's
/// `connectionLost` is called at once.
///
/// Threading: reactor thread only.
///
/// Twisted: `twisted.web._newclient.Response`.
public final class Response {
    /// The HTTP version of the response.
    public let version: HTTPVersion
    /// The status code, 100 to 599.
    public let code: Int
    /// The reason phrase (may be empty).
    public let phrase: String
    /// The response headers (trailers are in ``trailers``).
    public let headers: Headers
    /// The body length from `Content-Length`, or `nil` when unknown (chunked or close-delimited).
    /// Zero for responses without a body (HEAD, 204, 304).
    public let length: Int?
    /// The request this responds to.
    public var request: Request { sent.request }
    /// The request, as the connection sent it.
    let sent: SentRequest
    /// Trailer fields of a chunked body, available once the body is done.
    public internal(set) var trailers = Headers()
    /// The local address of the connection that carried the response (its port tells connections apart,
    /// so reuse can be seen from outside).
    public internal(set) var localAddress: Address?
    /// Whether the connection was offered for another request after this response: `nil` until the
    /// response is complete, then true if it went back to quiescence (and so to a pool), false if it was
    /// closed (`Connection: close`, HTTP/1.0, a close-delimited body, trailing bytes, an error).
    public internal(set) var connectionReusable: Bool?
    /// The attempts a ``RetryAgent`` made before this response, oldest first, each with what it ended in and
    /// the wait after it (urllib3's `Retry.history`); empty when the first attempt produced it or no
    /// retry agent was involved.
    public internal(set) var retryHistory: [RetryAttempt] = []

    enum BodyState {
        /// Waiting for a consumer; body parts and the end are kept.
        case initial(buffered: [ArraySlice<UInt8>], end: (any Error)?)
        case connected(any ResponseBodyProtocol)
        case finished
    }

    var bodyState = BodyState.initial(buffered: [], end: nil)
    /// Controls the connection's reading for the body consumer.
    let bodyProducer: BodyTransportProducer

    init(head: ResponseHead, sent: SentRequest, bodyProducer: BodyTransportProducer) {
        self.version = head.version
        self.code = head.status
        self.phrase = head.reason
        self.headers = head.headers
        switch head.framing {
        case .contentLength(let n): self.length = n
        case .none: self.length = 0
        default: self.length = nil
        }
        self.sent = sent
        self.bodyProducer = bodyProducer
    }

    /// Starts delivering the body to `consumer`.
    ///
    /// Delivering twice is a programming error (the process stops; Twisted raises `RuntimeError`).
    ///
    /// Twisted: `Response.deliverBody`.
    public func deliverBody(_ consumer: any ResponseBodyProtocol) {
        guard case .initial(let buffered, let end) = bodyState else {
            preconditionFailure("Response.deliverBody called twice; a body can be delivered once")
        }
        bodyState = .connected(consumer)
        consumer.makeConnection(bodyProducer)
        for part in buffered {
            consumer.dataReceived(part)
        }
        if let end {
            bodyState = .finished
            consumer.connectionLost(reason: end)
        } else {
            bodyProducer.consumerAttached()
        }
    }

    /// Reads and drops the body, so the connection can be reused without keeping the bytes.
    public func discardBody() {
        deliverBody(DiscardingBodyProtocol())
    }

    /// Called by the connection with each body part.
    func bodyDataReceived(_ data: ArraySlice<UInt8>) {
        switch bodyState {
        case .initial(var buffered, let end):
            bodyState = .initial(buffered: [], end: end)
            buffered.append(data)
            bodyState = .initial(buffered: buffered, end: end)
        case .connected(let consumer):
            consumer.dataReceived(data)
        case .finished:
            break
        }
    }

    /// Called by the connection once, when the body ends.
    func bodyFinished(reason: any Error) {
        switch bodyState {
        case .initial(let buffered, nil):
            bodyState = .initial(buffered: buffered, end: reason)
        case .initial:
            break
        case .connected(let consumer):
            bodyState = .finished
            consumer.connectionLost(reason: reason)
        case .finished:
            break
        }
    }
}

@available(*, unavailable)
extension Response: Sendable {}

/// Reads a body and drops it.
final class DiscardingBodyProtocol: ResponseBodyProtocol {
    func dataReceived(_ data: ArraySlice<UInt8>) {}
    func connectionLost(reason: any Error) {}
}
