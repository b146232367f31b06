/// When and how a ``RetryAgent`` sends a request again: budgets per kind of failure, which methods and
/// statuses may be retried, how long to wait between attempts. A value: copy it, change a field, give it
/// to another agent or request.
///
/// An attempt that ends in an error or a retryable status is retried when:
/// 1. the outcome is retryable: an error whose class (``RetryErrorClass``, see its table) is in
///    ``retryableErrors``; for a ``RetryErrorClass/Budget/read`` or ``RetryErrorClass/Budget/other`` error and
///    for a status, the method is in ``allowedMethods`` too (a connect error was never sent, so any method
///    is retried); a status is retryable if it is in ``statusForcelist``, or in ``retryAfterStatuses`` with
///    a valid `Retry-After` while ``respectRetryAfter`` is on;
/// 2. no budget runs out: the attempt counts against ``total`` and against its own kind (``connect``,
///    ``read``, ``other`` or ``status``); `nil` leaves a budget unlimited, `0` allows no retry of that kind;
/// 3. the body can be sent again: a request whose body producer was started needs one that can be rewound
///    (``BodyProducer/isReplayable``); a connect error never started it;
/// 4. the wait before the next attempt (``backoff(consecutiveFailures:unitRandom:)``, or `Retry-After`)
///    ends before the request's deadline (``AgentTimeouts/total``) and within ``maxTime``.
///
/// When rule 1 fails, the outcome is the caller's as it is (the error unchanged, the response with its
/// history); when rules 2 to 4 fail, the request fails with ``MaxRetryError`` or ``BodyNotReplayable``
/// naming the rule, or, for a status with ``raiseOnStatus`` off, the last response is returned.
///
/// Defaults are urllib3's `Retry(3)` (its pools' default), except that errors of unknown kind, certificate
/// and TLS configuration errors are not retried, other errors that may have reached the server obey
/// ``allowedMethods``, and a garbage `Retry-After` is ignored instead of raising (docs/retries.md lists
/// the differences). ``curl(retries:delay:maxTime:connectionRefused:)`` gives curl's `--retry` rules.
///
/// Twisted: no equivalent (urllib3: `urllib3.util.Retry`).
public struct Retry: Sendable, Equatable {
    /// Retries of any kind; `nil`: no overall limit (the kinds' own budgets still apply). Default 3.
    ///
    /// urllib3: `total`.
    public var total: Int?
    /// Retries after ``RetryErrorClass/Budget/connect`` errors (the request never left); `nil`: only ``total``
    /// limits them.
    public var connect: Int?
    /// Retries after ``RetryErrorClass/Budget/read`` errors (the request was sent; the server may have acted on
    /// it); `nil`: only ``total``.
    public var read: Int?
    /// Retries after ``RetryErrorClass/Budget/other`` errors; `nil`: only ``total``.
    public var other: Int?
    /// Retries after retryable statuses; `nil`: only ``total``.
    public var status: Int?
    /// The methods whose requests may be retried after a read or other error, or a status; `nil`: any
    /// method. Compared exactly (methods are case-sensitive). Default the idempotent ones of RFC 9110
    /// §9.2.2: GET, HEAD, PUT, DELETE, OPTIONS, TRACE.
    public var allowedMethods: Set<String>?
    /// Statuses always retried (with a `Retry-After` or not). Default none.
    ///
    /// urllib3: `status_forcelist`.
    public var statusForcelist: Set<Int>
    /// Statuses retried when they carry a valid `Retry-After` and ``respectRetryAfter`` is on. Default 413,
    /// 429, 503.
    ///
    /// urllib3: `Retry.RETRY_AFTER_STATUS_CODES`.
    public var retryAfterStatuses: Set<Int>
    /// The error classes that are retried at all. Default every class but ``RetryErrorClass/unknown``
    /// (``RetryErrorClass/retriedByDefault``); errors ``RetryErrorClass/classify(_:)`` calls never retried
    /// are never retried, whatever this holds.
    public var retryableErrors: Set<RetryErrorClass>
    /// The base of the exponential backoff: the wait after the `n`th consecutive failure is
    /// `backoffFactor × 2^(n−1)` (see ``backoff(consecutiveFailures:unitRandom:)``). Default zero (no wait).
    public var backoffFactor: Duration
    /// The longest backoff wait. Default 120 s.
    public var backoffMax: Duration
    /// A random amount, uniform in `0..<backoffJitter`, added to each backoff wait (before the cap). Default
    /// zero.
    public var backoffJitter: Duration
    /// Whether the first retry waits too. urllib3 retries the first failure at once (most failures are
    /// cured by one immediate retry) and starts its backoff at the second: off. curl waits from the first:
    /// on.
    public var backoffOnFirstRetry: Bool
    /// Whether a response's `Retry-After` (seconds or an HTTP-date) sets the wait before retrying it,
    /// instead of the backoff, and makes ``retryAfterStatuses`` retryable. Default on.
    public var respectRetryAfter: Bool
    /// The longest wait a `Retry-After` may ask for; longer ones are cut to this. Default 6 hours.
    public var retryAfterMax: Duration
    /// When the status budget runs out (or a retryable status cannot be retried): fail with
    /// ``MaxRetryError`` (on) or return the last response (off). Default on.
    public var raiseOnStatus: Bool
    /// No wait may end later than this after the request started, whatever the budgets say; an attempt in
    /// flight is not cut (``AgentTimeouts/total`` bounds attempts). Default `nil`: none.
    ///
    /// curl: `--retry-max-time`.
    public var maxTime: Duration?

    /// The idempotent methods of RFC 9110 §9.2.2: the default ``allowedMethods``.
    ///
    /// urllib3: `Retry.DEFAULT_ALLOWED_METHODS`.
    public static let idempotentMethods: Set<String> = ["GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"]

    /// Statuses retried only with a `Retry-After`: the default ``retryAfterStatuses``.
    public static let retryAfterStatusCodes: Set<Int> = [413, 429, 503]

    /// A policy; every parameter is the field of the same name.
    ///
    /// - Precondition: budgets are not negative; durations are not negative.
    public init(
        total: Int? = 3, connect: Int? = nil, read: Int? = nil, other: Int? = nil, status: Int? = nil,
        allowedMethods: Set<String>? = Retry.idempotentMethods, statusForcelist: Set<Int> = [],
        retryAfterStatuses: Set<Int> = Retry.retryAfterStatusCodes,
        retryableErrors: Set<RetryErrorClass> = RetryErrorClass.retriedByDefault, backoffFactor: Duration = .zero,
        backoffMax: Duration = .seconds(120), backoffJitter: Duration = .zero, backoffOnFirstRetry: Bool = false,
        respectRetryAfter: Bool = true, retryAfterMax: Duration = .seconds(21_600), raiseOnStatus: Bool = true,
        maxTime: Duration? = nil
    ) {
        for budget in [total, connect, read, other, status] {
            if let budget { precondition(budget >= 0, "Retry: a budget must not be negative") }
        }
        for duration in [backoffFactor, backoffMax, backoffJitter, retryAfterMax, maxTime ?? .zero] {
            precondition(duration >= .zero, "Retry: a duration must not be negative")
        }
        self.total = total
        self.connect = connect
        self.read = read
        self.other = other
        self.status = status
        self.allowedMethods = allowedMethods
        self.statusForcelist = statusForcelist
        self.retryAfterStatuses = retryAfterStatuses
        self.retryableErrors = retryableErrors
        self.backoffFactor = backoffFactor
        self.backoffMax = backoffMax
        self.backoffJitter = backoffJitter
        self.backoffOnFirstRetry = backoffOnFirstRetry
        self.respectRetryAfter = respectRetryAfter
        self.retryAfterMax = retryAfterMax
        self.raiseOnStatus = raiseOnStatus
        self.maxTime = maxTime
    }

    /// No retry at all: the first outcome is the caller's.
    ///
    /// urllib3: `Retry(0)` (`retries=False` also turns redirects off, which is ``RedirectAgent``'s business
    /// here).
    public static let none = Retry(total: 0)

    /// curl's `--retry N` rules: up to `retries` retries of transient failures only (a connect or read
    /// timeout, a name that did not resolve, and with `connectionRefused` a refused connection: curl's
    /// `--retry-connrefused`), and of the statuses 408, 429, 500, 502, 503 and 504; any method; waits of 1 s
    /// doubling up to 10 minutes, or `delay` each time (`--retry-delay`; zero keeps the doubling); a
    /// `Retry-After` is obeyed; no wait past `maxTime` (`--retry-max-time`); the last response is returned
    /// when retries run out (curl reports the last transfer).
    ///
    /// curl retries a request with a body only when it can send the body again: here, when the producer can
    /// be rewound.
    public static func curl(
        retries: Int, delay: Duration = .zero, maxTime: Duration? = nil, connectionRefused: Bool = false
    ) -> Retry {
        var errors: Set<RetryErrorClass> = [.connectTimeout, .readTimeout, .nameResolution]
        if connectionRefused { errors.insert(.connectionRefused) }
        return Retry(
            total: retries, allowedMethods: nil, statusForcelist: [408, 429, 500, 502, 503, 504],
            retryAfterStatuses: [], retryableErrors: errors,
            backoffFactor: delay > .zero ? delay : .seconds(1), backoffMax: delay > .zero ? delay : .seconds(600),
            backoffOnFirstRetry: true, raiseOnStatus: false, maxTime: maxTime)
    }
}
