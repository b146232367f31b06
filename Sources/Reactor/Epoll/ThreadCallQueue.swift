import CTorsion
import Glibc
import Synchronization

/// The reactor's only cross-thread door: a `Mutex`-protected queue of calls and executor jobs, plus an
/// eventfd that wakes `epoll_wait`.
///
/// The eventfd is written once per burst: only by the push that finds the queue empty. The reactor
/// reads (resets) the eventfd *before* it takes the queue, so a push that lands after the take always
/// sees an empty queue and writes again; no wake-up is lost.
final class ThreadCallQueue: Sendable {
    /// One queued item: a closure from `callFromThread` or a Swift concurrency job for the executor.
    enum Item: Sendable {
        case call(@Sendable () -> Void)
        case job(UnownedJob)
    }

    private let queue = Mutex<[Item]>([])
    /// The eventfd registered for `EPOLLIN` with the reactor's epoll set.
    let eventFD: Int32

    init() throws(SystemCallError) {
        eventFD = try systemCallValue("eventfd") { eventfd(0, Int32(EFD_CLOEXEC | EFD_NONBLOCK)) }
    }

    deinit {
        _ = Glibc.close(eventFD)
    }

    /// Queues `item` from any thread and wakes the reactor if the queue was empty.
    ///
    /// Pass `fromReactorThread: true` when the caller is the reactor thread itself: the loop is awake
    /// and checks the queue before it sleeps, so the eventfd write is skipped.
    func push(_ item: Item, fromReactorThread: Bool = false) {
        let wasEmpty = queue.withLock { items in
            let wasEmpty = items.isEmpty
            items.append(item)
            return wasEmpty
        }
        if wasEmpty, !fromReactorThread {
            wake()
        }
    }

    /// Writes the eventfd (a full counter only means the reactor is already awake).
    func wake() {
        var one: UInt64 = 1
        _ = try? systemCall("write(eventfd)") { Glibc.write(eventFD, &one, 8) }
    }

    /// Resets the eventfd's counter (reactor thread, when it reports readable).
    func acknowledgeWake() {
        var counter: UInt64 = 0
        _ = try? systemCall("read(eventfd)") { Glibc.read(eventFD, &counter, 8) }
    }

    /// Whether anything is queued (so the reactor should not sleep).
    var isEmpty: Bool {
        queue.withLock { $0.isEmpty }
    }

    /// Moves everything queued into `batch` (which must be empty); the caller runs it outside the lock.
    /// Swapping arrays keeps both buffers' capacity, so a steady stream allocates nothing.
    func take(into batch: inout [Item]) {
        queue.withLock { items in
            swap(&items, &batch)
        }
    }
}
