/// One attempt of a request sent by a ``RetryAgent``: what it ended in, which budget it spent, when it ran
/// and how long the agent waited after it. The history of a request is a list of these, oldest first
/// (``Response/retryHistory``, ``MaxRetryError/history``).
///
/// Times are on the reactor's clock, counted from the call to `request`.
///
/// Twisted: no equivalent (urllib3: `RequestHistory` in `Retry.history`).
public struct RetryAttempt: Sendable, CustomStringConvertible {
    /// How an attempt ended.
    public enum Outcome: Sendable, CustomStringConvertible {
        /// A response with this status (the response itself was read and discarded when retried).
        case status(Int)
        /// An error, as the wrapped agent reported it.
        case error(any Error)

        /// The status code, or the error's type and description.
        public var description: String {
            switch self {
            case .status(let code): return "status \(code)"
            case .error(let error): return "\(type(of: error)): \(error)"
            }
        }
    }

    /// 1 for the first attempt.
    public let number: Int
    /// What the attempt ended in.
    public let outcome: Outcome
    /// The class of its error, if it ended in one that ``RetryErrorClass/classify(_:)`` knows.
    public let errorClass: RetryErrorClass?
    /// When it started, from the call to `request`.
    public let startedAt: Duration
    /// How long it took, to its response head or its error.
    public let duration: Duration
    /// How long the agent waited after it before the next attempt; `nil` if no attempt followed.
    public let wait: Duration?
    /// Whether that wait was the server's `Retry-After` (otherwise it was the backoff).
    public let waitFromRetryAfter: Bool

    /// Creates an entry.
    public init(
        number: Int, outcome: Outcome, errorClass: RetryErrorClass?, startedAt: Duration, duration: Duration,
        wait: Duration?, waitFromRetryAfter: Bool = false
    ) {
        self.number = number
        self.outcome = outcome
        self.errorClass = errorClass
        self.startedAt = startedAt
        self.duration = duration
        self.wait = wait
        self.waitFromRetryAfter = waitFromRetryAfter
    }

    /// The status, if the attempt ended in a response.
    public var status: Int? {
        if case .status(let code) = outcome { return code }
        return nil
    }

    /// The error, if the attempt ended in one.
    public var error: (any Error)? {
        if case .error(let error) = outcome { return error }
        return nil
    }

    /// `#2 at 0.5 s: status 503, waited 1 s (Retry-After)`.
    public var description: String {
        var text = "#\(number) at \(startedAt): \(outcome)"
        if let wait { text += ", waited \(wait)" + (waitFromRetryAfter ? " (Retry-After)" : "") }
        return text
    }
}
