import CTorsion
import Glibc

/// The eventfd that wakes the reactor's `epoll_wait` when another thread queues a call.
///
/// ``wake()`` is the `ThreadCallQueue`'s wake hook, so it is written once per burst (only when a call
/// lands in an empty queue that the loop is not draining). The reactor resets the counter when the eventfd
/// reports readable, which happens before the next drain, so a wake-up is never lost.
final class EventFDWaker: EpollHandler, Sendable {
    /// The eventfd, registered for `EPOLLIN` with the reactor's epoll set.
    let fd: Int32

    init() throws(SystemCallError) {
        fd = try systemCallValue("eventfd") { eventfd(0, Int32(EFD_CLOEXEC | EFD_NONBLOCK)) }
    }

    deinit {
        _ = Glibc.close(fd)
    }

    /// Adds one to the counter; any thread. A saturated counter just means the loop is already awake.
    func wake() {
        var one: UInt64 = 1
        _ = try? systemCall("write(eventfd)") { Glibc.write(fd, &one, 8) }
    }

    /// Resets the counter (reactor thread, when the eventfd reports readable).
    func handleEvent(_ events: UInt32) {
        var counter: UInt64 = 0
        _ = try? systemCall("read(eventfd)") { Glibc.read(fd, &counter, 8) }
    }

    func closeForShutdown() {}
}
