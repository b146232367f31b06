/// How a ``FaultServer`` answers one request (or treats the connection it arrived on).
///
/// Every fault but ``none`` breaks one rule a well-behaved HTTP/1.1 server keeps; the doc comment of each
/// case says what a correct client must make of it (docs/reliability.md, "The fault-injecting server"). Responses are
/// `200 OK` with a `Content-Length` body unless said otherwise.
public enum Fault: String, CaseIterable, Sendable, Hashable, CustomStringConvertible {
    /// A correct keep-alive response. The client: a response.
    case none
    /// A correct response, then the server closes the now idle keep-alive connection (after
    /// ``FaultServer/Options/idleCloseDelay``). The client: a response; the pool drops the connection, and
    /// a request that raced the close is retried once if idempotent.
    case closeIdle
    /// A correct response for the first request of a connection; any later request on it is met with a
    /// close and no answer, as when a server's keep-alive timer wins the race against a reused connection.
    /// The client: idempotent requests succeed through the retry on a fresh connection; a POST fails with
    /// `ResponseNeverReceived`.
    case staleOnReuse
    /// Half of the response head, then a reset (RST: `SO_LINGER` 0). The client: `ResponseFailed`.
    case resetMidHead
    /// The head and half the body, then a reset. The client: the body fails with `ResponseFailed`.
    case resetMidBody
    /// The request is read and never answered; the connection stays open. The client: its idle read
    /// timeout or total deadline.
    case stallBeforeHead
    /// The head, then nothing. The client: a read timeout or deadline while reading the body.
    case stallAfterHead
    /// The response one byte per write, each after ``FaultServer/Options/dribbleInterval``. The client: a
    /// response (an idle read timer restarted by every byte must not be fooled by a slow-loris, the total
    /// deadline bounds it).
    case dribble
    /// A correct response, then the server shuts down its sending side (FIN) and keeps reading. The client:
    /// a response; the connection is not reused.
    case halfClose
    /// `413` with `Connection: close` as soon as the request head has arrived, before the body is read,
    /// then a close. The client: the `413` response (RFC 9112 §9.5), never a hang.
    case earlyResponse
    /// A correct response followed by junk bytes in the same write. The client: the response; the
    /// connection is discarded (no response desync).
    case garbageAfterResponse
    /// A `Content-Length` longer than the body sent, then a close. The client: the body fails with
    /// `ResponseFailed` (truncated), never a short success.
    case shortBody
    /// `503 Service Unavailable` with `Retry-After` (``FaultServer/Options/retryAfter``) and a short body, on
    /// a connection kept alive. The client: the `503`; a ``RetryAgent`` retries it after the wait it asks for
    /// (for methods its policy allows), reading the body so the connection is reused.
    case serviceUnavailable

    /// The case name.
    public var description: String { rawValue }
}
