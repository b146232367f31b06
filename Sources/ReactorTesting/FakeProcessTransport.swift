import Reactor
/// A child process in memory: records what the protocol writes and signals, and lets the test feed the
/// child's output and end it with a status, so a ``ProcessProtocol`` is tested without children (on the
/// fake clock).
///
/// ``MemoryReactorClock/spawnProcess(protocol:executable:args:env:path:childFDs:)`` returns one; a test can
/// also make one and ``attach(_:)`` a protocol itself. Events follow the real transport's rules (the same
/// ``ProcessLifecycle``): each pipe is lost once, `processExited` once, and `processEnded` once the process
/// ended and every pipe closed. Calls into the protocol happen synchronously, from the test's calls
/// (``feed(fd:_:)``, ``closePipe(_:)``, ``exit(code:closingPipes:)``, ``kill(signal:closingPipes:)``) and
/// from ``closeChildFD(_:)``, which here closes the pipe at once.
///
/// Threading: not Sendable; use from the test's thread.
///
/// Twisted: no equivalent in `twisted.internet.testing` (Twisted's own tests use `StubProcessTransport`-like
/// helpers or real children).
public final class FakeProcessTransport: ProcessTransport {
    /// The child descriptors and what the parent does with each.
    public let childFDs: [Int32: ChildFD]
    /// Bytes written to the child's descriptors (standard input is 0), in order per descriptor.
    public private(set) var written: [Int32: [UInt8]] = [:]
    /// Signals sent with ``signalProcess(_:)-(Int32)``, in order.
    public private(set) var signals: [Int32] = []
    /// Child descriptors the protocol closed (``closeChildFD(_:)``), in order.
    public private(set) var closeRequests: [Int32] = []
    /// The registered producer (for standard input).
    public private(set) var producer: (any Producer)?
    /// Whether the registered producer is streaming.
    public private(set) var streaming = false
    /// Whether the protocol paused reading the child's output.
    public private(set) var isReadingPaused = false
    /// The attached protocol (released after `processEnded`).
    public private(set) var processProtocol: (any ProcessProtocol)?
    private let spawnedPID: Int32
    private var lifecycle: ProcessLifecycle

    /// Creates a running process with `pid` and pipes for `childFDs` (its ``ChildFD/read`` and
    /// ``ChildFD/write`` entries).
    public init(pid: Int32 = 4242, childFDs: [Int32: ChildFD] = ChildFD.standard) {
        spawnedPID = pid
        self.childFDs = childFDs
        lifecycle = ProcessLifecycle(pipes: Set(childFDs.filter { $0.value == .read || $0.value == .write }.keys))
    }

    /// Attaches `protocol`: its ``ProcessProtocol/makeConnection(_:)`` (and so `connectionMade`) runs now.
    public func attach(_ processProtocol: any ProcessProtocol) {
        self.processProtocol = processProtocol
        processProtocol.makeConnection(self)
    }

    /// Bytes written to standard input.
    public var stdin: [UInt8] { written[0] ?? [] }

    /// The child descriptors whose pipes are open.
    public var openPipes: Set<Int32> { lifecycle.openPipes }

    /// Whether the process has ended (`processEnded` delivered).
    public var hasEnded: Bool { lifecycle.hasEnded }

    // MARK: - Driving the child

    /// Delivers `data` as output of the child's descriptor `fd` (1 by default).
    ///
    /// - Precondition: `fd` is an open pipe the parent reads.
    public func feed(fd: Int32 = 1, _ data: [UInt8]) {
        precondition(childFDs[fd] == .read && lifecycle.openPipes.contains(fd), "FakeProcessTransport.feed: fd \(fd) is not an open output pipe")
        processProtocol?.childDataReceived(fd: fd, data: data)
    }

    /// Closes the pipe to `fd` from the child's side (end of its output, or it closed its input).
    public func closePipe(_ fd: Int32) {
        apply(lifecycle.pipeClosed(fd))
    }

    /// Ends the process with exit `code` (``ProcessDone`` for 0); with `closingPipes`, its open pipes close
    /// first, as when a child exits holding them.
    public func exit(code: Int32, closingPipes: Bool = true) {
        end(status: (code & 0xff) << 8, closingPipes: closingPipes)
    }

    /// Ends the process as killed by `signal` (``ProcessTerminated`` with that signal).
    public func kill(signal: Int32, closingPipes: Bool = true) {
        end(status: signal & 0x7f, closingPipes: closingPipes)
    }

    /// Ends the process with a raw wait `status`.
    public func end(status: Int32, closingPipes: Bool = true) {
        if closingPipes {
            for fd in lifecycle.openPipes.sorted() {
                apply(lifecycle.pipeClosed(fd))
            }
        }
        apply(lifecycle.reaped(status: status))
    }

    private func apply(_ actions: [ProcessLifecycle.Action]) {
        for action in actions {
            switch action {
            case .childConnectionLost(let fd):
                if fd == 0, let producer {
                    self.producer = nil
                    producer.stopProducing()
                }
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

    /// The pid until the process has ended (exited), then `nil`.
    public var pid: Int32? { lifecycle.isReaped ? nil : spawnedPID }

    /// Records bytes for standard input (dropped once it is closed).
    public func write(_ bytes: [UInt8]) {
        guard lifecycle.openPipes.contains(0), childFDs[0] == .write else { return }
        written[0, default: []] += bytes
    }

    /// Records bytes for `childFD`.
    public func writeToChild(_ childFD: Int32, _ bytes: [UInt8]) throws(UnknownChildFD) {
        guard childFDs[childFD] == .write, lifecycle.openPipes.contains(childFD) else {
            throw UnknownChildFD(childFD: childFD)
        }
        written[childFD, default: []] += bytes
    }

    /// Records the request and closes the pipe now (the protocol hears `childConnectionLost` at once).
    public func closeChildFD(_ childFD: Int32) {
        closeRequests.append(childFD)
        closePipe(childFD)
    }

    /// Records the signal; throws ``ProcessExitedAlready`` once the process has ended. The process does not
    /// end by itself: call ``kill(signal:closingPipes:)`` for that.
    public func signalProcess(_ signal: Int32) throws {
        guard !lifecycle.isReaped else { throw ProcessExitedAlready() }
        signals.append(signal)
    }

    /// Records the producer; a closed standard input stops it at once.
    public func registerProducer(_ producer: any Producer, streaming: Bool) {
        precondition(self.producer == nil, "FakeProcessTransport: cannot register two producers")
        guard lifecycle.openPipes.contains(0) else {
            producer.stopProducing()
            return
        }
        self.producer = producer
        self.streaming = streaming
    }

    /// Forgets the producer.
    public func unregisterProducer() {
        producer = nil
        streaming = false
    }

    /// Records that reading is paused.
    public func pauseProducing() { isReadingPaused = true }
    /// Records that reading resumed.
    public func resumeProducing() { isReadingPaused = false }
    /// Closes every pipe (``ProcessTransport/loseConnection()``).
    public func stopProducing() { loseConnection() }
}

@available(*, unavailable)
extension FakeProcessTransport: Sendable {}
