/// Everything a ``RetryAgent`` knows about one request, as a value: which attempt is running or which
/// wait is pending, the budgets left, the history. Events go in (``start(now:)``, ``received(status:retryAfter:now:wallClock:unitRandom:)``,
/// ``failed(_:now:unitRandom:)``, ``waitEnded(now:)``, ``cancel()``, ``cancelFinished()``), one action comes
/// out; the agent's ``RetryingRequest`` carries it out (Deferreds, timers, draining bodies). Time, the wall
/// clock (for `Retry-After` dates) and randomness (for jitter) are inputs, so tests drive it as a value.
///
/// The decision after each outcome follows ``Retry``'s rules in order: retryable at all, budgets, a body
/// that can be sent again, a wait that fits the deadline and the time limit.
struct RetryMachine {
    /// What does not change during the request.
    struct Setup {
        let policy: Retry
        let method: String
        let uri: String
        /// Whether the request has a body producer, and whether it can be rewound.
        let hasBody: Bool
        let bodyReplayable: Bool
        /// The request's limits; `total` is the deadline of the whole, retries and waits included.
        let timeouts: AgentTimeouts?
        /// When `request` was called (reactor clock).
        let startedAt: Duration
    }

    /// The attempt in flight.
    struct Attempt: Equatable {
        let number: Int
        let startedAt: Duration
    }

    enum State {
        /// Before ``start(now:)``.
        case idle
        /// An attempt is in flight.
        case attempting(Attempt)
        /// Waiting before attempt `next`; `rewindBody` when the last attempt started the body producer.
        case waiting(next: Int, rewindBody: Bool)
        /// The caller cancelled while the attempt was in flight: its outcome, if it comes at once, ends the
        /// request as it is.
        case cancelling(Attempt)
        /// The request has its outcome.
        case finished
    }

    enum Action {
        /// Send attempt `number` with these limits, rewinding the body producer first if asked.
        case send(number: Int, timeouts: AgentTimeouts?, rewindBody: Bool)
        /// Hand the response just received to the caller, with this history (the attempts before it).
        case deliver(history: [RetryAttempt])
        /// Drain the response just received, if `drain`, and call ``waitEnded(now:)`` after `wait`.
        case retryLater(wait: Duration, drain: Bool)
        /// Fail the request with `error`; drain the response just received, if `drain`.
        case fail(any Error, drain: Bool)
        /// Cancel the attempt in flight (then call ``cancelFinished()``).
        case cancelAttempt
        /// Cancel the pending wait and stop draining.
        case stopWaiting
        /// An outcome arrived after the request ended: abandon the response's body, if it is one.
        case discard
        /// Nothing to do.
        case none
    }

    let setup: Setup
    private(set) var state = State.idle
    /// The attempts that ended, oldest first.
    private(set) var history: [RetryAttempt] = []
    /// Budgets left (`nil`: unlimited); going below zero means spent.
    private var total: Int?
    private var budgets: [RetryErrorClass.Budget: Int]

    init(_ setup: Setup) {
        self.setup = setup
        total = setup.policy.total
        budgets = [:]
        let policy = setup.policy
        for (budget, limit) in [(RetryErrorClass.Budget.connect, policy.connect), (.read, policy.read),
            (.other, policy.other), (.status, policy.status)]
        {
            if let limit { budgets[budget] = limit }
        }
    }

    // MARK: - Events

    /// The request begins: the first attempt.
    mutating func start(now: Duration) -> Action {
        guard case .idle = state else { return .none }
        return send(number: 1, rewindBody: false, now: now)
    }

    /// The attempt in flight got a response head with `status` and this `Retry-After` field value.
    mutating func received(
        status: Int, retryAfter: String?, now: Duration, wallClock: HTTPDate, unitRandom: Double
    ) -> Action {
        switch state {
        case .attempting(let attempt):
            let policy = setup.policy
            let retryAfterValid = retryAfter.flatMap { RetryAfter($0, reference: wallClock) } != nil
            guard policy.isRetry(method: setup.method, status: status, hasRetryAfter: retryAfterValid) else {
                state = .finished
                return .deliver(history: history)
            }
            return decide(
                attempt, .status(status), errorClass: nil, budget: .status, startedBody: setup.hasBody,
                retryAfterWait: policy.retryAfterWait(retryAfter, now: wallClock), now: now, unitRandom: unitRandom)
        case .cancelling:
            // The canceller itself produced a response: it is the outcome.
            state = .finished
            return .deliver(history: history)
        case .idle, .waiting, .finished:
            return .discard
        }
    }

    /// The attempt in flight failed with `error`.
    mutating func failed(_ error: any Error, now: Duration, unitRandom: Double) -> Action {
        switch state {
        case .attempting(let attempt):
            let error = translated(error)
            let policy = setup.policy
            guard let errorClass = RetryErrorClass.classify(error), policy.retryableErrors.contains(errorClass),
                !errorClass.mayHaveReachedServer || policy.isMethodRetryable(setup.method)
            else {
                state = .finished
                return .fail(error, drain: false)
            }
            return decide(
                attempt, .error(error), errorClass: errorClass, budget: errorClass.budget,
                startedBody: setup.hasBody && !errorClass.leftBodyUntouched, retryAfterWait: nil, now: now,
                unitRandom: unitRandom)
        case .cancelling:
            state = .finished
            return .fail(error, drain: false)
        case .idle, .waiting, .finished:
            return .none
        }
    }

    /// The wait before the next attempt is over.
    mutating func waitEnded(now: Duration) -> Action {
        guard case .waiting(let next, let rewindBody) = state else { return .none }
        return send(number: next, rewindBody: rewindBody, now: now)
    }

    /// The caller cancelled the request.
    mutating func cancel() -> Action {
        switch state {
        case .attempting(let attempt):
            state = .cancelling(attempt)
            return .cancelAttempt
        case .waiting:
            state = .finished
            return .stopWaiting
        case .idle, .cancelling, .finished:
            return .none
        }
    }

    /// The attempt was cancelled and did not end at once: the request ends with the cancellation
    /// (`Deferred.cancel` fails it with `CancelledError`); a later outcome is discarded.
    mutating func cancelFinished() {
        if case .cancelling = state { state = .finished }
    }

    // MARK: - Decisions

    /// Retry `attempt`'s outcome, or say why not.
    private mutating func decide(
        _ attempt: Attempt, _ outcome: RetryAttempt.Outcome, errorClass: RetryErrorClass?,
        budget: RetryErrorClass.Budget, startedBody: Bool, retryAfterWait: Duration?, now: Duration,
        unitRandom: Double
    ) -> Action {
        let isStatus = errorClass == nil
        func entry(wait: Duration?, fromRetryAfter: Bool = false) -> RetryAttempt {
            RetryAttempt(
                number: attempt.number, outcome: outcome, errorClass: errorClass,
                startedAt: attempt.startedAt - setup.startedAt, duration: now - attempt.startedAt, wait: wait,
                waitFromRetryAfter: fromRetryAfter)
        }
        func stop(_ error: (_ history: [RetryAttempt]) -> any Error) -> Action {
            state = .finished
            if isStatus, !setup.policy.raiseOnStatus { return .deliver(history: history) }
            return .fail(error(history + [entry(wait: nil)]), drain: isStatus)
        }
        if let limit = spend(budget) {
            return stop { MaxRetryError(method: setup.method, uri: setup.uri, limit: limit, history: $0) }
        }
        if startedBody, !setup.bodyReplayable {
            return stop { BodyNotReplayable(method: setup.method, uri: setup.uri, history: $0) }
        }
        let wait =
            retryAfterWait
            ?? setup.policy.backoff(consecutiveFailures: history.count + 1, unitRandom: unitRandom)
        if let total = setup.timeouts?.total, now + wait >= setup.startedAt + total {
            return stop { MaxRetryError(method: setup.method, uri: setup.uri, limit: .deadline(total), history: $0) }
        }
        if let maxTime = setup.policy.maxTime, now + wait > setup.startedAt + maxTime {
            return stop { MaxRetryError(method: setup.method, uri: setup.uri, limit: .maxTime(maxTime), history: $0) }
        }
        history.append(entry(wait: wait, fromRetryAfter: retryAfterWait != nil))
        state = .waiting(next: attempt.number + 1, rewindBody: startedBody)
        return .retryLater(wait: wait, drain: isStatus)
    }

    /// Spends one retry of ``Retry/total`` and one of `budget`; the limit that ran out, if one did (the
    /// kind's own before the total).
    private mutating func spend(_ budget: RetryErrorClass.Budget) -> MaxRetryError.Limit? {
        if let left = total { total = left - 1 }
        if let left = budgets[budget] { budgets[budget] = left - 1 }
        if let left = budgets[budget], left < 0 { return .budget(budget) }
        if let left = total, left < 0 { return .total }
        return nil
    }

    /// Starts attempt `number` with the time left before the deadline, or fails if none is left (a wait
    /// timer that fired late).
    private mutating func send(number: Int, rewindBody: Bool, now: Duration) -> Action {
        guard let timeouts = setup.timeouts, let total = timeouts.total else {
            state = .attempting(Attempt(number: number, startedAt: now))
            return .send(number: number, timeouts: setup.timeouts, rewindBody: rewindBody)
        }
        let left = setup.startedAt + total - now
        guard left > .zero else {
            state = .finished
            return .fail(RequestDeadlineExceeded(timeout: total, phase: .connecting, uri: setup.uri), drain: false)
        }
        state = .attempting(Attempt(number: number, startedAt: now))
        return .send(
            number: number, timeouts: AgentTimeouts(connect: timeouts.connect, read: timeouts.read, total: left),
            rewindBody: rewindBody)
    }

    /// An attempt's deadline is what was left of the request's: report the request's own.
    private func translated(_ error: any Error) -> any Error {
        guard let exceeded = error as? RequestDeadlineExceeded, let total = setup.timeouts?.total else { return error }
        return RequestDeadlineExceeded(timeout: total, phase: exceeded.phase, uri: exceeded.uri)
    }
}
