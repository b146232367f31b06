import CTorsion
import Glibc

/// A child process started by the epoll reactor: the ``ProcessTransport`` `spawnProcess` returns.
///
/// Owns the parent's ends of the pipes (``ProcessPipeReader``, ``ProcessPipeWriter``) and learns of the
/// child's exit from a ``PidfdReaper`` (or the SIGCHLD ``ChildWatcher``); a ``ProcessLifecycle`` turns
/// those events into the protocol's calls in Twisted's order. The protocol is released after
/// `processEnded`.
///
/// Threading: reactor-confined, not Sendable.
///
/// Twisted: `twisted.internet.process.Process`.
final class EpollProcess: ProcessTransport {
    unowned let reactor: EpollReactor
    /// The pid the child was spawned with.
    let spawnedPID: pid_t
    private var lifecycle: ProcessLifecycle
    private var processProtocol: (any ProcessProtocol)?
    private var readers: [Int32: ProcessPipeReader] = [:]
    private var writers: [Int32: ProcessPipeWriter] = [:]
    /// The reactor stopped before the child exited; a background thread reaps it.
    private var isHandedOver = false

    init(reactor: EpollReactor, pid: pid_t, pipes: Set<Int32>, protocol processProtocol: any ProcessProtocol) {
        self.reactor = reactor
        self.spawnedPID = pid
        self.lifecycle = ProcessLifecycle(pipes: pipes)
        self.processProtocol = processProtocol
    }

    /// Takes the parent's end of the pipe to `childFD` and starts watching it.
    func attach(childFD: Int32, kind: ChildFD, descriptor: SocketDescriptor) throws(SystemCallError) {
        switch kind {
        case .read:
            let reader = ProcessPipeReader(reactor: reactor, process: self, childFD: childFD, descriptor: descriptor)
            readers[childFD] = reader
            try reader.start()
        case .write:
            let writer = ProcessPipeWriter(reactor: reactor, process: self, childFD: childFD, descriptor: descriptor)
            writers[childFD] = writer
            try writer.start()
        case .inherit:
            preconditionFailure("inherited descriptors have no parent-side pipe")
        }
    }

    /// Whether `processEnded` has been delivered.
    var hasEnded: Bool { lifecycle.hasEnded }

    /// The child descriptors whose pipes are still open.
    var openPipes: Set<Int32> { lifecycle.openPipes }

    /// Bytes queued for standard input and not yet written.
    var queuedStdinBytes: Int { writers[0]?.queuedBytes ?? 0 }

    /// Whether standard input's pipe is full and the writer waits for it to drain.
    var isStdinBlocked: Bool { writers[0]?.isWaitingForWritable ?? false }

    // MARK: - Events

    /// Output from the child's descriptor `childFD`.
    func childDataReceived(_ childFD: Int32, _ data: [UInt8]) {
        processProtocol?.childDataReceived(fd: childFD, data: data)
    }

    /// The pipe to `childFD` closed.
    func pipeClosed(_ childFD: Int32) {
        readers[childFD] = nil
        writers[childFD] = nil
        apply(lifecycle.pipeClosed(childFD))
    }

    /// Marks the child as reaped elsewhere (the reactor stopped before it exited) and returns its pid, or
    /// `nil` if it was already reaped. Its transport then has no `pid` and refuses signals.
    func handOver() -> pid_t? {
        guard !lifecycle.isReaped, !isHandedOver else { return nil }
        // The last chance to collect it here; otherwise the background reaper waits for it.
        if let status = collectStatus() {
            reaped(status: status)
            return nil
        }
        isHandedOver = true
        // No event will reach the protocol any more; let it go (it holds this transport).
        processProtocol = nil
        return spawnedPID
    }

    /// Collects the child's wait status with `waitpid(WNOHANG)`: the status once it has exited (-1 if
    /// something else reaped it: SIGCHLD set to SIG_IGN, or a stray `waitpid(-1)`), `nil` while it runs or
    /// after it was already collected. The caller releases its own resources, then calls ``reaped(status:)``.
    func collectStatus() -> Int32? {
        guard !lifecycle.isReaped, !isHandedOver else { return nil }
        var status: Int32 = 0
        var result: pid_t
        repeat {
            result = waitpid(spawnedPID, &status, WNOHANG)
        } while result < 0 && ctorsion_errno() == EINTR
        if result == spawnedPID { return status }
        if result < 0 && ctorsion_errno() == ECHILD { return -1 }
        return nil
    }

    /// The child was reaped with `status`: `processExited`, then `processEnded` if every pipe is closed.
    func reaped(status: Int32) {
        reactor.subsystems.unreapedChildren[spawnedPID] = nil
        apply(lifecycle.reaped(status: status))
    }

    private func apply(_ actions: [ProcessLifecycle.Action]) {
        for action in actions {
            switch action {
            case .childConnectionLost(let fd):
                processProtocol?.childConnectionLost(fd: fd)
            case .processExited(let status):
                processProtocol?.processExited(reason: makeProcessExitReason(status: status))
            case .processEnded(let status):
                let processProtocol = self.processProtocol
                self.processProtocol = nil
                processProtocol?.processEnded(reason: makeProcessExitReason(status: status))
            }
        }
    }

    // MARK: - ProcessTransport

    var pid: Int32? { lifecycle.isReaped || isHandedOver ? nil : spawnedPID }

    func write(_ bytes: [UInt8]) {
        writers[0]?.write(bytes)
    }

    func writeToChild(_ childFD: Int32, _ bytes: [UInt8]) throws(UnknownChildFD) {
        guard let writer = writers[childFD] else { throw UnknownChildFD(childFD: childFD) }
        writer.write(bytes)
    }

    func closeChildFD(_ childFD: Int32) {
        if let writer = writers[childFD] {
            writer.loseConnection()
        } else {
            readers[childFD]?.loseConnection()
        }
    }

    func signalProcess(_ signal: Int32) throws {
        guard !lifecycle.isReaped, !isHandedOver else { throw ProcessExitedAlready() }
        // Until it is reaped the child's pid cannot be reused, so kill(2) cannot reach another process.
        guard kill(spawnedPID, signal) == 0 else {
            let code = ctorsion_errno()
            if code == ESRCH { throw ProcessExitedAlready() }
            throw SystemCallError(call: "kill", errno: code)
        }
    }

    // MARK: - Consumer (stdin) and PushProducer (output)

    func registerProducer(_ producer: any Producer, streaming: Bool) {
        if let stdin = writers[0] {
            stdin.registerProducer(producer, streaming: streaming)
        } else {
            producer.stopProducing()
        }
    }

    func unregisterProducer() {
        writers[0]?.unregisterProducer()
    }

    func pauseProducing() {
        for reader in readers.values {
            reader.pause()
        }
    }

    func resumeProducing() {
        for reader in readers.values {
            reader.resume()
        }
    }

    func stopProducing() {
        loseConnection()
    }
}

@available(*, unavailable)
extension EpollProcess: Sendable {}
