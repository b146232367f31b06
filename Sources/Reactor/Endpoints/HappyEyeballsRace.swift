import Deferred

/// One run of ``HostnameEndpoint/connect(_:)``: resolution, then staggered attempts until one wins.
///
/// Each attempt goes through its own IP endpoint with a gate factory, so the caller's factory builds
/// exactly one protocol, for the winner. Reactor-confined.
final class HappyEyeballsRace {
    private let reactor: any ReactorTCP & ReactorTime & ReactorThreads
    private let factory: any Factory
    private let host: String
    private let port: Int
    private let timeout: Duration
    private let attemptDelay: Duration
    private(set) var result: Deferred<any ConnectionProtocol>
    private var resolving: Deferred<[Address]>?
    private var queue: [Address] = []
    private var attempts: [Deferred<any ConnectionProtocol>] = []
    private var failedCount = 0
    private var nextAttemptTimer: DelayedCall?
    private var lastError: (any Error)?
    private var finished = false

    init(
        reactor: any ReactorTCP & ReactorTime & ReactorThreads, factory: any Factory, host: String, port: Int,
        timeout: Duration, attemptDelay: Duration
    ) {
        self.reactor = reactor
        self.factory = factory
        self.host = host
        self.port = port
        self.timeout = timeout
        self.attemptDelay = attemptDelay
        result = Deferred()
        let destination: Address = .ipv4(host: host, port: port)
        result = Deferred { [weak self] deferred in
            deferred.errback(ConnectingCancelledError(address: destination))
            self?.finish()
        }
    }

    func start(_ resolution: Deferred<[Address]>) {
        resolving = resolution
        _ = resolution.addCallbacks({ [self] (addresses: [Address]) -> Void in
            self.resolving = nil
            guard !self.finished else { return }
            self.queue = HostnameEndpoint.interleave(addresses)
            guard !self.queue.isEmpty else {
                self.fail(ConnectError.dnsLookup(self.host))
                return
            }
            self.startNextAttempt()
        }, errback: { [self] (error: any Error) -> Void in
            self.resolving = nil
            guard !self.finished else { return }
            self.fail(error)
        })
    }

    private func startNextAttempt() {
        try? nextAttemptTimer?.cancel()
        nextAttemptTimer = nil
        guard !finished, !queue.isEmpty else { return }
        let address = queue.removeFirst()
        let endpoint: any StreamClientEndpoint
        switch address {
        case .ipv6(let ip, let port):
            endpoint = TCP6ClientEndpoint(reactor: reactor, host: ip, port: port, timeout: timeout)
        default:
            endpoint = TCP4ClientEndpoint(
                reactor: reactor, host: address.host ?? host, port: address.port ?? port, timeout: timeout)
        }
        let attempt = endpoint.connect(GateFactory(self))
        attempts.append(attempt)
        _ = attempt.addCallbacks({ [self] (connected: any ConnectionProtocol) -> Void in
            self.won(connected)
        }, errback: { [self] (error: any Error) -> Void in
            guard !self.finished, !(error is ConnectingCancelledError) else { return }
            self.failedCount += 1
            self.lastError = error
            if self.queue.isEmpty {
                if self.failedCount == self.attempts.count { self.fail(error) }
            } else {
                self.startNextAttempt()
            }
        })
        if !queue.isEmpty, !finished {
            nextAttemptTimer = reactor.callLater(attemptDelay) { [self] in
                self.nextAttemptTimer = nil
                self.startNextAttempt()
            }
        }
    }

    /// Whether the caller's factory may still build the protocol (only for the first connection).
    var isOpen: Bool { !finished }

    fileprivate func buildProtocol(addr: Address) -> (any ConnectionProtocol)? {
        guard !finished else { return nil }
        return factory.buildProtocol(addr: addr)
    }

    private func won(_ connected: any ConnectionProtocol) {
        guard !finished else {
            connected.transport?.loseConnection()
            return
        }
        finish()
        result.callback(connected)
    }

    private func fail(_ error: any Error) {
        guard !finished else { return }
        finish()
        result.errback(error)
    }

    /// Stops everything still running (resolution, the timer, pending attempts).
    private func finish() {
        finished = true
        try? nextAttemptTimer?.cancel()
        nextAttemptTimer = nil
        resolving?.cancel()
        resolving = nil
        for attempt in attempts where !attempt.isCalled {
            attempt.cancel()
        }
        queue.removeAll()
    }
}

@available(*, unavailable)
extension HappyEyeballsRace: Sendable {}

/// Builds the caller's protocol for the first attempt that connects, and nothing for the others.
private final class GateFactory: Factory {
    private let race: HappyEyeballsRace

    init(_ race: HappyEyeballsRace) {
        self.race = race
    }

    func buildProtocol(addr: Address) -> (any ConnectionProtocol)? {
        race.buildProtocol(addr: addr)
    }
}
