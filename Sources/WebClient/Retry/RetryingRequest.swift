import Deferred
import Reactor

/// One request of a ``RetryAgent``: feeds its ``RetryMachine`` and carries out each action (attempts
/// through the wrapped agent, the wait timer, draining retried responses, the caller's Deferred).
///
/// ``result`` fires exactly once: the machine ends in `finished` on the first outcome it hands to the
/// caller, and everything that arrives later is discarded. The wait timer and any drain are stopped when
/// the request ends, however it ends.
///
/// Threading: reactor thread only.
final class RetryingRequest {
    private let agent: RetryAgent
    private var machine: RetryMachine
    private let headers: Headers
    private let bodyProducer: (any BodyProducer)?
    private(set) var result = Deferred<Response>()
    /// The attempt in flight.
    private var attempt: Deferred<Response>?
    /// The response just received, while the machine decides about it.
    private var received: Response?
    private var timer: DelayedCall?
    private var drain: DrainingBody?

    init(agent: RetryAgent, machine: RetryMachine, headers: Headers, bodyProducer: (any BodyProducer)?) {
        self.agent = agent
        self.machine = machine
        self.headers = headers
        self.bodyProducer = bodyProducer
        result = Deferred { [weak self] _ in self?.cancelledByCaller() }
    }

    func start() -> Deferred<Response> {
        run(machine.start(now: agent.reactor.now))
        return result
    }

    // MARK: - Events

    private func responded(_ response: Response) {
        attempt = nil
        received = response
        let action = machine.received(
            status: response.code, retryAfter: response.headers.first(name: "Retry-After"), now: agent.reactor.now,
            wallClock: agent.wallClock(), unitRandom: agent.unitRandom())
        run(action)
        received = nil
    }

    private func failed(_ error: any Error) {
        attempt = nil
        run(machine.failed(error, now: agent.reactor.now, unitRandom: agent.unitRandom()))
    }

    private func waitEnded() {
        timer = nil
        // A body still arriving when the wait ends is not waited for: its connection is closed.
        drain?.abandon()
        drain = nil
        run(machine.waitEnded(now: agent.reactor.now))
    }

    private func cancelledByCaller() {
        run(machine.cancel())
        machine.cancelFinished()
    }

    // MARK: - Actions

    private func run(_ action: RetryMachine.Action) {
        switch action {
        case .send(_, let timeouts, let rewindBody):
            if rewindBody { bodyProducer?.rewind() }
            let attempt = agent.agent.request(
                method: machine.setup.method, uri: machine.setup.uri, headers: headers, bodyProducer: bodyProducer,
                timeouts: timeouts)
            self.attempt = attempt
            attempt.addCallbacks(
                { [self] (response: Response) -> Void in responded(response) },
                errback: { [self] (error: any Error) -> Void in failed(error) })
        case .deliver(let history):
            guard let response = received else { return }
            received = nil
            response.retryHistory = history
            result.callback(response)
        case .retryLater(let wait, let drainResponse):
            if drainResponse { startDraining() }
            timer = agent.reactor.callLater(wait) { [self] in waitEnded() }
        case .fail(let error, let drainResponse):
            if drainResponse { startDraining() }
            result.errback(error)
        case .cancelAttempt:
            attempt?.cancel()
        case .stopWaiting:
            if let timer, timer.isActive { try? timer.cancel() }
            timer = nil
            drain?.abandon()
            drain = nil
        case .discard:
            received?.bodyProducer.abandon(reason: CancelledError())
            received = nil
        case .none:
            break
        }
    }

    /// Reads and drops the body of the response just received (up to the agent's drain limit).
    private func startDraining() {
        guard let response = received else { return }
        received = nil
        let drain = DrainingBody(limit: agent.drainLimit)
        self.drain = drain
        response.deliverBody(drain)
    }
}

@available(*, unavailable)
extension RetryingRequest: Sendable {}

/// Reads a body and drops it, so its connection can be reused; stops (which closes the connection) past
/// `limit` bytes or when abandoned.
final class DrainingBody: ResponseBodyProtocol {
    private let limit: Int
    private var producer: (any PushProducer)?
    private var received = 0
    /// Whether the body ended (or was stopped).
    private(set) var isDone = false

    init(limit: Int) {
        self.limit = limit
    }

    func makeConnection(_ producer: any PushProducer) {
        self.producer = producer
    }

    func dataReceived(_ data: ArraySlice<UInt8>) {
        received += data.count
        if received > limit { abandon() }
    }

    func connectionLost(reason: any Error) {
        isDone = true
        producer = nil
    }

    /// Stops reading if the body has not ended: the connection is closed.
    func abandon() {
        guard !isDone else { return }
        isDone = true
        let producer = self.producer
        self.producer = nil
        producer?.stopProducing()
    }
}

@available(*, unavailable)
extension DrainingBody: Sendable {}
