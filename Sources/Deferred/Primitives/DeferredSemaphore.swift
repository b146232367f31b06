/// A semaphore whose `acquire()` returns a Deferred that fires when a token is yours: at most `limit`
/// holders at a time.
///
/// Waiters are served first come, first served. Cancelling an `acquire()` Deferred that is still waiting
/// takes it out of the line and fails it with ``CancelledError``; cancelling one that has fired does nothing
/// (you hold a token and must still ``release()`` it). As with ``DeferredLock``, a token handed on by a
/// `release()` made inside a waiter's callback reaches the next waiter right after that callback returns.
///
/// Not `Sendable`: use it on one thread (the reactor's).
///
/// Twisted: `twisted.internet.defer.DeferredSemaphore`.
public final class DeferredSemaphore {
    /// The number of tokens the semaphore was created with: the most holders at a time.
    ///
    /// Twisted: `DeferredSemaphore.limit`.
    public let limit: Int

    /// The number of tokens free now.
    ///
    /// Twisted: `DeferredSemaphore.tokens`.
    public private(set) var tokens: Int

    private let waiters = Waiters<DeferredSemaphore>()

    /// Creates a semaphore with `tokens` free tokens.
    ///
    /// - Precondition: `tokens >= 1`. A smaller count is a programming error and stops the process (Twisted
    ///   raises `ValueError`); it is not a thrown error because the count is almost always a constant.
    ///
    /// Twisted: `DeferredSemaphore(tokens)`.
    public init(tokens: Int) {
        precondition(tokens >= 1, "DeferredSemaphore(tokens:) needs at least one token, got \(tokens)")
        self.limit = tokens
        self.tokens = tokens
    }

    /// The number of `acquire()` Deferreds waiting for a token.
    ///
    /// Twisted: `len(DeferredSemaphore.waiting)`.
    public var waitingCount: Int { waiters.count }

    /// Asks for a token: the returned Deferred fires with this semaphore once one is yours.
    ///
    /// If a token is free, the Deferred has already fired when this returns; otherwise it waits behind
    /// earlier callers. Every acquisition must be followed by one ``release()``.
    ///
    /// Twisted: `DeferredSemaphore.acquire`.
    public func acquire() -> Deferred<DeferredSemaphore> {
        if tokens > 0 {
            tokens -= 1
            return .succeed(self)
        }
        return waiters.enqueue(canceller: { [weak self] deferred in self?.cancelWaiter(deferred) })
    }

    /// Gives a token back, handing it to the longest-waiting `acquire()` if there is one.
    ///
    /// Releasing more tokens than were acquired is a programming error and stops the process (Twisted
    /// asserts).
    ///
    /// Twisted: `DeferredSemaphore.release`.
    public func release() {
        precondition(tokens < limit, "DeferredSemaphore.release() called more often than acquire()")
        if let next = waiters.popFirst() {
            waiters.grant(next, self)
        } else {
            tokens += 1
        }
    }

    /// Runs `body` while holding a token, releasing it when the Deferred `body` returns has fired.
    ///
    /// The returned Deferred fires with that Deferred's result after the release. If `body` throws, the
    /// token is released and the returned Deferred fails with the error. Cancelling the returned Deferred
    /// while it waits cancels the acquisition; once the body runs, it cancels the body's Deferred.
    ///
    /// Twisted: `DeferredSemaphore.run` with a function returning a Deferred.
    public func run<T>(_ body: @escaping () throws -> Deferred<T>) -> Deferred<T> {
        runHolding(acquire(), release: { $0.release() }, body)
    }

    /// Runs `body` while holding a token and releases it as soon as `body` returns or throws.
    ///
    /// A closure that returns a `Deferred` selects the other `run(_:)`; a closure that only throws must
    /// state its return type.
    ///
    /// Twisted: `DeferredSemaphore.run` with a plain function.
    public func run<T>(_ body: @escaping () throws -> T) -> Deferred<T> {
        runHolding(acquire(), release: { $0.release() }, body)
    }

    private func cancelWaiter(_ deferred: Deferred<DeferredSemaphore>) {
        if case .granted = waiters.remove(deferred) {
            release()
        }
    }
}

@available(*, unavailable)
extension DeferredSemaphore: Sendable {}
