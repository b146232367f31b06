import Deferred
import Testing
@testable import Reactor

@Suite("Epoll reactor: lifecycle and timers")
struct EpollLifecycleTests {
    @Test func timersRunInDeadlineThenSchedulingOrder() async throws {
        let order = try await runReactor { reactor in
            let done = Deferred<[Int]>()
            var order: [Int] = []
            for index in 0..<10 {
                reactor.callLater(.milliseconds(2)) { order.append(index) }
            }
            reactor.callLater(.milliseconds(1)) { order.append(-1) }
            let cancelled = reactor.callLater(.milliseconds(1)) { order.append(99) }
            try? cancelled.cancel()
            reactor.callLater(.milliseconds(10)) { done.callback(order) }
            return done
        }
        #expect(order == [-1] + Array(0..<10))
    }

    @Test func stopRunsShutdownTriggersAndWaitsForBeforeDeferreds() throws {
        let reactor = try EpollReactor()
        var events: [String] = []
        reactor.addSystemEventTrigger(.before, .shutdown) {
            events.append("before")
            let d = Deferred<Void>()
            reactor.callLater(.milliseconds(5)) {
                events.append("before-fired")
                d.callback(())
            }
            return d
        }
        reactor.addShutdownTrigger(phase: .during) { events.append("during") }
        reactor.addShutdownTrigger(phase: .after) { events.append("after") }
        reactor.callWhenRunning {
            events.append("running")
            try? reactor.stop()
            #expect(throws: ReactorNotRunning.self) { try reactor.stop() }
        }
        try reactor.run()
        #expect(events == ["running", "before", "before-fired", "during", "after"])
        #expect(throws: ReactorNotRestartable.self) { try reactor.run() }
    }

    @Test func shutdownClosesConnectionsAndPorts() throws {
        let reactor = try EpollReactor()
        let server = RecordingProtocol()
        let port = try reactor.listenTCP(port: 0, factory: ProtocolFactory.forProtocol { server },
                                         interface: "127.0.0.1")
        let client = CollectingClient(payload: [Array("x".utf8)], expected: 1000)
        reactor.connectTCP(host: "127.0.0.1", port: port.getHost().port!, factory: SingleUseClientFactory(client))
        _ = server.made.addCallback { () -> Void in try? reactor.stop() }
        try reactor.run()
        #expect(client.lost.isCalled)
        #expect(server.lost.isCalled)
        #expect(reactor.selector.count == 1, "only the waker stays registered")
    }

    @Test func reactReturnsAnExitStatus() {
        #expect(EpollReactor.react { reactor in deferLater(clock: reactor, delay: .milliseconds(1)) } == 0)
        struct Boom: Error {}
        #expect(EpollReactor.react { _ in .fail(Boom()) } == 1)
    }
}
