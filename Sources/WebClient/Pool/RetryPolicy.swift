import Deferred

/// When a request that failed on a connection taken from the pool is sent again on a fresh connection.
///
/// A connection that sat idle in the pool may have been closed by the server just as the request went
/// out; the request then fails without the server having acted on it. ``PooledConnection/request(_:)``
/// retries such a request once, on a new connection, when *all* of these hold:
///
/// 1. the connection came from the pool's idle cache (``PooledConnection/isReused``), never for a
///    connection that was just opened, and ``HTTPConnectionPool/retryAutomatically`` is on;
/// 2. the request may be repeated (``mayRetry(_:)``): its method is idempotent (GET, HEAD, OPTIONS,
///    DELETE, TRACE, and PUT) and it has no body or a body producer that can be rewound
///    (``BodyProducer/isReplayable``; a body-less PUT counts as replayable);
/// 3. the failure says the server cannot have answered (``shouldRetry(after:)``): ``RequestNotSent``,
///    ``RequestTransmissionFailed`` or ``ResponseNeverReceived``, and none of its reasons is a
///    `CancelledError` (the caller cancelled, or a timeout did) or a ``ConnectionAborted`` (someone called
///    ``HTTP11ClientProtocol/abort()``).
///
/// A ``ResponseFailed`` (some response bytes arrived) and connect errors are never retried; neither is
/// the retry itself.
///
/// Twisted: `HTTPConnectionPool`'s `_RetryingHTTP11ClientProtocol._shouldRetry`. Differences: Twisted
/// never retries a request with a body and never retries PUT; a rewindable body makes both safe here.
public enum RetryPolicy {
    /// Whether `request` may be sent a second time (rule 2 above).
    public static func mayRetry(_ request: Request) -> Bool {
        guard request.isIdempotent else { return false }
        guard let body = request.bodyProducer else { return true }
        return body.isReplayable
    }

    /// Whether `error` shows that the server never answered and the caller did not give up (rule 3).
    public static func shouldRetry(after error: any Error) -> Bool {
        let reasons: [any Error]
        switch error {
        case is RequestNotSent:
            return true
        case let failed as RequestTransmissionFailed:
            reasons = failed.reasons
        case let failed as ResponseNeverReceived:
            reasons = failed.reasons
        default:
            return false
        }
        return !reasons.contains { $0 is CancelledError || $0 is ConnectionAborted }
    }
}
