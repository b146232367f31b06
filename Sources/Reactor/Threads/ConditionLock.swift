import Glibc

/// A pthread mutex with one condition variable, for the thread pool's work queue.
///
/// `Synchronization.Mutex` has no condition variable, so the pool uses pthreads directly. The mutex and
/// condition live in heap memory that never moves, as pthreads requires.
///
/// Safety (why `@unchecked Sendable`): `protected` is only read or written while `mutex` is held (inside
/// ``withLock(_:)`` or ``wait(until:)``), and the pthread objects are themselves thread-safe.
final class ConditionLock<State>: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var protected: State

    /// Creates the lock guarding `state`.
    init(_ state: State) {
        protected = state
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        condition.deallocate()
    }

    /// Runs `body` with the state while holding the lock.
    func withLock<R>(_ body: (inout State) throws -> R) rethrows -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&protected)
    }

    /// Waits until `ready` holds, then runs `body` with the lock held.
    func wait<R>(until ready: (State) -> Bool, then body: (inout State) throws -> R) rethrows -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while !ready(protected) {
            pthread_cond_wait(condition, mutex)
        }
        return try body(&protected)
    }

    /// Wakes one waiter.
    func signal() {
        pthread_cond_signal(condition)
    }

    /// Wakes every waiter.
    func broadcast() {
        pthread_cond_broadcast(condition)
    }
}
