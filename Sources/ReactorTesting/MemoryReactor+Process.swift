import Reactor
/// A `spawnProcess` call recorded by ``MemoryReactorClock``.
public struct ProcessSpawnRecord {
    /// The protocol given.
    public let processProtocol: any ProcessProtocol
    /// The executable given.
    public let executable: String
    /// The arguments given.
    public let args: [String]
    /// The environment given.
    public let env: [String: String]?
    /// The working directory given.
    public let path: String?
    /// The descriptor map given (`nil`: the standard one).
    public let childFDs: [Int32: ChildFD]?
    /// The transport returned, attached to the protocol: feed output through it and end the process.
    public let transport: FakeProcessTransport
}

@available(*, unavailable)
extension ProcessSpawnRecord: Sendable {}

extension MemoryReactorClock {
    /// Recorded `spawnProcess` calls, in order.
    public var spawnedProcesses: [ProcessSpawnRecord] { otherRecords.spawnedProcesses }

    /// Thrown (once) by the next `spawnProcess`, e.g. a ``ProcessSpawnError``.
    public var nextSpawnError: (any Error)? {
        get { otherRecords.nextSpawnError }
        set { otherRecords.nextSpawnError = newValue }
    }

    /// Records the call and returns a ``FakeProcessTransport`` (pids from 1000 up) attached to `protocol`
    /// (its `connectionMade` has run), or throws ``nextSpawnError``.
    @discardableResult
    public func spawnProcess(
        protocol processProtocol: any ProcessProtocol, executable: String, args: [String], env: [String: String]?,
        path: String?, childFDs: [Int32: ChildFD]?
    ) throws -> any ProcessTransport {
        if let error = otherRecords.nextSpawnError {
            otherRecords.nextSpawnError = nil
            throw error
        }
        let transport = FakeProcessTransport(pid: otherRecords.nextPID, childFDs: childFDs ?? ChildFD.standard)
        otherRecords.nextPID += 1
        otherRecords.spawnedProcesses.append(
            ProcessSpawnRecord(
                processProtocol: processProtocol, executable: executable, args: args, env: env, path: path,
                childFDs: childFDs, transport: transport))
        transport.attach(processProtocol)
        return transport
    }
}
