/// The transport of a ``ProcessProtocol``: the running child and the parent's ends of its pipes.
///
/// As a ``Consumer`` it writes to the child's standard input (a queue flushed as the pipe accepts bytes,
/// with the same producer flow control as a socket transport: see ``WriteBufferWaterMarks``). As a
/// ``PushProducer`` it pauses and resumes reading every pipe from the child; ``Producer/stopProducing()``
/// is ``loseConnection()``.
///
/// Threading: reactor-confined, not Sendable. Methods never call back into the protocol synchronously.
///
/// Twisted: `twisted.internet.interfaces.IProcessTransport`.
public protocol ProcessTransport: Consumer, PushProducer {
    /// The child's process id, from before ``ProcessProtocol/makeConnection(_:)`` until it has been reaped
    /// (just before ``ProcessProtocol/processExited(reason:)``); `nil` afterwards.
    ///
    /// Twisted: `IProcessTransport.pid`.
    var pid: Int32? { get }

    /// Queues bytes for the child's standard input; dropped if it has none or it was closed.
    ///
    /// Twisted: `Process.write`.
    func write(_ bytes: [UInt8])

    /// Queues several buffers for standard input, in order.
    ///
    /// Twisted: `Process.writeSequence`.
    func writeSequence(_ chunks: [[UInt8]])

    /// Queues bytes for the child's descriptor `childFD` (mapped with ``ChildFD/write``).
    ///
    /// - Throws: ``UnknownChildFD`` if no pipe for writing is open to that descriptor (Twisted's
    ///   `KeyError`).
    ///
    /// Twisted: `IProcessTransport.writeToChild`.
    func writeToChild(_ childFD: Int32, _ bytes: [UInt8]) throws(UnknownChildFD)

    /// Closes the pipe to the child's descriptor `childFD`: a pipe the parent writes closes after its queued
    /// bytes are written; one it reads stops now and reports ``ProcessProtocol/childConnectionLost(fd:)``
    /// in a later iteration. Unknown or closed descriptors are ignored.
    ///
    /// Twisted: `IProcessTransport.closeChildFD`.
    func closeChildFD(_ childFD: Int32)

    /// Closes standard input once queued bytes are written (the child then reads end of file).
    ///
    /// Twisted: `IProcessTransport.closeStdin`.
    func closeStdin()

    /// Closes the pipe from standard output.
    ///
    /// Twisted: `IProcessTransport.closeStdout`.
    func closeStdout()

    /// Closes the pipe from standard error.
    ///
    /// Twisted: `IProcessTransport.closeStderr`.
    func closeStderr()

    /// Closes standard input, output and error (the process itself keeps running).
    ///
    /// Twisted: `IProcessTransport.loseConnection`.
    func loseConnection()

    /// Sends `signal` (a number) to the child.
    ///
    /// - Throws: ``ProcessExitedAlready`` once the child has been reaped; ``SystemCallError`` if `kill`
    ///   fails otherwise.
    ///
    /// Twisted: `IProcessTransport.signalProcess(signalID)` with an `int`.
    func signalProcess(_ signal: Int32) throws
}

extension ProcessTransport {
    /// Sends the signal named `name` (`"TERM"`, `"KILL"`, `"INT"`, `"HUP"`, … with or without `SIG`).
    ///
    /// - Throws: ``ProcessExitedAlready``; ``SystemCallError`` with `EINVAL` for an unknown name.
    ///
    /// Twisted: `IProcessTransport.signalProcess("TERM")`.
    public func signalProcess(_ name: String) throws {
        guard let number = SignalNames.number(of: name) else {
            throw SystemCallError(call: "signalProcess(\(name))", errno: 22)  // EINVAL
        }
        try signalProcess(number)
    }

    /// Calls ``write(_:)`` for each chunk.
    public func writeSequence(_ chunks: [[UInt8]]) {
        for chunk in chunks {
            write(chunk)
        }
    }

    /// ``closeChildFD(_:)`` of 0.
    public func closeStdin() { closeChildFD(0) }

    /// ``closeChildFD(_:)`` of 1.
    public func closeStdout() { closeChildFD(1) }

    /// ``closeChildFD(_:)`` of 2.
    public func closeStderr() { closeChildFD(2) }

    /// Closes descriptors 0, 2 and 1, in Twisted's order.
    public func loseConnection() {
        closeStdin()
        closeStderr()
        closeStdout()
    }
}
