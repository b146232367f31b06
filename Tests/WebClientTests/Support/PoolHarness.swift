import Deferred
import DeferredTesting
import Reactor
import ReactorTesting

@testable import WebClient

/// A pool on a `MemoryReactorClock` (connecting through `connectTCP`, whose attempts the test completes
/// with `MemoryConnector.complete()`), with helpers to complete connection attempts and answer requests.
final class PoolHarness {
    let reactor = MemoryReactorClock()
    let pool: HTTPConnectionPool
    let endpoint: RecordingEndpoint
    let key = PoolKey(scheme: "http", host: "example.com", port: 80)
    var refusals: [NonQuiescentConnection] = []

    init(persistent: Bool = true) {
        pool = HTTPConnectionPool(reactor: reactor, persistent: persistent)
        endpoint = RecordingEndpoint(TCP4ClientEndpoint(reactor: reactor, host: "example.com", port: 80))
        pool.onRefusedConnection = { [unowned self] in self.refusals.append($0) }
    }

    /// Connector of every attempt so far, in order.
    var connectors: [MemoryConnector] { reactor.tcpClients.map(\.connector) }

    func get(_ key: PoolKey? = nil, endpoint: RecordingEndpoint? = nil, waitTimeout: Duration? = nil)
        -> Deferred<PooledConnection>
    {
        pool.getConnection(key: key ?? self.key, endpoint: endpoint ?? self.endpoint, waitTimeout: waitTimeout)
    }

    /// A connection, completing the new attempt if one was started.
    func connection(_ key: PoolKey? = nil) throws -> PooledConnection {
        let before = reactor.tcpClients.count
        let d = get(key)
        if reactor.tcpClients.count > before {
            reactor.tcpClients.last!.connector.complete()
        }
        return try successResultOf(d)
    }

    /// Completes the most recent pending connection attempt.
    func completeLast() {
        connectors.last { $0.state == .connecting }!.complete()
    }

    /// The `index`th pooled connection built (attempts completed in order).
    func pooled(_ index: Int) -> PooledConnection {
        endpoint.built[index] as! PooledConnection
    }

    func transport(_ c: PooledConnection) -> StringTransport {
        c.transport as! StringTransport
    }

    func connector(_ c: PooledConnection) -> MemoryConnector {
        connectors.first { $0.protocolInstance != nil && $0.transport === (c.transport as? StringTransport) }!
    }

    /// The server closes `c` (or finishes a close the client asked for).
    func serverCloses(_ c: PooledConnection, reason: any Error = ConnectionDone()) {
        connector(c).loseConnection(reason: reason)
    }

    /// Sends a GET and answers it with a 2-byte body, read to the end: the connection goes back to the pool.
    @discardableResult
    func roundTrip(_ c: PooledConnection, path: String = "/") throws -> [UInt8] {
        let d = c.request(Request(method: "GET", target: path, host: "example.com"))
        feed(c, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        return try successResultOf(readBody(try successResultOf(d)))
    }

    func feed(_ c: PooledConnection, _ text: String) {
        c.dataReceived(Array(text.utf8))
    }

    /// A connection that has completed one request and sits idle in the pool.
    func idleConnection() throws -> PooledConnection {
        let c = try connection()
        try roundTrip(c)
        return c
    }
}

/// A body producer that writes `bytes` only when the test says so; replayable if asked.
final class ManualBodyProducer: BodyProducer {
    let bytes: [UInt8]
    let isReplayable: Bool
    var startCount = 0
    var rewindCount = 0
    var pending: Deferred<Void>?
    var consumer: (any Consumer)?

    init(_ text: String, replayable: Bool) {
        bytes = Array(text.utf8)
        isReplayable = replayable
    }

    var length: Int? { bytes.count }

    func startProducing(_ consumer: any Consumer) -> Deferred<Void> {
        startCount += 1
        self.consumer = consumer
        let d = Deferred<Void>()
        pending = d
        return d
    }

    /// Writes the body and fires the production Deferred.
    func finish() {
        consumer?.write(bytes)
        pending?.callback(())
        pending = nil
    }

    func rewind() { rewindCount += 1 }
    func pauseProducing() {}
    func resumeProducing() {}
    func stopProducing() {}
}

/// Wraps an endpoint and records every protocol its factory builds.
final class RecordingEndpoint: StreamClientEndpoint {
    let inner: any StreamClientEndpoint
    var built: [any ConnectionProtocol] = []

    init(_ inner: any StreamClientEndpoint) {
        self.inner = inner
    }

    func connect(_ factory: any Factory) -> Deferred<any ConnectionProtocol> {
        inner.connect(RecordingFactory(factory) { [unowned self] in self.built.append($0) })
    }
}

private final class RecordingFactory: Factory {
    let inner: any Factory
    let record: (any ConnectionProtocol) -> Void

    init(_ inner: any Factory, record: @escaping (any ConnectionProtocol) -> Void) {
        self.inner = inner
        self.record = record
    }

    func buildProtocol(addr: Address) -> (any ConnectionProtocol)? {
        let built = inner.buildProtocol(addr: addr)
        if let built { record(built) }
        return built
    }
}
