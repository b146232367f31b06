import Glibc

/// A Swift `SerialExecutor` that runs jobs on an ``EpollReactor``'s thread.
///
/// Jobs go through the same thread-safe queue as ``EpollReactor/callFromThread(_:)`` and run at the start
/// of a reactor iteration, in order. Use it as an actor's `unownedExecutor` (see ``ReactorActor``) so
/// that async code, and `await deferred.value`, runs on the reactor thread without hopping.
///
/// `checkIsolated()` and `isIsolatingCurrentContext()` compare the current thread with the reactor's, so
/// `assumeIsolated` works from reactor callbacks.
public final class ReactorExecutor: SerialExecutor, TaskExecutor {
    private let queue: ThreadCallQueue
    private let owner: pthread_t
    private var unowned: UnownedSerialExecutor { UnownedSerialExecutor(ordinary: self) }

    init(queue: ThreadCallQueue, owner: pthread_t) {
        self.queue = queue
        self.owner = owner
    }

    /// Whether the caller runs on the reactor's thread.
    public var isInReactorThread: Bool {
        pthread_equal(pthread_self(), owner) != 0
    }

    /// Queues `job` to run on the reactor thread. Callable from any thread.
    ///
    /// The executor is both the serial executor of ``ReactorActor`` and a task executor: a task started
    /// with it as its executor preference (``EpollReactor/runAsync(_:)``) runs its nonisolated async code
    /// on the reactor thread too, so it never waits for a thread of Swift's global pool.
    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let serial = unowned
        let task = UnownedTaskExecutor(ordinary: self)
        queue.callFromThread { job.runSynchronously(isolatedTo: serial, taskExecutor: task) }
    }

    /// This executor as an unowned reference, for `unownedExecutor`.
    public func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    /// Stops the process unless the caller is on the reactor's thread.
    public func checkIsolated() {
        precondition(isInReactorThread, "not on the reactor thread that backs this executor")
    }

    /// Whether the caller is on the reactor's thread.
    public func isIsolatingCurrentContext() -> Bool? {
        isInReactorThread
    }
}
