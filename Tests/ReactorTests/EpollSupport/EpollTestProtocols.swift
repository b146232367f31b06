import Deferred
@testable import Reactor

/// Echoes every byte back.
final class EchoProtocol: BaseProtocol {
    override func dataReceived(_ data: [UInt8]) {
        transport?.write(data)
    }
}

/// Sends `payload` on connect, collects replies until `expected` bytes arrived, then fires `done` and
/// closes; records how the connection ended.
final class CollectingClient: BaseProtocol {
    let payload: [[UInt8]]
    let expected: Int
    private(set) var received: [UInt8] = []
    let done = Deferred<[UInt8]>()
    let lost = Deferred<any Error>()

    init(payload: [[UInt8]], expected: Int? = nil) {
        self.payload = payload
        self.expected = expected ?? payload.reduce(0) { $0 + $1.count }
    }

    override func connectionMade() {
        transport?.writeSequence(payload)
    }

    override func dataReceived(_ data: [UInt8]) {
        received += data
        if received.count >= expected, !done.isCalled {
            done.callback(received)
            transport?.loseConnection()
        }
    }

    override func connectionLost(reason: any Error) {
        super.connectionLost(reason: reason)
        if !lost.isCalled { lost.callback(reason) }
    }
}

/// Records lifecycle events of a server-side connection.
final class RecordingProtocol: BaseProtocol, HalfCloseableProtocol {
    var received: [UInt8] = []
    let made = Deferred<Void>()
    let readClosed = Deferred<[UInt8]>()
    let lost = Deferred<any Error>()
    var acceptHalfClose = true

    override func connectionMade() {
        made.callback(())
    }

    override func dataReceived(_ data: [UInt8]) {
        received += data
    }

    func readConnectionLost() {
        readClosed.callback(received)
    }

    override func connectionLost(reason: any Error) {
        super.connectionLost(reason: reason)
        if !lost.isCalled { lost.callback(reason) }
    }
}

/// A client factory that hands out one prepared protocol and records failures.
final class SingleUseClientFactory: ClientFactory {
    let connectionProtocol: any ConnectionProtocol
    let failed = Deferred<any Error>()
    private(set) var started = 0
    private(set) var stopped = 0

    init(_ connectionProtocol: any ConnectionProtocol) {
        self.connectionProtocol = connectionProtocol
    }

    func buildProtocol(addr: Address) -> (any ConnectionProtocol)? { connectionProtocol }
    func doStart() { started += 1 }
    func doStop() { stopped += 1 }
    func clientConnectionFailed(connector: any Connector, reason: any Error) {
        failed.callback(reason)
    }
}

/// A fresh UNIX socket path under /tmp.
func temporarySocketPath(_ tag: String) -> String {
    "/tmp/torsion-\(tag)-\(UInt32.random(in: 0...UInt32.max)).sock"
}
