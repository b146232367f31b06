import CTorsion
import Glibc

/// The parent's end of a pipe the child writes (its stdout, stderr, or any descriptor mapped with
/// ``ChildFD/read``), registered with the reactor while reading.
///
/// Reads up to four buffers per wake-up into the reactor's shared buffer, each handed on as one
/// exact-size array. End of file (the child, and every other holder of the write end, closed it) or a read
/// error closes the pipe and reports it to the process. Pausing removes it from the epoll set (a hung-up
/// pipe would otherwise be reported on every iteration).
///
/// Reactor-confined.
///
/// Twisted: `twisted.internet.process.ProcessReader`.
final class ProcessPipeReader: EpollHandler {
    unowned let reactor: EpollReactor
    /// The process, held until the pipe closes (the loop owns the reader, the reader the process).
    private var process: EpollProcess?
    /// The descriptor number in the child.
    let childFD: Int32
    private let descriptor: SocketDescriptor
    private let fd: Int32
    private var isRegistered = false
    private var isPaused = false
    /// `closeChildFD` was called: the pipe closes in the next iteration.
    private var isDisconnecting = false
    private(set) var isClosed = false

    init(reactor: EpollReactor, process: EpollProcess, childFD: Int32, descriptor: SocketDescriptor) {
        self.reactor = reactor
        self.process = process
        self.childFD = childFD
        self.descriptor = descriptor
        self.fd = descriptor.fd
    }

    func start() throws(SystemCallError) {
        try register()
    }

    private func register() throws(SystemCallError) {
        guard !isRegistered else { return }
        try reactor.selector.register(fd, interest: CTORSION_EPOLLIN, handler: self)
        isRegistered = true
    }

    private func unregister() {
        guard isRegistered else { return }
        reactor.selector.unregister(fd)
        isRegistered = false
    }

    func handleEvent(_ events: UInt32) {
        let buffer = reactor.readBuffer
        for _ in 0..<4 {
            guard !isClosed, !isPaused, !isDisconnecting else { return }
            let count: Int
            do {
                guard case .processed(let n) = try descriptor.read(into: buffer) else { return }
                count = n
            } catch {
                close(ConnectionLost(error.description, errno: error.errno))
                return
            }
            if count == 0 {
                close(ConnectionDone())
                return
            }
            process?.childDataReceived(childFD, [UInt8](UnsafeRawBufferPointer(rebasing: buffer[..<count])))
            if count < buffer.count { return }
        }
    }

    /// Stops reading until ``resume()``.
    func pause() {
        guard !isPaused, !isClosed else { return }
        isPaused = true
        unregister()
    }

    /// Reads again after ``pause()``.
    func resume() {
        guard isPaused, !isClosed else { return }
        isPaused = false
        if !isDisconnecting {
            do {
                try register()
            } catch {
                close(ConnectionLost(error.description, errno: error.errno))
            }
        }
    }

    /// Stops reading now and closes the pipe in the next iteration (Twisted's `ProcessReader.loseConnection`).
    func loseConnection() {
        guard !isDisconnecting, !isClosed else { return }
        isDisconnecting = true
        unregister()
        reactor.callSoon { [self] in self.close(ConnectionDone()) }
    }

    /// Closes the pipe and tells the process (once).
    func close(_ reason: any Error) {
        guard !isClosed else { return }
        isClosed = true
        unregister()
        descriptor.close()
        let process = self.process
        self.process = nil
        process?.pipeClosed(childFD)
    }

    func closeForShutdown() {
        close(ConnectionLost("the reactor shut down"))
    }
}

@available(*, unavailable)
extension ProcessPipeReader: Sendable {}
