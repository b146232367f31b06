import Deferred
import Reactor

/// One Agent request under ``AgentTimeouts``: gets a connection, sends the request, and enforces the
/// connect limit, the idle read timeout and the total deadline with timers on the pool's clock.
///
/// A timeout that fires cancels whatever the request is waiting on (the pool's connection Deferred, or
/// the request Deferred, whose cancellation aborts the connection), or, once the head has been delivered,
/// abandons the body with the timeout as reason (which aborts the connection). ``result`` fires exactly
/// once: with the response, with the timeout's error (whatever error the cancellation produced), or with
/// the request's own error. Every timer is cancelled when the exchange ends, however it ends.
///
/// Threading: reactor thread only.
final class TimedRequest: ExchangeObserver {
    private enum Stage {
        case connecting, requesting, body, ended
    }

    private enum Limit {
        case connect, read, total
    }

    private(set) var result = Deferred<Response>()
    private let clock: any ReactorTime
    private let timeouts: AgentTimeouts
    private let uri: URI
    private var stage = Stage.connecting
    private var settled = false
    /// The timeout that ended the request, reported instead of the cancellation's error.
    private var expired: (any Error)?
    private var connecting: Deferred<PooledConnection>?
    private var requesting: Deferred<Response>?
    private var response: Response?
    private var connectTimer: DelayedCall?
    private var readTimer: DelayedCall?
    private var deadlineTimer: DelayedCall?

    private init(clock: any ReactorTime, timeouts: AgentTimeouts, uri: URI) {
        self.clock = clock
        self.timeouts = timeouts
        self.uri = uri
        result = Deferred { [weak self] _ in self?.cancelledByCaller() }
    }

    /// Sends `request` through `pool` under `timeouts` and returns the Deferred of its response.
    ///
    /// With only a connect limit and an idle connection ready, no timer and no object is made: the
    /// request goes out as it would without timeouts.
    static func send(
        _ request: Request, uri: URI, key: PoolKey, endpoint: any StreamClientEndpoint, pool: HTTPConnectionPool,
        timeouts: AgentTimeouts
    ) -> Deferred<Response> {
        if timeouts.connectOnly {
            let connecting = pool.getConnection(key: key, endpoint: endpoint)
            if connecting.isCalled || timeouts.connect == nil {
                return connecting.addCallback { (connection: PooledConnection) -> Deferred<Response> in
                    connection.request(request)
                }
            }
            let timed = TimedRequest(clock: pool.reactor, timeouts: timeouts, uri: uri)
            timed.start(request, connecting: connecting)
            return timed.result
        }
        let timed = TimedRequest(clock: pool.reactor, timeouts: timeouts, uri: uri)
        if let total = timeouts.total {
            timed.deadlineTimer = timed.clock.callLater(total) { [timed] in timed.expire(.total) }
        }
        timed.start(request, connecting: pool.getConnection(key: key, endpoint: endpoint))
        return timed.result
    }

    private func start(_ request: Request, connecting: Deferred<PooledConnection>) {
        if !connecting.isCalled, let limit = timeouts.connect {
            connectTimer = clock.callLater(limit) { [self] in expire(.connect) }
        }
        self.connecting = connecting
        connecting.addCallbacks(
            { [self] (connection: PooledConnection) -> Void in connected(connection, request) },
            errback: { [self] (error: any Error) -> Void in failed(error) })
    }

    // MARK: - Stages

    private func connected(_ connection: PooledConnection, _ request: Request) {
        connecting = nil
        cancel(&connectTimer)
        guard !settled else {
            // Timed out or cancelled while the connection was being handed over: nothing was sent.
            connection.pool?.putConnection(connection)
            return
        }
        stage = .requesting
        var request = request
        request.observer = self
        let requesting = connection.request(request)
        self.requesting = requesting
        requesting.addCallbacks(
            { [self] (response: Response) -> Void in received(response) },
            errback: { [self] (error: any Error) -> Void in failed(error) })
    }

    private func received(_ response: Response) {
        requesting = nil
        guard !settled else {
            // Settled by a timeout whose cancellation could not stop the request in time.
            response.bodyProducer.abandon(reason: expired ?? CancelledError())
            return
        }
        settled = true
        if stage != .ended {
            stage = .body
            self.response = response
        }
        result.callback(response)
    }

    private func failed(_ error: any Error) {
        connecting = nil
        requesting = nil
        end()
        guard !settled else { return }
        settled = true
        result.errback(expired ?? translated(error))
    }

    /// A per-attempt connect timeout from the reactor reads as the Agent's connect timeout.
    private func translated(_ error: any Error) -> any Error {
        if let connectError = error as? ConnectError, connectError.code == .timedOut, let limit = timeouts.connect {
            return ConnectTimeoutError(timeout: limit, uri: uri.description)
        }
        return error
    }

    // MARK: - Timeouts and cancellation

    private func expire(_ limit: Limit) {
        let phase: RequestPhase
        switch stage {
        case .connecting: phase = .connecting
        case .requesting: phase = .awaitingHead
        case .body: phase = .readingBody
        case .ended: return
        }
        let error: any Error
        switch limit {
        case .connect: error = ConnectTimeoutError(timeout: timeouts.connect ?? .zero, uri: uri.description)
        case .read: error = ReadTimeoutError(timeout: timeouts.read ?? .zero, phase: phase, uri: uri.description)
        case .total:
            error = RequestDeadlineExceeded(timeout: timeouts.total ?? .zero, phase: phase, uri: uri.description)
        }
        let stageAtExpiry = stage
        end()
        switch stageAtExpiry {
        case .connecting, .requesting:
            expired = error
            if stageAtExpiry == .connecting { connecting?.cancel() } else { requesting?.cancel() }
            if !settled {
                settled = true
                result.errback(error)
            }
        case .body:
            let response = self.response
            self.response = nil
            response?.bodyProducer.abandon(reason: error)
        case .ended:
            break
        }
    }

    /// The caller cancelled ``result`` before it fired: the stage's own cancellation error comes through.
    private func cancelledByCaller() {
        let stageAtCancel = stage
        end()
        switch stageAtCancel {
        case .connecting: connecting?.cancel()
        case .requesting: requesting?.cancel()
        case .body, .ended: break
        }
        // If the stage did not fire synchronously, `Deferred.cancel` fails `result` with CancelledError.
        settled = true
    }

    /// Stops every timer; nothing can time out any more.
    private func end() {
        stage = .ended
        cancel(&connectTimer)
        cancel(&readTimer)
        cancel(&deadlineTimer)
    }

    private func cancel(_ timer: inout DelayedCall?) {
        if let call = timer, call.isActive { try? call.cancel() }
        timer = nil
    }

    /// Starts the idle read countdown, or restarts it from now.
    private func restartReadTimer() {
        guard let limit = timeouts.read, stage == .requesting || stage == .body else { return }
        if let timer = readTimer, timer.isActive {
            try? timer.reset(limit)
        } else {
            readTimer = clock.callLater(limit) { [self] in expire(.read) }
        }
    }

    // MARK: - ExchangeObserver

    func requestWritten() {
        restartReadTimer()
    }

    func bytesReceived() {
        restartReadTimer()
    }

    func responseEnded() {
        response = nil
        end()
    }
}

@available(*, unavailable)
extension TimedRequest: Sendable {}
