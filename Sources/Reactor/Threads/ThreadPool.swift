import Glibc
import Deferred

/// A small bounded pool of worker threads for blocking work, such as name resolution.
///
/// Threads start lazily, up to ``maxThreads``, when work is queued and no worker is idle; work runs in
/// submission order as workers become free. Everything here is thread-safe. Work that must touch reactor
/// objects hands its result back with the reactor's `callFromThread` (``EpollReactor/deferToThread(_:)``
/// does that for you). ``stop()`` lets queued work finish, then joins the workers.
///
/// Twisted: `twisted.python.threadpool.ThreadPool` (`reactor.getThreadPool()`).
public final class ThreadPool: Sendable {
    private struct State {
        var queue: [@Sendable () -> Void] = []
        var head = 0
        var idle = 0
        var threads: [pthread_t] = []
        var stopping = false

        var hasWork: Bool { head < queue.count }

        /// Takes the oldest queued work item.
        mutating func pop() -> (@Sendable () -> Void)? {
            guard hasWork else { return nil }
            let work = queue[head]
            head += 1
            if head == queue.count {
                queue.removeAll(keepingCapacity: true)
                head = 0
            }
            return work
        }
    }

    private let lock = ConditionLock(State())
    private let name: String

    /// The most worker threads the pool starts.
    public let maxThreads: Int

    /// Creates a pool of at most `maxThreads` workers (none start until work arrives).
    ///
    /// Twisted: `ThreadPool(maxthreads=10)`.
    public init(maxThreads: Int = 10, name: String = "torsion-pool") {
        precondition(maxThreads > 0, "a thread pool needs at least one thread")
        self.maxThreads = maxThreads
        self.name = name
    }

    /// Queues `work` to run on a worker thread. Callable from any thread.
    ///
    /// - Precondition: the pool has not been stopped.
    ///
    /// Twisted: `ThreadPool.callInThread` / `reactor.callInThread`.
    public func callInThread(_ work: @escaping @Sendable () -> Void) {
        let startThread = lock.withLock { state -> Bool in
            precondition(!state.stopping, "callInThread on a stopped ThreadPool")
            state.queue.append(work)
            // Start a worker when queued work outnumbers idle workers (each idle worker takes one item).
            return state.queue.count - state.head > state.idle && state.threads.count < maxThreads
        }
        if startThread {
            let thread = PosixThread.spawn(name: name) { [self] in self.workerLoop() }
            lock.withLock { $0.threads.append(thread) }
        }
        lock.signal()
    }

    /// How many workers exist (busy or idle).
    public var threadCount: Int { lock.withLock { $0.threads.count } }

    /// Lets queued work finish, then stops and joins every worker. Must not be called from a worker.
    ///
    /// Twisted: `ThreadPool.stop`.
    public func stop() {
        let threads = lock.withLock { state -> [pthread_t] in
            state.stopping = true
            return state.threads
        }
        lock.broadcast()
        for thread in threads {
            PosixThread.join(thread)
        }
        lock.withLock { $0.threads.removeAll() }
    }

    private func workerLoop() {
        while true {
            lock.withLock { $0.idle += 1 }
            let next = lock.wait(until: { $0.hasWork || $0.stopping }) { state -> (@Sendable () -> Void)? in
                state.idle -= 1
                return state.pop()
            }
            guard let next else { return }
            next()
        }
    }
}
