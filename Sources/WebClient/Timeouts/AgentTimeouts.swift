/// The three time limits an ``Agent`` puts on each request; `nil` turns a limit off.
///
/// - ``connect``: how long getting a connection may take: name resolution, every connection attempt and
///   any wait in the pool's queue, from the moment the Agent asks the pool until it hands out a
///   connection. A connection taken from the idle cache costs no time and arms no timer. On expiry the
///   attempt is stopped and the request fails with ``ConnectTimeoutError``.
///   ``Agent/init(reactor:pool:connectTimeout:bindAddress:readTimeout:totalTimeout:)`` also gives this value to
///   every TCP attempt (the reactor's own per-attempt timeout, whose expiry is
///   reported as a ``ConnectTimeoutError`` too).
/// - ``read``: the idle read timeout. Once the request has been written, the server may stay silent for at
///   most this long: every chunk of bytes received restarts the countdown, while waiting for the response
///   head and while the body is delivered, including after the `Deferred<Response>` has fired (through
///   ``readBody(_:maxSize:)`` or any body consumer). It stops when the response ends. On expiry the
///   connection is aborted and the request, or its body, fails with ``ReadTimeoutError``. Time during which
///   the body consumer keeps reading paused (or has not been attached yet) counts as silence.
/// - ``total``: the deadline of the whole exchange, counted from the call to
///   ``Agent/request(method:uri:headers:bodyProducer:timeouts:)`` until the last byte of the response body
///   has been received (for a response without body, until its head has). It covers the pool queue,
///   connecting, writing the request, the head and the body, and a retry on a fresh connection. On expiry
///   the connection attempt is stopped or the connection aborted, and the request, or its body, fails with
///   ``RequestDeadlineExceeded``.
///
/// Every timeout fires once at most and settles the request exactly once; a connection that timed out is
/// aborted and never goes back to the pool. A timeout never triggers the pool's automatic retry.
///
/// Twisted has only the per-attempt connect timeout (`Agent(connectTimeout=)`); the idle read timeout and
/// the total deadline are the request timeouts twisted#5773 asks for.
public struct AgentTimeouts: Sendable, Equatable {
    /// How long getting a connection may take (see the type's documentation). Default 30 s.
    public var connect: Duration?
    /// The idle read timeout (see the type's documentation). Default `nil` (none).
    public var read: Duration?
    /// The deadline of the whole exchange (see the type's documentation). Default `nil` (none).
    public var total: Duration?

    /// Creates the limits.
    ///
    /// - Precondition: every duration given is positive.
    public init(connect: Duration? = .seconds(30), read: Duration? = nil, total: Duration? = nil) {
        for limit in [connect, read, total] {
            if let limit { precondition(limit > .zero, "AgentTimeouts: a timeout must be positive") }
        }
        self.connect = connect
        self.read = read
        self.total = total
    }

    /// Whether only the connect limit can fire (the common case, which costs nothing on a reused
    /// connection).
    var connectOnly: Bool { read == nil && total == nil }
}
