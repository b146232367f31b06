/// A ``RetryAgent`` gave up: a budget of its ``Retry`` ran out, or the next wait would have ended past the
/// request's deadline or the policy's ``Retry/maxTime``. Carries the last attempt's outcome and the whole
/// history.
///
/// Reported as the request's failure (never to a body consumer: retries end with the response head). A
/// retryable status whose budget ran out is reported this way only with ``Retry/raiseOnStatus`` on;
/// otherwise the last response is returned.
///
/// Twisted: no equivalent (urllib3: `MaxRetryError(pool, url, reason)`).
public struct MaxRetryError: Error, CustomStringConvertible {
    /// What stopped the retries.
    public enum Limit: Sendable, Equatable, CustomStringConvertible {
        /// ``Retry/total`` ran out.
        case total
        /// The budget of the last attempt's kind ran out (``Retry/connect``, ``Retry/read``, ``Retry/other``
        /// or ``Retry/status``).
        case budget(RetryErrorClass.Budget)
        /// The next wait would have ended at or after the request's deadline (``AgentTimeouts/total``,
        /// the duration given).
        case deadline(Duration)
        /// The next wait would have ended after ``Retry/maxTime`` (the duration given).
        case maxTime(Duration)

        /// In words.
        public var description: String {
            switch self {
            case .total: return "the total retry budget ran out"
            case .budget(let budget): return "the \(budget) retry budget ran out"
            case .deadline(let total): return "the next wait would pass the request's deadline of \(total)"
            case .maxTime(let limit): return "the next wait would pass the retry time limit of \(limit)"
            }
        }
    }

    /// The request's method.
    public let method: String
    /// The request's URI.
    public let uri: String
    /// What stopped the retries.
    public let limit: Limit
    /// Every attempt, the last one included (its ``RetryAttempt/wait`` is `nil`).
    public let history: [RetryAttempt]

    /// Creates the error.
    ///
    /// - Precondition: `history` is not empty.
    public init(method: String, uri: String, limit: Limit, history: [RetryAttempt]) {
        precondition(!history.isEmpty, "MaxRetryError: the history holds at least the last attempt")
        self.method = method
        self.uri = uri
        self.limit = limit
        self.history = history
    }

    /// What the last attempt ended in.
    ///
    /// urllib3: `MaxRetryError.reason`.
    public var reason: RetryAttempt.Outcome { history[history.count - 1].outcome }

    /// `GET http://… failed after 4 attempts (the total retry budget ran out); last: status 503`.
    public var description: String {
        "\(method) \(uri) failed after \(history.count) attempt\(history.count == 1 ? "" : "s") (\(limit)); "
            + "last: \(reason)"
    }
}

/// A ``RetryAgent`` would have retried the request, but its body producer was started and cannot be
/// rewound (``BodyProducer/isReplayable`` is false), so the same body cannot be sent again.
///
/// Carries the outcome that would have been retried and the history. Give the request a body that can be
/// rewound (``BytesBodyProducer``, or a producer of your own that implements ``BodyProducer/rewind()``) to
/// have it retried. A retryable status with ``Retry/raiseOnStatus`` off returns the response instead.
///
/// Twisted: no equivalent (urllib3 raises nothing: it re-sends the body it was given, which for a file
/// object already read sends nothing).
public struct BodyNotReplayable: Error, CustomStringConvertible {
    /// The request's method.
    public let method: String
    /// The request's URI.
    public let uri: String
    /// Every attempt, the last one (which would have been retried) included.
    public let history: [RetryAttempt]

    /// Creates the error.
    ///
    /// - Precondition: `history` is not empty.
    public init(method: String, uri: String, history: [RetryAttempt]) {
        precondition(!history.isEmpty, "BodyNotReplayable: the history holds at least the last attempt")
        self.method = method
        self.uri = uri
        self.history = history
    }

    /// What the last attempt ended in.
    public var reason: RetryAttempt.Outcome { history[history.count - 1].outcome }

    /// Says why the retry was refused.
    public var description: String {
        "\(method) \(uri) was not retried after \(reason): its body producer cannot be rewound (isReplayable is "
            + "false), so the body cannot be sent again"
    }
}
