import Reactor
import WebClient

/// What a ``LoadDriver`` run ended with: one outcome per request, by kind.
public struct LoadReport: Sendable, Equatable {
    /// Requests sent.
    public var requests = 0
    /// Outcomes by kind (``LoadReport/kind(of:)`` for errors, the status code for responses), each request
    /// counted once.
    public var outcomes: [String: Int] = [:]
    /// The outcomes of the POST requests alone (a part of ``outcomes``).
    public var postOutcomes: [String: Int] = [:]
    /// Requests whose outcome arrived more than once (each extra arrival counted).
    public var answeredTwice = 0
    /// Requests without an outcome when the run ended (the driver's stall watchdog fired).
    public var hung = 0
    /// `200` responses whose body belonged to another request (a response desync).
    public var wrongBody = 0
    /// The longest time from a request to its outcome (reactor clock).
    public var maxLatency = Duration.zero
    /// How far the latest outcome came after the request's total deadline, if it had one (never negative).
    public var maxOvershoot = Duration.zero
    /// From the first request to the last outcome.
    public var elapsed = Duration.zero
    /// Attempts a ``RetryAgent`` made beyond each request's first, as its histories report them (a
    /// response's ``Response/retryHistory``, a ``MaxRetryError``'s or ``BodyNotReplayable``'s; an error
    /// passed through unchanged carries none).
    public var retries = 0
    /// The time those retries waited (backoff and `Retry-After`), summed over all requests.
    public var retryWait = Duration.zero

    /// An empty report.
    public init() {}

    /// Requests with an outcome.
    public var completed: Int { outcomes.values.reduce(0, +) }

    /// Outcomes of a kind.
    public func count(_ kind: String) -> Int { outcomes[kind, default: 0] }

    /// Adds a request's retries (the attempts of its history that were followed by another) to ``retries``
    /// and ``retryWait``.
    mutating func countRetries(_ history: [RetryAttempt]) {
        for attempt in history {
            guard let wait = attempt.wait else { continue }
            retries += 1
            retryWait += wait
        }
    }

    /// The retry history an error carries, if any.
    static func retryHistory(of error: any Error) -> [RetryAttempt] {
        if let exhausted = error as? MaxRetryError { return exhausted.history }
        if let refused = error as? BodyNotReplayable { return refused.history }
        return []
    }

    /// The kind of a failed request: the error's type name, with the code for a `ConnectError`
    /// (`ConnectError(refused)`).
    public static func kind(of error: any Error) -> String {
        if let connectError = error as? ConnectError { return "ConnectError(\(connectError.code))" }
        return String(describing: type(of: error))
    }
}
