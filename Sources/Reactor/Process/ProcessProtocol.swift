/// The handler of a child process's events: Twisted's `ProcessProtocol`.
///
/// Lifecycle, all on the reactor thread: ``makeConnection(_:)`` once, from inside `spawnProcess` (the default
/// stores the transport and calls ``connectionMade()``); then, in any order, ``childDataReceived(fd:data:)``
/// for output on each pipe the parent reads, ``childConnectionLost(fd:)`` once per pipe when it closes, and
/// ``processExited(reason:)`` once when the child has been reaped; finally ``processEnded(reason:)`` once,
/// after the child exited *and* every pipe closed, so all output has arrived. The reason is ``ProcessDone``
/// for exit status 0 and ``ProcessTerminated`` (exit code or signal) otherwise.
///
/// Every method except ``transport`` has a default. The defaults of ``childDataReceived(fd:data:)`` and
/// ``childConnectionLost(fd:)`` route descriptors 0, 1 and 2 to the `in`/`out`/`err` methods.
///
/// Twisted: `twisted.internet.protocol.ProcessProtocol` (`IProcessProtocol`).
public protocol ProcessProtocol: AnyObject {
    /// The process this protocol drives; `nil` before ``makeConnection(_:)``.
    ///
    /// Twisted: `ProcessProtocol.transport`.
    var transport: (any ProcessTransport)? { get set }

    /// Attaches the protocol to its process: stores ``transport`` and calls ``connectionMade()``.
    ///
    /// Twisted: `BaseProtocol.makeConnection`.
    func makeConnection(_ transport: any ProcessTransport)

    /// The process has started; ``transport`` (with its ``ProcessTransport/pid``) is available.
    ///
    /// Twisted: `BaseProtocol.connectionMade`.
    func connectionMade()

    /// Bytes the child wrote to its descriptor `fd` (a pipe mapped with ``ChildFD/read``).
    ///
    /// Twisted: `IProcessProtocol.childDataReceived(childFD, data)`.
    func childDataReceived(fd: Int32, data: [UInt8])

    /// Bytes from the child's standard output.
    ///
    /// Twisted: `ProcessProtocol.outReceived`.
    func outReceived(_ data: [UInt8])

    /// Bytes from the child's standard error.
    ///
    /// Twisted: `ProcessProtocol.errReceived`.
    func errReceived(_ data: [UInt8])

    /// The pipe to the child's descriptor `fd` closed (end of its output, or its input closed by
    /// ``ProcessTransport/closeStdin()`` or by the child).
    ///
    /// Twisted: `IProcessProtocol.childConnectionLost(childFD)`.
    func childConnectionLost(fd: Int32)

    /// The pipe to the child's standard input closed.
    ///
    /// Twisted: `ProcessProtocol.inConnectionLost`.
    func inConnectionLost()

    /// The child's standard output closed.
    ///
    /// Twisted: `ProcessProtocol.outConnectionLost`.
    func outConnectionLost()

    /// The child's standard error closed.
    ///
    /// Twisted: `ProcessProtocol.errConnectionLost`.
    func errConnectionLost()

    /// The child exited (and was reaped); output may still be arriving.
    ///
    /// Twisted: `IProcessProtocol.processExited`.
    func processExited(reason: any ProcessExitReason)

    /// The child exited and every pipe to it closed: the last call the protocol gets.
    ///
    /// Twisted: `IProcessProtocol.processEnded`.
    func processEnded(reason: any ProcessExitReason)
}

extension ProcessProtocol {
    /// Stores `transport` and calls ``connectionMade()``.
    public func makeConnection(_ transport: any ProcessTransport) {
        self.transport = transport
        connectionMade()
    }

    /// Does nothing.
    public func connectionMade() {}

    /// Calls ``outReceived(_:)`` for descriptor 1 and ``errReceived(_:)`` for 2; drops the rest.
    public func childDataReceived(fd: Int32, data: [UInt8]) {
        switch fd {
        case 1: outReceived(data)
        case 2: errReceived(data)
        default: break
        }
    }

    /// Does nothing.
    public func outReceived(_ data: [UInt8]) {}

    /// Does nothing.
    public func errReceived(_ data: [UInt8]) {}

    /// Calls ``inConnectionLost()``, ``outConnectionLost()`` or ``errConnectionLost()`` for 0, 1 and 2.
    public func childConnectionLost(fd: Int32) {
        switch fd {
        case 0: inConnectionLost()
        case 1: outConnectionLost()
        case 2: errConnectionLost()
        default: break
        }
    }

    /// Does nothing.
    public func inConnectionLost() {}

    /// Does nothing.
    public func outConnectionLost() {}

    /// Does nothing.
    public func errConnectionLost() {}

    /// Does nothing.
    public func processExited(reason: any ProcessExitReason) {}

    /// Does nothing.
    public func processEnded(reason: any ProcessExitReason) {}
}
