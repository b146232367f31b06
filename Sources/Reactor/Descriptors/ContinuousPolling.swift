import CTorsion
import Glibc

/// Readers and writers of descriptors that epoll refuses with `EPERM` (regular files and some devices,
/// which are always ready): each is called once per loop iteration.
///
/// An eventfd whose counter is never reset stays readable, so while anything is polled the epoll set
/// reports it on every `epoll_wait` and the loop does not sleep, exactly as Twisted's `_ContinuousPolling`
/// keeps a zero-interval `LoopingCall` running. The eventfd is registered only while something is polled.
///
/// Reactor-confined.
final class ContinuousPolling: EpollHandler {
    unowned let reactor: EpollReactor
    private let fd: Int32
    private(set) var registrations: [DescriptorRegistration] = []
    private var isRegistered = false

    init(reactor: EpollReactor) throws(SystemCallError) {
        self.reactor = reactor
        fd = try systemCallValue("eventfd") { eventfd(1, Int32(EFD_CLOEXEC | EFD_NONBLOCK)) }
    }

    deinit {
        _ = Glibc.close(fd)
    }

    func add(_ registration: DescriptorRegistration) throws(SystemCallError) {
        registrations.append(registration)
        if !isRegistered {
            try reactor.selector.register(fd, interest: CTORSION_EPOLLIN, handler: self)
            isRegistered = true
        }
    }

    func remove(_ registration: DescriptorRegistration) {
        registrations.removeAll { $0 === registration }
        if registrations.isEmpty, isRegistered {
            reactor.selector.unregister(fd)
            isRegistered = false
        }
    }

    /// Calls every polled descriptor as if it were ready in the directions it is registered for.
    func handleEvent(_ events: UInt32) {
        for registration in registrations where reactor.subsystems.descriptors[registration.fd] === registration {
            registration.handleEvent(registration.interest)
        }
    }

    func closeForShutdown() {
        for registration in registrations {
            registration.closeForShutdown()
        }
    }
}

@available(*, unavailable)
extension ContinuousPolling: Sendable {}
