import CTorsion
import Glibc

/// Something registered with the reactor's epoll set: a socket transport, a listening port, a connector
/// or the waker. Called on the reactor thread only.
protocol EpollHandler: AnyObject {
    /// Handles the ready bits (`EPOLLIN`, `EPOLLOUT`, `EPOLLERR`, `EPOLLHUP`, `EPOLLRDHUP`) for its descriptor.
    func handleEvent(_ events: UInt32)

    /// Closes the handler because the reactor is shutting down (Twisted's `disconnectAll`).
    func closeForShutdown()
}

/// The epoll set: one level-triggered registration per descriptor, each tagged with a generation
/// number so that an event for a descriptor closed (and reused) earlier in the same batch is dropped.
///
/// The epoll data word holds `generation << 32 | fd`. Registrations live in an array indexed by fd.
final class EpollSelector {
    private struct Registration {
        var generation: UInt32
        var interest: UInt32
        var handler: any EpollHandler
    }

    let epollFD: Int32
    private var registrations: [Registration?] = []
    private var nextGeneration: UInt32 = 1
    private var events: UnsafeMutablePointer<epoll_event>
    private var capacity: Int32 = 64
    private static let maxCapacity: Int32 = 4096

    /// How many descriptors are registered.
    private(set) var count = 0

    init() throws(SystemCallError) {
        epollFD = try systemCallValue("epoll_create1") { epoll_create1(Int32(EPOLL_CLOEXEC)) }
        events = ctorsion_epoll_events_alloc(capacity)
    }

    deinit {
        ctorsion_epoll_events_free(events)
        _ = Glibc.close(epollFD)
    }

    /// Registers `fd` for `interest` with `handler` (replacing nothing: the fd must not be registered).
    func register(_ fd: Int32, interest: UInt32, handler: any EpollHandler) throws(SystemCallError) {
        let index = Int(fd)
        if index >= registrations.count {
            registrations.append(contentsOf: repeatElement(nil, count: index - registrations.count + 1))
        }
        precondition(registrations[index] == nil, "descriptor \(fd) registered twice")
        let generation = nextGeneration
        nextGeneration &+= 1
        _ = try systemCallValue("epoll_ctl(ADD)") {
            ctorsion_epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, interest, UInt64(generation) << 32 | UInt64(UInt32(fd)))
        }
        registrations[index] = Registration(generation: generation, interest: interest, handler: handler)
        count += 1
    }

    /// Changes the interest set of a registered `fd`; a no-op when it is unchanged.
    func modify(_ fd: Int32, interest: UInt32) throws(SystemCallError) {
        let index = Int(fd)
        guard index < registrations.count, var registration = registrations[index] else { return }
        guard registration.interest != interest else { return }
        let data = UInt64(registration.generation) << 32 | UInt64(UInt32(fd))
        _ = try systemCallValue("epoll_ctl(MOD)") { ctorsion_epoll_ctl(epollFD, EPOLL_CTL_MOD, fd, interest, data) }
        registration.interest = interest
        registrations[index] = registration
    }

    /// The interest set of `fd`, or nil if it is not registered.
    func interest(of fd: Int32) -> UInt32? {
        let index = Int(fd)
        guard index >= 0, index < registrations.count else { return nil }
        return registrations[index]?.interest
    }

    /// Removes `fd` (call before closing it). Unknown descriptors are ignored.
    func unregister(_ fd: Int32) {
        let index = Int(fd)
        guard index >= 0, index < registrations.count, registrations[index] != nil else { return }
        registrations[index] = nil
        count -= 1
        _ = ctorsion_epoll_ctl(epollFD, EPOLL_CTL_DEL, fd, 0, 0)
    }

    /// Every registered handler (for shutdown).
    var handlers: [any EpollHandler] {
        registrations.compactMap { $0?.handler }
    }

    /// Waits up to `timeoutMilliseconds` (-1: forever) and dispatches the ready events.
    ///
    /// Returns the number of events dispatched. An event whose generation no longer matches the
    /// descriptor's registration (closed, maybe reused, by an earlier handler in this batch) is dropped.
    func waitAndDispatch(timeoutMilliseconds: Int32) throws(SystemCallError) -> Int {
        let ready: Int32
        switch try systemCall("epoll_wait", { epoll_wait(epollFD, events, capacity, timeoutMilliseconds) }) {
        case .processed(let n): ready = n
        case .wouldBlock: ready = 0
        }
        for i in 0..<ready {
            let data = ctorsion_epoll_event_data(events, i)
            let fd = Int(UInt32(truncatingIfNeeded: data))
            let generation = UInt32(truncatingIfNeeded: data >> 32)
            guard fd < registrations.count, let registration = registrations[fd],
                registration.generation == generation
            else { continue }
            registration.handler.handleEvent(ctorsion_epoll_event_bits(events, i))
        }
        if ready == capacity, capacity < Self.maxCapacity {
            ctorsion_epoll_events_free(events)
            capacity *= 2
            events = ctorsion_epoll_events_alloc(capacity)
        }
        return Int(ready)
    }
}

@available(*, unavailable)
extension EpollSelector: Sendable {}
