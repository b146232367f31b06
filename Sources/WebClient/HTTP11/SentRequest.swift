/// A request on its way, boxed once: the ``HTTP11ClientStateMachine`` exchange that sends it and the
/// ``Response`` that answers it share the box.
///
/// A `Request` is a struct of a dozen strings and buffers: copying it into each state, action and
/// response would cost a retain of each on every event. The box costs one allocation per request.
final class SentRequest {
    /// The request as the caller gave it.
    let request: Request
    /// The request's timeouts (``TimedRequest``), told of its progress; read without copying the request.
    private(set) weak var observer: (any ExchangeObserver)?

    init(_ request: Request) {
        self.request = request
        self.observer = request.observer
    }
}

@available(*, unavailable)
extension SentRequest: Sendable {}
