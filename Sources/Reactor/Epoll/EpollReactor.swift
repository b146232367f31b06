import CTorsion
import Deferred
import Glibc

/// The real reactor for Linux: a level-triggered epoll loop on one thread, with timers, a thread-call
/// queue woken by an eventfd, TCP and UNIX sockets, and a Swift executor for async code.
///
/// Threading: an `EpollReactor` belongs to the thread that created it; call ``run()`` there. Every method
/// checks that it is called on that thread (``preconditionInReactorThread(file:line:)``) except
/// ``callFromThread(_:)`` and the ``executor``, which any thread may use. The reactor is not `Sendable`.
///
/// Each loop iteration: run the calls queued from other threads (and executor jobs), run the timers that
/// are due, then wait in `epoll_wait` until the next timer deadline (at most ``maximumWait``) and
/// dispatch I/O events.
///
/// Twisted: `twisted.internet.epollreactor.EPollReactor`.
public final class EpollReactor {
    /// The run state; see ``run()`` and ``stop()``.
    package enum RunState {
        case notStarted, running, stopping, stopped
    }

    let selector: EpollSelector
    let waker: EventFDWaker
    /// Reactor-thread calls for the next iteration (deferred notifications such as `connectionLost`).
    private var soonCalls: [() -> Void] = []
    private var soonBatch: [() -> Void] = []
    private let ownerThread: pthread_t
    package internal(set) var state = RunState.notStarted
    /// The buffer every socket read goes into before its bytes are copied out exactly once.
    let readBuffer: UnsafeMutableRawBufferPointer
    /// Timers (the shared `TimerQueue` heap) on `CLOCK_MONOTONIC`; see `EpollReactor+Time.swift`.
    let timers = TimerQueue(now: EpollReactor.monotonicNow)
    /// Startup and shutdown triggers; see `EpollReactor+Lifecycle.swift`.
    let triggers = SystemEventTriggers()
    private var lazyThreadPool: ThreadPool?
    /// Transports with queued bytes, flushed before the loop next sleeps.
    private var flushList: [SocketTransport] = []
    /// Scratch `iovec`s for gathered writes (one transport writes at a time).
    let writeVectors = UnsafeMutablePointer<iovec>.allocate(capacity: PendingWrites.maxVectors)
    /// Descriptor readers and writers, signal handling and child processes (created on first use).
    let subsystems = ReactorSubsystems()

    /// The Swift executor that runs jobs on this reactor's thread; any thread may use it.
    public let executor: ReactorExecutor

    /// The thread-safe queue behind ``callFromThread(_:)``; capture it to call back from other threads.
    ///
    /// Twisted: `ReactorBase.threadCallQueue`.
    public let threadCallQueue: ThreadCallQueue

    /// The longest single `epoll_wait` (Twisted caps its timeout at about 24.8 days; this is shorter so a
    /// wall-clock jump is noticed within a minute).
    public static let maximumWait: Duration = .seconds(60)

    /// Size of the shared read buffer: 64 KiB.
    public static let readBufferSize = 64 * 1024

    /// Creates a reactor owned by the calling thread.
    ///
    /// - Throws: ``SystemCallError`` if the epoll set or the eventfd cannot be created.
    public init() throws {
        BrokenPipeSignal.ignore()
        selector = try EpollSelector()
        let waker = try EventFDWaker()
        self.waker = waker
        threadCallQueue = ThreadCallQueue(wake: { waker.wake() })
        ownerThread = pthread_self()
        executor = ReactorExecutor(queue: threadCallQueue, owner: ownerThread)
        readBuffer = .allocate(byteCount: Self.readBufferSize, alignment: 16)
        try selector.register(waker.fd, interest: CTORSION_EPOLLIN, handler: waker)
        triggers.add(.during, .shutdown) { [unowned self] in
            self.disconnectAll()
            return nil
        }
    }

    deinit {
        selector.unregister(waker.fd)
        readBuffer.deallocate()
        writeVectors.deallocate()
        lazyThreadPool?.stop()
    }

    // MARK: - Thread confinement

    /// Whether the caller runs on the reactor's thread.
    public var isInReactorThread: Bool {
        pthread_equal(pthread_self(), ownerThread) != 0
    }

    /// Stops the process if the caller is not on the reactor's thread.
    ///
    /// Costs one `pthread_self()` and a compare, so it stays on in release builds.
    @inline(__always)
    public func preconditionInReactorThread(file: StaticString = #fileID, line: UInt = #line) {
        precondition(
            pthread_equal(pthread_self(), ownerThread) != 0,
            "EpollReactor used from a thread that is not its own; hop with callFromThread", file: file, line: line)
    }

    // MARK: - Cross-thread calls

    /// Runs `call` on the reactor thread during a coming iteration. Callable from any thread, at any time
    /// (calls made before ``run()`` wait for it). Calls run in the order they were queued, before that
    /// iteration's timers.
    ///
    /// Twisted: `IReactorThreads.callFromThread`.
    public func callFromThread(_ call: @escaping @Sendable () -> Void) {
        threadCallQueue.callFromThread(call)
    }

    /// Queues `call` to run on the reactor thread in the next iteration (reactor thread only).
    ///
    /// Used for notifications that must not run re-entrantly, such as `connectionLost` after
    /// `loseConnection()`.
    func callSoon(_ call: @escaping () -> Void) {
        soonCalls.append(call)
    }

    /// The worker pool behind ``callInThread(_:)``, created on first use (at most 10 threads).
    ///
    /// Twisted: `reactor.getThreadPool()`.
    public var threadPool: ThreadPool {
        preconditionInReactorThread()
        if let lazyThreadPool { return lazyThreadPool }
        let pool = ThreadPool(maxThreads: 10, name: "torsion-worker")
        lazyThreadPool = pool
        return pool
    }

    // MARK: - The loop

    /// Runs the loop until ``stop()`` has run the shutdown triggers; on the process's main thread, SIGINT
    /// and SIGTERM stop it cleanly (see ``run(installSignalHandlers:)``).
    ///
    /// Twisted: `IReactorCore.run`.
    public func run() throws {
        try run(installSignalHandlers: Self.isMainThread)
    }

    /// Runs the loop until ``stop()`` has run the shutdown triggers.
    ///
    /// Fires the startup triggers (and ``callWhenRunning(_:)`` calls) first. A reactor runs once. With
    /// `installSignalHandlers`, SIGINT and SIGTERM call ``stop()`` (see ``installStopSignalHandlers()``) until
    /// `run` returns; ``run()`` passes true only on the process's main thread, as Python allows signal
    /// handlers only there. When `run` returns, every signal handler is removed and the children still
    /// running are handed to a background reaper (see `Process/ChildReaperOfLastResort.swift`).
    ///
    /// - Throws: ``ReactorAlreadyRunning`` if called while running, ``ReactorNotRestartable`` after it
    ///   stopped, ``SystemCallError`` if `epoll_wait` fails.
    ///
    /// Twisted: `IReactorCore.run(installSignalHandlers=True)`.
    public func run(installSignalHandlers: Bool) throws {
        preconditionInReactorThread()
        switch state {
        case .running, .stopping: throw ReactorAlreadyRunning()
        case .stopped: throw ReactorNotRestartable()
        case .notStarted: break
        }
        state = .running
        if installSignalHandlers {
            installStopSignalHandlers()
        }
        defer {
            removeSignalHandlers()
            handOverUnreapedChildren()
        }
        fireStartup()
        while state != .stopped {
            try iterate()
        }
        lazyThreadPool?.stop()
        lazyThreadPool = nil
    }

    /// One iteration: thread calls, next-iteration calls, due timers, then wait for and dispatch I/O.
    func iterate() throws {
        runThreadCalls()
        runSoonCalls()
        runDueTimers()
        flushTransports()
        guard state != .stopped else { return }
        _ = try selector.waitAndDispatch(timeoutMilliseconds: waitTimeoutMilliseconds())
    }

    private func waitTimeoutMilliseconds() -> Int32 {
        if !soonCalls.isEmpty || !flushList.isEmpty || !threadCallQueue.isEmpty { return 0 }
        guard let untilNext = timeUntilNextTimer() else {
            return Int32(Self.maximumWait.components.seconds * 1000)
        }
        if untilNext <= .zero { return 0 }
        let wait = min(untilNext, Self.maximumWait)
        // Round up, so the loop does not wake a fraction of a millisecond early and spin.
        let (seconds, attoseconds) = wait.components
        let milliseconds = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(milliseconds)
    }

    private func runThreadCalls() {
        threadCallQueue.drain()
    }

    /// Queues `transport` for the flush pass that runs before the loop sleeps.
    func scheduleFlush(_ transport: SocketTransport) {
        flushList.append(transport)
    }

    private func flushTransports() {
        while !flushList.isEmpty {
            let batch = flushList
            flushList.removeAll(keepingCapacity: true)
            for transport in batch {
                transport.flush()
            }
        }
    }

    private func runSoonCalls() {
        guard !soonCalls.isEmpty else { return }
        swap(&soonCalls, &soonBatch)
        for call in soonBatch {
            call()
        }
        soonBatch.removeAll(keepingCapacity: true)
    }
}

@available(*, unavailable)
extension EpollReactor: Sendable {}

