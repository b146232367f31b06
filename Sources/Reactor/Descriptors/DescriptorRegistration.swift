import CTorsion
import Glibc

/// The epoll registration of one descriptor added with `addReader`/`addWriter`: dispatches readiness to the
/// reader's `doRead` and the writer's `doWrite` with the rules of Twisted's `_doReadOrWrite`.
///
/// Reactor-confined.
final class DescriptorRegistration: EpollHandler {
    unowned let reactor: EpollReactor
    let fd: Int32
    var reader: (any ReadDescriptor)?
    var writer: (any WriteDescriptor)?
    /// Polled every iteration instead of registered with epoll (epoll refused the descriptor).
    var isPolled = false

    init(reactor: EpollReactor, fd: Int32) {
        self.reactor = reactor
        self.fd = fd
    }

    /// The epoll interest for the current reader and writer.
    var interest: UInt32 {
        (reader != nil ? CTORSION_EPOLLIN : 0) | (writer != nil ? CTORSION_EPOLLOUT : 0)
    }

    /// Neither a reader nor a writer is left.
    var isEmpty: Bool { reader == nil && writer == nil }

    /// The descriptor objects registered here (one object when it is both reader and writer).
    var objects: [any Descriptor] {
        var result: [any Descriptor] = []
        if let reader { result.append(reader) }
        if let writer, writer !== reader { result.append(writer) }
        return result
    }

    /// Hang-up without pending input ends the descriptor (cleanly if it was being read); otherwise input
    /// goes to `doRead`, then, unless that failed, output readiness goes to `doWrite`. A thrown error, or a
    /// `fileno` of -1, drops the descriptor and reports `connectionLost`.
    func handleEvent(_ events: UInt32) {
        let hangUp = events & (CTORSION_EPOLLHUP | CTORSION_EPOLLERR) != 0
        let readable = events & CTORSION_EPOLLIN != 0
        var failure: (any Error)?
        if hangUp && !readable {
            failure = reader != nil ? ConnectionDone() : ConnectionLost("the descriptor hung up")
        } else if (reader ?? writer)?.fileno == -1 {
            failure = ConnectionLost("the descriptor's fileno is -1")
        } else {
            do {
                if readable, let reader {
                    try reader.doRead()
                }
                if events & (CTORSION_EPOLLOUT | CTORSION_EPOLLERR) != 0, let writer, reactor.subsystems.descriptors[fd] === self {
                    try writer.doWrite()
                }
            } catch {
                failure = error
            }
        }
        if let failure {
            disconnect(failure)
        }
    }

    /// Removes both directions and tells the object(s) `connectionLost`.
    func disconnect(_ reason: any Error) {
        let objects = self.objects
        reactor.dropRegistration(self)
        for object in objects {
            object.connectionLost(reason: reason)
        }
    }

    func closeForShutdown() {
        disconnect(ConnectionLost("the reactor shut down"))
    }
}

@available(*, unavailable)
extension DescriptorRegistration: Sendable {}
