import Glibc

/// A pthread mutex with one condition variable: the lock of every cross-thread structure in the package
/// (the reactor's thread-call queue and thread pool, the unhandled-error log).
///
/// Why not `Synchronization.Mutex`: it has no condition variable, and on Linux its futex lock is invisible
/// to ThreadSanitizer (the Synchronization module is not instrumented), so `swift test --sanitize=thread`
/// reports every access it guards as a race. pthread mutexes are intercepted by TSan, so the sanitizer
/// checks the code they guard. The mutex and condition live in heap memory that never moves, as pthreads
/// requires.
///
/// `package`: Reactor's `ThreadCallQueue` and `ThreadPool` use it too.
///
/// Safety (why `@unchecked Sendable`): `protected` is only read or written while `mutex` is held (inside
/// ``withLock(_:)`` or ``wait(until:then:)``), and the pthread objects are themselves thread-safe. `State`
/// values cross threads through the lock, so callers keep only `Sendable` data (or data no other reference
/// reaches) in it.
package final class ConditionLock<State>: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var protected: State

    /// Creates the lock guarding `state`.
    package init(_ state: State) {
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
    package func withLock<R>(_ body: (inout State) throws -> R) rethrows -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&protected)
    }

    /// Waits until `ready` holds, then runs `body` with the lock held.
    package func wait<R>(until ready: (State) -> Bool, then body: (inout State) throws -> R) rethrows -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while !ready(protected) {
            pthread_cond_wait(condition, mutex)
        }
        return try body(&protected)
    }

    /// Wakes one waiter.
    package func signal() {
        pthread_cond_signal(condition)
    }

    /// Wakes every waiter.
    package func broadcast() {
        pthread_cond_broadcast(condition)
    }
}
