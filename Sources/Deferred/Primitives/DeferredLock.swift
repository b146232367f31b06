/// A lock whose `acquire()` returns a Deferred that fires when the lock is yours.
///
/// Waiters are served first come, first served. Cancelling an `acquire()` Deferred that is still waiting
/// takes it out of the line and fails it with ``CancelledError``; cancelling one that has fired does nothing
/// (you hold the lock and must still ``release()`` it).
///
/// When a waiter is granted the lock by a `release()` made inside another waiter's callback, its Deferred
/// fires right after that callback returns rather than inside `release()`; the lock is already its own
/// when `release()` returns, so the order of waiters is unchanged. This keeps long lines of waiters from
/// growing the stack.
///
/// Not `Sendable`: use it on one thread (the reactor's).
///
/// Twisted: `twisted.internet.defer.DeferredLock`.
public final class DeferredLock {
    /// Whether someone holds the lock (it stays held while it passes from a releaser to the next waiter).
    ///
    /// Twisted: `DeferredLock.locked`.
    public private(set) var isLocked = false

    private let waiters = Waiters<DeferredLock>()

    /// Creates an unlocked lock.
    ///
    /// Twisted: `DeferredLock()`.
    public init() {}

    /// The number of `acquire()` Deferreds waiting for the lock.
    ///
    /// Twisted: `len(DeferredLock.waiting)`.
    public var waitingCount: Int { waiters.count }

    /// Asks for the lock: the returned Deferred fires with this lock once it is yours.
    ///
    /// If the lock is free, the Deferred has already fired when this returns; otherwise it waits behind
    /// earlier callers. Every acquisition must be followed by one ``release()``.
    ///
    /// Twisted: `DeferredLock.acquire`.
    public func acquire() -> Deferred<DeferredLock> {
        if !isLocked {
            isLocked = true
            return .succeed(self)
        }
        return waiters.enqueue(canceller: { [weak self] deferred in self?.cancelWaiter(deferred) })
    }

    /// Releases the lock, handing it to the longest-waiting `acquire()` if there is one.
    ///
    /// Releasing a lock that is not locked is a programming error and stops the process (Twisted asserts).
    ///
    /// Twisted: `DeferredLock.release`.
    public func release() {
        precondition(isLocked, "DeferredLock.release() called on a lock that is not locked")
        if let next = waiters.popFirst() {
            waiters.grant(next, self)
        } else {
            isLocked = false
        }
    }

    /// Runs `body` while holding the lock, releasing it when the Deferred `body` returns has fired.
    ///
    /// The returned Deferred fires with that Deferred's result after the release. If `body` throws, the
    /// lock is released and the returned Deferred fails with the error. Cancelling the returned Deferred
    /// while it waits for the lock cancels the acquisition (the body never runs); once the body runs, it
    /// cancels the body's Deferred.
    ///
    /// Twisted: `DeferredLock.run` with a function returning a Deferred.
    public func run<T>(_ body: @escaping () throws -> Deferred<T>) -> Deferred<T> {
        runHolding(acquire(), release: { $0.release() }, body)
    }

    /// Runs `body` while holding the lock and releases it as soon as `body` returns or throws.
    ///
    /// The returned Deferred fires with `body`'s value or error once the lock is released. A closure that
    /// returns a `Deferred` selects the other `run(_:)`; a closure that only throws must state its
    /// return type.
    ///
    /// Twisted: `DeferredLock.run` with a plain function.
    public func run<T>(_ body: @escaping () throws -> T) -> Deferred<T> {
        runHolding(acquire(), release: { $0.release() }, body)
    }

    private func cancelWaiter(_ deferred: Deferred<DeferredLock>) {
        if case .granted = waiters.remove(deferred) {
            release()
        }
    }
}

@available(*, unavailable)
extension DeferredLock: Sendable {}
