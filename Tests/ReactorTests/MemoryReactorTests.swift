import Deferred
import DeferredTesting
import Reactor
import ReactorTesting
import Testing

/// A client factory that records what the reactor told it.
final class RecordingClientFactory: ProtocolFactory {
    var events: [String] = []
    var failures: [any Error] = []

    init() {
        super.init { _ in AccumulatingProtocol() }
    }

    override func startFactory() { events.append("startFactory") }
    override func stopFactory() { events.append("stopFactory") }
    override func startedConnecting(connector: any Connector) { events.append("started") }
    override func clientConnectionFailed(connector: any Connector, reason: any Error) {
        events.append("failed")
        failures.append(reason)
    }
    override func clientConnectionLost(connector: any Connector, reason: any Error) { events.append("lost") }
}

@Suite("MemoryReactorClock")
struct MemoryReactorTests {
    @Test func recordsConnectTCPAndCompletesTheAttempt() throws {
        let reactor = MemoryReactorClock()
        let factory = RecordingClientFactory()
        let connector = reactor.connectTCP(host: "example.com", port: 80, factory: factory, timeout: .seconds(5))
        #expect(reactor.tcpClients.count == 1)
        let record = try #require(reactor.tcpClients.first)
        #expect(record.host == "example.com" && record.port == 80)
        #expect(record.timeout == .seconds(5) && record.bindAddress == nil)
        #expect(record.factory === factory)
        #expect(record.connector === connector)
        #expect(reactor.connectors.count == 1)
        #expect(connector.getDestination() == .ipv4(host: "example.com", port: 80))
        #expect(factory.events == ["startFactory", "started"])

        let built = try #require(record.connector.complete() as? AccumulatingProtocol)
        #expect(built.made)
        let transport = try #require(record.connector.transport)
        #expect(built.transport === transport)
        #expect(transport.getPeer() == .ipv4(host: "example.com", port: 80))
        #expect(record.connector.state == .connected)

        record.connector.loseConnection(reason: ConnectionLost("reset"))
        #expect(built.closed)
        #expect(built.closedReason is ConnectionLost)
        #expect(factory.events == ["startFactory", "started", "lost", "stopFactory"])
    }

    @Test func defaultArgumentsAndIPv6() throws {
        let reactor = MemoryReactorClock()
        reactor.connectTCP(host: "::1", port: 8080, factory: RecordingClientFactory())
        let record = try #require(reactor.tcpClients.first)
        #expect(record.timeout == .seconds(30))
        #expect(record.connector.getDestination() == .ipv6(host: "::1", port: 8080))
    }

    @Test func failingTheAttemptTellsTheFactory() throws {
        let reactor = MemoryReactorClock()
        let factory = RecordingClientFactory()
        reactor.connectTCP(host: "10.1.1.1", port: 443, factory: factory, bindAddress: .ipv4(host: "10.0.0.5", port: 0))
        let record = try #require(reactor.tcpClients.first)
        #expect(record.bindAddress == .ipv4(host: "10.0.0.5", port: 0))
        record.connector.fail(ConnectError.timedOut())
        #expect(factory.events == ["startFactory", "started", "failed", "stopFactory"])
        let error = try #require(factory.failures.first as? ConnectError)
        #expect(error.code == .timedOut)
        #expect(record.connector.state == .disconnected)
    }

    @Test func stopConnectingFailsWithUserCancelled() throws {
        let reactor = MemoryReactorClock()
        let factory = RecordingClientFactory()
        let connector = reactor.connectTCP(host: "h", port: 1, factory: factory)
        connector.stopConnecting()
        let error = try #require(factory.failures.first as? ConnectError)
        #expect(error.code == .userCancelled)
        #expect(reactor.connectors[0].stoppedConnecting)
        connector.stopConnecting()
        #expect(factory.failures.count == 1, "stopConnecting when not connecting does nothing")
    }

    @Test func factoryCanReconnectThroughTheConnector() throws {
        let reactor = MemoryReactorClock()
        let factory = RecordingClientFactory()
        let connector = reactor.connectTCP(host: "h", port: 1, factory: factory)
        reactor.connectors[0].fail()
        connector.connect()
        #expect(reactor.connectors[0].attempts == 2)
        #expect(reactor.connectors[0].state == .connecting)
    }

    @Test func recordsListenTCPAndAcceptsConnections() throws {
        let reactor = MemoryReactorClock()
        let factory = ProtocolFactory.forProtocol { AccumulatingProtocol() }
        let port = try reactor.listenTCP(port: 8080, factory: factory, interface: "127.0.0.1")
        #expect(factory.activeUsers == 1)
        let record = try #require(reactor.tcpServers.first)
        #expect(record.port == 8080 && record.backlog == 50 && record.interface == "127.0.0.1")
        #expect(port.getHost() == .ipv4(host: "127.0.0.1", port: 8080))
        let accepted = try #require(record.listeningPort.accept(from: .ipv4(host: "1.2.3.4", port: 999)))
        let proto = try #require(accepted.protocolInstance as? AccumulatingProtocol)
        #expect(proto.made)
        #expect(accepted.transport.getPeer() == .ipv4(host: "1.2.3.4", port: 999))
        #expect(accepted.transport.getHost() == .ipv4(host: "127.0.0.1", port: 8080))
        try successResultOf(port.stopListening())
        #expect(factory.activeUsers == 0)
        #expect(!record.listeningPort.isListening)
    }

    @Test func nextListenErrorIsThrownOnce() throws {
        let reactor = MemoryReactorClock()
        reactor.nextListenError = CannotListenError(interface: "", port: 80, detail: "bind: Address already in use")
        let factory = ProtocolFactory.forProtocol { AccumulatingProtocol() }
        #expect(throws: CannotListenError.self) { try reactor.listenTCP(port: 80, factory: factory) }
        #expect(reactor.tcpServers.isEmpty)
        _ = try reactor.listenTCP(port: 80, factory: factory)
        #expect(reactor.tcpServers.count == 1)
    }

    @Test func recordsUNIXClientsAndServers() throws {
        let reactor = MemoryReactorClock()
        let factory = RecordingClientFactory()
        reactor.connectUNIX(path: "/tmp/sock", factory: factory)
        _ = try reactor.listenUNIX(path: "/tmp/server", factory: factory)
        #expect(reactor.unixClients.map(\.path) == ["/tmp/sock"])
        #expect(reactor.unixClients[0].timeout == .seconds(30))
        #expect(reactor.unixServers.map(\.path) == ["/tmp/server"])
        #expect(reactor.unixServers[0].listeningPort.getHost() == .unix(path: "/tmp/server"))
        #expect(reactor.connectors.count == 1)
        #expect(reactor.unixClients[0].connector.complete() != nil)
    }

    @Test func runRunsWhenRunningHooksThenStops() throws {
        let reactor = MemoryReactorClock()
        var events: [String] = []
        reactor.callWhenRunning { events.append("running \(reactor.isRunning)") }
        reactor.addShutdownTrigger { events.append("before shutdown") }
        reactor.addShutdownTrigger(phase: .after) { events.append("after shutdown") }
        try reactor.run()
        #expect(events == ["running true", "before shutdown", "after shutdown"])
        #expect(reactor.hasRun && reactor.hasStopped && !reactor.isRunning)
        #expect(throws: ReactorNotRunning.self) { try reactor.stop() }
    }

    @Test func shutdownWaitsForBeforeTriggerDeferreds() throws {
        let reactor = MemoryReactorClock()
        let gate = Deferred<Void>()
        var events: [String] = []
        reactor.addShutdownTrigger(phase: .before) { () -> Deferred<Void>? in
            events.append("before")
            return gate
        }
        reactor.addShutdownTrigger(phase: .during) { events.append("during") }
        try reactor.run()
        #expect(events == ["before"])
        #expect(reactor.isRunning && !reactor.hasStopped)
        #expect(throws: ReactorNotRunning.self) { try reactor.stop() }
        gate.callback()
        #expect(events == ["before", "during"])
        #expect(reactor.hasStopped && !reactor.isRunning)
    }

    @Test func removedTriggersDoNotRun() throws {
        let reactor = MemoryReactorClock()
        var ran = false
        let id = reactor.addShutdownTrigger { ran = true }
        reactor.removeSystemEventTrigger(id)
        try reactor.run()
        #expect(!ran)
    }

    @Test func callFromThreadQueuesUntilDrained() async throws {
        let reactor = MemoryReactorClock()
        let queue = reactor.threadCallQueue
        let counter = Counter()
        await Task.detached {
            queue.callFromThread { counter.increment() }
            queue.callFromThread { counter.increment() }
        }.value
        #expect(counter.value == 0)
        #expect(reactor.drainCallsFromThread() == 2)
        #expect(counter.value == 2)
    }

    @Test func deferToThreadDeliversThroughCallFromThread() throws {
        let reactor = MemoryReactorClock()
        let d = reactor.deferToThread { 6 * 7 }
        try assertNoResult(d)
        #expect(reactor.runThreadPoolCalls() == 1)
        try assertNoResult(d)
        reactor.drainCallsFromThread()
        #expect(try successResultOf(d) == 42)

        let failing = reactor.deferToThread { () throws -> Int in throw Boom(tag: 9) }
        reactor.runThreadPoolCalls()
        reactor.drainCallsFromThread()
        #expect(try failureResultOf(failing, Boom.self) == Boom(tag: 9))
    }

    @Test func reactReturnsAStatus() throws {
        let good = MemoryReactorClock()
        #expect(good.react { .succeed() } == 0)
        #expect(good.hasStopped)
        let bad = MemoryReactorClock()
        #expect(bad.react { .fail(Boom()) } == 1)
    }

    @Test func timeIsTheClocks() {
        let reactor = MemoryReactorClock()
        var ran = false
        reactor.callLater(.seconds(1)) { ran = true }
        reactor.advance(.seconds(1))
        #expect(ran && reactor.now == .seconds(1) && reactor.seconds() == 1)
    }
}

/// A thread-safe counter for cross-thread tests.
final class Counter: Sendable {
    private let storage = ConditionLock(0)
    func increment() { storage.withLock { $0 += 1 } }
    var value: Int { storage.withLock { $0 } }
}
