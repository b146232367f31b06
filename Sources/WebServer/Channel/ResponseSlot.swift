/// One place in a channel's response queue: a received request (or a parse error) waiting to be
/// answered, in order.
final class ResponseSlot {
    /// The request, or nil for a slot that answers a malformed request.
    let request: ServerRequest?
    /// Whether the connection closes once this response is written.
    var closesAfter: Bool
    /// Whether the request asked for `100 Continue`.
    let expectsContinue: Bool
    /// The response, once the handler (or the channel) has produced it.
    var response: ServerResponse?
    /// Set when the channel decided the response (an error): a later handler result is ignored.
    var isResponseFixed = false
    /// Whether writing has started (the head may still be held by a stream writer).
    var isStarted = false
    /// The writer of a streamed body, while it runs.
    var writer: FramedBodyWriter?
    /// The handler asked for the body of a request that expects `100 Continue`.
    var wantsContinue = false
    /// `100 Continue` was written.
    var continueSent = false

    init(request: ServerRequest?, closesAfter: Bool, expectsContinue: Bool = false) {
        self.request = request
        self.closesAfter = closesAfter
        self.expectsContinue = expectsContinue
    }
}

@available(*, unavailable)
extension ResponseSlot: Sendable {}
