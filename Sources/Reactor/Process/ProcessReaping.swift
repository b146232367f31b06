import CTorsion
import Glibc

/// Waits for one child through its pidfd: the pidfd becomes readable when the child exits, and the reaper
/// then collects its status with `waitpid(WNOHANG)`, never blocking the loop.
///
/// Reactor-confined.
final class PidfdReaper: EpollHandler {
    unowned let reactor: EpollReactor
    private let descriptor: SocketDescriptor
    /// The process, held until it has been reaped.
    private var process: EpollProcess?

    init(reactor: EpollReactor, pidfd: Int32, process: EpollProcess) throws(SystemCallError) {
        self.reactor = reactor
        self.descriptor = SocketDescriptor(owning: pidfd)
        self.process = process
        try reactor.selector.register(pidfd, interest: CTORSION_EPOLLIN, handler: self)
    }

    /// The child exited: collect its status, close the pidfd, then tell the process (so the protocol's
    /// `processExited`/`processEnded` run with nothing of the child left open).
    func handleEvent(_ events: UInt32) {
        guard let process, let status = process.collectStatus() else { return }
        self.process = nil
        reactor.selector.unregister(descriptor.fd)
        descriptor.close()
        process.reaped(status: status)
    }

    /// The child may outlive the reactor's shutdown; it is still reaped if the loop runs on (and a zombie
    /// only until this process exits otherwise, as in Twisted).
    func closeForShutdown() {}
}

@available(*, unavailable)
extension PidfdReaper: Sendable {}

/// Reaps children through SIGCHLD, for kernels without `pidfd_open` (before Linux 5.3): a signal handler
/// (through the reactor's signalfd) tries `waitpid(pid, WNOHANG)` for every child it watches. It waits only
/// for its own children, never `waitpid(-1)`, so it cannot steal another component's child.
///
/// Reactor-confined.
final class ChildWatcher {
    unowned let reactor: EpollReactor
    private var processes: [pid_t: EpollProcess] = [:]
    private var handler: SignalHandlerID?

    init(reactor: EpollReactor) {
        self.reactor = reactor
    }

    /// Starts watching `process`; it is checked once at the next iteration too, in case it exited before
    /// the handler was in place.
    func watch(_ process: EpollProcess) throws {
        if handler == nil {
            handler = try reactor.addSignalHandler(SIGCHLD) { [unowned self] _ in self.reapAll() }
        }
        processes[process.spawnedPID] = process
        reactor.callSoon { [weak self] in self?.reapAll() }
    }

    /// Reaps every watched child that has exited; releases SIGCHLD when none is left.
    func reapAll() {
        var exited: [(EpollProcess, Int32)] = []
        for (pid, process) in processes {
            guard let status = process.collectStatus() else { continue }
            processes[pid] = nil
            exited.append((process, status))
        }
        if processes.isEmpty, let handler {
            reactor.removeSignalHandler(handler)
            self.handler = nil
        }
        for (process, status) in exited {
            process.reaped(status: status)
        }
    }
}

@available(*, unavailable)
extension ChildWatcher: Sendable {}
