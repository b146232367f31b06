/// Where a request was when a timeout stopped it.
public enum RequestPhase: String, Sendable, Equatable, CustomStringConvertible {
    /// Getting a connection: the pool's queue, name resolution, connection attempts.
    case connecting
    /// The request was being written or the response head was awaited.
    case awaitingHead = "awaiting the response head"
    /// The response head had been delivered and its body was being received.
    case readingBody = "reading the response body"

    /// The phase in words.
    public var description: String { rawValue }
}

/// One of the ``Agent``'s request timeouts (``AgentTimeouts``): catch `any HTTPTimeout` to handle them all.
///
/// Timeouts reach the caller as themselves, never wrapped in ``ResponseFailed``: the request Deferred fails
/// with one before the response head arrived, and the body consumer's `connectionLost(reason:)` (and so
/// ``readBody(_:maxSize:)``) gets one after.
public protocol HTTPTimeout: Error, CustomStringConvertible, Sendable {
    /// The limit that ran out.
    var timeout: Duration { get }
    /// Where the request was.
    var phase: RequestPhase { get }
}

/// Getting a connection took longer than ``AgentTimeouts/connect``: nothing was sent.
///
/// Also what a single TCP attempt that ran out of its per-attempt timeout becomes (the reactor reports it
/// as a ``ConnectError`` with code `timedOut`; the Agent turns it into this type). The request was never
/// written, so it is always safe to try again.
///
/// Twisted: `twisted.internet.error.TimeoutError` ("User timeout caused connection failure"), which
/// covers one attempt only; the whole-phase limit is new (twisted#5773).
public struct ConnectTimeoutError: HTTPTimeout, Equatable {
    /// The limit that ran out.
    public let timeout: Duration
    /// Always ``RequestPhase/connecting``.
    public var phase: RequestPhase { .connecting }
    /// The URI of the request.
    public let uri: String

    /// Creates the error.
    public init(timeout: Duration, uri: String) {
        self.timeout = timeout
        self.uri = uri
    }

    /// Names the URI and the limit.
    public var description: String { "connecting for \(uri) took longer than \(timeout); nothing was sent" }
}

/// No byte arrived for ``AgentTimeouts/read`` while the response head or body was awaited; the connection
/// was aborted.
///
/// Twisted: no equivalent (twisted#5773; `TimeoutMixin` on a custom protocol is the usual workaround).
public struct ReadTimeoutError: HTTPTimeout, Equatable {
    /// The idle limit that ran out.
    public let timeout: Duration
    /// ``RequestPhase/awaitingHead`` or ``RequestPhase/readingBody``.
    public let phase: RequestPhase
    /// The URI of the request.
    public let uri: String

    /// Creates the error.
    public init(timeout: Duration, phase: RequestPhase, uri: String) {
        self.timeout = timeout
        self.phase = phase
        self.uri = uri
    }

    /// Names the URI, the phase and the limit.
    public var description: String { "no byte received for \(timeout) while \(phase) for \(uri)" }
}

/// The request's whole exchange did not finish within ``AgentTimeouts/total``; the connection attempt was
/// stopped or the connection aborted.
///
/// Twisted: no equivalent (twisted#5773; `Deferred.addTimeout` bounds only the wait for the head).
public struct RequestDeadlineExceeded: HTTPTimeout, Equatable {
    /// The deadline, counted from the call to `request`.
    public let timeout: Duration
    /// Where the request was when the deadline passed.
    public let phase: RequestPhase
    /// The URI of the request.
    public let uri: String

    /// Creates the error.
    public init(timeout: Duration, phase: RequestPhase, uri: String) {
        self.timeout = timeout
        self.phase = phase
        self.uri = uri
    }

    /// Names the URI, the phase and the deadline.
    public var description: String { "the request for \(uri) did not finish within \(timeout) (\(phase))" }
}
