import Deferred
import Reactor

/// A ``HTTPConnectionPool/getConnection(key:endpoint:waitTimeout:)`` call queued at a connection limit.
///
/// It leaves the queue in one of four ways: a connection of its key comes back (handed over directly),
/// room frees up (a connection attempt is started for it), its wait timer runs out (``PoolTimeout``), or
/// its Deferred is cancelled (`CancelledError`).
final class PoolWaiter {
    enum State {
        case queued
        /// A connection attempt was started for it; cancelling the caller's Deferred cancels it.
        case connecting(Deferred<PooledConnection>)
        case done
    }

    let key: PoolKey
    let endpoint: any StreamClientEndpoint
    let timeout: Duration?
    /// The caller's Deferred; set right after creation, cleared once fired.
    var deferred: Deferred<PooledConnection>?
    var timer: DelayedCall?
    var state = State.queued

    init(key: PoolKey, endpoint: any StreamClientEndpoint, timeout: Duration?) {
        self.key = key
        self.endpoint = endpoint
        self.timeout = timeout
    }

    /// Hands over a connection that came back to the pool.
    func deliver(_ connection: PooledConnection) {
        finish(.success(connection))
    }

    /// Leaves every state for good and fires the caller's Deferred; drops the references that tie the
    /// waiter, its Deferred (whose canceller holds the waiter) and its attempt together.
    func finish(_ result: Result<PooledConnection, any Error>) {
        cancelTimer()
        state = .done
        guard let deferred else { return }
        self.deferred = nil
        switch result {
        case .success(let connection): deferred.callback(connection)
        case .failure(let error): deferred.errback(error)
        }
    }

    func cancelTimer() {
        if let timer, timer.isActive {
            try? timer.cancel()
        }
        timer = nil
    }
}

@available(*, unavailable)
extension PoolWaiter: Sendable {}

extension HTTPConnectionPool {
    /// Queues a caller at a connection limit; see ``getConnection(key:endpoint:waitTimeout:)``.
    func enqueueWaiter(key: PoolKey, endpoint: any StreamClientEndpoint, timeout: Duration?) -> Deferred<PooledConnection> {
        let waiter = PoolWaiter(key: key, endpoint: endpoint, timeout: timeout)
        // The canceller holds the waiter until it finishes (``PoolWaiter/finish(_:)`` breaks the cycle).
        let deferred = Deferred<PooledConnection>(canceller: { [weak self, waiter] _ in
            self?.waiterCancelled(waiter)
        })
        waiter.deferred = deferred
        book.enqueue(waiter, for: key)
        if let timeout {
            waiter.timer = reactor.callLater(timeout) { [weak self, weak waiter] in
                guard let self, let waiter else { return }
                self.waiterTimedOut(waiter)
            }
        }
        return deferred
    }

    /// Starts connection attempts for waiters while there is room (see ``PoolBook/nextGrant()``).
    func serveWaiters() {
        while let grant = book.nextGrant(newConnection: { waiter in
            PooledConnection(pool: self, key: waiter.key, endpoint: waiter.endpoint)
        }) {
            if let evicting = grant.evicting { closeEvicted(evicting) }
            let waiter = grant.waiter
            waiter.cancelTimer()
            let attempt = connect(grant.connection)
            if case .queued = waiter.state {
                waiter.state = .connecting(attempt)
            }
            _ = attempt.addBoth { (result: Result<PooledConnection, any Error>) -> Void in
                waiter.finish(result)
            }
        }
    }

    private func waiterCancelled(_ waiter: PoolWaiter) {
        switch waiter.state {
        case .queued:
            _ = book.removeWaiter(waiter, for: waiter.key)
            // The Deferred then fails with CancelledError.
            waiter.cancelTimer()
            waiter.state = .done
            waiter.deferred = nil
        case .connecting(let attempt):
            // The attempt's failure (the endpoint's ConnectingCancelledError) reaches the caller.
            attempt.cancel()
        case .done:
            break
        }
    }

    private func waiterTimedOut(_ waiter: PoolWaiter) {
        guard case .queued = waiter.state, let timeout = waiter.timeout else { return }
        _ = book.removeWaiter(waiter, for: waiter.key, timedOut: true)
        waiter.timer = nil
        waiter.finish(.failure(PoolTimeout(key: waiter.key, timeout: timeout)))
    }
}
