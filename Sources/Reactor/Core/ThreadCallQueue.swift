import Deferred

/// The one thread-safe door into a reactor: a queue of closures that the reactor thread runs.
///
/// Any thread may call ``callFromThread(_:)``; the reactor thread calls ``drain()`` once per loop
/// iteration (before running timers, as Twisted does). The queue is `Sendable`, unlike the reactor, so
/// other threads hold the queue (``ReactorThreads/threadCallQueue``), never the reactor itself.
///
/// Waking: `wake` is called by ``callFromThread(_:)`` when it adds to an empty queue that the reactor is
/// not draining, so a reactor blocked in `epoll_wait` gets one eventfd write per burst, not one per call.
/// ``MemoryReactor`` passes a no-op and tests call ``drain()`` themselves.
///
/// Twisted: `ReactorBase.threadCallQueue` and the waker of `callFromThread`.
public final class ThreadCallQueue: Sendable {
    private struct State {
        var calls: [@Sendable () -> Void] = []
        var draining = false
    }

    /// A pthread lock rather than `Synchronization.Mutex`, so ThreadSanitizer sees it (see `ConditionLock`).
    private let state = ConditionLock(State())
    private let wake: @Sendable () -> Void

    /// Creates an empty queue.
    ///
    /// - Parameter wake: Called (on the caller's thread, outside the lock) when a call is queued and the
    ///   reactor may be asleep. It must be thread-safe and cheap.
    public init(wake: @escaping @Sendable () -> Void = {}) {
        self.wake = wake
    }

    /// Queues `body` to run on the reactor thread. Safe from any thread.
    ///
    /// Calls run in the order they were queued.
    ///
    /// Twisted: `IReactorThreads.callFromThread`.
    public func callFromThread(_ body: @escaping @Sendable () -> Void) {
        let mustWake = state.withLock { state in
            state.calls.append(body)
            return state.calls.count == 1 && !state.draining
        }
        if mustWake {
            wake()
        }
    }

    /// Runs the calls queued before this drain started, in order. Reactor thread only.
    ///
    /// Calls queued while draining (by the drained calls or other threads) wait for the next drain, so a
    /// call that re-queues itself cannot starve the loop; in that case `wake` is called again at the end,
    /// so a sleeping loop does not miss them.
    ///
    /// - Returns: How many calls ran.
    @discardableResult
    public func drain() -> Int {
        let batch = state.withLock { state in
            state.draining = true
            defer { state.calls.removeAll(keepingCapacity: true) }
            return state.calls
        }
        for call in batch {
            call()
        }
        let moreQueued = state.withLock { state in
            state.draining = false
            return !state.calls.isEmpty
        }
        if moreQueued {
            wake()
        }
        return batch.count
    }

    /// Whether no call is waiting.
    public var isEmpty: Bool {
        state.withLock { $0.calls.isEmpty }
    }
}
