import Deferred
import Reactor

/// Sends requests through another agent and sends them again, after a wait, when they fail in a way its
/// ``Retry`` policy calls retryable: urllib3's `Retry` as an agent that wraps any ``HTTPAgent``.
///
/// ```swift
/// let agent = RetryAgent(Agent(reactor: reactor), reactor: reactor,
///                        retries: Retry(total: 5, backoffFactor: .milliseconds(200), backoffJitter: .milliseconds(100)))
/// agent.request(method: "GET", uri: "http://example.com/", headers: Headers(), bodyProducer: nil,
///               timeouts: AgentTimeouts(total: .seconds(30)))
/// ```
///
/// - **Waits** run on `reactor`'s clock (`callLater`): nothing blocks, and on a fake clock every wait
///   can be checked to the tick. The wait is the backoff, or a response's `Retry-After` (seconds or an
///   HTTP-date, measured with ``wallClock``).
/// - **Deadline.** A request's ``AgentTimeouts/total`` (its own, or ``timeouts``) bounds the whole: each
///   attempt gets what is left of it, and no wait starts that would end at or after it
///   (``MaxRetryError`` with ``MaxRetryError/Limit/deadline(_:)``). A deadline that passes during an
///   attempt fails it with ``RequestDeadlineExceeded`` naming the request's total.
/// - **Cancelling** the returned Deferred cancels the attempt in flight (its own cancellation error comes
///   through) or the pending wait (`CancelledError`); no timer is left behind.
/// - **Bodies.** A request body is sent again only if its producer was never started (a connect error) or
///   can be rewound (``BodyProducer/rewind()`` is called before the next attempt); otherwise
///   ``BodyNotReplayable``. The body of a response that is retried (a 503, say) is read and discarded while
///   the agent waits, so its connection can go back to the pool; one still arriving when the wait ends, or
///   longer than ``drainLimit``, is abandoned (its connection is closed).
/// - **History.** A response carries the attempts before it in ``Response/retryHistory``; a request that
///   ran out of retries fails with ``MaxRetryError`` (the last outcome and every attempt). An error that
///   is not retried reaches the caller unchanged.
/// - Retries end with the response head: a failure while the body is read is the body consumer's.
///
/// Composition: put it inside a ``RedirectAgent`` (each hop has its own retries, a redirect is never a
/// retry) and outside a cookie agent (each attempt sends and stores cookies); see docs/retries.md.
///
/// Threading: reactor thread only.
///
/// Twisted: no equivalent (urllib3: `HTTPConnectionPool.urlopen(retries=Retry(…))`).
public final class RetryAgent: HTTPAgent {
    /// The agent that makes each attempt.
    public let agent: any HTTPAgent
    /// The clock waits run on.
    public let reactor: any ReactorTime
    /// The policy of requests that bring none.
    public var retries: Retry
    /// The limits of requests that bring none; their ``AgentTimeouts/total`` bounds retries and waits.
    /// `nil` (the default): such requests are passed on without limits, so the wrapped agent's own apply
    /// to each attempt and only ``Retry/maxTime`` bounds the whole.
    public var timeouts: AgentTimeouts?
    /// Where backoff jitter comes from; default the system's generator. Give a seeded generator to repeat a
    /// run exactly.
    public var random: any RandomNumberGenerator = SystemRandomNumberGenerator()
    /// The wall-clock time, which `Retry-After` dates are measured from; default ``HTTPDate/now()``.
    public var wallClock: () -> HTTPDate = { HTTPDate.now() }
    /// The most bytes of a retried response's body read to keep its connection; a longer body is abandoned
    /// and its connection closed. Default 64 KiB.
    public var drainLimit = 64 << 10

    /// Wraps `agent`, waiting on `reactor`'s clock, retrying by `retries`.
    public init(
        _ agent: any HTTPAgent, reactor: any ReactorTime, retries: Retry = Retry(), timeouts: AgentTimeouts? = nil
    ) {
        self.agent = agent
        self.reactor = reactor
        self.retries = retries
        self.timeouts = timeouts
    }

    /// Sends the request by ``retries`` (see the type's notes).
    ///
    /// - Returns: A Deferred of the response (its ``Response/retryHistory`` lists the attempts before it);
    ///   it fails with ``MaxRetryError`` or ``BodyNotReplayable`` when a retry was due and not possible,
    ///   otherwise with the last attempt's own error.
    public func request(
        method: String, uri: String, headers: Headers, bodyProducer: (any BodyProducer)?, timeouts: AgentTimeouts?
    ) -> Deferred<Response> {
        request(
            method: method, uri: uri, headers: headers, bodyProducer: bodyProducer, timeouts: timeouts,
            retries: retries)
    }

    /// Sends the request by `retries` instead of ``retries`` (urllib3's per-request `retries=`).
    public func request(
        method: String, uri: String, headers: Headers, bodyProducer: (any BodyProducer)?, timeouts: AgentTimeouts?,
        retries: Retry
    ) -> Deferred<Response> {
        let setup = RetryMachine.Setup(
            policy: retries, method: method, uri: uri, hasBody: bodyProducer != nil,
            bodyReplayable: bodyProducer?.isReplayable ?? true, timeouts: timeouts ?? self.timeouts,
            startedAt: reactor.now)
        let exchange = RetryingRequest(
            agent: self, machine: RetryMachine(setup), headers: headers, bodyProducer: bodyProducer)
        return exchange.start()
    }

    /// A number in `0..<1` from ``random``.
    func unitRandom() -> Double {
        Double(random.next() >> 11) * 0x1p-53
    }
}

@available(*, unavailable)
extension RetryAgent: Sendable {}
