import Reactor
/// The records ``MemoryReactorClock`` keeps for the interfaces beyond time, threads, TCP and UNIX sockets,
/// held in one object so that the class itself stays as it was.
///
/// Threading: not Sendable; use from the test's thread.
final class MemoryReactorOtherRecords {
    var udpServers: [UDPServerRecord] = []
    var spawnedProcesses: [ProcessSpawnRecord] = []
    var nextSpawnError: (any Error)?
    var nextPID: Int32 = 1000
    var adoptedPorts: [AdoptedPortRecord] = []
    var adoptedStreamConnections: [AdoptedConnectionRecord] = []
    var readers: [any ReadDescriptor] = []
    var writers: [any WriteDescriptor] = []
    var signalHandlers: [(id: SignalHandlerID, body: (Int32) -> Void)] = []
    var nextSignalHandlerNumber = 0

    init() {}
}

@available(*, unavailable)
extension MemoryReactorOtherRecords: Sendable {}
