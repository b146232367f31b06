import Deferred
import Reactor
import WebServer

/// Answers one server connection's requests with a ``StubHTTPClient`` handler: the body is read whole,
/// the handler gives a ``StubResponse``, the channel writes it.
///
/// The server side of a stub connection is the real `HTTPChannel` (its parser, framing, persistence and
/// pipelining); this is only its handler.
final class StubConnectionHandler: RequestHandler {
    private let answer: (StubRequest) -> StubResponse
    /// The channel this handler answers for (weak: the channel owns its handler).
    weak var channel: HTTPChannel?

    init(_ answer: @escaping (StubRequest) -> StubResponse) {
        self.answer = answer
    }

    func handle(_ request: ServerRequest) -> HandlerResult {
        .deferred(
            request.readBody(maxSize: Int.max).addCallback { [weak self] (body: [UInt8]) -> Deferred<ServerResponse> in
                guard let self else { return Deferred() }
                let stub = StubRequest(method: request.method, target: request.target, headers: request.headers, body: body)
                let response = self.answer(stub)
                guard !response.closesWithoutAnswer else {
                    // Close without an answer; the channel writes nothing more once the transport is closing.
                    self.channel?.transport?.loseConnection()
                    return Deferred()
                }
                return .succeed(ServerResponse(status: response.status, headers: response.headers, body: .bytes(response.body)))
            })
    }
}

@available(*, unavailable)
extension StubConnectionHandler: Sendable {}

extension StubHTTPClient {
    /// The server side of one stub connection: the real `HTTPChannel` answering with `handler`, timing with
    /// `clock`. It is a plain connection protocol, so a test can also serve it from a real listening socket.
    public static func serverChannel(
        clock: any ReactorTime, handler: @escaping (StubRequest) -> StubResponse
    ) -> HTTPChannel {
        let answering = StubConnectionHandler(handler)
        let channel = HTTPChannel(handler: answering, clock: clock)
        answering.channel = channel
        return channel
    }
}
